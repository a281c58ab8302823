r"""Cost kernels: terrestrial and orbital cost per delivered GPU-hour,
closed-form break-even launch price, carbon per GPU-hour.

Pure JAX: plain float64 (or arrays, broadcasting) in, dictionaries of arrays
out, no I/O.  Every cost is levelised the same way on both sides: capital is
carried from payment to first service at the side's WACC (per asset class),
recovered by a level continuous flow over its life
(`orbitalcompute.core.finance.continuous_annuity_factor_yr`), and divided by
the GPU-hours delivered per year.  `orbitalcompute.core.cashflow` builds the
explicit cash flows of the same inputs (NPV, IRR, payback).  Breakdown entries are USD per delivered GPU-hour
and sum to the total.

References
----------
- [1] NREL/TP-462-5173 (1995), capital recovery factor, eq. 4-3.
   https://doi.org/10.2172/35391
- [2] The Green Grid, "Water Usage Effectiveness (WUE)", White Paper 35 (2011):
   water per kWh of IT energy.
- [3] B. Aguera y Arcas et al., arXiv:2511.19468 (Project Suncatcher), sec. 4.4
   and Table 1: launched cost per kW per year of satellite power.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from .finance import (
    HOURS_PER_YEAR,
    continuous_annuity_factor_yr,
    discounted_mean_capacity_fraction,
    interest_during_construction_factor,
    wright_mean_unit_cost_factor,
)

__all__ = [
    "TERRESTRIAL_CATEGORIES",
    "onsite_electricity_usd_per_kwh",
    "ORBITAL_CATEGORIES",
    "HARDWARE_COST_MODELS",
    "FAILURE_HANDLING",
    "ECONOMIC_LIFE",
    "terrestrial_cost",
    "with_deferred_revenue",
    "orbital_cost",
    "launched_power_usd_per_kw_yr",
    "breakeven_price_usd_per_kg",
    "terrestrial_carbon_kgco2_per_gpu_h",
    "orbital_carbon_kgco2_per_gpu_h",
]

#: Breakdown categories of the terrestrial cost per GPU-hour (sum = total).
TERRESTRIAL_CATEGORIES = ("compute", "facility", "land", "electricity", "water",
                          "staffing", "maintenance", "gpu_replacement")
#: Breakdown categories of the orbital cost per GPU-hour (sum = total).
ORBITAL_CATEGORIES = ("compute", "solar_array", "radiator", "battery", "bus", "shielding",
                      "integration", "deorbit", "satellite", "nre", "launch", "insurance",
                      "ground_segment", "operations")

_W_PER_KW = 1e3
_KW_PER_MW = 1e3
_L_PER_M3 = 1e3
_WH_PER_KWH = 1e3
_KG_PER_T = 1e3


def _carry(wacc, months):
    return interest_during_construction_factor(wacc, months)


_BTU_PER_MMBTU = 1e6


def onsite_electricity_usd_per_kwh(onsite_generation_usd_per_mw, heat_rate_btu_per_kwh, gas_price_usd_per_mmbtu,
                                   wacc, life_yr, utilisation):
    r"""Cost of a kWh from behind-the-meter generation [USD/kWh] (0 for a grid site).

    $$p_\text{onsite} = \frac{K/1000}{A(r, L)\,8766\,u} + \frac{h\,p_g}{10^6}$$

    with the generation capex $K$ per MW of facility load (sized to the load,
    redundancy included) recovered over the building life $L$ at the WACC $r$
    (continuous annuity factor $A$) and spread over the $8766\,u$ hours a year
    the load runs, plus fuel: heat rate $h$ [Btu/kWh] x gas price $p_g$
    [USD/MMBtu].  Broadcasts; added to the site's purchased electricity price.
    """
    capital = onsite_generation_usd_per_mw / _KW_PER_MW / (
        continuous_annuity_factor_yr(wacc, life_yr) * HOURS_PER_YEAR * utilisation)
    return capital + heat_rate_btu_per_kwh * gas_price_usd_per_mmbtu / _BTU_PER_MMBTU


def terrestrial_cost(*, gpu_unit_price_usd, server_overhead_fraction, it_power_per_gpu_w,
                     electricity_price_usd_per_kwh, pue, construction_usd_per_mw,
                     land_usd_per_mw, water_l_per_kwh, water_price_usd_per_m3,
                     time_to_power_months, wacc, gpu_useful_life_yr, building_useful_life_yr,
                     utilisation, facility_om_per_yr, staffing_usd_per_kw_yr,
                     gpu_failure_rate_per_yr, construction_months, gpu_install_months,
                     goodput_fraction=1.0):
    r"""Levelised cost of one delivered GPU-hour in a terrestrial data centre.

    All arguments broadcast.  Per GPU (one accelerator with its share of the
    server, IT power $P$ in kW), with continuous discounting at
    $\rho = \ln(1 + r)$ and the continuous annuity factor
    $A(r, n) = (1 - (1 + r)^{-n})/\rho$ (`continuous_annuity_factor_yr`):

    $$
    \begin{aligned}
    H &= 8766\,u\,\gamma \quad\text{(GPU-hours delivered per year; failed GPUs are replaced)}\\
    K_s &= p_{gpu} (1 + f_s), \qquad C_\text{compute} = K_s (1+r)^{t_g/12} / A(r, n_{gpu})\\
    K_f &= c_{MW} P / 1000, \qquad C_\text{facility} = K_f (1+r)^{t_f/12} / A(r, n_{bldg}),
          \quad C_\text{maint} = m K_f\\
    C_\text{land} &= \rho\, (1+r)^{t_\ell/12}\, c_{land} P / 1000 \quad\text{(land keeps its value)}\\
    C_\text{elec} &= P\,\mathrm{PUE}\,H_b\,p_e, \quad C_\text{water} = P H_b\,\mathrm{WUE}\,p_w/1000,
          \quad H_b = 8766\,u \text{ (busy hours)}\\
    C_\text{staff} &= s P, \qquad C_\text{repl} = \lambda\,p_{gpu}\\
    c_{GPU\,h} &= \textstyle\sum C / H
    \end{aligned}
    $$

    A wait for grid power longer than the orbital side's is also priced as
    deferred revenue, once, by the pipeline
    (`orbitalcompute.core.trajectories.deferred_revenue_usd_per_gpu_h`); this
    kernel charges only the interest on capital spent before the first GPU-hour.

    Carrying times per asset class: GPUs from delivery to service $t_g$
    (``gpu_install_months``: bought when the hall is energised, not at
    commitment); the building is paid evenly over its construction $T_c$ and
    built at once, serving from $\max(T_c, T_{grid})$, so its mean carry is
    $t_f = \max(T_c, T_{grid}) - T_c/2$; land is bought at commitment,
    $t_\ell = \max(T_c, T_{grid})$.  $\lambda$ is the same permanent-loss
    rate as in orbit (``gpus.toml``), repaired here by replacement.  $\gamma$
    (``goodput_fraction``, default 1) is the checkpoint-restart goodput of the
    jobs: the pipeline passes `orbitalcompute.core.radiation.interruption_goodput`
    of the same job's permanent failures, the interruption model of the orbital
    side without its single-event effects.

    Returns
    -------
    dict
        ``cost_usd_per_gpu_h`` (total), ``breakdown_usd_per_gpu_h`` (dict by
        `TERRESTRIAL_CATEGORIES`), ``capex_usd_per_w`` (server + facility +
        land capital per W of IT), ``energy_usd_per_kwh`` (electricity x PUE per
        kWh delivered to IT), ``gpu_hours_per_yr``, ``energy_kwh_per_gpu_h``
        (facility energy per GPU-hour), ``schedule`` (the capital, carrying
        times, lives and operating flows per GPU that
        `orbitalcompute.core.cashflow.terrestrial_cash_flows` turns into cash flows).
    """
    it_kw = it_power_per_gpu_w / _W_PER_KW
    busy = HOURS_PER_YEAR * utilisation
    hours = busy * goodput_fraction
    server_capex = gpu_unit_price_usd * (1.0 + server_overhead_fraction)
    facility_capex = construction_usd_per_mw * it_kw / _KW_PER_MW
    land_capex = land_usd_per_mw * it_kw / _KW_PER_MW
    service_months = jnp.maximum(construction_months, time_to_power_months)
    facility_carry_months = service_months - 0.5 * construction_months
    rho = jnp.log1p(wacc)
    per_yr = {
        "compute": server_capex * _carry(wacc, gpu_install_months)
        / continuous_annuity_factor_yr(wacc, gpu_useful_life_yr),
        "facility": facility_capex * _carry(wacc, facility_carry_months)
        / continuous_annuity_factor_yr(wacc, building_useful_life_yr),
        "land": land_capex * _carry(wacc, service_months) * rho,
        "electricity": it_kw * pue * busy * electricity_price_usd_per_kwh,
        "water": it_kw * busy * water_l_per_kwh / _L_PER_M3 * water_price_usd_per_m3,
        "staffing": staffing_usd_per_kw_yr * it_kw,
        "maintenance": facility_om_per_yr * facility_capex,
        "gpu_replacement": gpu_failure_rate_per_yr * gpu_unit_price_usd,
    }
    ok = (utilisation > 0) & (utilisation <= 1) & (it_power_per_gpu_w > 0) & (goodput_fraction > 0) \
        & (goodput_fraction <= 1)
    hours_s = jnp.where(ok, hours, 1.0)
    breakdown = {k: jnp.where(ok, v / hours_s, jnp.nan) for k, v in per_yr.items()}
    total = sum(breakdown.values())
    opex = sum(per_yr[k] for k in ("electricity", "water", "staffing", "maintenance", "gpu_replacement"))
    schedule = {
        "server_usd": server_capex, "server_carry_months": gpu_install_months + 0.0 * it_kw,
        "server_life_yr": gpu_useful_life_yr + 0.0 * it_kw,
        "facility_usd": facility_capex, "facility_carry_months": facility_carry_months + 0.0 * it_kw,
        "land_usd": land_capex, "land_carry_months": service_months + 0.0 * it_kw,
        "horizon_yr": building_useful_life_yr + 0.0 * it_kw,
        "opex_usd_per_yr": opex, "gpu_hours_per_yr": jnp.where(ok, hours, jnp.nan),
        "decay_per_yr": 0.0 * it_kw, "wacc": wacc + 0.0 * it_kw,
    }
    return {
        "cost_usd_per_gpu_h": total,
        "breakdown_usd_per_gpu_h": breakdown,
        "capex_usd_per_w": (server_capex + facility_capex + land_capex) / (it_kw * _W_PER_KW),
        "energy_usd_per_kwh": pue * electricity_price_usd_per_kwh + 0.0 * it_kw,
        "gpu_hours_per_yr": jnp.where(ok, hours, jnp.nan),
        "energy_kwh_per_gpu_h": it_kw * pue * busy / hours_s,
        "schedule": schedule,
    }


def with_deferred_revenue(terrestrial: dict, deferred_revenue_usd_per_gpu_h) -> dict:
    """A `terrestrial_cost` result with a deferred-revenue line [USD per delivered GPU-hour].

    The line (`orbitalcompute.core.trajectories.deferred_revenue_usd_per_gpu_h`: the
    value of a later first GPU-hour) is added to the total, to the breakdown as
    ``deferred_revenue`` and to the operating flows of the cash-flow schedule, so
    that the site's NPV carries the same cost per delivered GPU-hour as its
    levelised cost.  Pure; broadcasts.
    """
    t = terrestrial
    sched = t["schedule"]
    sched = {**sched, "opex_usd_per_yr": sched["opex_usd_per_yr"] + deferred_revenue_usd_per_gpu_h * t["gpu_hours_per_yr"]}
    return {**t, "cost_usd_per_gpu_h": t["cost_usd_per_gpu_h"] + deferred_revenue_usd_per_gpu_h, "schedule": sched,
            "breakdown_usd_per_gpu_h": {**t["breakdown_usd_per_gpu_h"],
                                        "deferred_revenue": deferred_revenue_usd_per_gpu_h}}


#: Valid ``hardware_cost_model`` names of `orbital_cost`.
HARDWARE_COST_MODELS = ("whole_satellite", "whole_satellite_per_w", "bottom_up")
#: Valid ``failure_handling`` names of `orbital_cost`.
FAILURE_HANDLING = ("unrepaired", "spares")
#: Valid ``economic_life`` names of `orbital_cost`.
ECONOMIC_LIFE = ("capped_by_gpu_life", "physical")


def _choice(name, value, valid):
    if value not in valid:
        raise ValueError(f"{name} = {value!r} is not one of the valid names: {', '.join(map(repr, valid))}")


def orbital_cost(*, gpu_count, it_power_w, power_bol_w, radiator_area_m2, battery_energy_wh,
                 bus_mass_kg, optical_link_mass_kg, shielding_mass_kg, solar_array_mass_kg,
                 battery_mass_kg, radiator_mass_kg, total_mass_kg, lifetime_yr,
                 goodput_fraction, gpu_unit_price_usd, server_overhead_fraction,
                 launch_price_usd_per_kg, billed_mass_kg, solar_array_usd_per_w,
                 radiator_usd_per_m2, battery_usd_per_kwh, bus_usd_per_kg,
                 shielding_usd_per_kg, integration_fraction, compute_space_premium_fraction,
                 insurance_fraction, deorbit_fraction, ground_segment_usd_per_kw_yr,
                 operations_usd_per_yr, failure_rate_per_yr, time_to_power_months,
                 wacc, utilisation, satellite_usd_per_kg, compute_carry_months,
                 programme_nre_usd, programme_it_power_w, learning_rate, learning_anchor_count,
                 prior_satellite_count, gpu_useful_life_yr, mass_per_gpu_kg,
                 hardware_cost_model="whole_satellite", failure_handling="unrepaired",
                 economic_life="capped_by_gpu_life", satellite_usd_per_w=None):
    r"""Levelised cost of one delivered GPU-hour from a satellite in orbit.

    Arguments are the spacecraft design's quantities for ONE satellite (see
    `orbitalcompute.spacecraft.design`), the cost laws
    (``models/cost_laws.toml``; the array price per W comes from the cell
    technology in ``models/solar_cells.toml``), the launch price and the
    billed launch mass per satellite, and finance (``wacc`` is the orbital
    side's).  Numeric arguments broadcast; ``hardware_cost_model``,
    ``failure_handling`` and ``economic_life`` are static names.

    $$
    \begin{aligned}
    K_c &= N_{gpu}\,p_{gpu}(1 + f_s)(1 + f_{space})(1 + s), \qquad
          s = \lambda T \text{ (spares) or } 0 \\
    K_{hw} &= L\,c_{sat}\,(m - m_c) \quad\text{(whole\_satellite)}, \qquad
              K_{hw} = L\,c_{sat,W}\,P_{BOL} \quad\text{(whole\_satellite\_per\_w)}\\
    K_{hw} &= L\,(1 + f_{int} + f_{do})\,[c_W P_{BOL} + c_{rad} A_{rad} + c_{bat} E_{bat}
              + c_{bus}(m_{bus} + m_{opt}) + c_{sh} m_{sh}] \quad\text{(bottom\_up)}\\
    K_{nre} &= \mathrm{NRE}\,P_{IT}/P_{prog}, \qquad K_L = p_L\,(m_{billed} + s\,N_{gpu}\,m_{gpu}) \\
    K_{ins} &= f_{ins}(K_c + K_{hw} + K_L)\\
    C_{yr} &= \frac{K_c (1+r)^{t_c/12} + (K_{hw} + K_{nre} + K_L + K_{ins})(1+r)^{t_h/12}}{A(r, T)}
              + g\,P_{IT} + o \\
    H &= 8766\,N_{gpu}\,u\,\gamma\,\bar c(\lambda, r, T), \qquad c = C_{yr}/H
    \end{aligned}
    $$

    $m_c = N_{gpu} m_{gpu}$ is the compute (server) mass, so the whole-satellite
    law prices only the Starlink-like part of the satellite, and no separate
    array, radiator, battery, bus or integration line is stacked on it.  The
    per-W variant prices the same part per W of BOL array power instead
    (``satellite_usd_per_w``, the public calculators' USD/W; required for it).
    $P_{prog}$ is the IT power of the programme's whole production run (the
    development cost is spread over it; the cluster may be a part of it) and
    $L$ is Wright's mean unit-cost factor over its $N_{prog} = P_{prog}/P_{IT}$ satellites
    (`orbitalcompute.core.finance.wright_mean_unit_cost_factor`).  The
    economic life is $T = \min(T_{phys}, n_{gpu})$ unless
    ``economic_life = "physical"``.  $\gamma$ is the goodput fraction
    (checkpoint/restart losses to single-event effects and failures);
    $\bar c$ the discounted mean surviving capacity of an unrepaired fleet
    (`orbitalcompute.core.finance.discounted_mean_capacity_fraction`),
    1 when the expected $\lambda T N_{gpu}$ failures are covered by cold spares
    (bought, launched and insured, but unpowered).  The cost is affine in
    the launch price, which `breakeven_price_usd_per_kg` exploits.

    Returns
    -------
    dict
        ``cost_usd_per_gpu_h``, ``breakdown_usd_per_gpu_h`` (by
        `ORBITAL_CATEGORIES`), ``capex_usd`` (per satellite),
        ``capex_by_category_usd`` (the capital lines, undiscounted),
        ``capex_usd_per_w`` (per W of IT load), ``launch_usd``,
        ``gpu_hours_per_yr`` (per satellite, delivered),
        ``energy_usd_per_kwh`` (power system -- array, battery, radiator and
        their launch -- per kWh delivered to IT; bottom-up priced),
        ``launched_power_usd_per_kw_yr`` (Suncatcher Table 1 metric),
        ``mean_capacity_fraction``, ``economic_life_yr``, ``learning_factor``
        and ``schedule`` (inputs of `orbitalcompute.core.cashflow.orbital_cash_flows`).
    """
    _choice("hardware_cost_model", hardware_cost_model, HARDWARE_COST_MODELS)
    _choice("failure_handling", failure_handling, FAILURE_HANDLING)
    _choice("economic_life", economic_life, ECONOMIC_LIFE)
    if hardware_cost_model == "whole_satellite_per_w" and satellite_usd_per_w is None:
        raise ValueError("hardware_cost_model = 'whole_satellite_per_w' needs satellite_usd_per_w (USD/W, >= 0)")
    life = jnp.minimum(lifetime_yr, gpu_useful_life_yr) if economic_life == "capped_by_gpu_life" \
        else lifetime_yr + 0.0 * gpu_useful_life_yr
    spares = failure_rate_per_yr * life if failure_handling == "spares" else 0.0 * life
    decay = 0.0 * failure_rate_per_yr if failure_handling == "spares" else failure_rate_per_yr
    programme_units = programme_it_power_w / it_power_w
    learn = wright_mean_unit_cost_factor(learning_rate, learning_anchor_count, prior_satellite_count,
                                         programme_units)
    server = gpu_count * gpu_unit_price_usd * (1.0 + server_overhead_fraction) * (
        1.0 + compute_space_premium_fraction)
    compute = server * (1.0 + spares)
    parts = {
        "solar_array": solar_array_usd_per_w * power_bol_w,
        "radiator": radiator_usd_per_m2 * radiator_area_m2,
        "battery": battery_usd_per_kwh * battery_energy_wh / _WH_PER_KWH,
        "bus": bus_usd_per_kg * (bus_mass_kg + optical_link_mass_kg),
        "shielding": shielding_usd_per_kg * shielding_mass_kg,
    }
    non_compute_mass = (bus_mass_kg + optical_link_mass_kg + shielding_mass_kg + solar_array_mass_kg
                        + battery_mass_kg + radiator_mass_kg)
    zero = 0.0 * total_mass_kg
    if hardware_cost_model == "bottom_up":
        hw = {k: learn * v for k, v in parts.items()}
        parts_total = sum(parts.values())
        hw["integration"] = learn * integration_fraction * parts_total
        hw["deorbit"] = learn * deorbit_fraction * parts_total
        hw["satellite"] = zero
    else:
        hw = {k: zero for k in (*parts, "integration", "deorbit")}
        if hardware_cost_model == "whole_satellite_per_w":
            hw["satellite"] = learn * satellite_usd_per_w * power_bol_w
        else:
            hw["satellite"] = learn * satellite_usd_per_kg * non_compute_mass
    hw_total = sum(hw.values())
    launch = launch_price_usd_per_kg * (billed_mass_kg + spares * gpu_count * mass_per_gpu_kg)
    nre = programme_nre_usd * it_power_w / programme_it_power_w + zero
    insurance = insurance_fraction * (compute + hw_total + launch)
    capex = {"compute": compute, **hw, "nre": nre, "launch": launch, "insurance": insurance}
    annuity = 1.0 / continuous_annuity_factor_yr(wacc, life)
    carry_c = _carry(wacc, compute_carry_months)
    carry_h = _carry(wacc, time_to_power_months)
    it_kw = it_power_w / _W_PER_KW
    per_yr = {k: v * annuity * (carry_c if k == "compute" else carry_h) for k, v in capex.items()}
    per_yr["ground_segment"] = ground_segment_usd_per_kw_yr * it_kw
    per_yr["operations"] = operations_usd_per_yr + 0.0 * it_kw
    cap = discounted_mean_capacity_fraction(decay, wacc, life)
    hours0 = HOURS_PER_YEAR * gpu_count * utilisation * goodput_fraction
    hours = hours0 * cap
    ok = ((utilisation > 0) & (utilisation <= 1) & (gpu_count > 0) & (goodput_fraction > 0)
          & (lifetime_yr > 0))
    hours_s = jnp.where(ok, hours, 1.0)
    breakdown = {k: jnp.where(ok, v / hours_s, jnp.nan) for k, v in per_yr.items()}
    total = sum(breakdown.values())
    capex_total = sum(capex.values())
    # Energy-only comparison: what the power system (array, battery, radiator,
    # their launch and insurance) costs per kWh delivered to the IT load
    # (priced bottom-up in both cost models: the whole-satellite law has no parts).
    power_mass = solar_array_mass_kg + battery_mass_kg + radiator_mass_kg
    power_capex = (parts["solar_array"] + parts["radiator"] + parts["battery"]) * learn * (
        1.0 + integration_fraction) + launch_price_usd_per_kg * power_mass
    power_capex = power_capex * (1.0 + insurance_fraction)
    energy_kwh_per_yr = it_kw * HOURS_PER_YEAR * cap
    energy_usd_per_kwh = power_capex * carry_h * annuity / jnp.where(ok, energy_kwh_per_yr, 1.0)
    schedule = {
        "compute_usd": compute, "compute_carry_months": compute_carry_months + zero,
        "hardware_usd": capex_total - compute, "hardware_carry_months": time_to_power_months + zero,
        "life_yr": life, "opex_usd_per_yr": per_yr["ground_segment"] + per_yr["operations"],
        "gpu_hours_per_yr": jnp.where(ok, hours0, jnp.nan), "decay_per_yr": decay + zero,
        "wacc": wacc + zero,
    }
    return {
        "cost_usd_per_gpu_h": total,
        "breakdown_usd_per_gpu_h": breakdown,
        "capex_usd": capex_total,
        "capex_by_category_usd": capex,
        "capex_usd_per_w": capex_total / it_power_w,
        "launch_usd": launch,
        "gpu_hours_per_yr": jnp.where(ok, hours, jnp.nan),
        "energy_usd_per_kwh": jnp.where(ok, energy_usd_per_kwh, jnp.nan),
        "launched_power_usd_per_kw_yr": launched_power_usd_per_kw_yr(
            total_mass_kg, launch_price_usd_per_kg, power_bol_w, lifetime_yr),
        "mean_capacity_fraction": cap,
        "economic_life_yr": life,
        "learning_factor": learn,
        "schedule": schedule,
    }


def launched_power_usd_per_kw_yr(mass_kg, launch_price_usd_per_kg, power_w, lifetime_yr):
    r"""Launch cost per kW of satellite power per year of life (Suncatcher Table 1).

    $$
    c = \frac{m\,p_L}{(P/1000)\,T_{life}}
    $$

    Undiscounted, launch only, as Suncatcher (arXiv:2511.19468, Table 1) defines
    it to compare with a terrestrial data centre's annual power bill per kW.
    NaN for non-positive power or lifetime.
    """
    ok = (power_w > 0) & (lifetime_yr > 0)
    denom = jnp.where(ok, power_w / _W_PER_KW * lifetime_yr, 1.0)
    return jnp.where(ok, mass_kg * launch_price_usd_per_kg / denom, jnp.nan)


def breakeven_price_usd_per_kg(orbital_cost_fn, launch_price_usd_per_kg,
                               terrestrial_cost_usd_per_gpu_h):
    r"""Launch price at which orbit and a site cost the same per GPU-hour.

    Parameters
    ----------
    orbital_cost_fn : callable
        ``p -> orbital cost per GPU-hour`` at launch price ``p`` (every other
        input closed over); it must be affine in ``p`` (true for
        [`orbital_cost`][orbitalcompute.core.costs.orbital_cost]: launch, insurance on launch and their annuity are
        all proportional to the price).
    launch_price_usd_per_kg : array_like
        Any price (the tangent point; the result does not depend on it for an
        affine cost) [USD/kg].
    terrestrial_cost_usd_per_gpu_h : array_like
        Site cost per GPU-hour to match; broadcasts (e.g. one per site).

    Returns
    -------
    dict
        ``price_usd_per_kg`` (NaN where no non-negative price breaks even),
        ``unclipped_price_usd_per_kg`` (may be negative: the subsidy per kg
        that would be needed), ``exists`` (bool), ``free_launch_cost_usd_per_gpu_h``
        (orbital cost at zero launch price) and ``slope_usd_per_gpu_h_per_usd_per_kg``.

    Notes
    -----
    With $c(p) = a + b p$ ($a$ = cost at free launch, $b = dc/dp$
    by forward-mode autodiff):

    $$
    p^* = \frac{c_{site} - a}{b}
    $$

    exact (no iteration) and differentiable in every input.  $p^* < 0$
    means that even free launch does not make orbit cheaper than the site.
    """
    p = jnp.asarray(launch_price_usd_per_kg, dtype=jnp.float64)
    c_p, slope = jax.jvp(orbital_cost_fn, (p,), (jnp.ones_like(p),))
    free = c_p - slope * p
    slope_ok = slope > 0
    unclipped = (terrestrial_cost_usd_per_gpu_h - free) / jnp.where(slope_ok, slope, 1.0)
    unclipped = jnp.where(slope_ok, unclipped, jnp.nan)
    exists = unclipped >= 0
    return {
        "price_usd_per_kg": jnp.where(exists, unclipped, jnp.nan),
        "unclipped_price_usd_per_kg": unclipped,
        "exists": exists,
        "free_launch_cost_usd_per_gpu_h": free,
        "slope_usd_per_gpu_h_per_usd_per_kg": slope,
    }


def terrestrial_carbon_kgco2_per_gpu_h(energy_kwh_per_gpu_h, grid_intensity_kgco2_per_kwh):
    r"""Operational carbon of a terrestrial GPU-hour [kgCO2/(GPU h)].

    $$
    e = P\,\mathrm{PUE} \cdot I_{grid}
    $$
    """
    return energy_kwh_per_gpu_h * grid_intensity_kgco2_per_kwh


def orbital_carbon_kgco2_per_gpu_h(launched_mass_kg, launch_kgco2_per_kg, satellite_mass_kg,
                                   manufacturing_kgco2_per_kg, lifetime_gpu_hours):
    r"""Carbon of an orbital GPU-hour: launch (and manufacturing where sourced)
    spread over the GPU-hours the satellite delivers in its life.

    $$
    e = \frac{m_L\,e_L + m_{sat}\,e_{mfg}}{H_{life}}
    $$

    Pass ``manufacturing_kgco2_per_kg = 0`` where no sourced figure exists.
    """
    ok = lifetime_gpu_hours > 0
    return jnp.where(ok, (launched_mass_kg * launch_kgco2_per_kg
                          + satellite_mass_kg * manufacturing_kgco2_per_kg)
                     / jnp.where(ok, lifetime_gpu_hours, 1.0), jnp.nan)
