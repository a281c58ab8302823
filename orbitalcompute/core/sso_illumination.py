r"""Annual illumination of sun-synchronous orbits by altitude and LTAN
(numeric core, pure JAX).

One job: the sun-synchronous case of
[`orbitalcompute.core.illumination_series`][orbitalcompute.core.illumination_series]: the node follows the mean Sun
(`sso_node_deg`), the inclination is the J2 sun-synchronous one, the
feasibility mask and reason codes say where no such orbit exists, and the
shadow margin feeds the precomputed table ([`orbitalcompute.core.sso_table`][orbitalcompute.core.sso_table]).

References
----------
Vallado, D. A. (2013), Fundamentals of Astrodynamics and Applications, 4th ed.,
sec. 9.6 (sun-synchronous orbits).
"""

from __future__ import annotations

import jax.numpy as jnp

from . import orbit_kernels as _ok
from .domain import MAX_ALTITUDE_KM, MIN_ALTITUDE_KM
from .illumination_series import annual_reduction, beta_day_series_deg, illumination_day_series
from .shadow import sun_angular_radius_rad
from .sun import ALMANAC_TROPICAL_YEAR_DAYS, MEAN_SUN_RATE_DEG_PER_DAY, mean_sun_right_ascension_deg

__all__ = [
    "REASON_OK",
    "REASON_ALTITUDE",
    "REASON_NO_SSO",
    "REASON_LTAN",
    "sso_node_deg",
    "annual_sso_feasibility",
    "annual_sso_illumination",
    "annual_sso_shadow_margin_rad",
]

#: Reason codes of `annual_sso_feasibility` (and, with the two table codes of
#: `orbitalcompute.core.sso_table`, of its feasibility).
REASON_OK, REASON_ALTITUDE, REASON_NO_SSO, REASON_LTAN = 0, 1, 2, 3


def _f64(x):
    return jnp.asarray(x, dtype=jnp.float64)


def sso_node_deg(ltan_h, days_since_j2000):
    r"""Right ascension of the node [deg] of a sun-synchronous orbit.

    $$\Omega = \alpha_{MS}(n) + 15^\circ\,({\rm LTAN} - 12\,{\rm h})$$

    with the mean Sun of `orbitalcompute.core.sun.mean_sun_right_ascension_deg`
    (not reduced to [0, 360)).

    Parameters
    ----------
    ltan_h : array_like
        Local (mean solar) time of the ascending node [h].
    days_since_j2000 : array_like
        $n = JD - 2451545.0$ [days].

    Examples
    --------
    >>> float(sso_node_deg(18.0, 0.0))
    370.46
    """
    return mean_sun_right_ascension_deg(days_since_j2000) + 15.0 * (_f64(ltan_h) - 12.0)


def annual_sso_feasibility(altitude_km, ltan_h, tropical_year_days=ALMANAC_TROPICAL_YEAR_DAYS):
    """Validity mask and reason code for `annual_sso_illumination` inputs
    (jit-safe; the kernel returns NaN wherever ``feasible`` is False).

    Parameters
    ----------
    altitude_km : array_like
        Altitude [km].
    ltan_h : array_like
        Local time of the ascending node [h].
    tropical_year_days : array_like, optional
        Tropical year [days].

    Returns
    -------
    feasible : bool array
    reason_code : int array
        0 valid; 1 altitude outside
        [`orbitalcompute.core.domain.MIN_ALTITUDE_KM`, `MAX_ALTITUDE_KM`) or
        not finite; 2 no sun-synchronous inclination at this altitude (above
        ~5,970 km); 3 ``ltan_h`` outside [0, 24) or not finite.

    Examples
    --------
    >>> ok, code = annual_sso_feasibility([50.0, 650.0, 7000.0], 6.0)
    >>> code.tolist()
    [1, 0, 2]
    """
    h = _f64(altitude_km)
    lt = _f64(ltan_h)
    h, lt = jnp.broadcast_arrays(h, lt)
    bad_h = ~(jnp.isfinite(h) & (h >= MIN_ALTITUDE_KM) & (h < MAX_ALTITUDE_KM))
    inc = _ok.sun_synchronous_inclination_deg(jnp.where(bad_h, 700.0, h), tropical_year_days)
    bad_sso = ~jnp.isfinite(inc)
    bad_lt = ~(jnp.isfinite(lt) & (lt >= 0.0) & (lt < 24.0))
    code = jnp.where(bad_h, REASON_ALTITUDE,
                     jnp.where(bad_sso, REASON_NO_SSO, jnp.where(bad_lt, REASON_LTAN, REASON_OK)))
    return code == REASON_OK, code


def _sso_plane(altitude_km, ltan_h, start_days_since_j2000, tropical_year_days):
    """(feasible, safe altitude, inclination, node at the start) of an SSO."""
    feasible, _ = annual_sso_feasibility(altitude_km, ltan_h, tropical_year_days)
    h_safe = jnp.where(feasible, _f64(altitude_km), 700.0)
    inc = _ok.sun_synchronous_inclination_deg(h_safe, tropical_year_days)
    raan0 = sso_node_deg(ltan_h, start_days_since_j2000)
    return feasible, h_safe, inc, raan0


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
        Start of the year, $JD - 2451545.0$ [days]; default J2000.0.
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
        Sets the sun-synchronous inclination through J2 [days].  Default: the
        year implied by the Almanac mean-Sun rate (365.2422 d); the public
        layer passes ``models/environment.toml``'s ``tropical_year_days``.

    Returns
    -------
    mean_sunlit_fraction : array
        Time-mean visible fraction of the solar disc over the span (0..1).
    longest_eclipse_s : array
        Longest single eclipse (umbra + penumbra for ``"conical"``) [s].
    eclipse_day_count : array (float)
        Number of days with at least one eclipse.

    All three are NaN where the inputs are out of domain (altitude outside
    [100, 100000) km or non-finite, no sun-synchronous orbit, LTAN outside
    [0, 24)); `annual_sso_feasibility` gives the mask and a reason code.

    Notes
    -----
    The node follows the mean Sun (`sso_node_deg`, drift
    $0.9856474^\circ$/day), the inclination is the J2 sun-synchronous one, the
    Sun is the Almanac low-precision Sun, and the beta angle on each sample
    sets the shadow fractions (`orbitalcompute.core.shadow.shadow_fractions`).

    Examples
    --------
    >>> sun, longest, days = annual_sso_illumination(650.0, 18.0)
    >>> round(float(sun), 3), round(float(longest)), int(days)
    (0.96, 1209, 93)
    """
    feasible, h_safe, inc, raan0 = _sso_plane(altitude_km, ltan_h, start_days_since_j2000,
                                              tropical_year_days)
    series = illumination_day_series(
        h_safe, inc, raan0, MEAN_SUN_RATE_DEG_PER_DAY, start_days_since_j2000=start_days_since_j2000,
        day_count=day_count, samples_per_day=samples_per_day, shadow_model=shadow_model,
        shadow_atmosphere_height_km=shadow_atmosphere_height_km)
    out = annual_reduction(series, day_count, samples_per_day)
    return tuple(jnp.where(feasible, x, jnp.nan) for x in out)


def annual_sso_shadow_margin_rad(altitude_km, ltan_h, *, start_days_since_j2000=0.0,
                                 day_count: int = 365, samples_per_day: int = 4,
                                 tropical_year_days=ALMANAC_TROPICAL_YEAR_DAYS):
    r"""Largest shadow margin of a sun-synchronous orbit over the span [rad].

    $$\mu = \max_k\left(\rho_{S,k} - |\beta_k|\right)$$

    over the sample times of `annual_sso_illumination` (same grid), with
    $\rho_{S,k}$ the Sun's angular radius at sample $k$.  The orbit sees (part
    of) an eclipse on some sample iff $\rho_E + \mu > 0$.  $\mu$ does not depend
    on the Earth's shadow radius, and unlike the longest eclipse it has no
    square-root edge, so it interpolates well; the longest conical eclipse
    follows from it in closed form (see
    `orbitalcompute.core.sso_table.annual_sso_illumination_interp`).  NaN where
    `annual_sso_feasibility` is False.

    Parameters
    ----------
    altitude_km, ltan_h, start_days_since_j2000, day_count, samples_per_day, tropical_year_days
        As `annual_sso_illumination`.

    Returns
    -------
    shadow_margin_rad : array
        [rad]; negative: the Sun stays at least $-\mu$ above the orbit plane's
        shadow edge all year.

    Examples
    --------
    >>> mu = annual_sso_shadow_margin_rad(650.0, 18.0)
    >>> -1.1 < float(mu) < -0.9
    True
    """
    feasible, h_safe, inc, raan0 = _sso_plane(altitude_km, ltan_h, start_days_since_j2000,
                                              tropical_year_days)
    beta, dist_km = beta_day_series_deg(inc, raan0, MEAN_SUN_RATE_DEG_PER_DAY,
                                        start_days_since_j2000=start_days_since_j2000,
                                        day_count=day_count, samples_per_day=samples_per_day)
    mu = jnp.max(sun_angular_radius_rad(dist_km) - jnp.abs(jnp.deg2rad(beta)), axis=-1)
    return jnp.where(feasible, mu, jnp.nan)
