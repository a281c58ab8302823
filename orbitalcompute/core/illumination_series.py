r"""Illumination of a circular orbit over a span of days (numeric core, pure JAX).

One job: sample the beta angle of an orbit whose node drifts linearly on a
grid of days (the Almanac low-precision Sun of `orbitalcompute.core.sun`,
the shadow of `orbitalcompute.core.shadow`) and reduce it to per-day and
annual statistics.  The one day-series kernel is `illumination_day_series`;
the annual kernels (`annual_illumination`, `annual_sso_illumination`) and the
daily view of `orbitalcompute.illumination` (`daily_illumination`) are
reductions of it.

Grid
----
$d \cdot s + 1$ samples $n_k = n_0 + k/s$ [days], $k = 0 \ldots ds$ (both ends of
the span included), with $d$ = ``day_count`` and $s$ = ``samples_per_day``.
The node is $\Omega_k = \Omega_0 + \dot\Omega\,(n_k - n_0)$ in the mean equator
and equinox of date (the frame of the Almanac Sun).  A day counts as an
eclipse day if any of its $s + 1$ samples (both ends) sees part of an eclipse.

Differentiability
-----------------
``longest_eclipse_s`` (a maximum over samples) is differentiable almost
everywhere; ``eclipse_day_count`` is a step function (zero gradient).

References
----------
Vallado, D. A. (2013), Fundamentals of Astrodynamics and Applications, 4th ed.,
sec. 5.3 (beta angle) and sec. 9.6 (sun-synchronous node).
"""

from __future__ import annotations

from typing import NamedTuple

import jax.numpy as jnp

from ..constants import DAY_S
from . import orbit_kernels as _ok
from .shadow import beta_angle_deg, check_shadow_model, eclipse_fraction, shadow_fractions
from .sun import sun_position_low_precision

__all__ = [
    "DaySeries",
    "beta_day_series_deg",
    "illumination_day_series",
    "DailyReduction",
    "daily_illumination",
    "annual_reduction",
    "annual_illumination",
]

def _f64(x):
    return jnp.asarray(x, dtype=jnp.float64)


def _grid_days(day_count: int, samples_per_day: int):
    d, s = int(day_count), int(samples_per_day)
    if d < 1 or s < 1:
        raise ValueError(f"day_count = {d} and samples_per_day = {s} must be >= 1")
    return jnp.arange(d * s + 1, dtype=jnp.float64) / s


def beta_day_series_deg(inclination_deg, raan0_deg, node_rate_deg_per_day, *,
                        start_days_since_j2000=0.0, day_count: int = 365,
                        samples_per_day: int = 4):
    r"""Beta angle and Sun distance on the day grid of a drifting orbit plane.

    Parameters
    ----------
    inclination_deg : array_like
        Inclination [deg].
    raan0_deg : array_like
        Right ascension of the node at the start of the span [deg] (mean
        equator and equinox of date).
    node_rate_deg_per_day : array_like
        Node drift [deg/day].
    start_days_since_j2000 : array_like, optional
        Start of the span, $JD - 2451545.0$ [days].
    day_count, samples_per_day : int, optional
        Grid size (static).

    Returns
    -------
    beta_deg, sun_distance_km : arrays, shape ``broadcast(inputs) + (d*s + 1,)``
        Beta angle [deg] and Earth-Sun distance [km] on each sample.

    Examples
    --------
    >>> beta, dist = beta_day_series_deg(0.0, 0.0, 0.0, day_count=1, samples_per_day=2)
    >>> beta.shape, round(float(beta[0]), 2)     # equatorial orbit: beta = Sun's declination
    ((3,), -23.03)
    """
    grid = _grid_days(day_count, samples_per_day)
    n0 = _f64(start_days_since_j2000)[..., None]
    ra, dec, dist_km = sun_position_low_precision(n0 + grid)
    raan = _f64(raan0_deg)[..., None] + _f64(node_rate_deg_per_day)[..., None] * grid
    beta = beta_angle_deg(raan, _f64(inclination_deg)[..., None], ra, dec)
    beta, dist_km = jnp.broadcast_arrays(beta, dist_km)
    return beta, dist_km


class DaySeries(NamedTuple):
    """Samples of `illumination_day_series` (arrays ``(..., d*s + 1)``).

    Attributes
    ----------
    beta_deg : array
        Beta angle [deg].
    blocked_fraction : array
        Orbit-average hidden fraction of the solar disc (conical) or time
        fraction with the Sun's centre hidden (cylindrical), 0..1.
    eclipse_duration_s : array
        Duration of one eclipse (umbra + penumbra for conical) [s].
    sun_distance_km : array
        Earth-Sun distance [km].
    """

    beta_deg: jnp.ndarray
    blocked_fraction: jnp.ndarray
    eclipse_duration_s: jnp.ndarray
    sun_distance_km: jnp.ndarray


def illumination_day_series(altitude_km, inclination_deg, raan0_deg, node_rate_deg_per_day, *,
                            start_days_since_j2000=0.0, day_count: int = 365,
                            samples_per_day: int = 4, shadow_model: str = "conical",
                            shadow_atmosphere_height_km=0.0) -> DaySeries:
    r"""Beta angle, shadow fraction and eclipse duration on the day grid.

    The one day-series kernel: `annual_illumination`,
    `annual_sso_illumination` and `daily_illumination` reduce its output.

    Parameters
    ----------
    altitude_km : array_like
        Altitude above the equatorial radius [km].
    inclination_deg, raan0_deg, node_rate_deg_per_day : array_like
        As `beta_day_series_deg` [deg], [deg], [deg/day].
    start_days_since_j2000 : array_like, optional
        Start of the span, $JD - 2451545.0$ [days].
    day_count, samples_per_day : int, optional
        Grid size (static).
    shadow_model : {"conical", "cylindrical"}, optional
        Shadow model (static).
    shadow_atmosphere_height_km : array_like, optional
        Height added to the Earth's radius for the shadow [km].

    Returns
    -------
    DaySeries
        Arrays of shape ``broadcast(inputs) + (d*s + 1,)``.

    Notes
    -----
    Conical: the blocked fraction is $f_{blocked}$ and the duration
    $(f_U + f_P)\,T$ of `orbitalcompute.core.shadow.shadow_fractions`, with the
    Sun's angular radius from its distance on each sample.  Cylindrical:
    $f\,T$ for both.

    Examples
    --------
    >>> s = illumination_day_series(650.0, 97.99, 102.0, 0.9856, day_count=2, samples_per_day=1)
    >>> s.beta_deg.shape, bool((s.eclipse_duration_s >= 0).all())
    ((3,), True)
    """
    check_shadow_model(shadow_model)
    beta, dist_km = beta_day_series_deg(inclination_deg, raan0_deg, node_rate_deg_per_day,
                                        start_days_since_j2000=start_days_since_j2000,
                                        day_count=day_count, samples_per_day=samples_per_day)
    h = _f64(altitude_km)[..., None]
    kw = dict(shadow_atmosphere_height_km=_f64(shadow_atmosphere_height_km)[..., None])
    period = _ok.period_s(h)
    if shadow_model == "conical":
        f_u, f_p, f_b = shadow_fractions(h, beta, sun_distance_km=dist_km, **kw)
        dur = (f_u + f_p) * period
    else:
        f_b = eclipse_fraction(h, beta, "cylindrical", **kw)
        dur = f_b * period
    beta, f_b, dur, dist_km = jnp.broadcast_arrays(beta, f_b, dur, dist_km)
    return DaySeries(beta, f_b, dur, dist_km)


class DailyReduction(NamedTuple):
    """Per-day view of a `DaySeries` (arrays ``(..., day_count)``).

    Attributes
    ----------
    mean_sunlit_fraction : array
        Mean visible fraction of the solar disc over the day's $s$ samples.
    longest_eclipse_s : array
        Longest eclipse on the day's $s + 1$ samples [s].
    beta_deg : array
        Beta angle at the start of the day [deg].
    eclipse_day : bool array
        Part of an eclipse on at least one of the day's $s + 1$ samples.
    """

    mean_sunlit_fraction: jnp.ndarray
    longest_eclipse_s: jnp.ndarray
    beta_deg: jnp.ndarray
    eclipse_day: jnp.ndarray


def daily_illumination(series: DaySeries, day_count: int, samples_per_day: int) -> DailyReduction:
    r"""Reduce a `DaySeries` to one value per day.

    Parameters
    ----------
    series : DaySeries
        From `illumination_day_series` with the same grid.
    day_count, samples_per_day : int
        The grid of ``series`` (static).

    Returns
    -------
    DailyReduction

    Examples
    --------
    >>> s = illumination_day_series(650.0, 97.99, 102.0, 0.9856, day_count=3, samples_per_day=2)
    >>> daily_illumination(s, 3, 2).mean_sunlit_fraction.shape
    (3,)
    """
    d, s = int(day_count), int(samples_per_day)
    lead = series.beta_deg.shape[:-1]
    by_day = lambda x: x[..., :-1].reshape(lead + (d, s))
    dur = series.eclipse_duration_s
    ecl = dur > 0.0
    sunlit = 1.0 - jnp.mean(by_day(series.blocked_fraction), axis=-1)
    longest = jnp.maximum(jnp.max(by_day(dur), axis=-1), dur[..., s::s])
    day_has = jnp.any(by_day(ecl), axis=-1) | ecl[..., s::s]
    return DailyReduction(sunlit, longest, series.beta_deg[..., :-1:s], day_has)


def annual_reduction(series: DaySeries, day_count: int, samples_per_day: int):
    """``(mean_sunlit_fraction, longest_eclipse_s, eclipse_day_count)`` of a
    `DaySeries`: the mean of the daily sunlit fractions, the longest eclipse
    and the number of eclipse days (float).

    Examples
    --------
    >>> s = illumination_day_series(650.0, 97.99, 102.0, 0.9856, day_count=3, samples_per_day=2)
    >>> [x.shape for x in annual_reduction(s, 3, 2)]
    [(), (), ()]
    """
    daily = daily_illumination(series, day_count, samples_per_day)
    return (jnp.mean(daily.mean_sunlit_fraction, axis=-1),
            jnp.max(daily.longest_eclipse_s, axis=-1),
            jnp.sum(daily.eclipse_day, axis=-1).astype(jnp.float64))


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
        RAAN at the start of the span [deg] (mean equator and equinox of date).
    start_days_since_j2000 : array_like, optional
        Start of the span, $JD - 2451545.0$ [days].  Default J2000.0.
    day_count : int, optional
        Length of the span [days] (static).
    samples_per_day : int, optional
        Beta-angle samples per day (static).
    shadow_model : {"cylindrical", "conical"}
    shadow_atmosphere_height_km : float, optional
        Height added to the Earth's radius for the shadow [km].

    Returns
    -------
    mean_sunlit_fraction, longest_eclipse_s, eclipse_day_count : arrays
        In this order; see `annual_sso_illumination`.

    Notes
    -----
    $\Omega(t) = \Omega_0 + \dot\Omega_{J2}\,(t - t_0)$ with $\dot\Omega_{J2}$
    from `orbitalcompute.core.orbit_kernels.nodal_precession_rad_per_s`.

    Examples
    --------
    >>> sun, longest, days = annual_illumination(550.0, 53.0, 0.0, day_count=30)
    >>> 0.6 < float(sun) < 0.7, 2000 < float(longest) < 2200
    (True, True)
    """
    rate = jnp.rad2deg(_ok.nodal_precession_rad_per_s(altitude_km, inclination_deg)) * DAY_S
    series = illumination_day_series(
        altitude_km, inclination_deg, raan_deg, rate, start_days_since_j2000=start_days_since_j2000,
        day_count=day_count, samples_per_day=samples_per_day, shadow_model=shadow_model,
        shadow_atmosphere_height_km=shadow_atmosphere_height_km)
    return annual_reduction(series, day_count, samples_per_day)
