r"""Analytic Earth-shadow kernels for circular orbits (numeric core, pure JAX).

Geometry
--------
Let :math:`\beta` be the beta angle (Sun elevation above the orbit plane) and
:math:`x` the angle along the orbit measured from the point nearest the
anti-Sun direction.  With the Sun direction seen from the satellite taken
parallel to the Earth-Sun line (parallax :math:`a/{\rm AU} < 10^{-4}` rad,
2 % of the solar radius), the angle between the Sun's centre and the Earth's
centre seen from the satellite is

.. math:: \cos\theta = \cos\beta\cos x .

The Earth's disc has angular radius :math:`\rho_E = \arcsin((R_E + h_{atm})/a)`
and the Sun's :math:`\rho_S = \arcsin(R_\odot/d_\odot)`.

* **cylindrical** shadow: the satellite is dark while the Sun's *centre* is
  behind the Earth, :math:`\theta < \rho_E` (identical to the classical
  cylinder of radius :math:`R_E` behind the Earth).  The eclipse fraction of
  the orbit is

  .. math:: f = \frac{1}{\pi}\arccos\!\left(\frac{\sqrt{1-(R/a)^2}}{\cos\beta}\right),
            \qquad |\beta| < \beta^* = \arcsin(R/a),

  which at :math:`\beta = 0` is :math:`\arcsin(R/a)/\pi`.
* **conical** shadow (umbra + penumbra): the solar disc is fully hidden for
  :math:`\theta \le \rho_E - \rho_S` (umbra), partly hidden for
  :math:`\rho_E - \rho_S < \theta < \rho_E + \rho_S` (penumbra).  The hidden
  part is the overlap of two discs (Montenbruck & Gill 2000, eqs. 3.85-3.87,
  uniform solar disc, no limb darkening).  **The conical "eclipse fraction"
  is energy-weighted**: the orbit-average fraction of the solar disc that is
  hidden, i.e. one minus the mean sunlit fraction a solar array sees.  The
  time fractions spent in umbra and penumbra are returned separately by
  :func:`shadow_fractions`, and :func:`eclipse_duration_s` counts umbra *plus*
  penumbra (any part of the Sun hidden), the conservative duration for
  battery sizing.

Differentiability
-----------------
Everything is smooth in altitude and beta except at the shadow boundary
:math:`|\beta| = \beta^*`, where the eclipse fraction behaves like
:math:`\sqrt{\beta^* - |\beta|}`: it is continuous but its derivative is
unbounded as :math:`|\beta| \to \beta^{*-}` (the kernels keep it finite and
return zero gradient beyond).  ``longest_eclipse_s`` (a maximum over days)
is differentiable almost everywhere; ``eclipse_day_count`` is a step function
(zero gradient).

Table fast path
---------------
:func:`annual_sso_illumination` costs ~1 ms per orbit (1,461 Sun samples x
8 penumbra nodes).  For design sweeps, :func:`build_sso_illumination_table`
evaluates it once on an altitude x LTAN grid (plus the shadow margin
:func:`annual_sso_shadow_margin_rad`) and :func:`annual_sso_illumination_interp`
interpolates that :class:`SSOIlluminationTable` bilinearly (periodic in LTAN) in
a few hundred nanoseconds.  The longest eclipse is not interpolated across its
square-root edge but rebuilt in closed form from the interpolated margin.  The
stored table and its measured accuracy: ``tools/generate_sso_illumination_table.py``,
``tests/test_illumination_table.py``.

References
----------
Montenbruck, O. & Gill, E. (2000), Satellite Orbits: Models, Methods and
Applications, Springer, sec. 3.4.2, doi:10.1007/978-3-642-58351-3.

Vallado, D. A. (2013), Fundamentals of Astrodynamics and Applications, 4th ed.,
sec. 5.3 (Sun position, algorithm 29) and sec. 5.3.2 (shadow).

U.S. Naval Observatory & H.M. Nautical Almanac Office, The Astronomical
Almanac, section C, "Low precision formulas for the Sun" (accuracy 0.01 deg
between 1950 and 2050), https://aa.usno.navy.mil/faq/sun_approx
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import jax
import jax.numpy as jnp

from ..constants import AU_KM, DAY_S, R_EARTH_KM, R_SUN_KM
from . import orbit_kernels as _ok

__all__ = [
    "SHADOW_MODELS",
    "earth_angular_radius_rad",
    "sun_angular_radius_rad",
    "solar_disc_visible_fraction",
    "shadow_fractions",
    "eclipse_fraction",
    "eclipse_duration_s",
    "critical_beta_deg",
    "beta_angle_deg",
    "sun_position_low_precision",
    "mean_sun_right_ascension_deg",
    "annual_illumination",
    "annual_sso_illumination",
    "annual_sso_feasibility",
    "annual_sso_shadow_margin_rad",
    "SSOIlluminationTable",
    "make_sso_illumination_table",
    "sso_illumination_grid",
    "build_sso_illumination_table",
    "annual_sso_illumination_interp",
    "sso_illumination_table_feasibility",
    "MIN_ALTITUDE_KM",
]

#: Lowest altitude the kernels accept [km]: the domain bound of
#: ``OrbitParams.altitude_km`` (the Karman line; below it there is no orbit).
MIN_ALTITUDE_KM = 100.0

#: Reason codes of :func:`annual_sso_feasibility` (and, with the two table
#: codes, of :func:`sso_illumination_table_feasibility`).
REASON_OK, REASON_ALTITUDE, REASON_NO_SSO, REASON_LTAN = 0, 1, 2, 3
#: Altitude outside the altitude range of an :class:`SSOIlluminationTable`.
REASON_TABLE_ALTITUDE = 4
#: Shadow atmosphere height or tropical year differs from the table's.
REASON_TABLE_ENVIRONMENT = 5

#: Valid ``shadow_model`` names.
SHADOW_MODELS = ("cylindrical", "conical")

# --- Astronomical Almanac low-precision Sun (section C; also Vallado alg. 29).
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

#: Tropical year implied by the Almanac's mean-longitude rate [days]; the
#: default node rate of :func:`annual_sso_illumination` (the public layer
#: passes ``models/environment.toml``'s value instead).
ALMANAC_TROPICAL_YEAR_DAYS = 360.0 / _AA_MEAN_LONGITUDE_RATE_DEG_PER_DAY

# Gauss-Legendre nodes on [0, 1] for the penumbra integral (static).  8 nodes:
# max error 6e-7 of the orbit (3 ms of eclipse at 650 km) against 64 nodes.
_GL_X, _GL_W = np.polynomial.legendre.leggauss(8)
_GL_X = 0.5 * (_GL_X + 1.0)
_GL_W = 0.5 * _GL_W


def _check_model(shadow_model: str) -> str:
    if shadow_model not in SHADOW_MODELS:
        raise ValueError(f"shadow_model = {shadow_model!r} is not one of the valid names: "
                         f"{', '.join(map(repr, SHADOW_MODELS))}")
    return shadow_model


def _f64(x):
    return jnp.asarray(x, dtype=jnp.float64)


def _safe_arccos(x):
    """arccos with finite gradient at +-1 (clipped argument)."""
    inside = jnp.abs(x) < 1.0
    xs = jnp.where(inside, x, 0.0)
    return jnp.where(inside, jnp.arccos(xs), jnp.where(x >= 1.0, 0.0, jnp.pi))


def _safe_sqrt(x):
    pos = x > 0.0
    return jnp.where(pos, jnp.sqrt(jnp.where(pos, x, 1.0)), 0.0)


def earth_angular_radius_rad(altitude_km, shadow_atmosphere_height_km=0.0):
    r"""Angular radius of the shadowing Earth seen from altitude ``altitude_km``.

    .. math:: \rho_E = \arcsin\frac{R_E + h_{atm}}{R_E + h}

    NaN where the satellite would be inside the shadowing sphere.
    """
    a = _ok.semi_major_axis_km(altitude_km)
    ratio = (R_EARTH_KM + _f64(shadow_atmosphere_height_km)) / a
    ok = ratio < 1.0
    return jnp.where(ok, jnp.arcsin(jnp.where(ok, ratio, 0.5)), jnp.nan)


def sun_angular_radius_rad(sun_distance_km=AU_KM):
    r"""Apparent angular radius of the Sun :math:`\rho_S = \arcsin(R_\odot/d)` [rad]."""
    return jnp.arcsin(R_SUN_KM / _f64(sun_distance_km))


def solar_disc_visible_fraction(separation_rad, sun_radius_rad, earth_radius_rad):
    r"""Fraction of the (uniform) solar disc not hidden by the Earth's disc.

    Parameters
    ----------
    separation_rad : array_like
        Angle between the Sun's centre and the Earth's centre seen from the
        satellite, :math:`\theta` [rad].
    sun_radius_rad, earth_radius_rad : array_like
        Apparent radii :math:`\rho_S < \rho_E` [rad].

    Returns
    -------
    visible_fraction : array
        1 in full sunlight, 0 in the umbra, the unblocked part in between.

    Notes
    -----
    Montenbruck & Gill (2000) eqs. 3.85-3.87 (planar overlap of two circles):

    .. math::

        x = \frac{\theta^2 + \rho_S^2 - \rho_E^2}{2\theta},\quad
        y = \sqrt{\rho_S^2 - x^2},\quad
        A = \rho_S^2\arccos\frac{x}{\rho_S} + \rho_E^2\arccos\frac{\theta - x}{\rho_E} - \theta y,

    visible fraction :math:`\nu = 1 - A/(\pi\rho_S^2)`.
    """
    c = _f64(separation_rad)
    a = _f64(sun_radius_rad)
    b = _f64(earth_radius_rad)
    c, a, b = jnp.broadcast_arrays(c, a, b)
    part = (c > b - a) & (c < a + b)
    cs = jnp.where(part, c, b)            # safe values outside the penumbra
    x = (cs**2 + a**2 - b**2) / (2.0 * cs)
    y = _safe_sqrt(a**2 - x**2)
    area = (a**2 * _safe_arccos(x / a) + b**2 * _safe_arccos((cs - x) / b) - cs * y)
    nu_part = 1.0 - area / (jnp.pi * a**2)
    nu = jnp.where(c >= a + b, 1.0, jnp.where(c <= b - a, 0.0, nu_part))
    return jnp.clip(nu, 0.0, 1.0)


def _half_angle_rad(threshold_rad, beta_rad):
    """Half-width in x of the arc where theta < threshold (0 if none)."""
    ratio = jnp.cos(threshold_rad) / jnp.cos(beta_rad)
    return _safe_arccos(jnp.minimum(ratio, 1.0))


def _theta_rad(beta_rad, x_rad):
    # theta = arccos(cos b cos x), evaluated where theta is well away from 0.
    return _safe_arccos(jnp.cos(beta_rad) * jnp.cos(x_rad))


def shadow_fractions(altitude_km, beta_deg, *, shadow_atmosphere_height_km=0.0,
                     sun_distance_km=AU_KM):
    r"""Time and energy fractions of one circular orbit spent in the Earth's
    conical shadow.

    Parameters
    ----------
    altitude_km : array_like
        Altitude above the equatorial radius [km].
    beta_deg : array_like
        Beta angle [deg].
    shadow_atmosphere_height_km : float, optional
        Height added to the Earth's radius for the shadow [km].
    sun_distance_km : array_like, optional
        Earth-Sun distance [km] (sets the solar angular radius); 1 AU default.

    Returns
    -------
    umbra_fraction, penumbra_fraction, blocked_fraction : arrays
        Time fraction of the orbit in the umbra, time fraction in the
        penumbra, and the orbit-average hidden fraction of the solar disc
        (energy-weighted eclipse fraction).

    Notes
    -----
    With :math:`x_U` and :math:`x_P` the half-widths where
    :math:`\theta < \rho_E - \rho_S` and :math:`\theta < \rho_E + \rho_S`,

    .. math::

        f_U = \frac{x_U}{\pi}, \quad f_P = \frac{x_P - x_U}{\pi}, \quad
        f_{blocked} = \frac{1}{\pi}\left[x_U + \int_{x_U}^{x_P}
            \left(1 - \nu(\theta(x))\right) dx\right]

    with the integral by 8-point Gauss-Legendre quadrature (error < 1e-6 of
    the orbit against 64 points).
    """
    beta = jnp.deg2rad(_f64(beta_deg))
    rho_e = earth_angular_radius_rad(altitude_km, shadow_atmosphere_height_km)
    rho_s = sun_angular_radius_rad(sun_distance_km)
    beta, rho_e, rho_s = jnp.broadcast_arrays(beta, rho_e, rho_s)
    x_u = _half_angle_rad(rho_e - rho_s, beta)
    x_p = _half_angle_rad(rho_e + rho_s, beta)
    xs = x_u[..., None] + (x_p - x_u)[..., None] * _GL_X        # (..., 8)
    th = _theta_rad(beta[..., None], xs)
    blocked = 1.0 - solar_disc_visible_fraction(th, rho_s[..., None], rho_e[..., None])
    integral = (x_p - x_u) * jnp.sum(blocked * _GL_W, axis=-1)
    f_u = x_u / jnp.pi
    f_p = (x_p - x_u) / jnp.pi
    f_b = (x_u + integral) / jnp.pi
    return f_u, f_p, f_b


def eclipse_fraction(altitude_km, beta_deg, shadow_model: str = "conical", *,
                     shadow_atmosphere_height_km=0.0, sun_distance_km=AU_KM):
    r"""Fraction of a circular orbit in the Earth's shadow.

    Parameters
    ----------
    altitude_km : array_like
        Altitude above the equatorial radius [km].
    beta_deg : array_like
        Beta angle [deg].
    shadow_model : {"cylindrical", "conical"}
        ``"cylindrical"``: time fraction with the Sun's centre behind the
        Earth.  ``"conical"``: energy-weighted fraction (orbit-average hidden
        part of the solar disc, umbra + penumbra), see the module notes.
    shadow_atmosphere_height_km : float, optional
        Height added to the Earth's radius for the shadow [km].
    sun_distance_km : array_like, optional
        Earth-Sun distance [km] (conical model only).

    Returns
    -------
    eclipse_fraction : array
        0..1, broadcast shape of the inputs.

    Notes
    -----
    Cylindrical: :math:`f = \frac1\pi\arccos(\sqrt{1-(R/a)^2}/\cos\beta)` for
    :math:`|\beta| < \arcsin(R/a)`, else 0 (Vallado 2013 sec. 5.3.2).
    """
    _check_model(shadow_model)
    if shadow_model == "cylindrical":
        beta = jnp.deg2rad(_f64(beta_deg))
        rho_e = earth_angular_radius_rad(altitude_km, shadow_atmosphere_height_km)
        return _half_angle_rad(rho_e, beta) / jnp.pi
    return shadow_fractions(altitude_km, beta_deg,
                            shadow_atmosphere_height_km=shadow_atmosphere_height_km,
                            sun_distance_km=sun_distance_km)[2]


def eclipse_duration_s(altitude_km, beta_deg, shadow_model: str = "conical", *,
                       shadow_atmosphere_height_km=0.0, sun_distance_km=AU_KM):
    r"""Duration of one eclipse [s] on a circular orbit.

    ``"cylindrical"``: time with the Sun's centre hidden.  ``"conical"``:
    umbra plus penumbra (any part of the Sun hidden).

    .. math:: t_{ecl} = \frac{2 x_{half}}{2\pi} T, \qquad T = 2\pi\sqrt{a^3/\mu}
    """
    _check_model(shadow_model)
    period = _ok.period_s(altitude_km)
    if shadow_model == "cylindrical":
        f = eclipse_fraction(altitude_km, beta_deg, "cylindrical",
                             shadow_atmosphere_height_km=shadow_atmosphere_height_km)
    else:
        f_u, f_p, _ = shadow_fractions(altitude_km, beta_deg,
                                       shadow_atmosphere_height_km=shadow_atmosphere_height_km,
                                       sun_distance_km=sun_distance_km)
        f = f_u + f_p
    return f * period


def critical_beta_deg(altitude_km, shadow_model: str = "conical", *,
                      shadow_atmosphere_height_km=0.0, sun_distance_km=AU_KM):
    r"""Beta angle [deg] above which a circular orbit has no eclipse.

    Cylindrical: :math:`\beta^* = \arcsin((R_E + h_{atm})/a)`; conical:
    :math:`\beta^* = \rho_E + \rho_S` (no part of the Sun hidden).
    """
    _check_model(shadow_model)
    rho_e = earth_angular_radius_rad(altitude_km, shadow_atmosphere_height_km)
    if shadow_model == "conical":
        rho_e = rho_e + sun_angular_radius_rad(sun_distance_km)
    return jnp.rad2deg(rho_e)


def beta_angle_deg(raan_deg, inclination_deg, sun_ra_deg, sun_dec_deg):
    r"""Beta angle [deg]: the Sun's elevation above the orbit plane.

    Parameters
    ----------
    raan_deg, inclination_deg : array_like
        Right ascension of the ascending node and inclination [deg]
        (equatorial frame of the Sun coordinates).
    sun_ra_deg, sun_dec_deg : array_like
        The Sun's right ascension and declination [deg].

    Notes
    -----
    With orbit normal :math:`\hat h = (\sin i\sin\Omega, -\sin i\cos\Omega, \cos i)`
    and Sun unit vector :math:`\hat s`:

    .. math:: \sin\beta = \hat h\cdot\hat s = \cos\delta\,\sin i\,\sin(\Omega - \alpha) + \sin\delta\cos i
    """
    o = jnp.deg2rad(_f64(raan_deg))
    i = jnp.deg2rad(_f64(inclination_deg))
    ra = jnp.deg2rad(_f64(sun_ra_deg))
    dec = jnp.deg2rad(_f64(sun_dec_deg))
    s = jnp.cos(dec) * jnp.sin(i) * jnp.sin(o - ra) + jnp.sin(dec) * jnp.cos(i)
    return jnp.rad2deg(jnp.arcsin(jnp.clip(s, -1.0, 1.0)))


def sun_position_low_precision(days_since_j2000):
    r"""Low-precision geocentric Sun (Astronomical Almanac, section C).

    Parameters
    ----------
    days_since_j2000 : array_like
        :math:`n = JD - 2451545.0` (TT or UT; the difference is negligible) [days].

    Returns
    -------
    ra_deg, dec_deg, distance_km : arrays
        Right ascension and declination (mean equator and equinox of date)
        [deg] and distance [km].  Accuracy about 0.01 deg, 1950-2050.

    Notes
    -----
    .. math::

        L = 280.460^\circ + 0.9856474^\circ n,\quad g = 357.528^\circ + 0.9856003^\circ n,\\
        \lambda = L + 1.915^\circ\sin g + 0.020^\circ\sin 2g,\quad
        \epsilon = 23.439^\circ - 4\times10^{-7\,\circ} n,\\
        \alpha = \operatorname{atan2}(\cos\epsilon\sin\lambda, \cos\lambda),\quad
        \delta = \arcsin(\sin\epsilon\sin\lambda),\\
        R = 1.00014 - 0.01671\cos g - 0.00014\cos 2g \ {\rm AU}.
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
    r"""Right ascension of the fictitious mean Sun [deg]: the Sun's mean
    longitude :math:`L = 280.460^\circ + 0.9856474^\circ n` (Astronomical
    Almanac, section C).  A sun-synchronous node keeps
    :math:`\Omega - \alpha_{MS}` constant."""
    n = _f64(days_since_j2000)
    return jnp.mod(_AA_MEAN_LONGITUDE_DEG + _AA_MEAN_LONGITUDE_RATE_DEG_PER_DAY * n, 360.0)


def _annual_from_geometry(altitude_km, inclination_deg, raan_fn, start_days_since_j2000,
                          day_count, samples_per_day, shadow_model, shadow_atmosphere_height_km):
    """Shared day-grid evaluation; raan_fn(days) -> RAAN [deg] on the grid."""
    _check_model(shadow_model)
    d, s = int(day_count), int(samples_per_day)
    if d < 1 or s < 1:
        raise ValueError(f"day_count = {d} and samples_per_day = {s} must be >= 1")
    # Sample times: d*s + 1 points spanning [start, start + d days] inclusive.
    grid = jnp.arange(d * s + 1, dtype=jnp.float64) / s
    h = _f64(altitude_km)[..., None]
    inc = _f64(inclination_deg)[..., None]
    n = _f64(start_days_since_j2000)[..., None] + grid
    ra, dec, dist_km = sun_position_low_precision(n)
    raan = raan_fn(n)
    beta = beta_angle_deg(raan, inc, ra, dec)
    kw = dict(shadow_atmosphere_height_km=shadow_atmosphere_height_km)
    if shadow_model == "conical":
        f_u, f_p, f_b = shadow_fractions(h, beta, sun_distance_km=dist_km, **kw)
        dur = (f_u + f_p) * _ok.period_s(h)
    else:
        f_b = eclipse_fraction(h, beta, "cylindrical", **kw)
        dur = f_b * _ok.period_s(h)
    mean_sunlit = 1.0 - jnp.mean(f_b[..., :-1], axis=-1)
    longest = jnp.max(dur, axis=-1)
    ecl = dur > 0.0
    # A day has an eclipse if any of its s + 1 samples (both ends) has one.
    starts = ecl[..., :-1].reshape(ecl.shape[:-1] + (d, s))
    ends = ecl[..., s::s]
    day_has = jnp.any(starts, axis=-1) | ends
    days = jnp.sum(day_has, axis=-1).astype(jnp.float64)
    return mean_sunlit, longest, days


def annual_illumination(altitude_km, inclination_deg, raan_deg, *,
                        start_days_since_j2000=0.0, day_count: int = 365,
                        samples_per_day: int = 4, shadow_model: str = "conical",
                        shadow_atmosphere_height_km=0.0):
    r"""Annual illumination statistics of a circular orbit whose node drifts
    at the first-order J2 rate.

    Parameters
    ----------
    altitude_km, inclination_deg : array_like
        Altitude [km] and inclination [deg].
    raan_deg : array_like
        RAAN at the start of the span [deg].
    start_days_since_j2000 : array_like, optional
        Start of the span, :math:`JD - 2451545.0` [days].  Default J2000.0.
    day_count : int, optional
        Length of the span [days] (static).
    samples_per_day : int, optional
        Beta-angle samples per day (static).
    shadow_model : {"cylindrical", "conical"}
    shadow_atmosphere_height_km : float, optional

    Returns
    -------
    mean_sunlit_fraction, longest_eclipse_s, eclipse_day_count : arrays
        In this order; see :func:`annual_sso_illumination`.

    Notes
    -----
    :math:`\Omega(t) = \Omega_0 + \dot\Omega_{J2}\,(t - t_0)` with
    :math:`\dot\Omega_{J2}` from :func:`orbitalcompute.core.orbit_kernels.nodal_precession_rad_per_s`.
    """
    h = _f64(altitude_km)[..., None]
    rate_deg_per_day = jnp.rad2deg(_ok.nodal_precession_rad_per_s(
        h, _f64(inclination_deg)[..., None])) * DAY_S
    n0 = _f64(start_days_since_j2000)[..., None]
    r0 = _f64(raan_deg)[..., None]

    def raan_fn(n):
        return r0 + rate_deg_per_day * (n - n0)

    return _annual_from_geometry(altitude_km, inclination_deg, raan_fn, start_days_since_j2000,
                                 day_count, samples_per_day, shadow_model,
                                 shadow_atmosphere_height_km)


def annual_sso_illumination(altitude_km, ltan_h, *, start_days_since_j2000=0.0,
                            day_count: int = 365, samples_per_day: int = 4,
                            shadow_model: str = "conical", shadow_atmosphere_height_km=0.0,
                            tropical_year_days=ALMANAC_TROPICAL_YEAR_DAYS):
    r"""Annual illumination of a sun-synchronous circular orbit by altitude and LTAN.

    Pure JAX: broadcasts over ``altitude_km``, ``ltan_h`` and
    ``start_days_since_j2000``; jit/vmap/grad clean.  The integer and string
    arguments are static.

    Parameters
    ----------
    altitude_km : array_like
        Altitude above the equatorial radius [km].
    ltan_h : array_like
        Local (mean solar) time of the ascending node [h], 0..24.
    start_days_since_j2000 : array_like, optional
        Start of the year, :math:`JD - 2451545.0` [days]; default J2000.0.
        Annual results change by < 0.01 percentage points between years.
    day_count : int, optional
        Span [days], default 365.
    samples_per_day : int, optional
        Samples per day, default 4 (the Sun moves 0.25 deg between samples).
    shadow_model : {"cylindrical", "conical"}, optional
        Default ``"conical"``.
    shadow_atmosphere_height_km : float, optional
        Height added to the Earth's radius for the shadow [km], default 0.
    tropical_year_days : float, optional
        Sets the sun-synchronous inclination through J2.  Default: the year
        implied by the Almanac mean-Sun rate (365.2422 d); the public layer
        passes ``models/environment.toml``'s ``tropical_year_days``.

    Returns
    -------
    mean_sunlit_fraction : array
        Time-mean visible fraction of the solar disc over the span (0..1).
    longest_eclipse_s : array
        Longest single eclipse (umbra + penumbra for ``"conical"``) [s].
    eclipse_day_count : array (float)
        Number of days with at least one eclipse.

    All three are NaN where the inputs are out of domain (altitude below
    100 km or non-finite, no sun-synchronous orbit, LTAN outside [0, 24));
    :func:`annual_sso_feasibility` gives the mask and a reason code.

    Notes
    -----
    The node follows the mean Sun: :math:`\Omega = \alpha_{MS} + 15^\circ
    ({\rm LTAN} - 12\,{\rm h})`, the inclination is the J2 sun-synchronous one,
    the Sun is the Almanac low-precision Sun, and the beta angle on each sample
    sets the shadow fractions (:func:`shadow_fractions`).
    """
    feasible, _ = annual_sso_feasibility(altitude_km, ltan_h, tropical_year_days)
    h_safe = jnp.where(feasible, _f64(altitude_km), 700.0)
    inc = _ok.sun_synchronous_inclination_deg(h_safe, tropical_year_days)
    offset_deg = 15.0 * (_f64(ltan_h)[..., None] - 12.0)

    def raan_fn(n):
        return mean_sun_right_ascension_deg(n) + offset_deg

    out = _annual_from_geometry(h_safe, inc, raan_fn, start_days_since_j2000,
                                day_count, samples_per_day, shadow_model,
                                shadow_atmosphere_height_km)
    return tuple(jnp.where(feasible, x, jnp.nan) for x in out)


def annual_sso_feasibility(altitude_km, ltan_h, tropical_year_days=ALMANAC_TROPICAL_YEAR_DAYS):
    """Validity mask and reason code for :func:`annual_sso_illumination` inputs
    (jit-safe; the kernel returns NaN wherever ``feasible`` is False).

    Returns
    -------
    feasible : bool array
    reason_code : int array
        0 valid; 1 altitude below :data:`MIN_ALTITUDE_KM` or not finite;
        2 no sun-synchronous inclination at this altitude (above ~5,970 km);
        3 ``ltan_h`` outside [0, 24) or not finite.
    """
    h = _f64(altitude_km)
    lt = _f64(ltan_h)
    h, lt = jnp.broadcast_arrays(h, lt)
    bad_h = ~(jnp.isfinite(h) & (h >= MIN_ALTITUDE_KM))
    inc = _ok.sun_synchronous_inclination_deg(jnp.where(bad_h, 700.0, h), tropical_year_days)
    bad_sso = ~jnp.isfinite(inc)
    bad_lt = ~(jnp.isfinite(lt) & (lt >= 0.0) & (lt < 24.0))
    code = jnp.where(bad_h, REASON_ALTITUDE,
                     jnp.where(bad_sso, REASON_NO_SSO, jnp.where(bad_lt, REASON_LTAN, REASON_OK)))
    return code == REASON_OK, code


# ---------------------------------------------------------------------------
# Precomputed-table fast path for sun-synchronous orbits
# ---------------------------------------------------------------------------

#: Hours of local time in one revolution of the LTAN axis (the axis is periodic).
_LTAN_PERIOD_H = 24.0
#: Largest difference [km] between the requested shadow atmosphere height and
#: the table's for which the table is used (1 m: no visible effect on the shadow).
TABLE_SHADOW_ATMOSPHERE_TOLERANCE_KM = 1e-3
#: Largest difference [days] between the requested tropical year and the
#: table's: 1e-3 d changes the sun-synchronous inclination by < 3e-5 deg.
TABLE_TROPICAL_YEAR_TOLERANCE_DAYS = 1e-3


def annual_sso_shadow_margin_rad(altitude_km, ltan_h, *, start_days_since_j2000=0.0,
                                 day_count: int = 365, samples_per_day: int = 4,
                                 tropical_year_days=ALMANAC_TROPICAL_YEAR_DAYS):
    r"""Largest shadow margin of a sun-synchronous orbit over the span [rad].

    .. math:: \mu = \max_k\left(\rho_{S,k} - |\beta_k|\right)

    over the sample times of :func:`annual_sso_illumination` (same grid), with
    :math:`\rho_{S,k}` the Sun's angular radius at sample :math:`k`.  The orbit
    sees (part of) an eclipse on some sample iff :math:`\rho_E + \mu > 0`.
    :math:`\mu` does not depend on the Earth's shadow radius, and unlike the
    longest eclipse it has no square-root edge, so it interpolates well; the
    longest conical eclipse follows from it in closed form (see
    :func:`annual_sso_illumination_interp`).  NaN where
    :func:`annual_sso_feasibility` is False.
    """
    feasible, _ = annual_sso_feasibility(altitude_km, ltan_h, tropical_year_days)
    d, s = int(day_count), int(samples_per_day)
    if d < 1 or s < 1:
        raise ValueError(f"day_count = {d} and samples_per_day = {s} must be >= 1")
    h_safe = jnp.where(feasible, _f64(altitude_km), 700.0)
    inc = _ok.sun_synchronous_inclination_deg(h_safe, tropical_year_days)[..., None]
    grid = jnp.arange(d * s + 1, dtype=jnp.float64) / s
    n = _f64(start_days_since_j2000)[..., None] + grid
    ra, dec, dist_km = sun_position_low_precision(n)
    raan = mean_sun_right_ascension_deg(n) + 15.0 * (_f64(ltan_h)[..., None] - 12.0)
    beta = jnp.deg2rad(beta_angle_deg(raan, inc, ra, dec))
    mu = jnp.max(sun_angular_radius_rad(dist_km) - jnp.abs(beta), axis=-1)
    return jnp.where(feasible, mu, jnp.nan)


class SSOIlluminationTable(NamedTuple):
    """Annual illumination of sun-synchronous orbits on an altitude x LTAN grid
    (a pytree of arrays; build with :func:`make_sso_illumination_table`).

    Attributes
    ----------
    altitude_km : array (n_alt,)
        Uniform altitude grid [km].
    ltan_h : array (n_ltan,)
        Uniform LTAN grid ``24 h * arange(n_ltan) / n_ltan`` [h] (periodic).
    values : array (n_alt, n_ltan, 3)
        ``mean_sunlit_fraction``, ``shadow_margin_rad``
        (:func:`annual_sso_shadow_margin_rad`) and ``eclipse_day_count`` of the
        direct kernel (conical shadow, 365 days x 4 samples from J2000.0).
    shadow_atmosphere_height_km, tropical_year_days : array ()
        Environment the table was computed for.
    """

    altitude_km: jnp.ndarray
    ltan_h: jnp.ndarray
    values: jnp.ndarray
    shadow_atmosphere_height_km: jnp.ndarray
    tropical_year_days: jnp.ndarray


def make_sso_illumination_table(altitude_km, ltan_h, mean_sunlit_fraction, shadow_margin_rad,
                                eclipse_day_count, shadow_atmosphere_height_km,
                                tropical_year_days) -> SSOIlluminationTable:
    """Check grid shapes and spacing and pack an :class:`SSOIlluminationTable`.

    Concrete (NumPy) inputs only: call it outside ``jit``.  The arrays become
    float64 constants.
    """
    alt = np.asarray(altitude_km, dtype=np.float64)
    lt = np.asarray(ltan_h, dtype=np.float64)
    if alt.ndim != 1 or alt.size < 2 or np.any(np.diff(alt) <= 0):
        raise ValueError("altitude_km must be an increasing 1-D grid of >= 2 points")
    if not np.allclose(np.diff(alt), alt[1] - alt[0], rtol=1e-9, atol=1e-9):
        raise ValueError("altitude_km must be uniformly spaced")
    expect = _LTAN_PERIOD_H * np.arange(lt.size) / max(lt.size, 1)
    if lt.ndim != 1 or lt.size < 4 or not np.allclose(lt, expect, rtol=0.0, atol=1e-9):
        raise ValueError("ltan_h must be the periodic grid 24 h * arange(n) / n with n >= 4")
    cols = [np.asarray(c, dtype=np.float64) for c in
            (mean_sunlit_fraction, shadow_margin_rad, eclipse_day_count)]
    for name, c in zip(("mean_sunlit_fraction", "shadow_margin_rad", "eclipse_day_count"), cols):
        if c.shape != (alt.size, lt.size):
            raise ValueError(f"{name} has shape {c.shape}, expected {(alt.size, lt.size)}")
        if not np.all(np.isfinite(c)):
            raise ValueError(f"{name} has non-finite entries")
    with jax.ensure_compile_time_eval():  # constants even if called under a trace
        return SSOIlluminationTable(jnp.asarray(alt), jnp.asarray(lt), jnp.asarray(np.stack(cols, axis=-1)),
                                    jnp.asarray(float(shadow_atmosphere_height_km)),
                                    jnp.asarray(float(tropical_year_days)))


def sso_illumination_grid(altitude_km, ltan_h, *, shadow_atmosphere_height_km=0.0,
                          tropical_year_days=ALMANAC_TROPICAL_YEAR_DAYS, batch_size: int = 256):
    """The direct kernels on the grid ``altitude_km x ltan_h`` (vmapped in
    batches of ``batch_size`` points with :func:`jax.lax.map`, no Python loop).

    Returns
    -------
    dict of arrays (n_alt, n_ltan)
        ``mean_sunlit_fraction``, ``longest_eclipse_s``, ``eclipse_day_count``
        (:func:`annual_sso_illumination`, conical shadow, default span) and
        ``shadow_margin_rad`` (:func:`annual_sso_shadow_margin_rad`).
    """
    a, lt = jnp.meshgrid(_f64(altitude_km), _f64(ltan_h), indexing="ij")

    def one(x):
        sun, ecl, days = annual_sso_illumination(
            x[0], x[1], shadow_atmosphere_height_km=shadow_atmosphere_height_km,
            tropical_year_days=tropical_year_days)
        mu = annual_sso_shadow_margin_rad(x[0], x[1], tropical_year_days=tropical_year_days)
        return jnp.stack([sun, ecl, days, mu])

    pts = jnp.stack([a.ravel(), lt.ravel()], axis=-1)
    out = jax.jit(lambda p: jax.lax.map(one, p, batch_size=int(batch_size)))(pts)
    out = out.reshape(a.shape + (4,))
    return {k: out[..., i] for i, k in enumerate(
        ("mean_sunlit_fraction", "longest_eclipse_s", "eclipse_day_count", "shadow_margin_rad"))}


def build_sso_illumination_table(altitude_km, ltan_point_count: int, *, shadow_atmosphere_height_km=0.0,
                                 tropical_year_days=ALMANAC_TROPICAL_YEAR_DAYS,
                                 batch_size: int = 256) -> SSOIlluminationTable:
    """Compute an :class:`SSOIlluminationTable` with the direct kernels
    (:func:`sso_illumination_grid`) on ``altitude_km`` x ``ltan_point_count``
    LTANs spread uniformly over [0, 24) h.  Costs ~1 ms per grid point on a CPU
    core."""
    lt = _LTAN_PERIOD_H * np.arange(int(ltan_point_count)) / int(ltan_point_count)
    g = sso_illumination_grid(np.asarray(altitude_km, dtype=np.float64), lt,
                              shadow_atmosphere_height_km=shadow_atmosphere_height_km,
                              tropical_year_days=tropical_year_days, batch_size=batch_size)
    return make_sso_illumination_table(altitude_km, lt, np.asarray(g["mean_sunlit_fraction"]),
                                       np.asarray(g["shadow_margin_rad"]), np.asarray(g["eclipse_day_count"]),
                                       shadow_atmosphere_height_km, tropical_year_days)


def sso_illumination_table_feasibility(table: SSOIlluminationTable, altitude_km, ltan_h,
                                       shadow_atmosphere_height_km=None, tropical_year_days=None):
    """Validity mask and reason code of :func:`annual_sso_illumination_interp`
    (jit-safe).

    Returns
    -------
    feasible : bool array
    reason_code : int array
        0 valid; 1 altitude not finite; 3 ``ltan_h`` outside [0, 24) or not
        finite; 4 (:data:`REASON_TABLE_ALTITUDE`) altitude outside the table's
        range; 5 (:data:`REASON_TABLE_ENVIRONMENT`) shadow atmosphere height or
        tropical year differs from the table's (by more than
        :data:`TABLE_SHADOW_ATMOSPHERE_TOLERANCE_KM` /
        :data:`TABLE_TROPICAL_YEAR_TOLERANCE_DAYS`): use the direct kernel.
    """
    h = _f64(altitude_km)
    lt = _f64(ltan_h)
    h, lt = jnp.broadcast_arrays(h, lt)
    bad_h = ~jnp.isfinite(h)
    out = (h < table.altitude_km[0]) | (h > table.altitude_km[-1])
    bad_lt = ~(jnp.isfinite(lt) & (lt >= 0.0) & (lt < _LTAN_PERIOD_H))
    env_ok = jnp.asarray(True)
    if shadow_atmosphere_height_km is not None:
        env_ok = env_ok & (jnp.abs(_f64(shadow_atmosphere_height_km) - table.shadow_atmosphere_height_km)
                           <= TABLE_SHADOW_ATMOSPHERE_TOLERANCE_KM)
    if tropical_year_days is not None:
        env_ok = env_ok & (jnp.abs(_f64(tropical_year_days) - table.tropical_year_days)
                           <= TABLE_TROPICAL_YEAR_TOLERANCE_DAYS)
    code = jnp.where(bad_h, REASON_ALTITUDE,
                     jnp.where(out, REASON_TABLE_ALTITUDE,
                               jnp.where(bad_lt, REASON_LTAN,
                                         jnp.where(env_ok, REASON_OK, REASON_TABLE_ENVIRONMENT))))
    return code == REASON_OK, code


def annual_sso_illumination_interp(table: SSOIlluminationTable, altitude_km, ltan_h, *,
                                   shadow_atmosphere_height_km=None, tropical_year_days=None):
    r"""Annual illumination of a sun-synchronous orbit from a precomputed table.

    The fast path of :func:`annual_sso_illumination` (same outputs, conical
    shadow, 365 days x 4 samples): a few hundred nanoseconds per design instead
    of ~1 ms.  Pure JAX; broadcasts over ``altitude_km`` and ``ltan_h``;
    jit/vmap/grad clean.

    Parameters
    ----------
    table : SSOIlluminationTable
        From :func:`build_sso_illumination_table` or the stored file
        (:func:`orbitalcompute.illumination.sso_illumination_table`).
    altitude_km : array_like
        Altitude [km], inside the table's altitude range.
    ltan_h : array_like
        LTAN [h], 0..24 (the table is periodic in LTAN).
    shadow_atmosphere_height_km, tropical_year_days : array_like, optional
        The environment of the caller [km], [days]; where it differs from the
        table's, the outputs are NaN (reason code 5).  ``None``: not checked.
        The longest eclipse uses ``shadow_atmosphere_height_km`` in its closed
        form (exact gradient); the sunlit fraction and the day count do not
        depend on either argument (zero gradient).

    Returns
    -------
    mean_sunlit_fraction, longest_eclipse_s, eclipse_day_count : arrays
        As :func:`annual_sso_illumination`; NaN where
        :func:`sso_illumination_table_feasibility` is False.

    Notes
    -----
    Bilinear interpolation (periodic in LTAN) of the mean sunlit fraction, the
    shadow margin :math:`\mu` (:func:`annual_sso_shadow_margin_rad`) and the
    eclipse day count.  The longest eclipse is not interpolated (it has a
    square-root edge where eclipse seasons begin) but rebuilt in closed form
    from :math:`\mu`, with the mean solar radius :math:`\rho_{S0}` at 1 AU:

    .. math:: t_{max} = \frac{T}{\pi}\arccos\!\left(\min\left(1,
              \frac{\cos(\rho_E + \rho_{S0})}{\cos(\rho_{S0} - \mu)}\right)\right)

    which is the conical umbra + penumbra duration at the sample of largest
    margin (exact where :math:`\rho_{S,k} = \rho_{S0}`; within 0.2 s of the
    direct kernel otherwise).  The day count is a step function: its
    interpolated value is approximate near eclipse-season edges (see
    ``tests/test_illumination_table.py`` for measured errors).
    """
    feasible, _ = sso_illumination_table_feasibility(table, altitude_km, ltan_h,
                                                     shadow_atmosphere_height_km, tropical_year_days)
    grid_a = table.altitude_km
    n_alt = grid_a.shape[0]
    n_lt = table.ltan_h.shape[0]
    a0 = grid_a[0]
    da = grid_a[1] - grid_a[0]
    h = jnp.where(feasible, _f64(altitude_km), a0)
    lt = jnp.where(feasible, _f64(ltan_h), 0.0)
    ta = (h - a0) / da
    ia = jnp.clip(jnp.floor(ta), 0, n_alt - 2)
    wa = (ta - ia)[..., None]
    ia = ia.astype(jnp.int32)
    tl = lt * (n_lt / _LTAN_PERIOD_H)
    il = jnp.floor(tl)
    wl = (tl - il)[..., None]
    il = jnp.mod(il.astype(jnp.int32), n_lt)
    il1 = jnp.mod(il + 1, n_lt)
    v = table.values
    vals = ((1.0 - wa) * ((1.0 - wl) * v[ia, il] + wl * v[ia, il1])
            + wa * ((1.0 - wl) * v[ia + 1, il] + wl * v[ia + 1, il1]))
    sunlit, mu, days = vals[..., 0], vals[..., 1], vals[..., 2]
    h_atm = table.shadow_atmosphere_height_km if shadow_atmosphere_height_km is None \
        else _f64(shadow_atmosphere_height_km)
    rho_e = earth_angular_radius_rad(h, h_atm)
    rho_s0 = sun_angular_radius_rad(AU_KM)
    longest = _half_angle_rad(rho_e + rho_s0, rho_s0 - mu) / jnp.pi * _ok.period_s(h)
    return tuple(jnp.where(feasible, x, jnp.nan) for x in (sunlit, longest, days))
