"""Epochs at the boundary: calendar dates to the numbers the core takes.

The one place where the outer layer turns a calendar epoch (ISO 8601 string,
``datetime``, Skyfield or astropy ``Time``) into time-scale numbers, with
Skyfield's timescale (builtin leap-second and UT1 tables,
[`orbitalcompute.ephemeris.load_timescale`][orbitalcompute.ephemeris.load_timescale]).  The numeric core
([`orbitalcompute.core.time`][orbitalcompute.core.time]) only ever sees the resulting float64 Julian
dates; nothing else in the package parses dates or keeps its own leap
seconds.

* GMST and Earth rotation take UT1: `julian_date_ut1`.
* The Almanac Sun and the mean Sun take days since J2000.0 on TT:
  `days_since_j2000_tt`.
* SGP4 epochs are UTC (Vallado et al. 2006): `sgp4_epoch_days`.
"""

from __future__ import annotations

import math

import numpy as np

from .constants import DAY_S
from .core.time import J2000_JD
from .validation import check_range, check_time_samples

__all__ = [
    "to_time",
    "utc_iso",
    "julian_date_ut1",
    "days_since_j2000_tt",
    "sgp4_epoch_days",
    "time_grid",
]

#: Julian date (UTC) of the ``Satrec.sgp4init`` epoch origin, 1949 December 31 00:00.
SGP4_EPOCH_JD = 2433281.5


def to_time(epoch):
    """A Skyfield ``Time`` from an ISO-8601 string, ``datetime`` (naive = UTC),
    Skyfield ``Time`` or astropy ``Time``.

    Raises
    ------
    ValueError
        For anything else, or a string that is not ISO 8601.

    Examples
    --------
    >>> to_time("2026-01-01T00:00:00Z").utc_strftime("%Y-%m-%d %H:%M")
    '2026-01-01 00:00'
    """
    from datetime import datetime, timezone

    from .ephemeris import load_timescale

    ts = load_timescale()
    if hasattr(epoch, "tt") and hasattr(epoch, "ts"):      # Skyfield Time
        return epoch
    if type(epoch).__module__.startswith("astropy"):         # astropy Time
        return ts.from_astropy(epoch)
    if isinstance(epoch, str):
        text = epoch.strip().replace("Z", "+00:00")
        try:
            dt = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"epoch_utc = {epoch!r} is not an ISO 8601 date-time "
                             "(e.g. '2026-01-01T00:00:00Z')") from None
        epoch = dt
    if isinstance(epoch, datetime):
        if epoch.tzinfo is None:
            epoch = epoch.replace(tzinfo=timezone.utc)
        return ts.from_datetime(epoch)
    raise ValueError(f"epoch_utc = {epoch!r}: expected an ISO 8601 string, datetime or Time")


def utc_iso(epoch) -> str:
    """ISO 8601 UTC text of an epoch, to the second (``'2026-01-01T00:00:00Z'``)."""
    return to_time(epoch).utc_strftime("%Y-%m-%dT%H:%M:%SZ")


def julian_date_ut1(epoch) -> float:
    """Julian date of ``epoch`` on the UT1 scale [days] (input of
    `orbitalcompute.core.time.gmst_rad`).

    Examples
    --------
    >>> round((julian_date_ut1("2026-01-01T00:00:00Z") - 2461041.5) * 86400, 2)   # UT1 - UTC [s]
    0.07
    """
    return float(to_time(epoch).ut1)


def days_since_j2000_tt(epoch) -> float:
    """Days since J2000.0 on TT [days] (input of the Almanac Sun and the mean Sun).

    Examples
    --------
    >>> round(days_since_j2000_tt("2026-01-01T00:00:00Z"), 5)
    9496.5008
    """
    return float(to_time(epoch).tt - J2000_JD)


def sgp4_epoch_days(epoch) -> float:
    """Days of ``epoch`` (UTC) since 1949 December 31 00:00, the epoch origin
    of ``Satrec.sgp4init`` (Vallado et al. 2006)."""
    t = to_time(epoch)
    return float(t.whole - SGP4_EPOCH_JD + t.tai_fraction - t._leap_seconds() / DAY_S)


def time_grid(start_utc, span_days: float = 365.0, step_s: float = 30.0):
    """A Skyfield ``Time`` array from ``start_utc`` over ``span_days`` in
    steps of ``step_s`` (the end point excluded).

    Parameters
    ----------
    start_utc : str, datetime or Time
    span_days : float
        [days], > 0.
    step_s : float
        [s], > 0.

    Raises
    ------
    ValueError
        For an empty or non-finite span or step.
    """
    from .ephemeris import load_timescale

    span = float(check_range("span_days", span_days, gt=0.0, unit="days"))
    step = float(check_range("step_s", step_s, gt=0.0, unit="s"))
    count = int(math.floor(span * DAY_S / step + 1e-9))
    if count < 1:
        raise ValueError(f"time span is empty: span_days = {span:g} is shorter than one step "
                         f"(step_s = {step:g}); valid range: span_days * 86400 >= step_s")
    check_time_samples(count, f"span_days = {span:g}, step_s = {step:g}")
    t0 = to_time(start_utc)
    offsets = np.arange(count, dtype=np.float64) * (step / DAY_S)
    return load_timescale().tt_jd(t0.whole, t0.tt_fraction + offsets)
