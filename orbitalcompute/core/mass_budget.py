r"""The satellite design kernel: payload -> power, thermal, radiation, mass
(numeric core).

``design_kernel`` is a pure function of a parameter pytree
(``orbitalcompute.spacecraft.params.DesignParams``), a trapped-dose table and
the orbit's illumination; it jits, vmaps over any batch of designs and
differentiates with respect to every numeric parameter.

Notes
-----
With $N$ accelerators of board power $P_g$ and host share $P_h$, IT power
$P_{IT} = N (P_g + P_h)$; the bus load is
$P_L = P_{IT}/\eta_{conv} + f_{bus} P_{IT}$ and the radiator rejects
$Q = P_{IT}/\eta_{conv}$.  The array is sized at end of life by the SMAD energy
balance (``orbitalcompute.core.solar``, Wertz & Larson 1999, eqs. 11-5, 11-6),
the radiator at the chosen temperature (``orbitalcompute.core.thermal``,
Gilmore 2002, eq. 6.1), the shielding as an aluminium cube enclosing $N V_g$
(area $6 (N V_g)^{2/3}$), and the bus (structure, propulsion, avionics) as a
fraction $f_m$ of the total:

$$
M = \frac{M_{\rm compute} + M_{\rm array} + M_{\rm batt} + M_{\rm rad}
          + M_{\rm shield} + M_{\rm links}}{1 - f_m}
$$

Reason codes (bit flags, 0 = feasible):

| bit | meaning |
|---|---|
| 1 | radiator cannot reject heat at this temperature (net <= 0) |
| 2 | radiator hotter than the junction-limit chain allows |
| 4 | radiation lifetime shorter than ``min_lifetime_yr`` |
| 8 | interrupts arrive faster than checkpoint + restart (MTBI < delta + R) |
| 16 | orbit or shielding outside the trapped-dose table |
| 32 | power system infeasible (eclipse >= period, no array output) |
| 64 | other invalid input (NaN in a result) |
"""

from __future__ import annotations

import dataclasses

import jax
import jax.numpy as jnp

from . import radiation as rad
from . import solar, thermal
from .orbit_kernels import period_s

__all__ = ["DesignResult", "design_kernel", "REASON_CODES"]

REASON_CODES = {
    1: "radiator cannot reject heat at this temperature",
    2: "radiator temperature above the junction-limit chain",
    4: "radiation lifetime shorter than min_lifetime_yr",
    8: "interrupts faster than checkpoint + restart",
    16: "orbit or shielding outside the trapped-dose table",
    32: "power system infeasible (eclipse >= period or no array output)",
    64: "invalid input (NaN result)",
}

_MM_TO_M = 1e-3
_W_PER_KW = 1e3


@dataclasses.dataclass(frozen=True)
class DesignResult:
    """Result of ``design_kernel`` (a pytree; every field broadcasts).

    Fields carry their units in their names (``total_mass_kg``, ``it_power_w``,
    ``dose_rad_si_per_yr``...); ``feasible`` is boolean and ``reason_code`` the
    bit flags of the module docstring.
    """

    gpu_count: jax.Array
    it_power_w: jax.Array
    power_bol_w: jax.Array
    power_eol_w: jax.Array
    array_area_m2: jax.Array
    radiator_area_m2: jax.Array
    battery_energy_wh: jax.Array
    compute_mass_kg: jax.Array
    solar_array_mass_kg: jax.Array
    battery_mass_kg: jax.Array
    radiator_mass_kg: jax.Array
    shielding_mass_kg: jax.Array
    bus_mass_kg: jax.Array
    optical_link_mass_kg: jax.Array
    total_mass_kg: jax.Array
    mass_per_kw_kg_per_kw: jax.Array
    lifetime_yr: jax.Array
    goodput_fraction: jax.Array
    dose_rad_si_per_yr: jax.Array
    feasible: jax.Array
    reason_code: jax.Array
    # extras
    heat_load_w: jax.Array
    load_power_w: jax.Array
    allowed_radiator_temperature_k: jax.Array
    net_rejection_w_per_m2: jax.Array
    fin_efficiency: jax.Array
    tid_lifetime_yr: jax.Array
    mean_time_between_interrupts_s: jax.Array
    checkpoint_interval_s: jax.Array
    checkpoint_goodput_fraction: jax.Array
    orbit_period_s: jax.Array
    mean_array_power_w: jax.Array

    def to_dict(self):
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


jax.tree_util.register_dataclass(
    DesignResult, data_fields=[f.name for f in dataclasses.fields(DesignResult)], meta_fields=[])


def design_kernel(params, dose_table: rad.DoseTable, sunlit_fraction, eclipse_duration_s,
                  altitude_km, inclination_deg) -> DesignResult:
    """Design one (or a broadcast batch of) compute satellite(s).

    Parameters
    ----------
    params : DesignParams
        Parameter pytree (spacecraft, gpu, cells, battery, radiator,
        radiation, environment); numeric leaves may be arrays that broadcast.
    dose_table : DoseTable
        Trapped dose-depth table (``orbitalcompute.spacecraft.radiation.dose_table()``).
    sunlit_fraction : array_like
        Mean fraction of time in sunlight over a year, [0, 1] (sets the mean
        array output).
    eclipse_duration_s : array_like
        Longest eclipse of the year [s] (sizes battery and array).
    altitude_km : array_like
        Circular-orbit altitude [km].
    inclination_deg : array_like
        Orbit inclination [deg].

    Returns
    -------
    DesignResult
        Powers [W], areas [m^2], masses [kg], battery energy [Wh], lifetime [yr],
        dose [rad(Si)/yr], goodput [1], ``feasible`` and ``reason_code``; see the
        module docstring for the equations and reason codes.  Out-of-domain
        inputs give NaN and a non-zero reason code, never a silent number.

    Examples
    --------
    The 32-H100 reference satellite in a 650 km dawn-dusk orbit:

    >>> from orbitalcompute.spacecraft import dose_table, reference_design
    >>> r = design_kernel(reference_design("h100_sat_650"), dose_table(), 0.99, 1200.0, 650.0, 97.9)
    >>> float(r.it_power_w), bool(r.feasible), int(r.reason_code)
    (40800.0, True, 0)
    >>> round(float(r.total_mass_kg))
    2989
    """
    sc, g, cells, batt = params.spacecraft, params.gpu, params.cells, params.battery
    radp, renv, env = params.radiator, params.radiation, params.environment
    n = jnp.asarray(sc.gpu_count, dtype=jnp.float64)

    # --- power and heat
    it_power_w = n * (g.board_power_w + g.host_power_per_gpu_w)
    heat_w = it_power_w / sc.power_conversion_efficiency
    load_w = heat_w + sc.bus_power_fraction * it_power_w

    # --- radiation
    dose = (rad.trapped_dose_rad_si_per_yr(dose_table, altitude_km, inclination_deg,
                                           sc.shielding_thickness_mm) * renv.trapped_margin_factor
            + rad.environment_allowance_rad_si_per_yr(
                inclination_deg, renv.gcr_dose_rad_si_per_yr, renv.spe_dose_rad_si_per_yr,
                renv.spe_onset_inclination_deg, renv.spe_full_inclination_deg))
    tid_life = jnp.minimum(rad.tid_lifetime_yr(g.tid_limit_krad_si, dose),
                           rad.tid_lifetime_yr(g.host_tid_limit_krad_si, dose))
    lifetime = jnp.minimum(tid_life, sc.design_life_yr)

    # silent data corruptions interrupt (roll back) only when detected (gpus.toml sdc_detection)
    sdc_events = 1.0 / g.sdc_dose_per_event_rad_si if g.sdc_detection == "detected" else 0.0
    per_gpu_events = (sdc_events + 1.0 / g.uecc_dose_per_event_rad_si
                      + 1.0 / g.crash_dose_per_event_rad_si
                      + 1.0 / g.host_sefi_dose_per_event_rad_si)
    interrupts_per_yr = n * (dose * per_gpu_events + g.failure_rate_per_yr)
    g_ckpt, tau, mtbi_s = rad.interruption_goodput(interrupts_per_yr, sc.checkpoint_time_s, sc.restart_time_s)
    goodput = g_ckpt * rad.survival_mean_fraction(g.failure_rate_per_yr, lifetime)

    # --- solar array and battery (sized at end of life for the longest eclipse)
    period = period_s(altitude_km)
    common = dict(solar_constant_w_per_m2=env.solar_constant_w_per_m2, efficiency=cells.efficiency,
                  packing_fraction=cells.packing_fraction, incidence_deg=sc.array_incidence_deg,
                  temperature_k=cells.operating_temperature_k,
                  reference_temperature_k=cells.reference_temperature_k,
                  temperature_coefficient_per_k=cells.temperature_coefficient_per_k,
                  inherent_degradation_factor=cells.inherent_degradation_factor,
                  degradation_per_yr=cells.degradation_per_yr)
    p_bol = solar.array_power_density_w_per_m2(years_yr=0.0, **common)
    p_eol = solar.array_power_density_w_per_m2(years_yr=lifetime, **common)
    p_required = solar.array_power_required_w(load_w, period, eclipse_duration_s,
                                              batt.charge_efficiency, batt.discharge_efficiency)
    p_required = p_required * sc.array_oversize_factor
    area = solar.array_area_m2(p_required, p_eol)
    power_bol = area * p_bol
    power_eol = area * p_eol
    battery_wh = solar.battery_energy_required_wh(load_w, eclipse_duration_s,
                                                  batt.discharge_efficiency,
                                                  batt.depth_of_discharge_fraction)

    # --- radiator
    view, sides = thermal.earth_view_factor(altitude_km, radp.orientation)
    q_abs = thermal.absorbed_flux_w_per_m2(view, radp.absorptivity, radp.emissivity,
                                           env.solar_constant_w_per_m2, env.earth_ir_w_per_m2,
                                           env.earth_albedo, radp.sun_cos_factor,
                                           radp.albedo_phase_factor)
    eta_fin = thermal.fin_efficiency(sc.radiator_temperature_k, radp.emissivity, sides,
                                     radp.fin_conductivity_w_per_m_k,
                                     radp.fin_thickness_mm * _MM_TO_M, radp.fin_half_width_m)
    q_net = thermal.net_rejection_w_per_m2(sc.radiator_temperature_k, radp.emissivity, sides,
                                           eta_fin, q_abs)
    rad_area = thermal.radiator_area_m2(heat_w, q_net)
    t_allowed = thermal.allowed_radiator_temperature_k(
        g.junction_limit_temperature_k, radp.cold_plate_delta_temperature_k,
        radp.loop_delta_temperature_k)

    # --- masses
    compute_mass = n * g.mass_per_gpu_kg
    array_mass = area * cells.array_areal_mass_kg_per_m2
    battery_mass = battery_wh / batt.specific_energy_wh_per_kg
    radiator_mass = rad_area * radp.areal_mass_kg_per_m2
    enclosure_area = 6.0 * (n * g.volume_per_gpu_m3) ** (2.0 / 3.0)
    shield_mass = enclosure_area * sc.shielding_thickness_mm * _MM_TO_M * sc.shielding_density_kg_per_m3
    link_mass = sc.optical_terminal_count * sc.optical_terminal_mass_kg
    subtotal = compute_mass + array_mass + battery_mass + radiator_mass + shield_mass + link_mass
    total = subtotal / (1.0 - sc.bus_mass_fraction)
    bus_mass = total - subtotal
    per_kw = total / (it_power_w / _W_PER_KW)

    # --- feasibility
    code = (jnp.where(~(q_net > 0.0), 1, 0)
            + jnp.where(sc.radiator_temperature_k > t_allowed, 2, 0)
            + jnp.where(lifetime < sc.min_lifetime_yr, 4, 0)
            + jnp.where(mtbi_s < sc.checkpoint_time_s + sc.restart_time_s, 8, 0)
            + jnp.where(jnp.isnan(dose), 16, 0)
            + jnp.where(~jnp.isfinite(area) & jnp.isfinite(dose), 32, 0))
    core = (total, goodput, power_bol, rad_area, battery_wh, area)
    any_nan = jnp.zeros(jnp.shape(code), bool)
    for x in core:
        any_nan = any_nan | jnp.isnan(x)
    code = code + jnp.where(any_nan & (code == 0), 64, 0)
    code = code.astype(jnp.int32)
    feasible = code == 0

    shape = jnp.shape(code)

    def b(x):
        return jnp.broadcast_to(jnp.asarray(x, dtype=jnp.float64), shape)

    return DesignResult(
        gpu_count=b(n), it_power_w=b(it_power_w), power_bol_w=b(power_bol),
        power_eol_w=b(power_eol), array_area_m2=b(area), radiator_area_m2=b(rad_area),
        battery_energy_wh=b(battery_wh), compute_mass_kg=b(compute_mass),
        solar_array_mass_kg=b(array_mass), battery_mass_kg=b(battery_mass),
        radiator_mass_kg=b(radiator_mass), shielding_mass_kg=b(shield_mass),
        bus_mass_kg=b(bus_mass), optical_link_mass_kg=b(link_mass), total_mass_kg=b(total),
        mass_per_kw_kg_per_kw=b(per_kw), lifetime_yr=b(lifetime), goodput_fraction=b(goodput),
        dose_rad_si_per_yr=b(dose), feasible=feasible, reason_code=code,
        heat_load_w=b(heat_w), load_power_w=b(load_w), allowed_radiator_temperature_k=b(t_allowed),
        net_rejection_w_per_m2=b(q_net), fin_efficiency=b(eta_fin), tid_lifetime_yr=b(tid_life),
        mean_time_between_interrupts_s=b(mtbi_s), checkpoint_interval_s=b(tau),
        checkpoint_goodput_fraction=b(g_ckpt), orbit_period_s=b(period),
        mean_array_power_w=b(power_eol * jnp.asarray(sunlit_fraction, dtype=jnp.float64)),
    )
