r"""Cost kernels: terrestrial and orbital cost per delivered GPU-hour,
closed-form break-even launch price, carbon per GPU-hour.

Pure JAX: plain float64 (or arrays, broadcasting) in, dictionaries of arrays
out, no I/O.  Every cost is levelised the same way on both sides: capital is
annualised with the capital recovery factor at the WACC over its useful life
(:func:`orbitalcompute.core.finance.capital_recovery_factor`), carried from
commitment to first service (interest during construction), and divided by the
GPU-hours delivered per year.  Breakdown entries are USD per delivered GPU-hour
and sum to the total.

References
----------
.. [1] NREL/TP-462-5173 (1995), capital recovery factor, eq. 4-3.
   https://doi.org/10.2172/35391
.. [2] The Green Grid, "Water Usage Effectiveness (WUE)", White Paper 35 (2011):
   water per kWh of IT energy.
.. [3] B. Aguera y Arcas et al., arXiv:2511.19468 (Project Suncatcher), sec. 4.4
   and Table 1: launched cost per kW per year of satellite power.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from .finance import (
    HOURS_PER_YEAR,
    capital_recovery_factor,
    discounted_mean_capacity_fraction,
    interest_during_construction_factor,
)

__all__ = [
    "TERRESTRIAL_CATEGORIES",
    "ORBITAL_CATEGORIES",
    "terrestrial_cost",
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
                      "integration", "deorbit", "launch", "insurance", "ground_segment",
                      "operations")

_W_PER_KW = 1e3
_KW_PER_MW = 1e3
_L_PER_M3 = 1e3
_WH_PER_KWH = 1e3
_KG_PER_T = 1e3


def terrestrial_cost(*, gpu_unit_price_usd, server_overhead_fraction, it_power_per_gpu_w,
                     electricity_price_usd_per_kwh, pue, construction_usd_per_mw,
                     land_usd_per_mw, water_l_per_kwh, water_price_usd_per_m3,
                     time_to_power_months, wacc, gpu_useful_life_yr, building_useful_life_yr,
                     utilisation, facility_om_per_yr, staffing_usd_per_kw_yr,
                     gpu_failure_rate_per_yr):
    r"""Levelised cost of one delivered GPU-hour in a terrestrial data centre.

    All arguments broadcast.  Per GPU (one accelerator with its share of the
    server, IT power :math:`P` in kW):

    .. math::
        \begin{aligned}
        H &= 8766\,u \quad\text{(GPU-hours delivered per year)}\\
        K_s &= p_{gpu} (1 + f_s), \qquad C_\text{compute} = K_s\,\mathrm{CRF}(r, n_{gpu})\\
        K_f &= c_{MW} P / 1000, \qquad C_\text{facility} = K_f\, f_{IDC}\,\mathrm{CRF}(r, n_{bldg}),
              \quad C_\text{maint} = m K_f\\
        C_\text{land} &= r\, c_{land} P / 1000 \quad\text{(land does not depreciate)}\\
        C_\text{elec} &= P\,\mathrm{PUE}\,H\,p_e, \quad C_\text{water} = P H\,\mathrm{WUE}\,p_w/1000\\
        C_\text{staff} &= s P, \qquad C_\text{repl} = \lambda\,p_{gpu}\\
        c_{GPU\,h} &= \textstyle\sum C / H
        \end{aligned}

    Power is drawn at the full IT load while a GPU is busy and idle power is
    neglected (so electricity scales with utilisation).  WUE is per kWh of IT
    energy (The Green Grid WP35).

    Returns
    -------
    dict
        ``cost_usd_per_gpu_h`` (total), ``breakdown_usd_per_gpu_h`` (dict by
        :data:`TERRESTRIAL_CATEGORIES`), ``capex_usd_per_w`` (server + facility +
        land capital per W of IT), ``energy_usd_per_kwh`` (electricity x PUE per
        kWh delivered to IT), ``gpu_hours_per_yr``, ``energy_kwh_per_gpu_h``
        (facility energy per GPU-hour).
    """
    it_kw = it_power_per_gpu_w / _W_PER_KW
    hours = HOURS_PER_YEAR * utilisation
    server_capex = gpu_unit_price_usd * (1.0 + server_overhead_fraction)
    facility_capex = construction_usd_per_mw * it_kw / _KW_PER_MW
    land_capex = land_usd_per_mw * it_kw / _KW_PER_MW
    idc = interest_during_construction_factor(wacc, time_to_power_months)
    per_yr = {
        "compute": server_capex * capital_recovery_factor(wacc, gpu_useful_life_yr),
        "facility": facility_capex * idc * capital_recovery_factor(wacc, building_useful_life_yr),
        "land": land_capex * wacc,
        "electricity": it_kw * pue * hours * electricity_price_usd_per_kwh,
        "water": it_kw * hours * water_l_per_kwh / _L_PER_M3 * water_price_usd_per_m3,
        "staffing": staffing_usd_per_kw_yr * it_kw,
        "maintenance": facility_om_per_yr * facility_capex,
        "gpu_replacement": gpu_failure_rate_per_yr * gpu_unit_price_usd,
    }
    ok = (utilisation > 0) & (utilisation <= 1) & (it_power_per_gpu_w > 0)
    hours_s = jnp.where(ok, hours, 1.0)
    breakdown = {k: jnp.where(ok, v / hours_s, jnp.nan) for k, v in per_yr.items()}
    total = sum(breakdown.values())
    return {
        "cost_usd_per_gpu_h": total,
        "breakdown_usd_per_gpu_h": breakdown,
        "capex_usd_per_w": (server_capex + facility_capex + land_capex) / (it_kw * _W_PER_KW),
        "energy_usd_per_kwh": pue * electricity_price_usd_per_kwh + 0.0 * it_kw,
        "gpu_hours_per_yr": jnp.where(ok, hours, jnp.nan),
        "energy_kwh_per_gpu_h": it_kw * pue,
    }


def orbital_cost(*, gpu_count, it_power_w, power_bol_w, radiator_area_m2, battery_energy_wh,
                 bus_mass_kg, optical_link_mass_kg, shielding_mass_kg, solar_array_mass_kg,
                 battery_mass_kg, radiator_mass_kg, total_mass_kg, lifetime_yr,
                 goodput_fraction, gpu_unit_price_usd, server_overhead_fraction,
                 launch_price_usd_per_kg, billed_mass_kg, solar_array_usd_per_w,
                 radiator_usd_per_m2, battery_usd_per_kwh, bus_usd_per_kg,
                 shielding_usd_per_kg, integration_fraction, compute_space_premium_fraction,
                 insurance_fraction, deorbit_fraction, ground_segment_usd_per_kw_yr,
                 operations_usd_per_yr, failure_rate_per_yr, time_to_power_months,
                 wacc, utilisation):
    r"""Levelised cost of one delivered GPU-hour from a satellite in orbit.

    Arguments are the spacecraft design's quantities for ONE satellite (see
    :func:`orbitalcompute.spacecraft.design`), the cost laws
    (``models/cost_laws.toml``), the launch price and the billed launch mass
    per satellite, and finance.  All broadcast.

    .. math::
        \begin{aligned}
        K_c &= N_{gpu}\,p_{gpu}(1 + f_s)(1 + f_{space}) \\
        K_{hw} &= c_W P_{BOL} + c_{rad} A_{rad} + c_{bat} E_{bat}
                  + c_{bus}(m_{bus} + m_{opt}) + c_{sh} m_{sh} \\
        K_{int} &= f_{int} K_{hw}, \quad K_{deorbit} = f_{do} K_{hw},
                  \quad K_L = p_L\,m_{billed} \\
        K_{ins} &= f_{ins}(K_c + K_{hw} + K_{int} + K_{deorbit} + K_L)\\
        C_{yr} &= \textstyle\sum K \cdot f_{IDC}\,\mathrm{CRF}(r, T_{life})
                 + g\,P_{IT} + o \\
        H &= 8766\,N_{gpu}\,u\,\gamma\,\bar c(\lambda, r, T_{life}), \qquad c = C_{yr}/H
        \end{aligned}

    where :math:`\gamma` is the goodput fraction (single-event-effect losses)
    and :math:`\bar c` the discounted mean surviving capacity of a fleet whose
    failures are not repaired (:func:`~orbitalcompute.core.finance.discounted_mean_capacity_fraction`).
    The whole satellite is written off over its lifetime (radiation and
    degradation set ``lifetime_yr``).  The cost is affine in the launch price,
    which :func:`breakeven_price_usd_per_kg` exploits.

    Returns
    -------
    dict
        ``cost_usd_per_gpu_h``, ``breakdown_usd_per_gpu_h`` (by
        :data:`ORBITAL_CATEGORIES`), ``capex_usd`` (per satellite),
        ``capex_usd_per_w`` (per W of IT load), ``launch_usd``,
        ``gpu_hours_per_yr`` (per satellite, delivered),
        ``energy_usd_per_kwh`` (power system -- array, battery, radiator and
        their launch -- per kWh delivered to IT), ``launched_power_usd_per_kw_yr``
        (Suncatcher Table 1 metric), ``mean_capacity_fraction``.
    """
    compute = gpu_count * gpu_unit_price_usd * (1.0 + server_overhead_fraction) * (
        1.0 + compute_space_premium_fraction)
    hw = {
        "solar_array": solar_array_usd_per_w * power_bol_w,
        "radiator": radiator_usd_per_m2 * radiator_area_m2,
        "battery": battery_usd_per_kwh * battery_energy_wh / _WH_PER_KWH,
        "bus": bus_usd_per_kg * (bus_mass_kg + optical_link_mass_kg),
        "shielding": shielding_usd_per_kg * shielding_mass_kg,
    }
    hw_total = sum(hw.values())
    integration = integration_fraction * hw_total
    deorbit = deorbit_fraction * hw_total
    launch = launch_price_usd_per_kg * billed_mass_kg
    insurance = insurance_fraction * (compute + hw_total + integration + deorbit + launch)
    capex = {"compute": compute, **hw, "integration": integration, "deorbit": deorbit,
             "launch": launch, "insurance": insurance}
    annuity = interest_during_construction_factor(wacc, time_to_power_months) * \
        capital_recovery_factor(wacc, lifetime_yr)
    it_kw = it_power_w / _W_PER_KW
    per_yr = {k: v * annuity for k, v in capex.items()}
    per_yr["ground_segment"] = ground_segment_usd_per_kw_yr * it_kw
    per_yr["operations"] = operations_usd_per_yr + 0.0 * it_kw
    cap = discounted_mean_capacity_fraction(failure_rate_per_yr, wacc, lifetime_yr)
    hours = HOURS_PER_YEAR * gpu_count * utilisation * goodput_fraction * cap
    ok = ((utilisation > 0) & (utilisation <= 1) & (gpu_count > 0) & (goodput_fraction > 0)
          & (lifetime_yr > 0))
    hours_s = jnp.where(ok, hours, 1.0)
    breakdown = {k: jnp.where(ok, v / hours_s, jnp.nan) for k, v in per_yr.items()}
    total = sum(breakdown.values())
    capex_total = sum(capex.values())
    # Energy-only comparison: what the power system (array, battery, radiator,
    # their launch and insurance) costs per kWh delivered to the IT load.
    power_mass = solar_array_mass_kg + battery_mass_kg + radiator_mass_kg
    power_capex = (hw["solar_array"] + hw["radiator"] + hw["battery"]) * (1.0 + integration_fraction) \
        + launch_price_usd_per_kg * power_mass
    power_capex = power_capex * (1.0 + insurance_fraction)
    energy_kwh_per_yr = it_kw * HOURS_PER_YEAR * cap
    energy_usd_per_kwh = power_capex * annuity / jnp.where(ok, energy_kwh_per_yr, 1.0)
    return {
        "cost_usd_per_gpu_h": total,
        "breakdown_usd_per_gpu_h": breakdown,
        "capex_usd": capex_total,
        "capex_usd_per_w": capex_total / it_power_w,
        "launch_usd": launch,
        "gpu_hours_per_yr": jnp.where(ok, hours, jnp.nan),
        "energy_usd_per_kwh": jnp.where(ok, energy_usd_per_kwh, jnp.nan),
        "launched_power_usd_per_kw_yr": launched_power_usd_per_kw_yr(
            total_mass_kg, launch_price_usd_per_kg, power_bol_w, lifetime_yr),
        "mean_capacity_fraction": cap,
    }


def launched_power_usd_per_kw_yr(mass_kg, launch_price_usd_per_kg, power_w, lifetime_yr):
    r"""Launch cost per kW of satellite power per year of life (Suncatcher Table 1).

    .. math:: c = \frac{m\,p_L}{(P/1000)\,T_{life}}

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
        :func:`orbital_cost`: launch, insurance on launch and their annuity are
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
    With :math:`c(p) = a + b p` (:math:`a` = cost at free launch, :math:`b = dc/dp`
    by forward-mode autodiff):

    .. math:: p^* = \frac{c_{site} - a}{b}

    exact (no iteration) and differentiable in every input.  :math:`p^* < 0`
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

    .. math:: e = P\,\mathrm{PUE} \cdot I_{grid}
    """
    return energy_kwh_per_gpu_h * grid_intensity_kgco2_per_kwh


def orbital_carbon_kgco2_per_gpu_h(launched_mass_kg, launch_kgco2_per_kg, satellite_mass_kg,
                                   manufacturing_kgco2_per_kg, lifetime_gpu_hours):
    r"""Carbon of an orbital GPU-hour: launch (and manufacturing where sourced)
    spread over the GPU-hours the satellite delivers in its life.

    .. math:: e = \frac{m_L\,e_L + m_{sat}\,e_{mfg}}{H_{life}}

    Pass ``manufacturing_kgco2_per_kg = 0`` where no sourced figure exists.
    """
    ok = lifetime_gpu_hours > 0
    return jnp.where(ok, (launched_mass_kg * launch_kgco2_per_kg
                          + satellite_mass_kg * manufacturing_kgco2_per_kg)
                     / jnp.where(ok, lifetime_gpu_hours, 1.0), jnp.nan)
