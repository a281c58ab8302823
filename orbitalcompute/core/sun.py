r"""The Sun of the numeric core: the Astronomical Almanac low-precision Sun
and the mean Sun (pure JAX).

This is the one Sun model of [`orbitalcompute.core`][orbitalcompute.core].  The outer layer's
Skyfield/JPL DE421 Sun ([`orbitalcompute.illumination_ephemeris`][orbitalcompute.illumination_ephemeris]) is the
independent oracle it is tested against.

Accuracy (measured against DE421 through Skyfield, apparent place, equinox of
date, 2026, 730 samples; ``tests/test_illumination.py``): right ascension
within 0.009 deg (times cos dec), declination within 0.004 deg, distance within
9e-5 AU.  The Almanac states 0.01 deg for 1950-2050.

Frame: right ascensions are on the mean equator and equinox of date, the
frame of SGP4's TEME to within the nutation in right ascension (< 0.005 deg);
it is the frame of every right ascension of the node in this package
([`orbitalcompute.orbit`][orbitalcompute.orbit]).

References
----------
U.S. Naval Observatory & H.M. Nautical Almanac Office, The Astronomical
Almanac, section C, "Low precision formulas for the Sun",
https://aa.usno.navy.mil/faq/sun_approx (also Vallado 2013, algorithm 29).
"""

from __future__ import annotations

import jax.numpy as jnp

from ..constants import AU_KM

__all__ = [
    "ALMANAC_TROPICAL_YEAR_DAYS",
    "MEAN_SUN_RATE_DEG_PER_DAY",
    "sun_position_low_precision",
    "mean_sun_right_ascension_deg",
]

# Coefficients of the published formula (not tunable engineering values).
_AA_MEAN_LONGITUDE_DEG = 280.460          # L at J2000.0
_AA_MEAN_LONGITUDE_RATE_DEG_PER_DAY = 0.9856474
_AA_MEAN_ANOMALY_DEG = 357.528            # g at J2000.0
_AA_MEAN_ANOMALY_RATE_DEG_PER_DAY = 0.9856003
_AA_EQ_CENTRE_1_DEG = 1.915
_AA_EQ_CENTRE_2_DEG = 0.020
_AA_OBLIQUITY_DEG = 23.439
_AA_OBLIQUITY_RATE_DEG_PER_DAY = -0.0000004
_AA_DISTANCE_AU = (1.00014, -0.01671, -0.00014)

#: Rate of the mean Sun's right ascension [deg/day] (Almanac mean longitude).
MEAN_SUN_RATE_DEG_PER_DAY = _AA_MEAN_LONGITUDE_RATE_DEG_PER_DAY
#: Tropical year implied by the Almanac's mean-longitude rate [days]
#: (365.2422 d).
ALMANAC_TROPICAL_YEAR_DAYS = 360.0 / _AA_MEAN_LONGITUDE_RATE_DEG_PER_DAY


def _f64(x):
    return jnp.asarray(x, dtype=jnp.float64)


def sun_position_low_precision(days_since_j2000):
    r"""Low-precision geocentric Sun (Astronomical Almanac, section C).

    Parameters
    ----------
    days_since_j2000 : array_like
        $n = JD - 2451545.0$ [days] (TT or UT; the difference is negligible).

    Returns
    -------
    ra_deg, dec_deg, distance_km : arrays
        Right ascension in [0, 360) and declination (mean equator and equinox
        of date) [deg], distance [km].  Within 0.009 deg (RA cos dec),
        0.004 deg (Dec) and 9e-5 AU of DE421 in 2026; the Almanac states
        0.01 deg for 1950-2050.

    Notes
    -----
    $$
    \begin{aligned}
    L &= 280.460^\circ + 0.9856474^\circ n,\quad g = 357.528^\circ + 0.9856003^\circ n,\\
    \lambda &= L + 1.915^\circ\sin g + 0.020^\circ\sin 2g,\quad
      \epsilon = 23.439^\circ - 4\times10^{-7\,\circ} n,\\
    \alpha &= \operatorname{atan2}(\cos\epsilon\sin\lambda, \cos\lambda),\quad
      \delta = \arcsin(\sin\epsilon\sin\lambda),\\
    R &= 1.00014 - 0.01671\cos g - 0.00014\cos 2g\ {\rm AU}.
    \end{aligned}
    $$

    Examples
    --------
    >>> ra, dec, d = sun_position_low_precision(9496.5)   # 2026-01-01T00:00
    >>> round(float(ra), 2), round(float(dec), 2), round(float(d) / 1.495978707e8, 4)
    (281.49, -23.01, 0.9833)
    """
    n = _f64(days_since_j2000)
    L = _AA_MEAN_LONGITUDE_DEG + _AA_MEAN_LONGITUDE_RATE_DEG_PER_DAY * n
    g = jnp.deg2rad(_AA_MEAN_ANOMALY_DEG + _AA_MEAN_ANOMALY_RATE_DEG_PER_DAY * n)
    lam = jnp.deg2rad(L + _AA_EQ_CENTRE_1_DEG * jnp.sin(g) + _AA_EQ_CENTRE_2_DEG * jnp.sin(2 * g))
    eps = jnp.deg2rad(_AA_OBLIQUITY_DEG + _AA_OBLIQUITY_RATE_DEG_PER_DAY * n)
    ra = jnp.rad2deg(jnp.arctan2(jnp.cos(eps) * jnp.sin(lam), jnp.cos(lam)))
    dec = jnp.rad2deg(jnp.arcsin(jnp.sin(eps) * jnp.sin(lam)))
    c0, c1, c2 = _AA_DISTANCE_AU
    r_au = c0 + c1 * jnp.cos(g) + c2 * jnp.cos(2 * g)
    return jnp.mod(ra, 360.0), dec, r_au * AU_KM


def mean_sun_right_ascension_deg(days_since_j2000):
    r"""Right ascension of the fictitious mean Sun [deg].

    The one mean Sun of the package: it sets the node of a sun-synchronous
    orbit from its local time of the ascending node (LTAN), in the core
    kernels and in [`orbitalcompute.orbit.raan_from_ltan_deg`][orbitalcompute.orbit.raan_from_ltan_deg].

    Parameters
    ----------
    days_since_j2000 : array_like
        $n = JD - 2451545.0$ [days].

    Returns
    -------
    ra_deg : array
        In [0, 360) [deg], mean equator and equinox of date.

    Notes
    -----
    The Almanac's mean longitude of the Sun,
    $\alpha_{MS} = L = 280.460^\circ + 0.9856474^\circ n$.  The definition
    through sidereal time, $\alpha_{MS} = {\rm GMST} - {\rm UT1} + 12\,{\rm h}$
    (Vallado 2013 sec. 3.5), gives $280.46062^\circ + 0.98564737^\circ n$
    with the IAU 1982 GMST: the two agree within 0.0008 deg over 2000-2050
    (measured against Skyfield's GMST, ``tests/test_illumination.py``).
    A sun-synchronous node keeps $\Omega - \alpha_{MS}$ constant.

    Examples
    --------
    >>> float(mean_sun_right_ascension_deg(0.0))
    280.46
    """
    n = _f64(days_since_j2000)
    return jnp.mod(_AA_MEAN_LONGITUDE_DEG + _AA_MEAN_LONGITUDE_RATE_DEG_PER_DAY * n, 360.0)
