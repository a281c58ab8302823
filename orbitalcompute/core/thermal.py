r"""Radiator thermal kernels: environment loads, net rejection, area,
equilibrium temperature and the junction-to-radiator temperature chain
(numeric core).

Notes
-----
A flat radiator panel of projected area :math:`A` radiating from
:math:`n` faces with emissivity :math:`\varepsilon` and fin efficiency
:math:`\eta_f` rejects per unit panel area (Gilmore 2002, eq. 6.1; Karam 1998, ch. 6)

.. math::

    q_{\rm net}(T) = n\,\eta_f\,\varepsilon\,\sigma T^4 - \sum_{\rm faces}
    \left[\alpha S \cos\theta_\odot + \varepsilon\,q_{\rm IR} F_E
          + \alpha\,a\,S\,F_E\,k_a\right]

with :math:`F_E` the view factor from a face to the Earth, :math:`q_{\rm IR}` the
Earth's outgoing long-wave flux, :math:`a` the Bond albedo and :math:`k_a` an
orbit-averaged albedo phase factor.  Deep space (2.7 K) is taken as 0 K
(:math:`\sigma\,2.7^4 \approx 3\times10^{-6}` W/m^2).  View factors of a
differential plate to a sphere at :math:`H = (R_E + h)/R_E` (Howell's catalogue,
differential planar element to a sphere; Gilmore 2002, ch. 2):

.. math::

    F_{\rm nadir} = 1/H^2, \qquad
    F_{\rm edge\text{-}on} = \frac{1}{\pi}\left[\arctan\frac{1}{\sqrt{H^2 - 1}}
    - \frac{\sqrt{H^2-1}}{H^2}\right], \qquad F_{\rm zenith} = 0.

Fin efficiency of a straight radiating fin of thickness :math:`t`, half-width
:math:`L`, conductivity :math:`k`, linearised at the root temperature
(Karam 1998, eq. 6.22): :math:`\eta_f = \tanh(mL)/(mL)`,
:math:`m^2 = 4 n \varepsilon \sigma T^3 / (k t)`.

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
    """Sum over the radiating faces of the face-to-Earth view factor [-].

    ``orientation`` is one of :data:`ORIENTATIONS` (static).  Also returns the
    number of radiating faces: ``(sum_f, sides_count)``.
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
    r"""Environmental heat absorbed per unit panel area, summed over faces [W/m^2]:
    :math:`\alpha S c_\odot + \varepsilon q_{IR} \Sigma F + \alpha a S \Sigma F k_a`.

    ``sun_cos_factor`` is the (orbit-averaged) cosine of the Sun's incidence on
    the sunlit face (0 edge-on)."""
    a, e = _f(absorptivity), _f(emissivity)
    s = _f(solar_constant_w_per_m2)
    f = _f(view_factor_sum)
    ok = (a >= 0.0) & (a <= 1.0) & (e > 0.0) & (e <= 1.0)
    q = (a * s * _f(sun_cos_factor) + e * _f(earth_ir_w_per_m2) * f
         + a * _f(earth_albedo) * s * f * _f(albedo_phase_factor))
    return jnp.where(ok, q, jnp.nan)


def fin_efficiency(temperature_k, emissivity, sides_count, conductivity_w_per_m_k,
                   thickness_m, half_width_m):
    r"""Linearised radiating-fin efficiency :math:`\tanh(mL)/(mL)` [-].

    A ``half_width_m`` of 0 (isothermal panel) gives exactly 1."""
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
    r"""Net heat rejected per unit panel area [W/m^2]:
    :math:`n \eta_f \varepsilon \sigma T^4 - q_{\rm abs}`.  Can be negative
    (the panel then absorbs); NaN for emissivity outside (0, 1] or T <= 0."""
    t, e = _f(temperature_k), _f(emissivity)
    eta = _f(fin_efficiency_value)
    ok = (e > 0.0) & (e <= 1.0) & (t > 0.0) & (eta > 0.0) & (eta <= 1.0)
    q = _f(sides_count) * eta * e * SIGMA_W_PER_M2_K4 * t**4 - _f(absorbed_w_per_m2)
    return jnp.where(ok, q, jnp.nan)


def sink_temperature_k(emissivity, sides_count, absorbed_w_per_m2):
    r"""Temperature at which an isothermal panel rejects nothing [K]:
    :math:`(q_{\rm abs}/(n\varepsilon\sigma))^{1/4}`."""
    q = jnp.maximum(_f(absorbed_w_per_m2), 0.0)
    return (q / (_f(sides_count) * _f(emissivity) * SIGMA_W_PER_M2_K4) + 1e-300) ** 0.25


def radiator_area_m2(heat_w, net_rejection_w_per_m2_value):
    """Panel area [m^2] to reject ``heat_w``; NaN where the panel cannot
    reject heat (net rejection <= 0) or for negative heat."""
    q = _f(net_rejection_w_per_m2_value)
    p = _f(heat_w)
    ok = (q > 0.0) & (p >= 0.0)
    return jnp.where(ok, p / jnp.where(ok, q, 1.0), jnp.nan)


def equilibrium_temperature_k(heat_w, area_m2, emissivity, sides_count, absorbed_w_per_m2,
                              conductivity_w_per_m_k, thickness_m, half_width_m):
    r"""Radiator temperature [K] at which ``area_m2`` rejects ``heat_w``:
    the root of :math:`A\,q_{\rm net}(T) = Q` with the temperature-dependent
    fin efficiency.

    Solved by Newton's method from the isothermal (fin efficiency 1)
    temperature, which is a lower bound, inside :func:`jax.lax.custom_root`
    so that gradients use the implicit-function theorem.
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
    r"""Highest radiator temperature that keeps the chip junction at its limit:
    :math:`T_{\rm rad} = T_j - \Delta T_{\rm cold\,plate} - \Delta T_{\rm loop}` [K]."""
    return (_f(junction_limit_temperature_k) - _f(cold_plate_delta_temperature_k)
            - _f(loop_delta_temperature_k))
