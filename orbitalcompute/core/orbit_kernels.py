r"""Closed-form circular-orbit kernels with J2 secular rates (numeric core).

All functions are pure JAX, broadcast over their arguments and are safe under
``jit``/``vmap``/``grad``.  Inputs are plain floats in the units their names
carry.  Constants (mu, R_E, J2) are WGS-84 via `orbitalcompute.constants`.

Notes
-----
For a circular orbit of radius $a = R_E + h$ and inclination $i$
the mean motion is $n = \sqrt{\mu / a^3}$ and the first-order J2 secular
rates are (Vallado 2013, eqs. 9-41):

$$
\dot\Omega = -\tfrac{3}{2} n J_2 \left(\tfrac{R_E}{a}\right)^2 \cos i, \qquad
\dot u = n\left[1 + \tfrac{3}{2} J_2 \left(\tfrac{R_E}{a}\right)^2 (4\cos^2 i - 1)\right]
$$

where $\dot u = \dot M + \dot\omega$ is the rate of the argument of
latitude (sum of the mean-anomaly and perigee rates at $e = 0$).  A
sun-synchronous orbit has $\dot\Omega = 2\pi / T_{\rm trop}$, giving
$\cos i = -\dot\Omega_{\rm sso} / (\tfrac32 n J_2 (R_E/a)^2)$.

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
    "circular_positions_eci_km",
    "walker_delta_elements_deg",
]

_MU_KM3_PER_S2 = MU_EARTH_M3_PER_S2 * 1e-9


def _f64(x):
    return jnp.asarray(x, dtype=jnp.float64)


def semi_major_axis_km(altitude_km):
    """Orbit radius $a = R_E + h$ [km] (WGS-84 equatorial radius).

    Parameters
    ----------
    altitude_km : array_like
        Altitude above the equatorial radius [km].

    Examples
    --------
    >>> float(semi_major_axis_km(650.0))
    7028.137
    """
    return R_EARTH_KM + jnp.asarray(altitude_km, dtype=jnp.float64)


def mean_motion_rad_per_s(altitude_km):
    r"""Keplerian mean motion $n = \sqrt{\mu/a^3}$ [rad/s].

    Parameters
    ----------
    altitude_km : array_like
        Altitude [km].

    Examples
    --------
    >>> round(float(mean_motion_rad_per_s(650.0)), 8)
    0.00107154
    """
    a = semi_major_axis_km(altitude_km)
    return jnp.sqrt(_MU_KM3_PER_S2 / a**3)


def period_s(altitude_km):
    r"""Keplerian orbital period $T = 2\pi\sqrt{a^3/\mu}$ [s].

    Parameters
    ----------
    altitude_km : array_like
        Altitude [km].

    Examples
    --------
    >>> round(float(period_s(650.0)), 1)
    5863.7
    """
    return 2.0 * jnp.pi / mean_motion_rad_per_s(altitude_km)


def _j2_factor(altitude_km):
    a = semi_major_axis_km(altitude_km)
    return 1.5 * mean_motion_rad_per_s(altitude_km) * J2_EARTH * (R_EARTH_KM / a) ** 2


def nodal_precession_rad_per_s(altitude_km, inclination_deg):
    r"""J2 secular drift of the ascending node $\dot\Omega$ [rad/s].

    Parameters
    ----------
    altitude_km : array_like
        Altitude [km].
    inclination_deg : array_like
        Inclination [deg].

    Examples
    --------
    >>> import numpy as np
    >>> round(float(np.rad2deg(nodal_precession_rad_per_s(550.0, 53.0)) * 86400), 3)
    -4.489
    """
    return -_j2_factor(altitude_km) * jnp.cos(jnp.deg2rad(_f64(inclination_deg)))


def argument_of_latitude_rate_rad_per_s(altitude_km, inclination_deg):
    r"""Secular rate of the argument of latitude $\dot u$ [rad/s] (J2).

    Parameters
    ----------
    altitude_km : array_like
        Altitude [km].
    inclination_deg : array_like
        Inclination [deg].

    Examples
    --------
    >>> float(argument_of_latitude_rate_rad_per_s(650.0, 63.43)) > float(mean_motion_rad_per_s(650.0))
    False
    """
    c = jnp.cos(jnp.deg2rad(_f64(inclination_deg)))
    return mean_motion_rad_per_s(altitude_km) + _j2_factor(altitude_km) * (4.0 * c**2 - 1.0)


def sun_synchronous_inclination_deg(altitude_km, tropical_year_days):
    r"""Inclination [deg] whose J2 node drift follows the mean Sun.

    Parameters
    ----------
    altitude_km : array_like
        Altitude [km].
    tropical_year_days : array_like
        Tropical year [days] (the node's target period).

    Returns
    -------
    inclination_deg : array
        NaN where no sun-synchronous orbit exists ($|\cos i| > 1$,
        above about 5,970 km altitude).

    Examples
    --------
    >>> round(float(sun_synchronous_inclination_deg(650.0, 365.2422)), 3)
    97.986
    """
    rate = 2.0 * jnp.pi / (jnp.asarray(tropical_year_days, dtype=jnp.float64) * 86400.0)
    cos_i = -rate / _j2_factor(altitude_km)
    ok = jnp.abs(cos_i) <= 1.0
    return jnp.where(ok, jnp.rad2deg(jnp.arccos(jnp.clip(cos_i, -1.0, 1.0))), jnp.nan)


def circular_position_eci_km(altitude_km, inclination_deg, raan_deg, arg_lat_deg):
    r"""Position [km] on a circular orbit in the inertial frame of its elements.

    $$
    \mathbf r = a\,(\cos u\cos\Omega - \sin u\cos i\sin\Omega,\;
    \cos u\sin\Omega + \sin u\cos i\cos\Omega,\;
    \sin u\sin i)
    $$

    Parameters
    ----------
    altitude_km, inclination_deg, raan_deg, arg_lat_deg : array_like
        Altitude [km], inclination, node and argument of latitude [deg].

    Returns
    -------
    position_km : array, shape ``broadcast(...) + (3,)``
        [km], in the frame of the node (TEME for this package's nodes).

    Examples
    --------
    >>> [round(float(x), 3) for x in circular_position_eci_km(650.0, 90.0, 0.0, 90.0)]
    [0.0, 0.0, 7028.137]
    """
    a = semi_major_axis_km(altitude_km)
    i = jnp.deg2rad(_f64(inclination_deg))
    o = jnp.deg2rad(_f64(raan_deg))
    u = jnp.deg2rad(_f64(arg_lat_deg))
    x = jnp.cos(u) * jnp.cos(o) - jnp.sin(u) * jnp.cos(i) * jnp.sin(o)
    y = jnp.cos(u) * jnp.sin(o) + jnp.sin(u) * jnp.cos(i) * jnp.cos(o)
    z = jnp.sin(u) * jnp.sin(i)
    a, x, y, z = jnp.broadcast_arrays(a, x, y, z)
    return a[..., None] * jnp.stack((x, y, z), axis=-1)


def circular_positions_eci_km(altitude_km, inclination_deg, raan0_deg, arg_lat0_deg, t_s):
    r"""ECI positions [km] of circular-orbit satellites at times ``t_s`` with
    first-order J2 secular drift of the node and argument of latitude.

    $$
    \Omega(t) = \Omega_0 + \dot\Omega t, \qquad u(t) = u_0 + \dot u t
    $$

    with $\dot\Omega, \dot u$ from
    `orbitalcompute.core.orbit_kernels.nodal_precession_rad_per_s` and
    `orbitalcompute.core.orbit_kernels.argument_of_latitude_rate_rad_per_s`
    (Vallado 2013 eq. 9-41).  Broadcasting: satellites along the last axis of
    the element arrays, times as ``t_s[..., None]``; the result has shape
    ``t_s.shape + (n_sat, 3)`` when the elements are 1-D.

    The one circular propagator of the package: the latency constellations
    and `orbitalcompute.orbit.WalkerDelta` both call it.

    Parameters
    ----------
    altitude_km, inclination_deg : array_like, shape (n_sat,)
        Altitude [km] and inclination [deg].
    raan0_deg, arg_lat0_deg : array_like, shape (n_sat,)
        Node and argument of latitude at ``t_s = 0`` [deg].
    t_s : array_like
        Seconds since the epoch of the elements [s].

    Returns
    -------
    position_km : array, shape ``t_s.shape + (n_sat, 3)``
        [km], in the frame of the node.

    Examples
    --------
    >>> circular_positions_eci_km([550.0, 550.0], [53.0, 53.0], [0.0, 90.0], [0.0, 0.0],
    ...                           [0.0, 60.0, 120.0]).shape
    (3, 2, 3)
    """
    t = _f64(t_s)[..., None]
    node_rate = nodal_precession_rad_per_s(altitude_km, inclination_deg)
    u_rate = argument_of_latitude_rate_rad_per_s(altitude_km, inclination_deg)
    raan = _f64(raan0_deg) + jnp.rad2deg(node_rate * t)
    u = _f64(arg_lat0_deg) + jnp.rad2deg(u_rate * t)
    return circular_position_eci_km(altitude_km, inclination_deg, raan, u)


def walker_delta_elements_deg(total_count: int, planes_count: int, phasing_count: int):
    r"""Node and initial argument of latitude [deg] of every satellite of a
    Walker-delta pattern $i: t/p/f$ (Walker 1984).

    Plane $j$ has $\Omega_j = 360^\circ j/p$; satellite $k$
    in it has $u_{jk} = 360^\circ k\,p/t + 360^\circ f j / t$.
    The counts are static Python integers (they set array shapes).

    Parameters
    ----------
    total_count, planes_count, phasing_count : int
        $t$, $p$ (a divisor of $t$) and $f$ ($0 \le f < p$).

    Returns
    -------
    raan_deg, arg_lat_deg : arrays of shape ``(t,)``, plane-major order.

    Examples
    --------
    >>> raan, u = walker_delta_elements_deg(4, 2, 1)
    >>> raan.tolist(), u.tolist()
    ([0.0, 0.0, 180.0, 180.0], [0.0, 180.0, 90.0, 270.0])

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
