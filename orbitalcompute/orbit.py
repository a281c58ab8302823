r"""Orbits: circular orbit definitions, J2 closed forms and the local time of
the ascending node (LTAN).

This module is the Skyfield/Astropy tier of the orbit stack.  Its jobs are the
parameter set (`OrbitParams`), validated wrappers of the closed-form kernels
of `orbitalcompute.core.orbit_kernels`, the LTAN <-> node conversion with
the one mean Sun (`orbitalcompute.core.sun`), and resolving catalogue
entries into a `CircularOrbit`.  The rest of the stack lives in:

* `orbitalcompute.timescale`: epochs to Julian dates (Skyfield timescale);
* `orbitalcompute.sgp4_orbits`: SGP4 builders, TLEs, propagation;
* `orbitalcompute.walker`: Walker-delta constellations;

whose public names are re-exported here.

Conventions
-----------
* ``altitude_km`` is the height above the WGS-84 equatorial radius
  (`orbitalcompute.constants.R_EARTH_KM`), so $a = R_E + h$; its valid range
  is declared once, in `orbitalcompute.core.domain` ([100, 100000) km).
* **Frame of the node.**  Every right ascension of the node in this package
  (``raan_deg`` of `OrbitParams` and `CircularOrbit`, the latency
  constellations' ``raan0_deg``) is measured in SGP4's TEME frame of the epoch
  (true equator, mean equinox of date).  The mean Sun and the Almanac Sun are
  on the mean equator and equinox of date, which differs from TEME by the
  nutation in right ascension (< 0.005 deg), neglected.  A J2000/GCRS right
  ascension differs from it by the precession since 2000 (0.36 deg in 2026):
  convert at the boundary if you have one.
* LTAN is *mean* local solar time:
  $\Omega = \alpha_{MS} + 15^\circ({\rm LTAN} - 12\,{\rm h})$ with the mean
  Sun's right ascension $\alpha_{MS}$ of `orbitalcompute.core.sun.mean_sun_right_ascension_deg`
  (Vallado 2013, sec. 3.5), taken at the epoch's TT.

References
----------
Vallado, D. A. (2013), Fundamentals of Astrodynamics and Applications, 4th ed.,
Microcosm Press: sec. 9.6 (J2 secular rates, eq. 9-41; sun-synchronous orbits),
sec. 11.4.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

from .catalog import category, parameter_set, quantity
from .constants import DAY_S
from .core import orbit_kernels as _ok
from .core import sun as _sun
from .core import time as _core_time
from .core.domain import MAX_ALTITUDE_KM, MIN_ALTITUDE_KM
from .timescale import time_grid, to_time, utc_iso
from .validation import check_altitude_km, check_range

__all__ = [
    "OrbitParams",
    "CircularOrbit",
    "sun_synchronous_inclination_deg",
    "period_s",
    "nodal_precession_deg_per_day",
    "mean_sun_right_ascension_deg",
    "raan_from_ltan_deg",
    "ltan_from_raan_h",
    "circular_orbit",
    "resolve_orbit",
    "circular_satrec",
    "circular_tle",
    "earth_satellite",
    "orbit_from_tle",
    "time_grid",
    "propagate_gcrs_km",
    "walker_delta",
]

_to_time = to_time  # older private name, used by tests


@parameter_set
class OrbitParams:
    """A circular orbit.

    ``orbit_type = "sun_synchronous"`` derives the inclination from J2 and the
    node from the local time of the ascending node ``ltan_h``;
    ``"inclined"`` takes ``inclination_deg`` and ``raan_deg`` as given.
    """

    altitude_km: float = quantity("km", ge=MIN_ALTITUDE_KM, lt=MAX_ALTITUDE_KM,
                                  doc="Altitude above the equatorial radius")
    orbit_type: str = category(("sun_synchronous", "inclined"), default="inclined")
    inclination_deg: float | None = quantity("deg", ge=0.0, le=180.0, default=None)
    raan_deg: float | None = quantity("deg", ge=0.0, lt=360.0, default=None,
                                      doc="RAAN at epoch, SGP4 TEME frame (mean equinox of epoch)")
    ltan_h: float | None = quantity("h", ge=0.0, lt=24.0, default=None,
                                    doc="Local (mean solar) time of the ascending node")
    epoch_utc: str = category(default="2026-01-01T00:00:00Z", doc="Epoch (ISO 8601, UTC)")


# --------------------------------------------------------------------------
# Closed forms (validated wrappers of the core kernels)
# --------------------------------------------------------------------------

def _tropical_year_days() -> float:
    from .environment import default_environment

    return float(default_environment().tropical_year_days)


_check_altitude = check_altitude_km  # older private name (illumination, tests)


def _check_inclination(inclination_deg):
    return check_range("inclination_deg", inclination_deg, ge=0.0, le=180.0, unit="deg")


def _check_ltan(ltan_h):
    return check_range("ltan_h", ltan_h, ge=0.0, lt=24.0, unit="h")


def _out(x):
    arr = np.asarray(x, dtype=np.float64)
    return float(arr) if arr.ndim == 0 else arr


def sun_synchronous_inclination_deg(altitude_km, tropical_year_days: float | None = None):
    r"""Inclination [deg] of a circular sun-synchronous orbit (first-order J2).

    Parameters
    ----------
    altitude_km : array_like
        Altitude above the equatorial radius [km], in [100, 100000).  Broadcasts.
    tropical_year_days : float, optional
        Length of the tropical year [days]; default ``tropical_year_days`` from
        ``models/environment.toml``.

    Returns
    -------
    inclination_deg : float or ndarray
        NaN above about 5,970 km, where no sun-synchronous orbit exists.

    Notes
    -----
    The J2 node drift equals the mean Sun's rate (Vallado 2013, eq. 9-41):

    $$\cos i = -\frac{2\pi / T_{trop}}{\tfrac32 n J_2 (R_E/a)^2},
      \qquad n = \sqrt{\mu/a^3}.$$

    Examples
    --------
    >>> round(sun_synchronous_inclination_deg(800.0), 2)
    98.6
    """
    h = check_altitude_km(altitude_km)
    year = _tropical_year_days() if tropical_year_days is None else tropical_year_days
    check_range("tropical_year_days", year, gt=0.0, unit="days")
    return _out(_ok.sun_synchronous_inclination_deg(h, year))


def period_s(altitude_km):
    r"""Keplerian period of a circular orbit [s], $T = 2\pi\sqrt{a^3/\mu}$.

    Parameters
    ----------
    altitude_km : array_like
        Altitude above the equatorial radius [km], in [100, 100000).

    Returns
    -------
    period_s : float or ndarray
        [s].

    Raises
    ------
    ValueError
        Altitude outside the range of ``OrbitParams.altitude_km``.

    Examples
    --------
    >>> round(period_s(650.0), 1)
    5863.7
    """
    return _out(_ok.period_s(check_altitude_km(altitude_km)))


def nodal_precession_deg_per_day(altitude_km, inclination_deg):
    r"""First-order J2 drift of the ascending node [deg/day].

    $$\dot\Omega = -\tfrac32 n J_2 (R_E/a)^2\cos i$$

    Parameters
    ----------
    altitude_km : array_like
        Altitude [km], in [100, 100000).
    inclination_deg : array_like
        Inclination [deg], 0..180.

    Returns
    -------
    float or ndarray
        [deg/day].

    Examples
    --------
    >>> round(nodal_precession_deg_per_day(550.0, 53.0), 3)
    -4.489
    """
    h = check_altitude_km(altitude_km)
    i = _check_inclination(inclination_deg)
    return _out(np.rad2deg(_ok.nodal_precession_rad_per_s(h, i)) * DAY_S)


# --------------------------------------------------------------------------
# Mean Sun and LTAN
# --------------------------------------------------------------------------

def mean_sun_right_ascension_deg(t):
    r"""Right ascension of the mean Sun [deg] at epoch(s) ``t``.

    The core's one mean Sun (`orbitalcompute.core.sun.mean_sun_right_ascension_deg`,
    the Almanac mean longitude) evaluated at the epoch's TT.

    Parameters
    ----------
    t : str, datetime or Time (scalar or array)

    Returns
    -------
    float or ndarray
        [deg], in [0, 360), mean equator and equinox of date.

    Examples
    --------
    >>> round(mean_sun_right_ascension_deg("2000-01-01T12:00:00Z"), 3)
    280.461
    """
    n = _core_time.days_since_j2000(np.asarray(to_time(t).tt, dtype=np.float64))
    return _out(_sun.mean_sun_right_ascension_deg(n))


def raan_from_ltan_deg(ltan_h, epoch_utc):
    r"""RAAN [deg] (TEME of the epoch) of a node with mean local solar time
    ``ltan_h`` at ``epoch_utc``.

    $$\Omega = \alpha_{MS}(t) + 15^\circ({\rm LTAN} - 12\,{\rm h})$$

    Parameters
    ----------
    ltan_h : array_like
        [h], 0 <= LTAN < 24.
    epoch_utc : str, datetime or Time

    Examples
    --------
    >>> round(raan_from_ltan_deg(18.0, "2026-01-01T00:00:00Z"), 2)
    10.66
    """
    lt = _check_ltan(ltan_h)
    return _out(np.mod(mean_sun_right_ascension_deg(epoch_utc) + 15.0 * (lt - 12.0), 360.0))


def ltan_from_raan_h(raan_deg, epoch_utc):
    """Mean local solar time of the node [h] for a RAAN [deg] (TEME of the
    epoch) at ``epoch_utc``; the inverse of `raan_from_ltan_deg`.

    Examples
    --------
    >>> round(ltan_from_raan_h(raan_from_ltan_deg(18.0, "2026-01-01T00:00:00Z"),
    ...                        "2026-01-01T00:00:00Z"), 9)
    18.0
    """
    r = check_range("raan_deg", raan_deg, ge=-360.0, le=720.0, unit="deg")
    return _out(np.mod(12.0 + (r - mean_sun_right_ascension_deg(epoch_utc)) / 15.0, 24.0))


# --------------------------------------------------------------------------
# Circular orbits
# --------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class CircularOrbit:
    """A fully resolved circular orbit (outer tier, not a pytree).

    Attributes
    ----------
    altitude_km, inclination_deg, raan_deg : float
        Elements at ``epoch_utc`` (RAAN in the TEME frame of the epoch, see
        the module notes).
    epoch_utc : str
        ISO 8601 epoch.
    sun_synchronous : bool
        The node follows the mean Sun (inclination from J2).
    ltan_h : float or None
        Local time of the ascending node for sun-synchronous orbits.
    arg_lat_deg : float
        Argument of latitude at epoch.
    name : str
    """

    altitude_km: float
    inclination_deg: float
    raan_deg: float
    epoch_utc: str
    sun_synchronous: bool = False
    ltan_h: float | None = None
    arg_lat_deg: float = 0.0
    name: str = ""

    @property
    def epoch(self):
        """Epoch as a Skyfield ``Time``."""
        return to_time(self.epoch_utc)

    @property
    def period_s(self) -> float:
        return period_s(self.altitude_km)


def circular_orbit(altitude_km: float, inclination_deg: float | None = None,
                   raan_deg: float | None = None, *, ltan_h: float | None = None,
                   epoch_utc: Any = "2026-01-01T00:00:00Z", sun_synchronous: bool | None = None,
                   arg_lat_deg: float = 0.0, name: str = "") -> CircularOrbit:
    """Build a `CircularOrbit`.

    Give either ``inclination_deg`` and ``raan_deg`` (an inclined orbit), or
    ``ltan_h`` (a sun-synchronous orbit: inclination from J2, RAAN from the
    mean Sun at ``epoch_utc``).

    Parameters
    ----------
    altitude_km : float
        Altitude above the equatorial radius [km], in [100, 100000).
    inclination_deg : float, optional
        Inclination [deg], 0..180 (default for sun-synchronous: from J2).
    raan_deg : float, optional
        RAAN at epoch [deg] (default 0, or from ``ltan_h``).
    ltan_h : float, optional
        Local time of the ascending node [h], 0 <= LTAN < 24.
    epoch_utc : str, datetime or Time
    sun_synchronous : bool, optional
        Default: True when ``ltan_h`` is given.
    arg_lat_deg : float
        Argument of latitude at epoch [deg].

    Raises
    ------
    ValueError
        Out-of-range altitude, inclination or LTAN (naming the parameter).
    """
    h = float(check_altitude_km(altitude_km))
    t = to_time(epoch_utc)
    epoch_text = utc_iso(t)
    sso = (ltan_h is not None) if sun_synchronous is None else bool(sun_synchronous)
    if sso:
        if ltan_h is None:
            if raan_deg is None:
                raise ValueError("a sun-synchronous orbit needs ltan_h (0 <= ltan_h < 24 h) "
                                 "or raan_deg")
            ltan_h = ltan_from_raan_h(raan_deg, t)
        lt = float(_check_ltan(ltan_h))
        inc = sun_synchronous_inclination_deg(h) if inclination_deg is None else \
            float(_check_inclination(inclination_deg))
        if not math.isfinite(inc):
            raise ValueError(f"altitude_km = {h:g} has no sun-synchronous inclination; valid range "
                             f"[{MIN_ALTITUDE_KM:g}, ~5970] km")
        raan = raan_from_ltan_deg(lt, t) if raan_deg is None else float(raan_deg) % 360.0
        return CircularOrbit(h, inc, raan, epoch_text, True, lt, float(arg_lat_deg), name)
    if inclination_deg is None:
        raise ValueError("inclination_deg is required for a non-sun-synchronous orbit "
                         "(valid range [0, 180] deg)")
    inc = float(_check_inclination(inclination_deg))
    raan = 0.0 if raan_deg is None else float(check_range("raan_deg", raan_deg, ge=-360.0,
                                                           le=720.0, unit="deg")) % 360.0
    lt = None if ltan_h is None else float(_check_ltan(ltan_h))
    return CircularOrbit(h, inc, raan, epoch_text, False, lt, float(arg_lat_deg), name)


def resolve_orbit(orbit) -> CircularOrbit:
    """A catalogue name (``"dawn_dusk_sso_650"`` or ``"orbits/NAME"``), an
    `OrbitParams` or a `CircularOrbit` -> `CircularOrbit`."""
    if isinstance(orbit, CircularOrbit):
        return orbit
    name = ""
    if isinstance(orbit, str):
        from . import catalog

        name = orbit.split("/", 1)[1] if orbit.startswith("orbits/") else orbit
        orbit = catalog.load("orbits", name)
    if isinstance(orbit, OrbitParams):
        orbit.validate()
        if orbit.orbit_type == "sun_synchronous":
            return circular_orbit(orbit.altitude_km, orbit.inclination_deg, orbit.raan_deg,
                                  ltan_h=orbit.ltan_h, epoch_utc=orbit.epoch_utc,
                                  sun_synchronous=True, name=name)
        return circular_orbit(orbit.altitude_km, orbit.inclination_deg, orbit.raan_deg,
                              ltan_h=orbit.ltan_h, epoch_utc=orbit.epoch_utc,
                              sun_synchronous=False, name=name)
    raise ValueError(f"orbit = {orbit!r}: expected a catalogue name, OrbitParams or CircularOrbit")


# Re-exports: the SGP4 and Walker parts of the orbit stack (one job per module).
from .sgp4_orbits import (PROPAGATION_CHUNK_STEPS, _propagate, circular_satrec,  # noqa: E402,F401
                          circular_tle, earth_satellite, orbit_from_tle, propagate_gcrs_km)
from .walker import WalkerDelta, walker_delta  # noqa: E402,F401
