"""Satellite design (public layer): validated entry point on top of
``orbitalcompute.core.mass_budget.design_kernel``."""

from __future__ import annotations

import jax
import numpy as np

from ..core import mass_budget as _mb
from ..core import thermal as _th
from ..core.orbit_kernels import period_s, sun_synchronous_inclination_deg
from ..validation import check_range
from .params import DesignParams, reference_design
from .radiation import dose_table

__all__ = ["design", "design_kernel", "DesignResult", "REASON_CODES", "explain_reason"]

design_kernel = _mb.design_kernel
DesignResult = _mb.DesignResult
REASON_CODES = _mb.REASON_CODES

_design_jit = jax.jit(_mb.design_kernel)


def explain_reason(code: int) -> list[str]:
    """Human-readable list of the flags set in a ``reason_code``.

    Parameters
    ----------
    code : int
        Bit flags of ``DesignResult.reason_code`` (0 = feasible; ``REASON_CODES``).

    Returns
    -------
    list of str
        One sentence per flag set, in bit order; empty for a feasible design.

    Examples
    --------
    >>> explain_reason(0)
    []
    >>> explain_reason(2 | 16)
    ['radiator temperature above the junction-limit chain', 'orbit or shielding outside the trapped-dose table']
    """
    code = int(code)
    return [text for bit, text in REASON_CODES.items() if code & bit]


def design(params: DesignParams | str = "tpu_v6e_sat_650", *, sunlit_fraction,
           eclipse_duration_s, altitude_km, inclination_deg=None) -> DesignResult:
    """Design a compute satellite: power, thermal, radiation, mass.

    Parameters
    ----------
    params : DesignParams or str
        Parameter pytree, or the name of a ``models/spacecraft.toml`` entry
        (see ``orbitalcompute.spacecraft.reference_design``).
    sunlit_fraction : array_like
        Mean fraction of the year in sunlight, [0, 1].
    eclipse_duration_s : array_like
        Longest eclipse of the year [s], 0 <= value < orbital period.
    altitude_km : array_like
        Circular-orbit altitude [km], within the dose table (400-1200 km).
    inclination_deg : array_like, optional
        Orbit inclination [deg]; default: sun-synchronous at ``altitude_km``.

    Returns
    -------
    DesignResult
        Pytree with ``gpu_count``, ``it_power_w``, ``power_bol_w``, ``power_eol_w``,
        ``array_area_m2``, ``radiator_area_m2``, ``battery_energy_wh``, the mass
        breakdown (``compute_mass_kg``, ``solar_array_mass_kg``, ``battery_mass_kg``,
        ``radiator_mass_kg``, ``shielding_mass_kg``, ``bus_mass_kg``,
        ``optical_link_mass_kg``, ``total_mass_kg``), ``mass_per_kw_kg_per_kw``,
        ``lifetime_yr``, ``goodput_fraction``, ``dose_rad_si_per_yr``, ``feasible``
        and ``reason_code`` (bit flags, ``REASON_CODES``), plus diagnostics.

    Raises
    ------
    ValueError
        For parameters outside their valid ranges (efficiencies and
        emissivity outside (0, 1], negative power/area/thickness...), an
        eclipse not shorter than the period, or a radiator temperature not
        above its sink temperature.

    Notes
    -----
    Equations in ``orbitalcompute.core.mass_budget``.  Inside ``jit``/``vmap``
    use ``design_kernel`` directly: infeasible points are flagged by
    ``feasible``/``reason_code`` instead of raising.

    Examples
    --------
    >>> r = design("tpu_v6e_sat_650", sunlit_fraction=1.0, eclipse_duration_s=0.0,
    ...            altitude_km=650.0)
    >>> bool(r.feasible)
    True
    """
    if isinstance(params, str):
        params = reference_design(params)
    if not isinstance(params, DesignParams):
        raise TypeError(f"params must be a DesignParams or a spacecraft entry name, got {type(params)!r}")
    params.validate()
    table = dose_table()
    alt = check_range("altitude_km", altitude_km, ge=float(table.altitude_km[0]),
                      le=float(table.altitude_km[-1]), unit="km")
    if inclination_deg is None:
        inc = np.asarray(sun_synchronous_inclination_deg(alt, params.environment.tropical_year_days))
    else:
        inc = check_range("inclination_deg", inclination_deg, ge=float(table.inclination_deg[0]),
                          le=float(table.inclination_deg[-1]), unit="deg")
    sf = check_range("sunlit_fraction", sunlit_fraction, ge=0, le=1)
    te = check_range("eclipse_duration_s", eclipse_duration_s, ge=0, unit="s")
    period = np.asarray(period_s(alt))
    if np.any(te >= period):
        raise ValueError(f"eclipse_duration_s = {float(np.max(te)):g} must be shorter than the "
                         f"orbital period {float(np.min(period)):.0f} s")
    sc, r, env = params.spacecraft, params.radiator, params.environment
    view, sides = _th.earth_view_factor(alt, r.orientation)
    q_abs = _th.absorbed_flux_w_per_m2(view, r.absorptivity, r.emissivity,
                                       env.solar_constant_w_per_m2, env.earth_ir_w_per_m2,
                                       env.earth_albedo, r.sun_cos_factor, r.albedo_phase_factor)
    sink = np.asarray(_th.sink_temperature_k(r.emissivity, sides, q_abs))
    t_rad = np.asarray(sc.radiator_temperature_k, dtype=float)
    if np.any(t_rad <= sink):
        raise ValueError(f"radiator_temperature_k = {float(np.min(t_rad)):g} is not above the sink "
                         f"temperature {float(np.max(sink)):.1f} K; valid range is (sink, inf) K")
    return _design_jit(params, table, sf, te, alt, inc)
