r"""Ephemeris-grade illumination of an orbit: SGP4 through Skyfield and the
JPL DE421 Sun (the independent oracle of the analytic kernels).

One job: at every time step of a span, the conical Earth shadow from the
apparent radii of the Sun and the Earth seen from the satellite; shadow entry
and exit are refined between steps (regula falsi on the shadow function,
3 iterations), and eclipses shorter than a step are caught from a parabola
through the shadow-function minimum.  The Sun is DE421, light-time corrected
(Folkner et al. 2009), in the GCRS, as Skyfield gives the satellite.

References
----------
Montenbruck, O. & Gill, E. (2000), Satellite Orbits, Springer, sec. 3.4.2,
doi:10.1007/978-3-642-58351-3.

Folkner, W. M. et al. (2009), The Planetary and Lunar Ephemeris DE 421, IPN
Progress Report 42-178.
"""

from __future__ import annotations

import dataclasses
import time as _time
from typing import Any

import numpy as np

from .constants import AU_KM, DAY_S, R_EARTH_KM, R_SUN_KM
from .core import shadow as _shadow
from .illumination_summary import DailyIllumination, eclipse_seasons
from .environment import shadow_atmosphere_height_or_default as _atm
from .orbit import resolve_orbit
from .sgp4_orbits import PROPAGATION_CHUNK_STEPS, _propagate, earth_satellite
from .timescale import time_grid, to_time

__all__ = ["IlluminationSeries", "illumination_series"]

_REFINE_ITERATIONS = 3


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
        $(1\\,{\\rm AU}/r_{sat\\odot})^2$.
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
        orbit, or a satellite from `orbitalcompute.orbit.orbit_from_tle`.
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
    t0 = to_time(start_utc)
    step = float(step_s)
    # Chunked over time to bound memory (~0.3 GB per 200,000 steps of temporaries).
    n = len(t.tt)
    parts = [_geometry(sat, t[lo:min(n, lo + PROPAGATION_CHUNK_STEPS)], atm)
             for lo in range(0, n, PROPAGATION_CHUNK_STEPS)]
    geo = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    g = geo["g"]
    nu = np.asarray(_shadow.solar_disc_visible_fraction(geo["theta"], geo["rho_s"], geo["rho_e"]))
    starts, ends = _eclipse_intervals(sat, t0, step, g, atm)
    elapsed = np.arange(g.size) * step
    t0_ms = np.datetime64(t0.utc_strftime("%Y-%m-%dT%H:%M:%S"), "ms")
    return IlluminationSeries(
        time_utc=t0_ms + (elapsed * 1000.0).astype("timedelta64[ms]"),
        elapsed_s=elapsed, visible_fraction=nu, sunlit=g >= 0.0, umbra=geo["g_umbra"] <= 0.0,
        beta_deg=geo["beta"], irradiance_factor=geo["irradiance"],
        eclipse_start_s=starts, eclipse_end_s=ends,
        start_utc=t0.utc_strftime("%Y-%m-%dT%H:%M:%SZ"), step_s=step)


def summary_ephemeris(orbit, start_utc, span_days, step_s, atm):
    """Fields of an `AnnualSummary` from `illumination_series` (daily view included)."""
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
        eclipse_day_count=int(ecl_days.size), eclipse_seasons=eclipse_seasons(ecl_days),
        beta_min_deg=float(s.beta_deg.min()), beta_max_deg=float(s.beta_deg.max()),
        mean_irradiance_factor=float(np.mean(s.irradiance_factor)),
        mean_sunlit_irradiance_factor=float(np.mean(s.visible_fraction * s.irradiance_factor)),
        compute_time_s=_time.perf_counter() - t_start, daily=daily, start=s.start_utc)
