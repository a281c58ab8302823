r"""Illumination of an orbit: Earth shadow, beta angle, Sun distance.

Two paths that agree with each other (see ``docs/models/illumination.md``):

1. **Ephemeris-grade** (`illumination_series`, ``annual_summary(...,
   method="ephemeris")``, `orbitalcompute.illumination_ephemeris`): the
   orbit is propagated with SGP4 through Skyfield, the Sun comes from JPL DE421
   (light-time corrected), and at every time step the conical Earth shadow is
   evaluated from the apparent radii of the Sun and the Earth seen from the
   satellite.
2. **Fast analytic** (``method="analytic"``): the one day-series kernel of
   `orbitalcompute.core.illumination_series` (beta angle from the orbit's
   J2 node and the Almanac low-precision Sun on a day grid, eclipse fractions
   in closed form from `orbitalcompute.core.shadow`); the annual numbers
   and the daily view are reductions of the same samples.

This module holds the validated closed-form wrappers and `annual_summary`;
the result types live in `orbitalcompute.illumination_summary` and the
stored sun-synchronous table in `orbitalcompute.illumination_table`
(names re-exported here).

Definitions used by both paths
------------------------------
* **visible fraction** $\nu$: the unhidden fraction of the (uniform)
  solar disc, 1 in sunlight, 0 in the umbra.
* **mean sunlit fraction**: the time mean of $\nu$ (energy-weighted: a
  step half in penumbra counts one half).
* **eclipse**: any part of the Sun hidden (umbra + penumbra,
  $\theta < \rho_E + \rho_S$); eclipse durations and "longest eclipse"
  use this, the conservative definition for battery sizing.
* **eclipse day**: a UTC day that contains at least part of an eclipse.
* **eclipse season**: a run of consecutive eclipse days.
* **irradiance factor**: $(1\,{\rm AU}/r_{sat\odot})^2$.

References
----------
Montenbruck, O. & Gill, E. (2000), Satellite Orbits, Springer, sec. 3.4.2,
doi:10.1007/978-3-642-58351-3.

Folkner, W. M. et al. (2009), The Planetary and Lunar Ephemeris DE 421, IPN
Progress Report 42-178.

Rhodes, B. (2019), Skyfield: High precision research-grade positions for
planets and Earth satellites generator, ascl:1907.024.
"""

from __future__ import annotations

import functools
import time as _time
from typing import Any

import numpy as np

from .constants import AU_KM, DAY_S, R_EARTH_KM, R_SUN_KM
from .core import illumination_series as _series
from .core import shadow as _shadow
from .core import sso_illumination as _sso
from .core import sun as _sun
from .illumination_ephemeris import IlluminationSeries, illumination_series, summary_ephemeris
from .illumination_summary import AnnualSummary, DailyIllumination, eclipse_seasons
from .illumination_table import (_read_sso_illumination_table, sso_illumination_table,  # noqa: F401
                                 sso_illumination_table_path)
from .environment import shadow_atmosphere_height_or_default as _atm
from .orbit import CircularOrbit, circular_orbit, resolve_orbit
from .timescale import days_since_j2000_tt, to_time, utc_iso
from .validation import check_time_samples, check_altitude_km, check_choice, check_range

__all__ = [
    "SHADOW_MODELS",
    "METHODS",
    "eclipse_fraction",
    "eclipse_duration_s",
    "critical_beta_deg",
    "beta_angle_deg",
    "sun_position_low_precision",
    "IlluminationSeries",
    "DailyIllumination",
    "AnnualSummary",
    "illumination_series",
    "annual_summary",
    "sso_illumination_table",
    "sso_illumination_table_path",
]

SHADOW_MODELS = _shadow.SHADOW_MODELS
#: Valid ``method`` names of `annual_summary`.
METHODS = ("ephemeris", "analytic")


def _out(x):
    arr = np.asarray(x, dtype=np.float64)
    return float(arr) if arr.ndim == 0 else arr


@functools.lru_cache(maxsize=None)
def _jit(name: str):
    """The core kernel ``name`` compiled with ``jax.jit`` (model names static)."""
    import jax

    kernel = getattr(_shadow, name) if hasattr(_shadow, name) else getattr(_sun, name)
    static = [a for a in ("shadow_model",) if a in kernel.__code__.co_varnames]
    return jax.jit(kernel, static_argnames=static)


# --------------------------------------------------------------------------
# Closed forms (validated wrappers of the JAX core)
# --------------------------------------------------------------------------

def eclipse_fraction(altitude_km, beta_deg, shadow_model: str = "conical", *,
                     shadow_atmosphere_height_km: float | None = None,
                     sun_distance_km=AU_KM):
    r"""Fraction of a circular orbit spent in the Earth's shadow.

    Parameters
    ----------
    altitude_km : array_like
        Altitude above the equatorial radius [km], >= 100.
    beta_deg : array_like
        Beta angle [deg], -90..90.
    shadow_model : {"conical", "cylindrical"}
        ``"cylindrical"``: time fraction with the Sun's centre hidden.
        ``"conical"`` (default): orbit-average hidden fraction of the solar
        disc (umbra + penumbra, energy-weighted).
    shadow_atmosphere_height_km : float, optional
        Height added to the Earth's radius [km]; default from
        ``models/environment.toml``.
    sun_distance_km : array_like, optional
        Earth-Sun distance [km] (conical only), default 1 AU.

    Returns
    -------
    float or ndarray
        Eclipse fraction 0..1.

    Notes
    -----
    $$f_{cyl} = \frac1\pi\arccos\frac{\sqrt{1 - (R_E/a)^2}}{\cos\beta}, \quad |\beta| < \arcsin(R_E/a)$$

    See `orbitalcompute.core.eclipse` for the conical model.

    Examples
    --------
    >>> round(eclipse_fraction(400.0, 0.0, "cylindrical"), 4)   # arcsin(R/a)/pi
    0.3901
    """
    return _shadow_kernel("eclipse_fraction", altitude_km, beta_deg, shadow_model,
                          shadow_atmosphere_height_km, sun_distance_km)


def eclipse_duration_s(altitude_km, beta_deg, shadow_model: str = "conical", *,
                       shadow_atmosphere_height_km: float | None = None,
                       sun_distance_km=AU_KM):
    """Duration of one eclipse [s] (conical: umbra + penumbra); arguments as
    `eclipse_fraction`."""
    return _shadow_kernel("eclipse_duration_s", altitude_km, beta_deg, shadow_model,
                          shadow_atmosphere_height_km, sun_distance_km)


def _shadow_kernel(kernel, altitude_km, beta_deg, shadow_model, shadow_atmosphere_height_km,
                   sun_distance_km):
    """Validate the shared shadow inputs, then call the jitted core ``kernel``."""
    check_choice("shadow_model", shadow_model, SHADOW_MODELS)
    h = check_altitude_km(altitude_km)
    b = check_range("beta_deg", beta_deg, ge=-90.0, le=90.0, unit="deg")
    d = check_range("sun_distance_km", sun_distance_km, gt=R_SUN_KM, unit="km")
    return _out(_jit(kernel)(h, b, shadow_model,
                             shadow_atmosphere_height_km=_atm(shadow_atmosphere_height_km),
                             sun_distance_km=d))


def critical_beta_deg(altitude_km, shadow_model: str = "conical", *,
                      shadow_atmosphere_height_km: float | None = None):
    r"""Beta angle [deg] above which a circular orbit sees no eclipse:
    $\arcsin(R_E/a)$ (cylindrical) or $\rho_E + \rho_S$ (conical)."""
    check_choice("shadow_model", shadow_model, SHADOW_MODELS)
    h = check_altitude_km(altitude_km)
    return _out(_jit("critical_beta_deg")(h, shadow_model,
                                       shadow_atmosphere_height_km=_atm(shadow_atmosphere_height_km)))


def beta_angle_deg(raan_deg, inclination_deg, sun_ra_deg, sun_dec_deg):
    r"""Beta angle [deg] of an orbit plane for a Sun at (RA, Dec).

    Parameters
    ----------
    raan_deg : array_like
        Right ascension of the ascending node [deg].
    inclination_deg : array_like
        Inclination [deg], 0..180.
    sun_ra_deg, sun_dec_deg : array_like
        The Sun's right ascension [deg] and declination [deg], -90..90, in
        the same equatorial frame as ``raan_deg``.

    Notes
    -----
    $$\sin\beta = \cos\delta\sin i\sin(\Omega - \alpha) + \sin\delta\cos i$$
    """
    r = check_range("raan_deg", raan_deg, unit="deg")
    i = check_range("inclination_deg", inclination_deg, ge=0.0, le=180.0, unit="deg")
    a = check_range("sun_ra_deg", sun_ra_deg, unit="deg")
    d = check_range("sun_dec_deg", sun_dec_deg, ge=-90.0, le=90.0, unit="deg")
    return _out(_jit("beta_angle_deg")(r, i, a, d))


def sun_position_low_precision(days_since_j2000):
    """Almanac low-precision Sun: ``(ra_deg, dec_deg, distance_km)`` for
    $n = JD - 2451545$ [days] (0.01 deg, 1950-2050)."""
    n = check_range("days_since_j2000", days_since_j2000, ge=-18263.0, le=18263.0, unit="days")
    return tuple(_out(x) for x in _jit("sun_position_low_precision")(n))


_STATIC = ("day_count", "samples_per_day", "shadow_model")


def _analytic_kernel(altitude_km, inclination_deg, raan0_deg, node_rate_deg_per_day, n0, atm_km, *,
                     day_count, samples_per_day, shadow_model):
    series = _series.illumination_day_series(
        altitude_km, inclination_deg, raan0_deg, node_rate_deg_per_day, start_days_since_j2000=n0,
        day_count=day_count, samples_per_day=samples_per_day, shadow_model=shadow_model,
        shadow_atmosphere_height_km=atm_km)
    return series, _series.daily_illumination(series, day_count, samples_per_day)


@functools.lru_cache(maxsize=None)
def _jitted_analytic():
    """The day-series kernel and its daily reduction, jit-compiled once per
    static configuration."""
    import jax

    return jax.jit(_analytic_kernel, static_argnames=_STATIC)


def _summary_analytic(circ: CircularOrbit, start_utc, span_days, samples_per_day, shadow_model,
                      atm):
    """Fields of an `AnnualSummary` from the one day-series kernel
    (`orbitalcompute.core.illumination_series.illumination_day_series`): the
    annual numbers and the daily view are reductions of the same samples, as
    in the core's `annual_sso_illumination` / `annual_illumination`."""
    from .core import orbit_kernels as _ok
    from .environment import default_environment

    t_start = _time.perf_counter()
    t0 = to_time(start_utc if start_utc is not None else circ.epoch)
    day_count = int(round(float(span_days)))
    if day_count < 1:
        raise ValueError(f"span_days = {span_days:g} is outside the valid range [1, inf) days "
                         "for the analytic method (whole days)")
    n0 = days_since_j2000_tt(t0)
    s = int(samples_per_day)
    check_time_samples(day_count * s, f"span_days = {span_days:g}, samples_per_day = {s}")
    if circ.sun_synchronous:
        year = float(default_environment().tropical_year_days)
        inc = float(_ok.sun_synchronous_inclination_deg(circ.altitude_km, year))
        raan0 = float(_sso.sso_node_deg(circ.ltan_h, n0))
        rate = _sun.MEAN_SUN_RATE_DEG_PER_DAY
    else:
        # RAAN at the span start (the orbit's RAAN is at its epoch)
        inc = circ.inclination_deg
        rate = float(np.rad2deg(_ok.nodal_precession_rad_per_s(circ.altitude_km, inc)) * DAY_S)
        raan0 = circ.raan_deg + rate * float(t0.tt - circ.epoch.tt)
    series, day = _jitted_analytic()(circ.altitude_km, inc, raan0, rate, n0, atm, day_count=day_count,
                                     samples_per_day=s, shadow_model=shadow_model)
    beta, f_b, dist = (np.asarray(x) for x in (series.beta_deg, series.blocked_fraction,
                                               series.sun_distance_km))
    sunlit_daily, longest_daily, beta_daily, day_has = (np.asarray(x) for x in day)
    d0 = np.datetime64(t0.utc_strftime("%Y-%m-%d"), "D")
    dates = d0 + np.arange(day_count).astype("timedelta64[D]")
    irr = (AU_KM / dist) ** 2
    daily = DailyIllumination(dates, sunlit_daily, longest_daily, beta_daily)
    return dict(
        mean_sunlit_fraction=float(np.mean(sunlit_daily)), longest_eclipse_s=float(np.max(longest_daily)),
        eclipse_day_count=int(np.sum(day_has)), eclipse_seasons=eclipse_seasons(dates[day_has]),
        beta_min_deg=float(beta.min()), beta_max_deg=float(beta.max()),
        mean_irradiance_factor=float(irr[:-1].mean()),
        mean_sunlit_irradiance_factor=float(((1.0 - f_b) * irr)[:-1].mean()),
        compute_time_s=_time.perf_counter() - t_start, daily=daily,
        start=utc_iso(t0), inc=inc)


def _circular_of_satellite(sat) -> CircularOrbit:
    """Mean elements of a TLE satellite as a CircularOrbit (eccentricity dropped)."""
    import math

    m = sat.model
    alt = m.a * m.radiusearthkm - R_EARTH_KM
    return circular_orbit(alt, math.degrees(m.inclo), math.degrees(m.nodeo),
                          epoch_utc=sat.epoch, sun_synchronous=False, name=sat.name or "")


def annual_summary(orbit, method: str = "ephemeris", *, step_s: float = 30.0,
                   span_days: float = 365.0, start_utc: Any = None,
                   shadow_model: str = "conical", samples_per_day: int = 4,
                   shadow_atmosphere_height_km: float | None = None) -> AnnualSummary:
    """Annual illumination summary of an orbit.

    Parameters
    ----------
    orbit : str, OrbitParams, CircularOrbit or skyfield EarthSatellite
        Catalogue name (``models/orbits.toml``), parameter set, resolved orbit,
        or a TLE satellite (`orbitalcompute.orbit.orbit_from_tle`; the
        analytic method uses its mean elements as a circular orbit).
    method : {"ephemeris", "analytic"}
        ``"ephemeris"``: Skyfield SGP4 + DE421 at ``step_s`` steps.
        ``"analytic"``: the JAX kernels on a grid of ``samples_per_day``.
    step_s : float
        Ephemeris time step [s] (default 30).
    span_days : float
        Span [days] (default 365).
    start_utc : str, datetime or Time, optional
        Start of the span; default the orbit's epoch.
    shadow_model : {"conical", "cylindrical"}
        Analytic shadow model (the ephemeris path is always conical).
    samples_per_day : int
        Analytic samples per day (default 4).
    shadow_atmosphere_height_km : float, optional

    Returns
    -------
    AnnualSummary

    Raises
    ------
    ValueError
        Unknown method or shadow model (listing the valid names), empty span,
        invalid orbit.

    Examples
    --------
    >>> s = annual_summary("dawn_dusk_sso_650", method="analytic")
    >>> 0.9 < s.mean_sunlit_fraction < 1.0
    True
    """
    check_choice("method", method, METHODS)
    check_choice("shadow_model", shadow_model, SHADOW_MODELS)
    check_range("span_days", span_days, gt=0.0, unit="days")
    check_range("step_s", step_s, gt=0.0, unit="s")
    if isinstance(samples_per_day, bool) or int(samples_per_day) != samples_per_day or \
            samples_per_day < 1:
        raise ValueError(f"samples_per_day = {samples_per_day!r} is outside the valid range "
                         "[1, inf) (integer)")
    atm = _atm(shadow_atmosphere_height_km)
    from skyfield.api import EarthSatellite

    if isinstance(orbit, EarthSatellite):
        circ = _circular_of_satellite(orbit)
        sat_or_orbit = orbit
    else:
        circ = resolve_orbit(orbit)
        sat_or_orbit = circ
    if method == "ephemeris":
        if shadow_model != "conical":
            raise ValueError(f"shadow_model = {shadow_model!r}: the ephemeris method evaluates "
                             "the conical shadow only; valid names: 'conical'")
        r = summary_ephemeris(sat_or_orbit, start_utc, span_days, step_s, atm)
        inc = circ.inclination_deg
        step = float(step_s)
    else:
        r = _summary_analytic(circ, start_utc, span_days, int(samples_per_day), shadow_model, atm)
        inc = r.pop("inc")
        step = DAY_S / int(samples_per_day)
    start = r.pop("start")
    return AnnualSummary(orbit_name=circ.name, method=method, shadow_model=shadow_model,
                         start_utc=start, span_days=float(span_days), step_s=step,
                         altitude_km=circ.altitude_km, inclination_deg=float(inc),
                         ltan_h=circ.ltan_h, **r)
