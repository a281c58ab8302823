r"""Geometry kernels for network latency (numeric core, pure JAX).

Ground points, satellites and links on a spherical Earth of radius
$R_E$ (WGS-84 equatorial radius from `orbitalcompute.constants`).
All functions broadcast, are safe under ``jit``/``vmap``/``grad`` and take
plain float64 values in the units their names carry.

Frames
------
* *ECI* here is the true-equator, mean-equinox frame in which SGP4 works
  (TEME); the circular-orbit kernels of `orbitalcompute.core.orbit_kernels`
  give positions in it.
* *ECEF* is obtained by one rotation about the z axis by the Greenwich mean
  sidereal time (IAU 1982 GMST, `gmst_rad`), the rotation SGP4 users
  apply to go from TEME to the pseudo-Earth-fixed frame (Vallado 2013,
  sec. 3.7; Vallado et al. 2006).  Polar motion (~10 m) is neglected.
  `gmst_rad` (the one GMST of the package) lives in `orbitalcompute.core.time`
  and the circular propagator `circular_positions_eci_km` (the one Walker
  propagator) in `orbitalcompute.core.orbit_kernels`; both are re-exported
  here.

Spherical Earth
---------------
Ground points are placed on the sphere with geocentric latitude equal to the
given latitude.  The largest position error this makes against the WGS-84
ellipsoid is about 21 km (at 45 deg latitude, mostly along the meridian),
i.e. at most 0.07 ms of one-way light time; latency results are insensitive
to it at the 0.1 ms level.  Elevation is measured from the local horizontal
plane of the sphere.

References
----------
Vallado, D. A. (2013). Fundamentals of Astrodynamics and Applications, 4th ed.,
Microcosm Press, sec. 3.5 (GMST, IAU 1982), sec. 11.2 (slant range and coverage).

Vallado, D. A., Crawford, P., Hujsak, R., Kelso, T. S. (2006). Revisiting
Spacetrack Report #3, AIAA 2006-6753, doi:10.2514/6.2006-6753.

Kassing, S. et al. (2020). Exploring the "Internet from space" with Hypatia,
ACM IMC 2020, doi:10.1145/3419394.3423635 (maximum ISL length rule).
"""

from __future__ import annotations

import jax.numpy as jnp

from ..constants import C_M_PER_S, R_EARTH_KM
from .orbit_kernels import circular_positions_eci_km
from .time import gmst_rad

__all__ = [
    "C_KM_PER_MS",
    "geodetic_to_ecef_km",
    "ecef_to_latlon_deg",
    "gmst_rad",
    "eci_to_ecef_km",
    "circular_positions_eci_km",
    "elevation_deg",
    "slant_range_km",
    "max_slant_range_km",
    "coverage_half_angle_rad",
    "coverage_radius_km",
    "grazing_distance_km",
    "link_clears_atmosphere",
    "max_isl_range_km",
    "great_circle_angle_rad",
    "great_circle_distance_km",
    "ground_visibility_km",
    "fibre_one_way_ms",
    "isl_feasibility",
    "ISL_OK",
    "ISL_TOO_LONG",
    "ISL_THROUGH_ATMOSPHERE",
]

#: Speed of light in vacuum [km/ms] (CODATA via scipy).
C_KM_PER_MS: float = C_M_PER_S * 1e-6



def _f64(x):
    return jnp.asarray(x, dtype=jnp.float64)


def geodetic_to_ecef_km(latitude_deg, longitude_deg, height_km=0.0):
    r"""Earth-fixed position [km] of a point on (or above) the spherical Earth.

    $$
    \mathbf r = (R_E + h)\,(\cos\phi\cos\lambda,\; \cos\phi\sin\lambda,\; \sin\phi)
    $$

    Parameters
    ----------
    latitude_deg, longitude_deg : array_like
        Latitude [deg] and longitude [deg] (east positive).
    height_km : array_like
        Height above the sphere [km].

    Returns
    -------
    Array of shape ``broadcast(...) + (3,)`` [km].

    Examples
    --------
    >>> [round(float(x), 3) for x in geodetic_to_ecef_km(0.0, 90.0)]
    [0.0, 6378.137, 0.0]
    """
    lat = jnp.deg2rad(_f64(latitude_deg))
    lon = jnp.deg2rad(_f64(longitude_deg))
    r = R_EARTH_KM + _f64(height_km)
    x = r * jnp.cos(lat) * jnp.cos(lon)
    y = r * jnp.cos(lat) * jnp.sin(lon)
    z = r * jnp.sin(lat)
    x, y, z = jnp.broadcast_arrays(x, y, z)
    return jnp.stack((x, y, z), axis=-1)


def ecef_to_latlon_deg(position_km):
    r"""Geocentric latitude and longitude [deg] of Earth-fixed positions.

    Returns ``(latitude_deg, longitude_deg, radius_km)``; longitude in (-180, 180].

    Examples
    --------
    >>> [round(float(x), 6) for x in ecef_to_latlon_deg(geodetic_to_ecef_km(51.5, -0.13))]
    [51.5, -0.13, 6378.137]
    """
    p = _f64(position_km)
    r = jnp.linalg.norm(p, axis=-1)
    lat = jnp.rad2deg(jnp.arcsin(jnp.clip(p[..., 2] / r, -1.0, 1.0)))
    lon = jnp.rad2deg(jnp.arctan2(p[..., 1], p[..., 0]))
    return lat, lon, r


def eci_to_ecef_km(position_eci_km, gmst_angle_rad):
    r"""Rotate ECI (TEME) positions into the Earth-fixed frame.

    $$
    \mathbf r_{ECEF} = R_3(\theta)\,\mathbf r_{ECI}, \qquad
    R_3(\theta) = \begin{pmatrix}\cos\theta & \sin\theta & 0\\
    -\sin\theta & \cos\theta & 0\\ 0 & 0 & 1\end{pmatrix}
    $$

    ``gmst_angle_rad`` broadcasts against the leading axes of the positions.

    Examples
    --------
    >>> [round(float(x), 6) for x in eci_to_ecef_km(jnp.array([7000.0, 0.0, 0.0]), jnp.pi / 2)]
    [0.0, -7000.0, 0.0]
    """
    p = _f64(position_eci_km)
    th = _f64(gmst_angle_rad)
    c, s = jnp.cos(th), jnp.sin(th)
    x = c * p[..., 0] + s * p[..., 1]
    y = -s * p[..., 0] + c * p[..., 1]
    x, y, z = jnp.broadcast_arrays(x, y, p[..., 2])
    return jnp.stack((x, y, z), axis=-1)


def elevation_deg(ground_ecef_km, target_ecef_km):
    r"""Elevation [deg] of a target above the local horizontal of a ground
    point on the sphere.

    $$
    \sin\varepsilon = \frac{\hat{\mathbf g}\cdot(\mathbf s - \mathbf g)}
    {|\mathbf s - \mathbf g|}
    $$

    Shapes broadcast over the leading axes; the last axis holds (x, y, z).

    Examples
    --------
    >>> round(float(elevation_deg(geodetic_to_ecef_km(0.0, 0.0), geodetic_to_ecef_km(0.0, 0.0, 550.0))), 6)   # zenith
    90.0
    """
    g = _f64(ground_ecef_km)
    s = _f64(target_ecef_km)
    d = s - g
    rng = jnp.linalg.norm(d, axis=-1)
    up = g / jnp.linalg.norm(g, axis=-1, keepdims=True)
    sin_el = jnp.sum(up * d, axis=-1) / jnp.where(rng > 0, rng, 1.0)
    return jnp.rad2deg(jnp.arcsin(jnp.clip(sin_el, -1.0, 1.0)))


def slant_range_km(altitude_km, elevation_deg_):
    r"""Distance [km] from a ground point to a satellite at altitude ``h``
    seen at elevation $\varepsilon$ (closed form, spherical Earth).

    $$
    d = \sqrt{(R_E + h)^2 - R_E^2\cos^2\varepsilon} - R_E\sin\varepsilon
    $$

    Returns NaN for altitudes <= 0 or elevations outside [0, 90] deg.

    References
    ----------
    Vallado (2013) sec. 11.2; Larson & Wertz, Space Mission Analysis and
    Design, 3rd ed., eq. 5-17.

    Examples
    --------
    >>> round(float(slant_range_km(550.0, 90.0)), 6), round(float(slant_range_km(550.0, 25.0)), 1)
    (550.0, 1123.4)
    """
    h = _f64(altitude_km)
    e = _f64(elevation_deg_)
    ok = (h > 0) & (e >= 0) & (e <= 90)
    er = jnp.deg2rad(jnp.where(ok, e, 45.0))
    hs = jnp.where(ok, h, 1.0)
    a = R_EARTH_KM + hs
    d = jnp.sqrt(a**2 - (R_EARTH_KM * jnp.cos(er)) ** 2) - R_EARTH_KM * jnp.sin(er)
    return jnp.where(ok, d, jnp.nan)


def max_slant_range_km(altitude_km, min_elevation_deg):
    """Longest ground-satellite link [km] allowed by an elevation mask
    (the slant range at the minimum elevation).

    Examples
    --------
    >>> round(float(max_slant_range_km(550.0, 25.0)), 1)
    1123.4
    """
    return slant_range_km(altitude_km, min_elevation_deg)


def coverage_half_angle_rad(altitude_km, min_elevation_deg):
    r"""Earth-central half-angle [rad] of the area that sees a satellite at
    or above the elevation mask.

    $$
    \lambda = \arccos\!\left(\frac{R_E\cos\varepsilon_{min}}{R_E + h}\right)
    - \varepsilon_{min}
    $$

    Returns NaN outside the domain (altitude <= 0, mask outside [0, 90)).

    Examples
    --------
    >>> round(float(coverage_half_angle_rad(550.0, 25.0)), 5)
    0.14749
    """
    h = _f64(altitude_km)
    e = _f64(min_elevation_deg)
    ok = (h > 0) & (e >= 0) & (e < 90)
    er = jnp.deg2rad(jnp.where(ok, e, 45.0))
    hs = jnp.where(ok, h, 1.0)
    lam = jnp.arccos(R_EARTH_KM * jnp.cos(er) / (R_EARTH_KM + hs)) - er
    return jnp.where(ok, lam, jnp.nan)


def coverage_radius_km(altitude_km, min_elevation_deg):
    r"""Ground radius [km] (along the surface) of one satellite's coverage
    cone: $R_E\lambda$ (see `coverage_half_angle_rad`).

    Examples
    --------
    >>> round(float(coverage_radius_km(550.0, 25.0)), 1)
    940.7
    """
    return R_EARTH_KM * coverage_half_angle_rad(altitude_km, min_elevation_deg)


def grazing_distance_km(a_km, b_km):
    r"""Smallest distance [km] from the Earth's centre to the straight segment
    between two positions (the altitude at which a link grazes the Earth).

    $$
    t^* = \operatorname{clip}\!\left(-\frac{\mathbf a\cdot(\mathbf b-\mathbf a)}
    {|\mathbf b-\mathbf a|^2}, 0, 1\right), \qquad
    d = |\mathbf a + t^*(\mathbf b - \mathbf a)|
    $$

    Examples
    --------
    >>> round(float(grazing_distance_km(jnp.array([7000.0, -100.0, 0.0]), jnp.array([7000.0, 100.0, 0.0]))), 6)
    7000.0
    """
    a = _f64(a_km)
    b = _f64(b_km)
    d = b - a
    dd = jnp.sum(d * d, axis=-1)
    safe = jnp.where(dd > 0, dd, 1.0)
    t = jnp.clip(-jnp.sum(a * d, axis=-1) / safe, 0.0, 1.0)
    t = jnp.where(dd > 0, t, 0.0)
    p = a + t[..., None] * d
    return jnp.linalg.norm(p, axis=-1)


def link_clears_atmosphere(a_km, b_km, grazing_height_km):
    """True where the straight line between two positions stays above the
    sphere of radius $R_E + h_{graze}$ (no link through the atmosphere
    below the stated height).

    Examples
    --------
    >>> bool(link_clears_atmosphere(jnp.array([7000.0, -100.0, 0.0]), jnp.array([7000.0, 100.0, 0.0]), 80.0))
    True
    """
    return grazing_distance_km(a_km, b_km) >= R_EARTH_KM + _f64(grazing_height_km)


def max_isl_range_km(altitude_km, grazing_height_km):
    r"""Longest inter-satellite link [km] between two satellites at the same
    altitude whose line stays above the grazing height (Hypatia's rule).

    $$
    d_{max} = 2\sqrt{(R_E + h)^2 - (R_E + h_{graze})^2}
    $$

    NaN where the satellites are below the grazing height.

    Examples
    --------
    >>> round(float(max_isl_range_km(550.0, 80.0)), 1)
    5016.6
    """
    a = R_EARTH_KM + _f64(altitude_km)
    g = R_EARTH_KM + _f64(grazing_height_km)
    arg = a**2 - g**2
    return jnp.where(arg >= 0, 2.0 * jnp.sqrt(jnp.where(arg >= 0, arg, 0.0)), jnp.nan)


def great_circle_angle_rad(lat1_deg, lon1_deg, lat2_deg, lon2_deg):
    r"""Central angle [rad] between two points (haversine formula, which is
    well conditioned for short distances).

    $$
    \theta = 2\arcsin\sqrt{\sin^2\tfrac{\Delta\phi}{2}
    + \cos\phi_1\cos\phi_2\sin^2\tfrac{\Delta\lambda}{2}}
    $$

    Examples
    --------
    >>> round(float(great_circle_angle_rad(0.0, 0.0, 0.0, 90.0)), 6)
    1.570796
    """
    p1 = jnp.deg2rad(_f64(lat1_deg))
    p2 = jnp.deg2rad(_f64(lat2_deg))
    dl = jnp.deg2rad(_f64(lon2_deg) - _f64(lon1_deg))
    h = jnp.sin((p2 - p1) / 2) ** 2 + jnp.cos(p1) * jnp.cos(p2) * jnp.sin(dl / 2) ** 2
    h = jnp.clip(h, 0.0, 1.0)
    # safe sqrt: finite gradient at h = 0 (coincident points)
    root = jnp.sqrt(jnp.where(h > 0, h, 1.0))
    return jnp.where(h > 0, 2.0 * jnp.arcsin(jnp.clip(root, 0.0, 1.0)), 0.0)


def great_circle_distance_km(lat1_deg, lon1_deg, lat2_deg, lon2_deg, height_km=0.0):
    r"""Great-circle distance [km] on a sphere of radius $R_E + h$.

    Examples
    --------
    >>> round(float(great_circle_distance_km(51.5, -0.13, 40.71, -74.01)))   # London - New York
    5577
    """
    return (R_EARTH_KM + _f64(height_km)) * great_circle_angle_rad(
        lat1_deg, lon1_deg, lat2_deg, lon2_deg)


def ground_visibility_km(ground_ecef_km, sat_ecef_km, min_elevation_deg):
    r"""Slant ranges [km] and visibility of every satellite from every ground
    point, without forming the difference vectors (matrix form).

    $$
    d^2 = |\mathbf s|^2 + |\mathbf g|^2 - 2\,\mathbf s\cdot\mathbf g, \qquad
    \sin\varepsilon = \frac{\mathbf s\cdot\hat{\mathbf g} - |\mathbf g|}{d}
    $$

    Parameters
    ----------
    ground_ecef_km : array (G, 3)
    sat_ecef_km : array (..., S, 3)
    min_elevation_deg : array broadcasting to (S,)
        Elevation mask of each satellite's shell.

    Returns
    -------
    range_km : array (..., G, S)
    visible : bool array (..., G, S)
        ``elevation >= min_elevation_deg``.

    Examples
    --------
    >>> g = geodetic_to_ecef_km(jnp.array([0.0]), jnp.array([0.0]))
    >>> s = geodetic_to_ecef_km(jnp.array([0.0, 0.0]), jnp.array([0.0, 60.0]), 550.0)
    >>> d, visible = ground_visibility_km(g, s, 25.0)
    >>> [round(float(x), 3) for x in d[0]], visible.tolist()
    ([550.0, 6670.165], [[True, False]])
    """
    g = _f64(ground_ecef_km)
    s = _f64(sat_ecef_km)
    gr = jnp.linalg.norm(g, axis=-1)                       # (G,)
    dot = jnp.einsum("...sk,gk->...gs", s, g)              # (..., G, S)
    s2 = jnp.sum(s * s, axis=-1)[..., None, :]             # (..., 1, S)
    d2 = s2 + (gr**2)[:, None] - 2.0 * dot
    d = jnp.sqrt(jnp.maximum(d2, 0.0))
    sin_el = (dot / gr[:, None] - gr[:, None]) / jnp.where(d > 0, d, 1.0)
    visible = sin_el >= jnp.sin(jnp.deg2rad(_f64(min_elevation_deg)))
    return d, visible


def fibre_one_way_ms(great_circle_km, refractive_index, route_inflation_factor):
    r"""One-way propagation delay [ms] through terrestrial fibre.

    $$
    t = \frac{k\, d_{gc}\, n}{c}
    $$

    with $d_{gc}$ the great-circle distance, $k$ the route
    inflation factor (route length over great-circle distance) and $n$
    the group index of the fibre.

    Examples
    --------
    >>> round(float(fibre_one_way_ms(1000.0, 1.468, 1.0)), 4)
    4.8967
    """
    return _f64(great_circle_km) * _f64(route_inflation_factor) * _f64(refractive_index) / C_KM_PER_MS


#: Reason codes of `isl_feasibility` (0 = feasible).
ISL_OK, ISL_TOO_LONG, ISL_THROUGH_ATMOSPHERE = 0, 1, 2


def isl_feasibility(a_km, b_km, max_range_km, grazing_height_km):
    r"""Length [km] and feasibility of laser links between positions.

    A link is feasible when $|\mathbf b - \mathbf a| \le d_{max}$ and its
    line stays above $R_E + h_{graze}$ (`grazing_distance_km`).

    Returns
    -------
    length_km : array
    feasible : bool array
    reason : int array
        0 feasible, 1 longer than ``max_range_km``, 2 passes below the
        grazing height (2 wins when both apply).

    Examples
    --------
    >>> length, ok, reason = isl_feasibility(jnp.array([6928.137, 0.0, 0.0]), jnp.array([0.0, 6928.137, 0.0]),
    ...                                     5000.0, 80.0)
    >>> round(float(length), 3), bool(ok), int(reason)      # 90 deg apart: the chord grazes the atmosphere
    (9797.865, False, 2)
    """
    a = _f64(a_km)
    b = _f64(b_km)
    length = jnp.linalg.norm(b - a, axis=-1)
    too_long = length > _f64(max_range_km)
    low = grazing_distance_km(a, b) < R_EARTH_KM + _f64(grazing_height_km)
    reason = jnp.where(low, ISL_THROUGH_ATMOSPHERE, jnp.where(too_long, ISL_TOO_LONG, ISL_OK))
    return length, reason == ISL_OK, reason
