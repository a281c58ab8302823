r"""Illumination of an orbit: Earth shadow, beta angle, Sun distance.

Two paths that agree with each other (see ``docs/models/illumination.md``):

1. **Ephemeris-grade** (:func:`illumination_series`, ``annual_summary(...,
   method="ephemeris")``): the orbit is propagated with SGP4 through Skyfield,
   the Sun comes from JPL DE421 (light-time corrected), and at every time step
   the conical Earth shadow is evaluated from the apparent radii of the Sun and
   the Earth seen from the satellite.  Shadow entry and exit are refined
   between steps (regula falsi on the shadow function, 3 iterations), and
   eclipses shorter than a step are caught from a parabola through the
   shadow-function minimum.
2. **Fast analytic** (``method="analytic"``): the JAX kernels of
   :mod:`orbitalcompute.core.eclipse`: beta angle from the orbit's J2 node and
   the Almanac low-precision Sun on a day grid, eclipse fractions in closed
   form.

Definitions used by both paths
------------------------------
* **visible fraction** :math:`\nu`: the unhidden fraction of the (uniform)
  solar disc, 1 in sunlight, 0 in the umbra.
* **mean sunlit fraction**: the time mean of :math:`\nu` (energy-weighted: a
  step half in penumbra counts one half).
* **eclipse**: any part of the Sun hidden (umbra + penumbra,
  :math:`\theta < \rho_E + \rho_S`); eclipse durations and "longest eclipse"
  use this, the conservative definition for battery sizing.
* **eclipse day**: a UTC day that contains at least part of an eclipse.
* **eclipse season**: a run of consecutive eclipse days.
* **irradiance factor**: :math:`(1\,{\rm AU}/r_{sat\odot})^2`.

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

import dataclasses
import functools
import gzip
import json
import time as _time
from typing import Any

import numpy as np

from .catalog import catalog_dir
from .constants import AU_KM, DAY_S, R_EARTH_KM, R_SUN_KM
from .core import eclipse as _ecl
from .orbit import (CircularOrbit, _check_altitude, _propagate, _to_time, circular_orbit,
                    earth_satellite, resolve_orbit, time_grid)
from .validation import check_choice, check_range

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

SHADOW_MODELS = _ecl.SHADOW_MODELS
#: Valid ``method`` names of :func:`annual_summary`.
METHODS = ("ephemeris", "analytic")
_J2000_JD = 2451545.0
_REFINE_ITERATIONS = 3


def _default_atmosphere_km() -> float:
    from .environment import default_environment

    return float(default_environment().shadow_atmosphere_height_km)


def _atm(shadow_atmosphere_height_km):
    h = _default_atmosphere_km() if shadow_atmosphere_height_km is None else \
        shadow_atmosphere_height_km
    return float(check_range("shadow_atmosphere_height_km", h, ge=0.0, le=200.0, unit="km"))


def _out(x):
    arr = np.asarray(x, dtype=np.float64)
    return float(arr) if arr.ndim == 0 else arr


@functools.lru_cache(maxsize=None)
def _jit(name: str):
    """The core kernel ``name`` compiled with ``jax.jit`` (model names static)."""
    import jax

    static = [a for a in ("shadow_model",) if a in getattr(_ecl, name).__code__.co_varnames]
    return jax.jit(getattr(_ecl, name), static_argnames=static)


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
    .. math:: f_{cyl} = \frac1\pi\arccos\frac{\sqrt{1 - (R_E/a)^2}}{\cos\beta},
              \quad |\beta| < \arcsin(R_E/a)

    See :mod:`orbitalcompute.core.eclipse` for the conical model.

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
    :func:`eclipse_fraction`."""
    return _shadow_kernel("eclipse_duration_s", altitude_km, beta_deg, shadow_model,
                          shadow_atmosphere_height_km, sun_distance_km)


def _shadow_kernel(kernel, altitude_km, beta_deg, shadow_model, shadow_atmosphere_height_km,
                   sun_distance_km):
    """Validate the shared shadow inputs, then call the jitted core ``kernel``."""
    check_choice("shadow_model", shadow_model, SHADOW_MODELS)
    h = _check_altitude(altitude_km)
    b = check_range("beta_deg", beta_deg, ge=-90.0, le=90.0, unit="deg")
    d = check_range("sun_distance_km", sun_distance_km, gt=R_SUN_KM, unit="km")
    return _out(_jit(kernel)(h, b, shadow_model,
                             shadow_atmosphere_height_km=_atm(shadow_atmosphere_height_km),
                             sun_distance_km=d))


def critical_beta_deg(altitude_km, shadow_model: str = "conical", *,
                      shadow_atmosphere_height_km: float | None = None):
    r"""Beta angle [deg] above which a circular orbit sees no eclipse:
    :math:`\arcsin(R_E/a)` (cylindrical) or :math:`\rho_E + \rho_S` (conical)."""
    check_choice("shadow_model", shadow_model, SHADOW_MODELS)
    h = _check_altitude(altitude_km)
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
    .. math:: \sin\beta = \cos\delta\sin i\sin(\Omega - \alpha) + \sin\delta\cos i
    """
    r = check_range("raan_deg", raan_deg, unit="deg")
    i = check_range("inclination_deg", inclination_deg, ge=0.0, le=180.0, unit="deg")
    a = check_range("sun_ra_deg", sun_ra_deg, unit="deg")
    d = check_range("sun_dec_deg", sun_dec_deg, ge=-90.0, le=90.0, unit="deg")
    return _out(_jit("beta_angle_deg")(r, i, a, d))


def sun_position_low_precision(days_since_j2000):
    """Almanac low-precision Sun: ``(ra_deg, dec_deg, distance_km)`` for
    :math:`n = JD - 2451545` [days] (0.01 deg, 1950-2050)."""
    n = check_range("days_since_j2000", days_since_j2000, ge=-18263.0, le=18263.0, unit="days")
    return tuple(_out(x) for x in _jit("sun_position_low_precision")(n))


# --------------------------------------------------------------------------
# Ephemeris-grade path
# --------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class IlluminationSeries:
    """Per-step illumination of an orbit (ephemeris path).

    Attributes
    ----------
    time_utc : ndarray of datetime64[ms]
    elapsed_s : ndarray
        Seconds since the start.
    visible_fraction : ndarray
        Unhidden fraction of the solar disc (0..1).
    sunlit, umbra : ndarray of bool
        No part of the Sun hidden / all of it hidden (penumbra: neither).
    beta_deg : ndarray
        Beta angle from the osculating orbit normal [deg].
    irradiance_factor : ndarray
        :math:`(1\\,{\\rm AU}/r_{sat\\odot})^2`.
    eclipse_start_s, eclipse_end_s : ndarray
        Eclipse intervals (umbra + penumbra), seconds since the start, refined
        between steps.  An eclipse cut by the span's ends is truncated there.
    start_utc : str
    step_s : float
    """

    time_utc: np.ndarray
    elapsed_s: np.ndarray
    visible_fraction: np.ndarray
    sunlit: np.ndarray
    umbra: np.ndarray
    beta_deg: np.ndarray
    irradiance_factor: np.ndarray
    eclipse_start_s: np.ndarray
    eclipse_end_s: np.ndarray
    start_utc: str
    step_s: float

    @property
    def eclipse_duration_s(self) -> np.ndarray:
        return self.eclipse_end_s - self.eclipse_start_s


def _satellite_of(orbit):
    """(EarthSatellite, CircularOrbit-or-None) for any accepted orbit input."""
    from skyfield.api import EarthSatellite

    if isinstance(orbit, EarthSatellite):
        return orbit, None
    o = resolve_orbit(orbit)
    return earth_satellite(o), o


def _circular_of_satellite(sat) -> CircularOrbit:
    """Mean elements of a TLE satellite as a CircularOrbit (eccentricity dropped)."""
    import math

    m = sat.model
    alt = m.a * m.radiusearthkm - R_EARTH_KM
    return circular_orbit(alt, math.degrees(m.inclo), math.degrees(m.nodeo),
                          epoch_utc=sat.epoch, sun_synchronous=False, name=sat.name or "")


def _geometry(sat, t, atm_km):
    """Shadow geometry at Skyfield times ``t`` (arrays over steps)."""
    from .ephemeris import load_ephemeris

    eph = load_ephemeris()
    r, v = _propagate(sat, t)
    sun = np.asarray(eph["earth"].at(t).observe(eph["sun"]).position.km).T    # (N, 3)
    to_sun = sun - r
    d_sun = np.linalg.norm(to_sun, axis=1)
    r_norm = np.linalg.norm(r, axis=1)
    rho_s = np.arcsin(R_SUN_KM / d_sun)
    rho_e = np.arcsin((R_EARTH_KM + atm_km) / r_norm)
    # angle between the Sun's centre and the Earth's centre seen from the satellite
    cross = np.linalg.norm(np.cross(-r, to_sun), axis=1)
    dot = np.einsum("ij,ij->i", -r, to_sun)
    theta = np.arctan2(cross, dot)
    h = np.cross(r, v)
    h /= np.linalg.norm(h, axis=1)[:, None]
    s_hat = sun / np.linalg.norm(sun, axis=1)[:, None]
    beta = np.rad2deg(np.arcsin(np.clip(np.einsum("ij,ij->i", h, s_hat), -1.0, 1.0)))
    return dict(g=theta - (rho_e + rho_s), g_umbra=theta - (rho_e - rho_s),
                theta=theta, rho_s=rho_s, rho_e=rho_e, beta=beta,
                irradiance=(AU_KM / d_sun) ** 2)


def _g_at(sat, t0, seconds, atm_km):
    from .ephemeris import load_timescale

    t = load_timescale().tt_jd(np.full(seconds.shape, t0.whole),
                               t0.tt_fraction + seconds / DAY_S)
    return _geometry(sat, t, atm_km)["g"]


def _eclipse_intervals(sat, t0, step_s, g, atm_km):
    """Refined eclipse (g < 0) intervals in seconds since t0."""
    n = g.size
    span_end = (n - 1) * step_s
    ecl = g < 0.0
    k = np.nonzero(ecl[:-1] != ecl[1:])[0]
    lo = k * step_s
    hi = (k + 1) * step_s
    g_lo = g[k].copy()
    g_hi = g[k + 1].copy()
    for _ in range(_REFINE_ITERATIONS):
        if k.size == 0:
            break
        tm = lo - g_lo * (hi - lo) / (g_hi - g_lo)
        tm = np.clip(tm, lo + 1e-6, hi - 1e-6)
        gm = _g_at(sat, t0, tm, atm_km)
        same = np.sign(gm) == np.sign(g_lo)
        lo = np.where(same, tm, lo)
        g_lo = np.where(same, gm, g_lo)
        hi = np.where(same, hi, tm)
        g_hi = np.where(same, g_hi, gm)
    cross = lo - g_lo * (hi - lo) / (g_hi - g_lo) if k.size else np.zeros(0)
    entering = ~ecl[k]
    starts = list(cross[entering])
    ends = list(cross[~entering])
    if ecl[0]:
        starts.insert(0, 0.0)
    if ecl[-1]:
        ends.append(span_end)
    starts = np.asarray(starts)
    ends = np.asarray(ends)
    # Eclipses shorter than a step: a sampled local minimum of g above zero
    # whose parabola dips below zero.
    if n >= 3:
        m = np.nonzero((g[1:-1] > 0.0) & (g[1:-1] <= g[:-2]) & (g[1:-1] < g[2:]))[0] + 1
        gm1, g0, gp1 = g[m - 1], g[m], g[m + 1]
        c = (gm1 + gp1 - 2.0 * g0) / (2.0 * step_s**2)
        b = (gp1 - gm1) / (2.0 * step_s)
        ok = c > 0.0
        gv = np.where(ok, g0 - b**2 / (4.0 * np.where(ok, c, 1.0)), 1.0)
        hit = ok & (gv < 0.0)
        if hit.any():
            tv = m[hit] * step_s - b[hit] / (2.0 * c[hit])
            half = np.sqrt(-gv[hit] / c[hit])
            starts = np.concatenate([starts, np.maximum(tv - half, 0.0)])
            ends = np.concatenate([ends, np.minimum(tv + half, span_end)])
            order = np.argsort(starts)
            starts, ends = starts[order], ends[order]
    return starts, ends


def illumination_series(orbit, *, start_utc: Any = None, span_days: float = 365.0,
                        step_s: float = 30.0,
                        shadow_atmosphere_height_km: float | None = None) -> IlluminationSeries:
    """Ephemeris-grade illumination of an orbit over a time span.

    Parameters
    ----------
    orbit : str, OrbitParams, CircularOrbit or skyfield EarthSatellite
        A catalogue name (``models/orbits.toml``), a parameter set, a resolved
        orbit, or a satellite from :func:`orbitalcompute.orbit.orbit_from_tle`.
    start_utc : str, datetime or Time, optional
        Start of the span; default the orbit's epoch.
    span_days : float
        Length of the span [days], > 0 (default 365).
    step_s : float
        Time step [s], > 0 (default 30).
    shadow_atmosphere_height_km : float, optional
        Height added to the Earth's radius for the shadow [km].

    Returns
    -------
    IlluminationSeries

    Raises
    ------
    ValueError
        Empty span, bad step, bad orbit.
    """
    sat, circ = _satellite_of(orbit)
    atm = _atm(shadow_atmosphere_height_km)
    if start_utc is None:
        start_utc = circ.epoch if circ is not None else sat.epoch
    t = time_grid(start_utc, span_days, step_s)
    t0 = _to_time(start_utc)
    step = float(step_s)
    # Chunked over time to bound memory (~0.3 GB per 200,000 steps of temporaries).
    from .orbit import PROPAGATION_CHUNK_STEPS

    n = len(t.tt)
    parts = [_geometry(sat, t[lo:min(n, lo + PROPAGATION_CHUNK_STEPS)], atm)
             for lo in range(0, n, PROPAGATION_CHUNK_STEPS)]
    geo = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    g = geo["g"]
    nu = np.asarray(_ecl.solar_disc_visible_fraction(geo["theta"], geo["rho_s"], geo["rho_e"]))
    starts, ends = _eclipse_intervals(sat, t0, step, g, atm)
    elapsed = np.arange(g.size) * step
    t0_ms = np.datetime64(t0.utc_strftime("%Y-%m-%dT%H:%M:%S"), "ms")
    return IlluminationSeries(
        time_utc=t0_ms + (elapsed * 1000.0).astype("timedelta64[ms]"),
        elapsed_s=elapsed, visible_fraction=nu, sunlit=g >= 0.0, umbra=geo["g_umbra"] <= 0.0,
        beta_deg=geo["beta"], irradiance_factor=geo["irradiance"],
        eclipse_start_s=starts, eclipse_end_s=ends,
        start_utc=t0.utc_strftime("%Y-%m-%dT%H:%M:%SZ"), step_s=step)


# --------------------------------------------------------------------------
# Annual summary
# --------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class DailyIllumination:
    """Day-by-day view (for plots): one row per UTC day of the span."""

    date: np.ndarray               # datetime64[D]
    sunlit_fraction: np.ndarray    # mean visible fraction over the day
    longest_eclipse_s: np.ndarray  # longest eclipse starting that day (0 if none)
    beta_deg: np.ndarray           # beta angle at the start of the day


@dataclasses.dataclass(frozen=True)
class AnnualSummary:
    """Annual illumination summary of one orbit.

    Attributes
    ----------
    orbit_name : str
    method : {"ephemeris", "analytic"}
    shadow_model : str
    start_utc : str
    span_days : float
    step_s : float
        Time step of the ephemeris path, or the analytic sample spacing.
    altitude_km, inclination_deg : float
        The orbit's altitude and (for sun-synchronous orbits, first-order J2)
        inclination.  The ephemeris path's SGP4 satellite uses the inclination
        that makes SGP4's own node rate sun-synchronous
        (:func:`orbitalcompute.orbit.circular_satrec`; +0.02 deg at 650 km).
    ltan_h : float or None
    mean_sunlit_fraction : float
        Time mean of the visible fraction of the solar disc (0..1).
    longest_eclipse_s : float
        Longest eclipse (umbra + penumbra for ``"conical"``) [s].
    eclipse_day_count : int
        UTC days with at least part of an eclipse.
    eclipse_seasons : tuple of (str, str)
        First and last day (ISO dates) of each run of consecutive eclipse days.
    beta_min_deg, beta_max_deg : float
    mean_irradiance_factor : float
        Time mean of :math:`(1\\,{\\rm AU}/r)^2` over the span.
    mean_sunlit_irradiance_factor : float
        Time mean of visible fraction x irradiance factor (solar energy
        relative to continuous 1 AU sunlight).
    compute_time_s : float
    daily : DailyIllumination
    """

    orbit_name: str
    method: str
    shadow_model: str
    start_utc: str
    span_days: float
    step_s: float
    altitude_km: float
    inclination_deg: float
    ltan_h: float | None
    mean_sunlit_fraction: float
    longest_eclipse_s: float
    eclipse_day_count: int
    eclipse_seasons: tuple
    beta_min_deg: float
    beta_max_deg: float
    mean_irradiance_factor: float
    mean_sunlit_irradiance_factor: float
    compute_time_s: float
    daily: DailyIllumination = dataclasses.field(repr=False)

    def to_dict(self) -> dict:
        """Scalar fields as plain Python types (JSON-ready; ``daily`` omitted)."""
        out = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "daily"}
        out["eclipse_seasons"] = [list(s) for s in self.eclipse_seasons]
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    def table(self) -> str:
        """A plain-text table of the summary."""
        lt = "-" if self.ltan_h is None else f"{self.ltan_h:.2f} h"
        seasons = ", ".join(f"{a} .. {b}" for a, b in self.eclipse_seasons) or "none"
        rows = [
            ("orbit", self.orbit_name or "-"),
            ("method", f"{self.method} ({self.shadow_model} shadow)"),
            ("span", f"{self.start_utc} + {self.span_days:g} d, step {self.step_s:g} s"),
            ("altitude", f"{self.altitude_km:.1f} km"),
            ("inclination", f"{self.inclination_deg:.3f} deg"),
            ("LTAN", lt),
            ("mean sunlit fraction", f"{self.mean_sunlit_fraction:.4f}"),
            ("longest eclipse", f"{self.longest_eclipse_s:.0f} s ({self.longest_eclipse_s / 60:.1f} min)"),
            ("eclipse days", f"{self.eclipse_day_count}"),
            ("eclipse seasons", seasons),
            ("beta range", f"{self.beta_min_deg:.1f} .. {self.beta_max_deg:.1f} deg"),
            ("mean irradiance factor", f"{self.mean_irradiance_factor:.4f} (1 AU = 1)"),
            ("mean sunlit x irradiance", f"{self.mean_sunlit_irradiance_factor:.4f}"),
            ("compute time", f"{self.compute_time_s:.3g} s"),
        ]
        w = max(len(k) for k, _ in rows)
        return "\n".join(f"{k:<{w}}  {v}" for k, v in rows)


def _seasons(days: np.ndarray) -> tuple:
    if days.size == 0:
        return ()
    days = np.unique(days)
    breaks = np.nonzero(np.diff(days).astype(int) > 1)[0]
    first = np.concatenate([[0], breaks + 1])
    last = np.concatenate([breaks, [days.size - 1]])
    return tuple((str(days[a]), str(days[b])) for a, b in zip(first, last))


def _summary_ephemeris(orbit, start_utc, span_days, step_s, atm, name):
    t_start = _time.perf_counter()
    s = illumination_series(orbit, start_utc=start_utc, span_days=span_days, step_s=step_s,
                            shadow_atmosphere_height_km=atm)
    t0_ms = s.time_utc[0]
    to_day = lambda sec: (t0_ms + (np.asarray(sec) * 1000.0).astype("timedelta64[ms]")).astype(
        "datetime64[D]")
    ecl_days = np.unique(np.concatenate([to_day(s.eclipse_start_s), to_day(s.eclipse_end_s)])) \
        if s.eclipse_start_s.size else np.zeros(0, "datetime64[D]")
    dur = s.eclipse_duration_s
    day_of_step = s.time_utc.astype("datetime64[D]")
    dates, idx = np.unique(day_of_step, return_index=True)
    counts = np.diff(np.append(idx, day_of_step.size))
    sunlit_daily = np.add.reduceat(s.visible_fraction, idx) / counts
    longest_daily = np.zeros(dates.size)
    if dur.size:
        pos = np.searchsorted(dates, to_day(s.eclipse_start_s))
        np.maximum.at(longest_daily, np.clip(pos, 0, dates.size - 1), dur)
    daily = DailyIllumination(dates, sunlit_daily, longest_daily, s.beta_deg[idx])
    return dict(
        mean_sunlit_fraction=float(np.mean(s.visible_fraction)),
        longest_eclipse_s=float(dur.max()) if dur.size else 0.0,
        eclipse_day_count=int(ecl_days.size), eclipse_seasons=_seasons(ecl_days),
        beta_min_deg=float(s.beta_deg.min()), beta_max_deg=float(s.beta_deg.max()),
        mean_irradiance_factor=float(np.mean(s.irradiance_factor)),
        mean_sunlit_irradiance_factor=float(np.mean(s.visible_fraction * s.irradiance_factor)),
        compute_time_s=_time.perf_counter() - t_start, daily=daily, start=s.start_utc)


_STATIC = ("day_count", "samples_per_day", "shadow_model")


@functools.lru_cache(maxsize=None)
def _jitted():
    """jit-compiled kernels (compiled once per static configuration)."""
    import jax
    import jax.numpy as jnp

    from .core import orbit_kernels as _ok

    def day_series(altitude_km, inclination_deg, raan0_deg, rate_deg_per_day, n0, atm_km, *,
                   day_count, samples_per_day, shadow_model):
        grid = jnp.arange(day_count * samples_per_day + 1, dtype=jnp.float64) / samples_per_day
        ra, dec, dist = _ecl.sun_position_low_precision(n0 + grid)
        beta = _ecl.beta_angle_deg(raan0_deg + rate_deg_per_day * grid, inclination_deg, ra, dec)
        period = _ok.period_s(altitude_km)
        if shadow_model == "conical":
            f_u, f_p, f_b = _ecl.shadow_fractions(altitude_km, beta, sun_distance_km=dist,
                                                  shadow_atmosphere_height_km=atm_km)
            dur = (f_u + f_p) * period
        else:
            f_b = _ecl.eclipse_fraction(altitude_km, beta, "cylindrical",
                                        shadow_atmosphere_height_km=atm_km)
            dur = f_b * period
        return beta, f_b, dur, dist

    return (jax.jit(_ecl.annual_sso_illumination, static_argnames=_STATIC),
            jax.jit(_ecl.annual_illumination, static_argnames=_STATIC),
            jax.jit(day_series, static_argnames=_STATIC))


def _summary_analytic(circ: CircularOrbit, start_utc, span_days, samples_per_day, shadow_model,
                      atm):
    from .core import orbit_kernels as _ok
    from .environment import default_environment

    t_start = _time.perf_counter()
    sso_kernel, inclined_kernel, day_series = _jitted()
    t0 = _to_time(start_utc if start_utc is not None else circ.epoch)
    day_count = int(round(float(span_days)))
    if day_count < 1:
        raise ValueError(f"span_days = {span_days:g} is outside the valid range [1, inf) days "
                         "for the analytic method (whole days)")
    n0 = float(t0.tt - _J2000_JD)
    s = int(samples_per_day)
    kw = dict(start_days_since_j2000=n0, day_count=day_count, samples_per_day=s,
              shadow_model=shadow_model, shadow_atmosphere_height_km=atm)
    if circ.sun_synchronous:
        year = float(default_environment().tropical_year_days)
        res = sso_kernel(circ.altitude_km, circ.ltan_h, tropical_year_days=year, **kw)
        inc = float(_ok.sun_synchronous_inclination_deg(circ.altitude_km, year))
        raan0 = float(_ecl.mean_sun_right_ascension_deg(n0)) + 15.0 * (circ.ltan_h - 12.0)
        rate = 360.0 / year
    else:
        # RAAN at the span start (the orbit's RAAN is at its epoch)
        inc = circ.inclination_deg
        rate = float(np.rad2deg(_ok.nodal_precession_rad_per_s(circ.altitude_km, inc)) * DAY_S)
        raan0 = circ.raan_deg + rate * float(t0.tt - circ.epoch.tt)
        res = inclined_kernel(circ.altitude_km, inc, raan0, **kw)
    mean_sunlit, longest, days = (float(x) for x in res)
    # Day-by-day view and season dates from the same kernels.
    beta, f_b, dur, dist = (np.asarray(x) for x in day_series(
        circ.altitude_km, inc, raan0, rate, n0, atm, day_count=day_count, samples_per_day=s,
        shadow_model=shadow_model))
    ecl = dur > 0
    day_has = ecl[:-1].reshape(day_count, s).any(axis=1) | ecl[s::s]
    d0 = np.datetime64(t0.utc_strftime("%Y-%m-%d"), "D")
    dates = d0 + np.arange(day_count).astype("timedelta64[D]")
    irr = (AU_KM / dist) ** 2
    daily = DailyIllumination(dates, 1.0 - f_b[:-1].reshape(day_count, s).mean(axis=1),
                              np.maximum(dur[:-1].reshape(day_count, s).max(axis=1), dur[s::s]),
                              beta[:-1:s])
    return dict(
        mean_sunlit_fraction=mean_sunlit, longest_eclipse_s=longest,
        eclipse_day_count=int(round(days)), eclipse_seasons=_seasons(dates[day_has]),
        beta_min_deg=float(beta.min()), beta_max_deg=float(beta.max()),
        mean_irradiance_factor=float(irr[:-1].mean()),
        mean_sunlit_irradiance_factor=float(((1.0 - f_b) * irr)[:-1].mean()),
        compute_time_s=_time.perf_counter() - t_start, daily=daily,
        start=t0.utc_strftime("%Y-%m-%dT%H:%M:%SZ"), inc=inc)


def annual_summary(orbit, method: str = "ephemeris", *, step_s: float = 30.0,
                   span_days: float = 365.0, start_utc: Any = None,
                   shadow_model: str = "conical", samples_per_day: int = 4,
                   shadow_atmosphere_height_km: float | None = None) -> AnnualSummary:
    """Annual illumination summary of an orbit.

    Parameters
    ----------
    orbit : str, OrbitParams, CircularOrbit or skyfield EarthSatellite
        Catalogue name (``models/orbits.toml``), parameter set, resolved orbit,
        or a TLE satellite (:func:`orbitalcompute.orbit.orbit_from_tle`; the
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
        r = _summary_ephemeris(sat_or_orbit, start_utc, span_days, step_s, atm, circ.name)
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


# ---------------------------------------------------------------------------
# The stored sun-synchronous illumination table (the pipeline's fast path)
# ---------------------------------------------------------------------------

def sso_illumination_table_path():
    """Path of the stored sun-synchronous illumination table."""
    return catalog_dir() / "data" / "sso_illumination_table.csv.gz"


@functools.lru_cache(maxsize=None)
def _read_sso_illumination_table():
    """(header lines, {column: ndarray}) of the stored table (NumPy, read once)."""
    header, rows = [], []
    with gzip.open(sso_illumination_table_path(), "rt") as fh:
        for line in fh:
            if line.startswith("#"):
                header.append(line[1:].strip())
            elif line.strip():
                rows.append(line)
    cols = rows[0].strip().split(",")
    data = np.loadtxt(rows[1:], delimiter=",", dtype=np.float64)
    return header, {c: data[:, j] for j, c in enumerate(cols)}


def _header_value(header, key):
    for line in header:
        if line.startswith(key + " ="):
            return float(line.split("=", 1)[1])
    raise ValueError(f"{sso_illumination_table_path()}: header lacks '{key} = ...'")


@functools.lru_cache(maxsize=None)
def sso_illumination_table() -> _ecl.SSOIlluminationTable:
    """The stored sun-synchronous illumination table (read once per process;
    constant arrays, safe to call first inside ``jit``).

    Generated by ``tools/generate_sso_illumination_table.py`` with the direct
    kernel; see the file's header for the grid and settings.
    """
    header, d = _read_sso_illumination_table()
    alt = np.unique(d["altitude_km"])
    lt = np.unique(d["ltan_h"])
    ia = np.searchsorted(alt, d["altitude_km"])
    il = np.searchsorted(lt, d["ltan_h"])
    if alt.size * lt.size != ia.size:
        raise ValueError(f"{sso_illumination_table_path()}: incomplete grid")
    cube = {}
    for k in ("mean_sunlit_fraction", "shadow_margin_rad", "eclipse_day_count"):
        c = np.full((alt.size, lt.size), np.nan)
        c[ia, il] = d[k]
        cube[k] = c
    return _ecl.make_sso_illumination_table(alt, lt, cube["mean_sunlit_fraction"], cube["shadow_margin_rad"],
                                       cube["eclipse_day_count"],
                                       _header_value(header, "shadow_atmosphere_height_km"),
                                       _header_value(header, "tropical_year_days"))
