"""Result types of the annual illumination summary (both paths).

One job: the `AnnualSummary` and `DailyIllumination` records that
`orbitalcompute.illumination.annual_summary` returns for the ephemeris
path (`orbitalcompute.illumination_ephemeris`) and the analytic path
(`orbitalcompute.core.illumination_series`), their JSON and table
views, and the grouping of eclipse days into seasons.
"""

from __future__ import annotations

import dataclasses
import json

import numpy as np

__all__ = ["DailyIllumination", "AnnualSummary", "eclipse_seasons"]


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
        (`orbitalcompute.orbit.circular_satrec`; +0.02 deg at 650 km).
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
        Time mean of $(1\\,{\\rm AU}/r)^2$ over the span.
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


def eclipse_seasons(days: np.ndarray) -> tuple:
    """Runs of consecutive dates as ``((first, last), ...)`` ISO strings.

    Examples
    --------
    >>> d = np.array(["2026-05-06", "2026-05-07", "2026-05-09"], dtype="datetime64[D]")
    >>> eclipse_seasons(d)
    (('2026-05-06', '2026-05-07'), ('2026-05-09', '2026-05-09'))
    """
    if days.size == 0:
        return ()
    days = np.unique(days)
    breaks = np.nonzero(np.diff(days).astype(int) > 1)[0]
    first = np.concatenate([[0], breaks + 1])
    last = np.concatenate([breaks, [days.size - 1]])
    return tuple((str(days[a]), str(days[b])) for a, b in zip(first, last))
