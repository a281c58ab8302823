r"""Solar-array output and SMAD energy-balance sizing (numeric core).

Pure JAX kernels: plain float64 inputs in the units their names carry,
broadcasting, safe under ``jit``/``vmap``/``grad``.  Out-of-domain inputs
(efficiency outside (0, 1], negative power...) give NaN.

Notes
-----
Array output per unit area (Patel 2004, eq. 4.3; SMAD 3rd ed. sec. 11.4):

$$
p = S_\odot\,d^{-2}\,\eta\,f_{\rm pack}\,\cos\theta\,
    [1 + \gamma (T_{\rm op} - T_{\rm ref})]\,I_d\,(1 - r)^{L}
$$

with $S_\odot$ the solar constant at 1 AU, $d$ the Sun distance [AU], $\gamma$
the relative power temperature coefficient [1/K], $I_d$ the inherent (wiring,
mismatch) factor, $r$ the degradation per year and $L$ the time in orbit [yr].

Energy balance through the longest eclipse $T_e$ of an orbit of period $T$
(SMAD eqs. 11-5 and 11-6 with explicit battery efficiencies):

$$
P_{\rm sa} = P_{\rm load}\left[1 + \frac{T_e}{\eta_c\,\eta_d\,(T - T_e)}\right],
\qquad
E_{\rm batt} = \frac{P_{\rm load}\,T_e}{\eta_d\,\mathrm{DoD}}
$$

References
----------
Wertz, J. R. & Larson, W. J. (1999), Space Mission Analysis and Design, 3rd
ed., Microcosm, sec. 11.4 (eqs. 11-5, 11-6, 11-8).
Patel, M. R. (2004), Spacecraft Power Systems, CRC Press, ch. 4 and 9,
doi:10.1201/9781420038347.
"""

from __future__ import annotations

import jax.numpy as jnp

from ..constants import HOUR_S

__all__ = [
    "array_power_density_w_per_m2",
    "degradation_factor",
    "array_power_required_w",
    "battery_energy_required_wh",
    "array_area_m2",
]


def _f(x):
    return jnp.asarray(x, dtype=jnp.float64)


def _in_unit_interval(x):
    return (x > 0.0) & (x <= 1.0)


def degradation_factor(degradation_per_yr, years_yr):
    r"""Remaining power fraction $(1 - r)^{L}$ after ``years_yr`` in orbit.

    Compound annual loss (SMAD 3rd ed. eq. 11-8, Wertz & Larson 1999).

    Parameters
    ----------
    degradation_per_yr : array_like
        Relative power loss per year $r$ [1/yr], in [0, 1).
    years_yr : array_like
        Time in orbit $L$ [yr], >= 0.

    Returns
    -------
    jax.Array
        Remaining fraction [1], float64; NaN outside the domain.

    Examples
    --------
    >>> round(float(degradation_factor(0.01, 10.0)), 6)   # 0.99 ** 10
    0.904382
    """
    r, yrs = _f(degradation_per_yr), _f(years_yr)
    ok = (r >= 0.0) & (r < 1.0) & (yrs >= 0.0)
    safe_r = jnp.where(ok, r, 0.0)
    out = jnp.exp(jnp.where(ok, yrs, 0.0) * jnp.log1p(-safe_r))
    return jnp.where(ok, out, jnp.nan)


def array_power_density_w_per_m2(solar_constant_w_per_m2, efficiency, packing_fraction,
                                 incidence_deg=0.0, temperature_k=301.15,
                                 reference_temperature_k=301.15,
                                 temperature_coefficient_per_k=0.0,
                                 inherent_degradation_factor=1.0,
                                 degradation_per_yr=0.0, years_yr=0.0,
                                 sun_distance_au=1.0):
    r"""Electrical output per unit array area [W/m^2] (see module Notes).

    Parameters
    ----------
    solar_constant_w_per_m2 : array_like
        Total solar irradiance at 1 AU [W/m^2].
    efficiency : array_like
        Cell conversion efficiency at the reference temperature, AM0, (0, 1].
    packing_fraction : array_like
        Cell area / panel area, (0, 1].
    incidence_deg : array_like
        Angle between the array normal and the Sun [deg] (0 for sun tracking);
        the cosine is clipped at zero (back-lit array gives nothing).
    temperature_k, reference_temperature_k : array_like
        Operating and rating temperatures [K].
    temperature_coefficient_per_k : array_like
        Relative power temperature coefficient [1/K] (negative).
    inherent_degradation_factor : array_like
        Wiring, mismatch, shadowing losses, (0, 1].
    degradation_per_yr, years_yr : array_like
        Relative power loss per year and time in orbit [yr].
    sun_distance_au : array_like
        Sun-spacecraft distance [AU]; irradiance scales as ``1/d**2``.

    Returns
    -------
    jax.Array
        Power per unit panel area [W/m^2], float64; NaN outside the domain.

    Examples
    --------
    30 % cells at 90 % packing under 1361 W/m^2, facing the Sun and at 60 deg:

    >>> round(float(array_power_density_w_per_m2(1361.0, 0.3, 0.9)), 3)
    367.47
    >>> round(float(array_power_density_w_per_m2(1361.0, 0.3, 0.9, incidence_deg=60.0)), 3)
    183.735
    """
    eta, pf, idf = _f(efficiency), _f(packing_fraction), _f(inherent_degradation_factor)
    d = _f(sun_distance_au)
    temp_factor = 1.0 + _f(temperature_coefficient_per_k) * (_f(temperature_k)
                                                           - _f(reference_temperature_k))
    ok = (_in_unit_interval(eta) & _in_unit_interval(pf) & _in_unit_interval(idf) & (d > 0.0)
          & (temp_factor > 0.0) & (_f(solar_constant_w_per_m2) > 0.0))
    cos_inc = jnp.clip(jnp.cos(jnp.deg2rad(_f(incidence_deg))), 0.0, 1.0)
    irradiance = _f(solar_constant_w_per_m2) / jnp.where(d > 0.0, d, 1.0) ** 2
    p = (irradiance * eta * pf * cos_inc * temp_factor * idf
         * degradation_factor(degradation_per_yr, years_yr))
    return jnp.where(ok, p, jnp.nan)


def array_power_required_w(load_power_w, orbit_period_s, eclipse_duration_s,
                           charge_efficiency, discharge_efficiency):
    r"""Array output needed in sunlight to carry ``load_power_w`` through the
    whole orbit, recharging the battery for an eclipse of ``eclipse_duration_s``.

    $$P_{\rm sa} = P_{\rm load}\left[1 + \frac{T_e}{\eta_c\,\eta_d\,(T - T_e)}\right]$$

    (SMAD 3rd ed. eq. 11-5, Wertz & Larson 1999, with path efficiencies
    $X_e = \eta_c\eta_d$ in eclipse and $X_d = 1$ in daylight.)

    Parameters
    ----------
    load_power_w : array_like
        Continuous load $P_{\rm load}$ [W], >= 0.
    orbit_period_s : array_like
        Orbital period $T$ [s].
    eclipse_duration_s : array_like
        Eclipse duration $T_e$ [s], 0 <= $T_e$ < $T$.
    charge_efficiency, discharge_efficiency : array_like
        Battery charge and discharge efficiencies $\eta_c$, $\eta_d$ [1], (0, 1].

    Returns
    -------
    jax.Array
        Array output needed in sunlight [W], float64; NaN if the eclipse is not
        shorter than the period, for negative load, or efficiencies outside (0, 1].

    Examples
    --------
    >>> round(float(array_power_required_w(5000.0, 5800.0, 2100.0, 0.95, 0.9)), 3)
    8319.109
    """
    p, t, te = _f(load_power_w), _f(orbit_period_s), _f(eclipse_duration_s)
    ec, ed = _f(charge_efficiency), _f(discharge_efficiency)
    ok = (p >= 0.0) & (te >= 0.0) & (te < t) & _in_unit_interval(ec) & _in_unit_interval(ed)
    t_day = jnp.where(ok, t - te, 1.0)
    out = p * (1.0 + te / (jnp.where(ok, ec * ed, 1.0) * t_day))
    return jnp.where(ok, out, jnp.nan)


def battery_energy_required_wh(load_power_w, eclipse_duration_s, discharge_efficiency,
                               depth_of_discharge_fraction):
    r"""Nameplate battery energy [Wh] that carries ``load_power_w`` through
    the longest eclipse without exceeding the depth of discharge.

    $$E = \frac{P\,T_e}{\eta_d\,\mathrm{DoD}}$$

    (SMAD 3rd ed. eq. 11-6, Wertz & Larson 1999, with N = 1 battery.)

    Parameters
    ----------
    load_power_w : array_like
        Load carried through the eclipse $P$ [W], >= 0.
    eclipse_duration_s : array_like
        Longest eclipse $T_e$ [s], >= 0.
    discharge_efficiency : array_like
        $\eta_d$ [1], (0, 1].
    depth_of_discharge_fraction : array_like
        Allowed depth of discharge DoD [1], (0, 1].

    Returns
    -------
    jax.Array
        Nameplate energy [Wh], float64; NaN outside the domain.

    Examples
    --------
    1 kW through 36 min at 30 % depth of discharge and 95 % discharge efficiency:

    >>> round(float(battery_energy_required_wh(1000.0, 2160.0, 0.95, 0.3)), 3)
    2105.263
    """
    p, te = _f(load_power_w), _f(eclipse_duration_s)
    ed, dod = _f(discharge_efficiency), _f(depth_of_discharge_fraction)
    ok = (p >= 0.0) & (te >= 0.0) & _in_unit_interval(ed) & _in_unit_interval(dod)
    e = p * te / HOUR_S / jnp.where(ok, ed * dod, 1.0)
    return jnp.where(ok, e, jnp.nan)


def array_area_m2(required_power_w, power_density_w_per_m2):
    """Panel area [m^2] delivering ``required_power_w`` at ``power_density_w_per_m2``.

    Parameters
    ----------
    required_power_w : array_like
        Power the array must deliver [W], >= 0.
    power_density_w_per_m2 : array_like
        Output per unit panel area [W/m^2], > 0.

    Returns
    -------
    jax.Array
        Area [m^2], float64; NaN for non-positive power density or negative power.

    Examples
    --------
    >>> round(float(array_area_m2(10000.0, 367.47)), 4)
    27.2131
    """
    p, q = _f(required_power_w), _f(power_density_w_per_m2)
    ok = (q > 0.0) & (p >= 0.0)
    return jnp.where(ok, p / jnp.where(ok, q, 1.0), jnp.nan)
