r"""Time and Earth-rotation kernels of the numeric core (pure JAX).

The one time system of [`orbitalcompute.core`][orbitalcompute.core]: every core kernel that needs
a date takes it as a Julian date or as days since J2000.0, built by the
functions below.  The outer layer converts calendar epochs *once*, at the
boundary, with Skyfield's timescale (leap seconds, UT1 from its builtin
tables; [`orbitalcompute.timescale`][orbitalcompute.timescale]), and passes plain float64 numbers in.

Conventions
-----------
* ``jd`` is a Julian date [days]; the time scale is in the argument name
  (``jd_ut1``, ``jd_tt``) where it matters.
* ``days_since_j2000`` is $n = JD - 2451545.0$ [days] (J2000.0 =
  2000 January 1, 12 h).  The Almanac Sun formulas take $n$ on UT or
  TT; the 69 s between them move the mean Sun by 0.0008 deg.

References
----------
Vallado, D. A. (2013), Fundamentals of Astrodynamics and Applications, 4th ed.,
Microcosm Press, sec. 3.5 (Julian date, GMST, IAU 1982 model).

Aoki, S. et al. (1982), The new definition of universal time, Astron.
Astrophys. 105, 359-361 (the GMST polynomial), https://adsabs.harvard.edu/abs/1982A%26A...105..359A
"""

from __future__ import annotations

import jax.numpy as jnp

from ..constants import DAY_S

__all__ = [
    "J2000_JD",
    "UNIX_EPOCH_JD",
    "julian_date_from_unix_s",
    "days_since_j2000",
    "gmst_rad",
]

#: Julian date of J2000.0 (2000 January 1, 12 h) [days].
J2000_JD = 2451545.0
#: Julian date of the Unix epoch 1970-01-01T00:00:00 [days].
UNIX_EPOCH_JD = 2440587.5
_DAYS_PER_JULIAN_CENTURY = 36525.0
# IAU 1982 GMST polynomial (Aoki et al. 1982; Vallado 2013 eq. 3-47), seconds of
# time, T in Julian centuries of UT1 since J2000.0.  These coefficients are the
# definition of GMST, not tunable parameters.
_GMST_COEFFS_S = (67310.54841, 876600.0 * 3600.0 + 8640184.812866, 0.093104, -6.2e-6)


def _f64(x):
    return jnp.asarray(x, dtype=jnp.float64)


def julian_date_from_unix_s(unix_s):
    r"""Julian date [days] of a Unix time stamp.

    Parameters
    ----------
    unix_s : array_like
        Seconds since 1970-01-01T00:00:00 on the scale of the stamp (UTC
        stamps ignore leap seconds, so the result is a UTC Julian date).

    Returns
    -------
    jd : array
        $JD = 2440587.5 + t_{unix} / 86400$ [days], float64.

    Examples
    --------
    >>> float(julian_date_from_unix_s(0.0))
    2440587.5
    >>> float(julian_date_from_unix_s(946728000.0))   # 2000-01-01T12:00:00
    2451545.0
    """
    return UNIX_EPOCH_JD + _f64(unix_s) / DAY_S


def days_since_j2000(jd):
    r"""Days since J2000.0, $n = JD - 2451545.0$ [days].

    Parameters
    ----------
    jd : array_like
        Julian date [days] (the scale of the input is kept).

    Examples
    --------
    >>> float(days_since_j2000(2461041.5))           # 2026-01-01T00:00
    9496.5
    """
    return _f64(jd) - J2000_JD


def gmst_rad(jd_ut1):
    r"""Greenwich mean sidereal time [rad] (IAU 1982 model).

    Parameters
    ----------
    jd_ut1 : array_like
        Julian date on the UT1 scale [days].  For a long time grid pass
        ``epoch + t_s / 86400`` as one float64: the rounding is about 40
        microseconds of time (20 m at the equator).

    Returns
    -------
    gmst_rad : array
        In $[0, 2\pi)$ [rad].  The angle that rotates SGP4's TEME frame into
        the pseudo Earth-fixed frame.

    Notes
    -----
    Vallado (2013) eq. 3-47 (Aoki et al. 1982):

    $$\theta_{GMST} = 67310.54841^s + (876600^h + 8640184.812866^s)\,T
      + 0.093104^s\,T^2 - 6.2\times10^{-6\,s}\,T^3,$$

    $T = (JD_{UT1} - 2451545.0)/36525$, converted from seconds of time to
    radians.  Against Skyfield's IAU 2006 GMST it differs by under 1e-6 rad in
    2026 (``tests/test_latency_geometry.py``).

    Examples
    --------
    >>> round(float(gmst_rad(2451545.0)), 6)     # J2000.0: 18h 41m 50.548s
    4.894961
    """
    t = (_f64(jd_ut1) - J2000_JD) / _DAYS_PER_JULIAN_CENTURY
    c0, c1, c2, c3 = _GMST_COEFFS_S
    seconds = c0 + t * (c1 + t * (c2 + t * c3))
    return jnp.mod(seconds, DAY_S) * (2.0 * jnp.pi / DAY_S)
