r"""Radiator thermal kernels: environment loads, net rejection, area,
equilibrium temperature and the junction-to-radiator temperature chain
(numeric core).

Notes
-----
A flat radiator panel of projected area $A$ radiating from $n$ faces with
emissivity $\varepsilon$ and fin efficiency $\eta_f$ rejects per unit panel area
(Gilmore 2002, eq. 6.1; Karam 1998, ch. 6)

$$
q_{\rm net}(T) = n\,\eta_f\,\varepsilon\,\sigma T^4 - \sum_{\rm faces}
\left[\alpha S \cos\theta_\odot + \varepsilon\,q_{\rm IR} F_E
      + \alpha\,a\,S\,F_E\,k_a\right]
$$

with $F_E$ the view factor from a face to the Earth, $q_{\rm IR}$ the Earth's
outgoing long-wave flux, $a$ the Bond albedo and $k_a$ an orbit-averaged albedo
phase factor.  Deep space (2.7 K) is taken as 0 K ($\sigma\,2.7^4 \approx
3\times10^{-6}$ W/m^2).  View factors of a differential plate to a sphere at
$H = (R_E + h)/R_E$ (Howell's catalogue, differential planar element to a
sphere; Gilmore 2002, ch. 2):

$$
F_{\rm nadir} = 1/H^2, \qquad
F_{\rm edge\text{-}on} = \frac{1}{\pi}\left[\arctan\frac{1}{\sqrt{H^2 - 1}}
- \frac{\sqrt{H^2-1}}{H^2}\right], \qquad F_{\rm zenith} = 0.
$$

Fin efficiency of a straight radiating fin of thickness $t$, half-width $L$,
conductivity $k$, linearised at the root temperature (Karam 1998, eq. 6.22):
$\eta_f = \tanh(mL)/(mL)$, $m^2 = 4 n \varepsilon \sigma T^3 / (k t)$.

References
----------
Gilmore, D. G. (ed.) (2002), Spacecraft Thermal Control Handbook, Vol. I,
2nd ed., The Aerospace Press, ch. 2 and 6, doi:10.2514/4.989117.
Karam, R. D. (1998), Satellite Thermal Control for Systems Engineers, AIAA
Progress in Astronautics and Aeronautics 181, ch. 6, doi:10.2514/4.866470.
Howell, J. R., A Catalog of Radiation Heat Transfer Configuration Factors,
http://www.thermalradiation.net/indexCat.html (planar element to sphere).
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from ..constants import R_EARTH_KM, SIGMA_W_PER_M2_K4

__all__ = [
    "ORIENTATIONS",
    "earth_view_factor",
    "absorbed_flux_w_per_m2",
    "fin_efficiency",
    "net_rejection_w_per_m2",
    "radiator_area_m2",
    "equilibrium_temperature_k",
    "allowed_radiator_temperature_k",
    "sink_temperature_k",
]

#: Radiator orientations and the faces they expose: (earth-facing kind per face).
#: ``edge_on``: panel plane contains the nadir and the Sun (dawn-dusk orbit),
#: both faces see the Earth edge-on and no direct sunlight.
#: ``nadir_zenith``: horizontal panel, one face to nadir, one to zenith.
#: ``nadir`` / ``zenith``: single radiating face (back insulated).
ORIENTATIONS = ("edge_on", "nadir_zenith", "nadir", "zenith")

#: Number of Newton steps for the equilibrium temperature (quadratic
#: convergence from a lower-bound start: 1e-12 relative after < 10 steps).
NEWTON_STEPS = 30


def _f(x):
    return jnp.asarray(x, dtype=jnp.float64)


def _h_ratio(altitude_km):
    return (R_EARTH_KM + _f(altitude_km)) / R_EARTH_KM


def _view_nadir(altitude_km):
    return 1.0 / _h_ratio(altitude_km) ** 2


def _view_edge_on(altitude_km):
    h = _h_ratio(altitude_km)
    s = jnp.sqrt(jnp.maximum(h**2 - 1.0, 1e-300))
    return (jnp.arctan(1.0 / s) - s / h**2) / jnp.pi


def earth_view_factor(altitude_km, orientation: str):
    r"""Sum over the radiating faces of the face-to-Earth view factor.

    $F_{\rm nadir} = 1/H^2$ and the edge-on plate-to-sphere factor (module Notes;
    Howell's catalogue, planar element to a sphere), $H = (R_E + h)/R_E$.

    Parameters
    ----------
    altitude_km : array_like
        Circular-orbit altitude [km].
    orientation : str
        One of ``ORIENTATIONS`` (static, not traced).

    Returns
    -------
    sum_f : jax.Array
        Sum over the radiating faces of the view factor to the Earth [1].
    sides_count : float
        Number of radiating faces [1].

    Raises
    ------
    ValueError
        Unknown ``orientation`` (the message lists the valid names).

    Examples
    --------
    >>> f, n = earth_view_factor(650.0, "nadir")
    >>> round(float(f), 4), n
    (0.8236, 1.0)
    >>> f, n = earth_view_factor(650.0, "edge_on")
    >>> round(float(f), 4), n
    (0.4814, 2.0)
    """
    if orientation == "edge_on":
        return 2.0 * _view_edge_on(altitude_km), 2.0
    if orientation == "nadir_zenith":
        return _view_nadir(altitude_km), 2.0
    if orientation == "nadir":
        return _view_nadir(altitude_km), 1.0
    if orientation == "zenith":
        return 0.0 * _f(altitude_km), 1.0
    raise ValueError(f"orientation = {orientation!r} is not one of the valid names: "
                     f"{', '.join(map(repr, ORIENTATIONS))}")


def absorbed_flux_w_per_m2(view_factor_sum, absorptivity, emissivity, solar_constant_w_per_m2,
                           earth_ir_w_per_m2, earth_albedo, sun_cos_factor=0.0,
                           albedo_phase_factor=0.0):
    r"""Environmental heat absorbed per unit panel area, summed over faces [W/m^2].

    $$q_{\rm abs} = \alpha S c_\odot + \varepsilon q_{\rm IR} \textstyle\sum F
    + \alpha a S \textstyle\sum F\, k_a$$

    (Gilmore 2002, eq. 6.1, the bracket of the module Notes.)

    Parameters
    ----------
    view_factor_sum : array_like
        Sum over faces of the view factor to the Earth $\sum F$ [1].
    absorptivity, emissivity : array_like
        Solar absorptivity $\alpha$ in [0, 1] and IR emissivity $\varepsilon$ in (0, 1].
    solar_constant_w_per_m2 : array_like
        $S$ [W/m^2].
    earth_ir_w_per_m2 : array_like
        Earth's outgoing long-wave flux $q_{\rm IR}$ [W/m^2].
    earth_albedo : array_like
        Bond albedo $a$ [1].
    sun_cos_factor : array_like
        Orbit-averaged cosine of the Sun's incidence on the sunlit face $c_\odot$ [1]
        (0 edge-on).
    albedo_phase_factor : array_like
        Orbit-averaged albedo phase factor $k_a$ [1].

    Returns
    -------
    jax.Array
        Absorbed flux [W/m^2], float64; NaN for optical properties out of range.

    Examples
    --------
    >>> round(float(absorbed_flux_w_per_m2(0.3, 0.2, 0.9, 1361.0, 237.0, 0.3, 0.0, 0.1)), 4)
    66.4398
    """
    a, e = _f(absorptivity), _f(emissivity)
    s = _f(solar_constant_w_per_m2)
    f = _f(view_factor_sum)
    ok = (a >= 0.0) & (a <= 1.0) & (e > 0.0) & (e <= 1.0)
    q = (a * s * _f(sun_cos_factor) + e * _f(earth_ir_w_per_m2) * f
         + a * _f(earth_albedo) * s * f * _f(albedo_phase_factor))
    return jnp.where(ok, q, jnp.nan)


def fin_efficiency(temperature_k, emissivity, sides_count, conductivity_w_per_m_k,
                   thickness_m, half_width_m):
    r"""Linearised radiating-fin efficiency $\eta_f = \tanh(mL)/(mL)$.

    $m^2 = 4 n \varepsilon \sigma T^3 / (k t)$ (Karam 1998, eq. 6.22).

    Parameters
    ----------
    temperature_k : array_like
        Fin root temperature $T$ [K], > 0.
    emissivity : array_like
        $\varepsilon$ [1].
    sides_count : array_like
        Radiating faces $n$ [1].
    conductivity_w_per_m_k : array_like
        Fin conductivity $k$ [W/(m K)], > 0.
    thickness_m : array_like
        Fin thickness $t$ [m], > 0.
    half_width_m : array_like
        Fin half-width $L$ [m], >= 0; 0 (isothermal panel) gives exactly 1.

    Returns
    -------
    jax.Array
        Fin efficiency [1], float64; NaN outside the domain.

    Examples
    --------
    >>> float(fin_efficiency(300.0, 0.9, 2.0, 167.0, 1e-3, 0.0))
    1.0
    >>> round(float(fin_efficiency(300.0, 0.9, 2.0, 167.0, 1e-3, 0.1)), 4)
    0.8258
    """
    t, e, n = _f(temperature_k), _f(emissivity), _f(sides_count)
    k, th, half = _f(conductivity_w_per_m_k), _f(thickness_m), _f(half_width_m)
    ok = (t > 0.0) & (k > 0.0) & (th > 0.0) & (half >= 0.0)
    m2 = 4.0 * n * e * SIGMA_W_PER_M2_K4 * jnp.where(ok, t, 1.0) ** 3 / jnp.where(ok, k * th, 1.0)
    ml = jnp.sqrt(jnp.maximum(m2, 0.0)) * half
    small = ml < 1e-4
    ml_safe = jnp.where(small, 1.0, ml)
    eff = jnp.where(small, 1.0 - ml**2 / 3.0, jnp.tanh(ml_safe) / ml_safe)
    return jnp.where(ok, eff, jnp.nan)


def net_rejection_w_per_m2(temperature_k, emissivity, sides_count, fin_efficiency_value,
                           absorbed_w_per_m2):
    r"""Net heat rejected per unit panel area [W/m^2].

    $$q_{\rm net} = n \eta_f \varepsilon \sigma T^4 - q_{\rm abs}$$

    (Gilmore 2002, eq. 6.1.)

    Parameters
    ----------
    temperature_k : array_like
        Panel temperature $T$ [K], > 0.
    emissivity : array_like
        $\varepsilon$ [1], (0, 1].
    sides_count : array_like
        Radiating faces $n$ [1].
    fin_efficiency_value : array_like
        $\eta_f$ [1], (0, 1].
    absorbed_w_per_m2 : array_like
        Environmental load $q_{\rm abs}$ [W/m^2] (``absorbed_flux_w_per_m2``).

    Returns
    -------
    jax.Array
        Net rejection [W/m^2], float64.  Can be negative (the panel then
        absorbs); NaN for emissivity or fin efficiency outside (0, 1] or T <= 0.

    Examples
    --------
    A black plate at 20 C radiating from both faces to deep space:

    >>> round(float(net_rejection_w_per_m2(293.15, 1.0, 2.0, 1.0, 0.0)), 2)
    837.53
    """
    t, e = _f(temperature_k), _f(emissivity)
    eta = _f(fin_efficiency_value)
    ok = (e > 0.0) & (e <= 1.0) & (t > 0.0) & (eta > 0.0) & (eta <= 1.0)
    q = _f(sides_count) * eta * e * SIGMA_W_PER_M2_K4 * t**4 - _f(absorbed_w_per_m2)
    return jnp.where(ok, q, jnp.nan)


def sink_temperature_k(emissivity, sides_count, absorbed_w_per_m2):
    r"""Temperature at which an isothermal panel rejects nothing [K].

    $$T_{\rm sink} = \left(\frac{q_{\rm abs}}{n\varepsilon\sigma}\right)^{1/4}$$

    (the root of $q_{\rm net} = 0$ with $\eta_f = 1$, Gilmore 2002, eq. 6.1).

    Parameters
    ----------
    emissivity : array_like
        $\varepsilon$ [1].
    sides_count : array_like
        Radiating faces $n$ [1].
    absorbed_w_per_m2 : array_like
        Environmental load $q_{\rm abs}$ [W/m^2] (negative values count as 0).

    Returns
    -------
    jax.Array
        Sink temperature [K], float64.

    Examples
    --------
    >>> round(float(sink_temperature_k(0.9, 2.0, 100.0)), 3)
    176.921
    """
    q = jnp.maximum(_f(absorbed_w_per_m2), 0.0)
    return (q / (_f(sides_count) * _f(emissivity) * SIGMA_W_PER_M2_K4) + 1e-300) ** 0.25


def radiator_area_m2(heat_w, net_rejection_w_per_m2_value):
    r"""Panel area [m^2] to reject ``heat_w``: $A = Q / q_{\rm net}$.

    Parameters
    ----------
    heat_w : array_like
        Heat to reject $Q$ [W], >= 0.
    net_rejection_w_per_m2_value : array_like
        Net rejection per unit panel area $q_{\rm net}$ [W/m^2].

    Returns
    -------
    jax.Array
        Area [m^2], float64; NaN where the panel cannot reject heat
        ($q_{\rm net} \le 0$) or for negative heat.

    Examples
    --------
    >>> float(radiator_area_m2(10000.0, 800.0))
    12.5
    """
    q = _f(net_rejection_w_per_m2_value)
    p = _f(heat_w)
    ok = (q > 0.0) & (p >= 0.0)
    return jnp.where(ok, p / jnp.where(ok, q, 1.0), jnp.nan)


def equilibrium_temperature_k(heat_w, area_m2, emissivity, sides_count, absorbed_w_per_m2,
                              conductivity_w_per_m_k, thickness_m, half_width_m):
    r"""Radiator temperature [K] at which ``area_m2`` rejects ``heat_w``.

    The root of $A\,q_{\rm net}(T) = Q$ (Gilmore 2002, eq. 6.1) with the
    temperature-dependent fin efficiency (Karam 1998, eq. 6.22).  Solved by
    Newton's method from the isothermal (fin efficiency 1) temperature, which is
    a lower bound, inside ``jax.lax.custom_root`` so that gradients use the
    implicit-function theorem.

    Parameters
    ----------
    heat_w : array_like
        Heat to reject $Q$ [W], >= 0.
    area_m2 : array_like
        Panel area $A$ [m^2], > 0.
    emissivity : array_like
        $\varepsilon$ [1], (0, 1].
    sides_count : array_like
        Radiating faces $n$ [1].
    absorbed_w_per_m2 : array_like
        Environmental load $q_{\rm abs}$ [W/m^2].
    conductivity_w_per_m_k, thickness_m, half_width_m : array_like
        Fin conductivity [W/(m K)], thickness [m] and half-width [m]
        (``fin_efficiency``).

    Returns
    -------
    jax.Array
        Equilibrium temperature [K], float64; NaN outside the domain.

    Examples
    --------
    An isothermal black panel (half-width 0): the closed form
    $((Q/A + q_{\rm abs})/(n\varepsilon\sigma))^{1/4}$:

    >>> round(float(equilibrium_temperature_k(2500.0, 3.0, 1.0, 2.0, 120.0, 167.0, 1e-3, 0.0)), 4)
    302.7964
    """
    q, a = _f(heat_w), _f(area_m2)
    e, n, qa = _f(emissivity), _f(sides_count), _f(absorbed_w_per_m2)
    ok = (a > 0.0) & (q >= 0.0) & (e > 0.0) & (e <= 1.0)
    a_safe = jnp.where(ok, a, 1.0)

    def residual(t):
        eta = fin_efficiency(t, e, n, conductivity_w_per_m_k, thickness_m, half_width_m)
        return (net_rejection_w_per_m2(t, e, n, eta, qa) * a_safe - q) / a_safe

    def solve(f, t0):
        def step(_, t):
            val, deriv = jax.jvp(f, (t,), (jnp.ones_like(t),))
            return t - val / deriv
        return jax.lax.fori_loop(0, NEWTON_STEPS, step, t0)

    def tangent_solve(g, y):
        return y / g(jnp.ones_like(y))

    t0 = ((q / a_safe + jnp.maximum(qa, 0.0)) / (n * e * SIGMA_W_PER_M2_K4) + 1.0) ** 0.25
    t = jax.lax.custom_root(residual, t0, solve, tangent_solve)
    return jnp.where(ok, t, jnp.nan)


def allowed_radiator_temperature_k(junction_limit_temperature_k, cold_plate_delta_temperature_k,
                                   loop_delta_temperature_k):
    r"""Highest radiator temperature that keeps the chip junction at its limit [K].

    $$T_{\rm rad} = T_j - \Delta T_{\rm cold\,plate} - \Delta T_{\rm loop}$$

    (series temperature drops from junction to radiator; the drops are catalogue
    inputs in `models/radiators.toml`).

    Parameters
    ----------
    junction_limit_temperature_k : array_like
        Junction limit $T_j$ [K].
    cold_plate_delta_temperature_k : array_like
        Junction-to-coolant drop across the cold plate [K].
    loop_delta_temperature_k : array_like
        Coolant-loop drop to the radiator [K].

    Returns
    -------
    jax.Array
        Allowed radiator temperature [K], float64.

    Examples
    --------
    85 C junction, 15 K across the cold plate, 10 K along the loop: 60 C.

    >>> round(float(allowed_radiator_temperature_k(358.15, 15.0, 10.0)), 2)
    333.15
    """
    return (_f(junction_limit_temperature_k) - _f(cold_plate_delta_temperature_k)
            - _f(loop_delta_temperature_k))
