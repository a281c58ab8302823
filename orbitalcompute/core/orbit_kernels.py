r"""Closed-form circular-orbit kernels with J2 secular rates (numeric core).

All functions are pure JAX, broadcast over their arguments and are safe under
``jit``/``vmap``/``grad``.  Inputs are plain floats in the units their names
carry.  Constants (mu, R_E, J2) are WGS-84 via :mod:`orbitalcompute.constants`.

Notes
-----
For a circular orbit of radius :math:`a = R_E + h` and inclination :math:`i`
the mean motion is :math:`n = \sqrt{\mu / a^3}` and the first-order J2 secular
rates are (Vallado 2013, eqs. 9-41):

.. math::

    \dot\Omega = -\tfrac{3}{2} n J_2 \left(\tfrac{R_E}{a}\right)^2 \cos i, \qquad
    \dot u = n\left[1 + \tfrac{3}{2} J_2 \left(\tfrac{R_E}{a}\right)^2 (4\cos^2 i - 1)\right]

where :math:`\dot u = \dot M + \dot\omega` is the rate of the argument of
latitude (sum of the mean-anomaly and perigee rates at :math:`e = 0`).  A
sun-synchronous orbit has :math:`\dot\Omega = 2\pi / T_{\rm trop}`, giving
:math:`\cos i = -\dot\Omega_{\rm sso} / (\tfrac32 n J_2 (R_E/a)^2)`.

References
----------
Vallado, D. A. (2013). Fundamentals of Astrodynamics and Applications, 4th ed.,
sec. 9.6, eqs. 9-41 and 11-15.
"""

from __future__ import annotations

import jax.numpy as jnp

from ..constants import J2_EARTH, MU_EARTH_M3_PER_S2, R_EARTH_KM

__all__ = [
    "semi_major_axis_km",
    "mean_motion_rad_per_s",
    "period_s",
    "nodal_precession_rad_per_s",
    "argument_of_latitude_rate_rad_per_s",
    "sun_synchronous_inclination_deg",
    "circular_position_eci_km",
    "walker_delta_elements_deg",
]

_MU_KM3_PER_S2 = MU_EARTH_M3_PER_S2 * 1e-9


def semi_major_axis_km(altitude_km):
    """Orbit radius :math:`a = R_E + h` [km] (WGS-84 equatorial radius)."""
    return R_EARTH_KM + jnp.asarray(altitude_km, dtype=jnp.float64)


def mean_motion_rad_per_s(altitude_km):
    r"""Keplerian mean motion :math:`n = \sqrt{\mu/a^3}` [rad/s]."""
    a = semi_major_axis_km(altitude_km)
    return jnp.sqrt(_MU_KM3_PER_S2 / a**3)


def period_s(altitude_km):
    r"""Keplerian orbital period :math:`T = 2\pi\sqrt{a^3/\mu}` [s]."""
    return 2.0 * jnp.pi / mean_motion_rad_per_s(altitude_km)


def _j2_factor(altitude_km):
    a = semi_major_axis_km(altitude_km)
    return 1.5 * mean_motion_rad_per_s(altitude_km) * J2_EARTH * (R_EARTH_KM / a) ** 2


def nodal_precession_rad_per_s(altitude_km, inclination_deg):
    r"""J2 secular drift of the ascending node :math:`\dot\Omega` [rad/s]."""
    return -_j2_factor(altitude_km) * jnp.cos(jnp.deg2rad(inclination_deg))


def argument_of_latitude_rate_rad_per_s(altitude_km, inclination_deg):
    r"""Secular rate of the argument of latitude :math:`\dot u` [rad/s] (J2)."""
    c = jnp.cos(jnp.deg2rad(inclination_deg))
    return mean_motion_rad_per_s(altitude_km) + _j2_factor(altitude_km) * (4.0 * c**2 - 1.0)


def sun_synchronous_inclination_deg(altitude_km, tropical_year_days):
    r"""Inclination [deg] whose J2 node drift follows the mean Sun.

    Returns NaN where no sun-synchronous orbit exists (:math:`|\cos i| > 1`,
    above about 5,970 km altitude).
    """
    rate = 2.0 * jnp.pi / (jnp.asarray(tropical_year_days, dtype=jnp.float64) * 86400.0)
    cos_i = -rate / _j2_factor(altitude_km)
    ok = jnp.abs(cos_i) <= 1.0
    return jnp.where(ok, jnp.rad2deg(jnp.arccos(jnp.clip(cos_i, -1.0, 1.0))), jnp.nan)


def circular_position_eci_km(altitude_km, inclination_deg, raan_deg, arg_lat_deg):
    r"""Position [km] on a circular orbit in the inertial frame of its elements.

    .. math::

        \mathbf r = a\,(\cos u\cos\Omega - \sin u\cos i\sin\Omega,\;
                       \cos u\sin\Omega + \sin u\cos i\cos\Omega,\;
                       \sin u\sin i)

    Returns an array of shape ``broadcast(...) + (3,)``.
    """
    a = semi_major_axis_km(altitude_km)
    i = jnp.deg2rad(inclination_deg)
    o = jnp.deg2rad(raan_deg)
    u = jnp.deg2rad(arg_lat_deg)
    x = jnp.cos(u) * jnp.cos(o) - jnp.sin(u) * jnp.cos(i) * jnp.sin(o)
    y = jnp.cos(u) * jnp.sin(o) + jnp.sin(u) * jnp.cos(i) * jnp.cos(o)
    z = jnp.sin(u) * jnp.sin(i)
    a, x, y, z = jnp.broadcast_arrays(a, x, y, z)
    return a[..., None] * jnp.stack((x, y, z), axis=-1)


def walker_delta_elements_deg(total_count: int, planes_count: int, phasing_count: int):
    r"""Node and initial argument of latitude [deg] of every satellite of a
    Walker-delta pattern :math:`i: t/p/f` (Walker 1984).

    Plane :math:`j` has :math:`\Omega_j = 360^\circ j/p`; satellite :math:`k`
    in it has :math:`u_{jk} = 360^\circ k\,p/t + 360^\circ f j / t`.
    The counts are static Python integers (they set array shapes).

    Returns
    -------
    raan_deg, arg_lat_deg : arrays of shape ``(t,)``, plane-major order.

    References
    ----------
    Walker, J. G. (1984), Satellite constellations, J. Br. Interplanet. Soc. 37, 559-572.
    """
    t, p, f = int(total_count), int(planes_count), int(phasing_count)
    if p <= 0 or t % p:
        raise ValueError(f"total_count = {t} must be a positive multiple of planes_count = {p}")
    if not 0 <= f < p:
        raise ValueError(f"phasing_count = {f} is outside the valid range [0, {p - 1}]")
    s = t // p
    j = jnp.repeat(jnp.arange(p, dtype=jnp.float64), s)
    k = jnp.tile(jnp.arange(s, dtype=jnp.float64), p)
    raan = 360.0 * j / p
    u = jnp.mod(360.0 * k / s + 360.0 * f * j / t, 360.0)
    return raan, u
