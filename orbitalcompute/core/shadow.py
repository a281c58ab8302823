r"""Analytic Earth-shadow kernels for circular orbits (numeric core, pure JAX).

One job: given the altitude and the beta angle of a circular orbit, the
fraction and duration of one orbit spent in the Earth's shadow.  The Sun's
position and the day grid live in `orbitalcompute.core.sun` and
`orbitalcompute.core.illumination_series`.

Geometry
--------
Let $\beta$ be the beta angle (Sun elevation above the orbit plane) and $x$
the angle along the orbit measured from the point nearest the anti-Sun
direction.  With the Sun direction seen from the satellite taken parallel to
the Earth-Sun line (parallax $a/{\rm AU} < 10^{-4}$ rad, 2 % of the solar
radius), the angle between the Sun's centre and the Earth's centre seen from
the satellite is

$$\cos\theta = \cos\beta\cos x .$$

The Earth's disc has angular radius $\rho_E = \arcsin((R_E + h_{atm})/a)$
and the Sun's $\rho_S = \arcsin(R_\odot/d_\odot)$.

* **cylindrical** shadow: the satellite is dark while the Sun's *centre* is
  behind the Earth, $\theta < \rho_E$ (identical to the classical cylinder of
  radius $R_E$ behind the Earth).  The eclipse fraction of the orbit is
  $f = \frac{1}{\pi}\arccos\left(\sqrt{1-(R/a)^2}/\cos\beta\right)$ for
  $|\beta| < \beta^* = \arcsin(R/a)$, which at $\beta = 0$ is
  $\arcsin(R/a)/\pi$.
* **conical** shadow (umbra + penumbra): the solar disc is fully hidden for
  $\theta \le \rho_E - \rho_S$ (umbra), partly hidden for
  $\rho_E - \rho_S < \theta < \rho_E + \rho_S$ (penumbra).  The hidden part is
  the overlap of two discs (Montenbruck & Gill 2000, eqs. 3.85-3.87, uniform
  solar disc, no limb darkening).  **The conical "eclipse fraction" is
  energy-weighted**: the orbit-average fraction of the solar disc that is
  hidden, i.e. one minus the mean sunlit fraction a solar array sees.  The
  time fractions spent in umbra and penumbra are returned separately by
  `shadow_fractions`, and `eclipse_duration_s` counts umbra *plus* penumbra
  (any part of the Sun hidden), the conservative duration for battery sizing.

Differentiability
-----------------
Everything is smooth in altitude and beta except at the shadow boundary
$|\beta| = \beta^*$, where the eclipse fraction behaves like
$\sqrt{\beta^* - |\beta|}$: it is continuous but its derivative is unbounded
as $|\beta| \to \beta^{*-}$ (the kernels keep it finite and return zero
gradient beyond).

References
----------
Montenbruck, O. & Gill, E. (2000), Satellite Orbits: Models, Methods and
Applications, Springer, sec. 3.4.2, doi:10.1007/978-3-642-58351-3.

Vallado, D. A. (2013), Fundamentals of Astrodynamics and Applications, 4th ed.,
sec. 5.3.2 (shadow).
"""

from __future__ import annotations

import numpy as np
import jax.numpy as jnp

from ..constants import AU_KM, R_EARTH_KM, R_SUN_KM
from . import orbit_kernels as _ok

__all__ = [
    "SHADOW_MODELS",
    "check_shadow_model",
    "earth_angular_radius_rad",
    "sun_angular_radius_rad",
    "solar_disc_visible_fraction",
    "shadow_fractions",
    "eclipse_fraction",
    "eclipse_duration_s",
    "critical_beta_deg",
    "beta_angle_deg",
    "conical_eclipse_half_angle_rad",
]

#: Valid ``shadow_model`` names.
SHADOW_MODELS = ("cylindrical", "conical")

# Gauss-Legendre nodes on [0, 1] for the penumbra integral (static).  8 nodes:
# max error 6e-7 of the orbit (3 ms of eclipse at 650 km) against 64 nodes.
_GL_X, _GL_W = np.polynomial.legendre.leggauss(8)
_GL_X = 0.5 * (_GL_X + 1.0)
_GL_W = 0.5 * _GL_W


def check_shadow_model(shadow_model: str) -> str:
    """Return ``shadow_model`` if it is one of `SHADOW_MODELS`, else raise ``ValueError``.

    Examples
    --------
    >>> check_shadow_model("conical")
    'conical'
    """
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

    $$\rho_E = \arcsin\frac{R_E + h_{atm}}{R_E + h}$$

    NaN where the satellite would be inside the shadowing sphere.

    Parameters
    ----------
    altitude_km : array_like
        Altitude [km].
    shadow_atmosphere_height_km : array_like, optional
        Height added to the Earth's radius [km].

    Examples
    --------
    >>> round(float(earth_angular_radius_rad(650.0)), 6)
    1.137328
    """
    a = _ok.semi_major_axis_km(altitude_km)
    ratio = (R_EARTH_KM + _f64(shadow_atmosphere_height_km)) / a
    ok = ratio < 1.0
    return jnp.where(ok, jnp.arcsin(jnp.where(ok, ratio, 0.5)), jnp.nan)


def sun_angular_radius_rad(sun_distance_km=AU_KM):
    r"""Apparent angular radius of the Sun $\rho_S = \arcsin(R_\odot/d)$ [rad].

    Parameters
    ----------
    sun_distance_km : array_like, optional
        Earth-Sun distance [km], default 1 AU.

    Examples
    --------
    >>> round(float(sun_angular_radius_rad()), 6)
    0.00465
    """
    return jnp.arcsin(R_SUN_KM / _f64(sun_distance_km))


def solar_disc_visible_fraction(separation_rad, sun_radius_rad, earth_radius_rad):
    r"""Fraction of the (uniform) solar disc not hidden by the Earth's disc.

    Parameters
    ----------
    separation_rad : array_like
        Angle between the Sun's centre and the Earth's centre seen from the
        satellite, $\theta$ [rad].
    sun_radius_rad, earth_radius_rad : array_like
        Apparent radii $\rho_S < \rho_E$ [rad].

    Returns
    -------
    visible_fraction : array
        1 in full sunlight, 0 in the umbra, the unblocked part in between.

    Notes
    -----
    Montenbruck & Gill (2000) eqs. 3.85-3.87 (planar overlap of two circles):

    $$
    x = \frac{\theta^2 + \rho_S^2 - \rho_E^2}{2\theta},\quad
    y = \sqrt{\rho_S^2 - x^2},\quad
    A = \rho_S^2\arccos\frac{x}{\rho_S} + \rho_E^2\arccos\frac{\theta - x}{\rho_E} - \theta y,
    $$

    visible fraction $\nu = 1 - A/(\pi\rho_S^2)$.

    Examples
    --------
    >>> rho_s = 0.00465                   # the Sun at 1 AU [rad]
    >>> [round(float(solar_disc_visible_fraction(th, rho_s, 1.0)), 3) for th in (0.9, 1.0, 1.1)]
    [0.0, 0.5, 1.0]
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


def conical_eclipse_half_angle_rad(threshold_rad, beta_rad):
    r"""Half-width [rad] along the orbit of the arc where $\theta$ < ``threshold_rad``.

    $x_{half} = \arccos(\min(1, \cos\theta_{max}/\cos\beta))$, 0 where the
    arc is empty (finite gradient at the edge).

    Examples
    --------
    >>> round(float(conical_eclipse_half_angle_rad(0.5, 0.0)), 6)
    0.5
    """
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
    With $x_U$ and $x_P$ the half-widths where
    $\theta < \rho_E - \rho_S$ and $\theta < \rho_E + \rho_S$,

    $$
    f_U = \frac{x_U}{\pi}, \quad f_P = \frac{x_P - x_U}{\pi}, \quad
    f_{blocked} = \frac{1}{\pi}\left[x_U + \int_{x_U}^{x_P}
    \left(1 - \nu(\theta(x))\right) dx\right]
    $$

    with the integral by 8-point Gauss-Legendre quadrature (error < 1e-6 of
    the orbit against 64 points).

    Examples
    --------
    >>> [round(float(x), 4) for x in shadow_fractions(650.0, 0.0)]
    [0.3605, 0.003, 0.362]
    """
    beta = jnp.deg2rad(_f64(beta_deg))
    rho_e = earth_angular_radius_rad(altitude_km, shadow_atmosphere_height_km)
    rho_s = sun_angular_radius_rad(sun_distance_km)
    beta, rho_e, rho_s = jnp.broadcast_arrays(beta, rho_e, rho_s)
    x_u = conical_eclipse_half_angle_rad(rho_e - rho_s, beta)
    x_p = conical_eclipse_half_angle_rad(rho_e + rho_s, beta)
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
    Cylindrical: $f = \frac1\pi\arccos(\sqrt{1-(R/a)^2}/\cos\beta)$ for
    $|\beta| < \arcsin(R/a)$, else 0 (Vallado 2013 sec. 5.3.2).

    Examples
    --------
    >>> round(float(eclipse_fraction(400.0, 0.0, "cylindrical")), 4)   # arcsin(R/a)/pi
    0.3901
    >>> float(eclipse_fraction(650.0, 80.0))                            # beyond the critical beta
    0.0
    """
    check_shadow_model(shadow_model)
    if shadow_model == "cylindrical":
        beta = jnp.deg2rad(_f64(beta_deg))
        rho_e = earth_angular_radius_rad(altitude_km, shadow_atmosphere_height_km)
        return conical_eclipse_half_angle_rad(rho_e, beta) / jnp.pi
    return shadow_fractions(altitude_km, beta_deg,
                            shadow_atmosphere_height_km=shadow_atmosphere_height_km,
                            sun_distance_km=sun_distance_km)[2]


def eclipse_duration_s(altitude_km, beta_deg, shadow_model: str = "conical", *,
                       shadow_atmosphere_height_km=0.0, sun_distance_km=AU_KM):
    r"""Duration of one eclipse [s] on a circular orbit.

    ``"cylindrical"``: time with the Sun's centre hidden.  ``"conical"``:
    umbra plus penumbra (any part of the Sun hidden).

    $$t_{ecl} = \frac{2 x_{half}}{2\pi} T, \qquad T = 2\pi\sqrt{a^3/\mu}$$

    Parameters
    ----------
    altitude_km, beta_deg, shadow_model, shadow_atmosphere_height_km, sun_distance_km
        As `eclipse_fraction`.

    Returns
    -------
    eclipse_duration_s : array
        [s].

    Examples
    --------
    >>> round(float(eclipse_duration_s(650.0, 0.0))), round(float(eclipse_duration_s(650.0, 0.0, "cylindrical")))
    (2131, 2123)
    """
    check_shadow_model(shadow_model)
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

    Cylindrical: $\beta^* = \arcsin((R_E + h_{atm})/a)$; conical:
    $\beta^* = \rho_E + \rho_S$ (no part of the Sun hidden).

    Parameters
    ----------
    altitude_km : array_like
        Altitude [km].
    shadow_model : {"cylindrical", "conical"}
    shadow_atmosphere_height_km : array_like, optional
        [km].
    sun_distance_km : array_like, optional
        [km] (conical only).

    Examples
    --------
    >>> round(float(critical_beta_deg(650.0, "cylindrical")), 2), round(float(critical_beta_deg(650.0)), 2)
    (65.16, 65.43)
    """
    check_shadow_model(shadow_model)
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
    With orbit normal $\hat h = (\sin i\sin\Omega, -\sin i\cos\Omega, \cos i)$
    and Sun unit vector $\hat s$:

    $$\sin\beta = \hat h\cdot\hat s = \cos\delta\,\sin i\,\sin(\Omega - \alpha) + \sin\delta\cos i$$

    Examples
    --------
    >>> round(float(beta_angle_deg(0.0, 0.0, 77.0, 23.0)), 6)   # equatorial orbit: beta = dec
    23.0
    """
    o = jnp.deg2rad(_f64(raan_deg))
    i = jnp.deg2rad(_f64(inclination_deg))
    ra = jnp.deg2rad(_f64(sun_ra_deg))
    dec = jnp.deg2rad(_f64(sun_dec_deg))
    s = jnp.cos(dec) * jnp.sin(i) * jnp.sin(o - ra) + jnp.sin(dec) * jnp.cos(i)
    return jnp.rad2deg(jnp.arcsin(jnp.clip(s, -1.0, 1.0)))
