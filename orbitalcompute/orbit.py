r"""Orbits: circular orbit definitions, J2 secular rates, TLEs, Skyfield/SGP4
propagation and Walker-delta constellations.

This module is the Skyfield/Astropy tier (issue 2).  The closed-form kernels it
wraps live in :mod:`orbitalcompute.core.orbit_kernels` (pure JAX); this layer
validates inputs, resolves catalogue entries, converts a local time of the
ascending node (LTAN) into a right ascension of the node at an epoch, builds
SGP4 satellites for circular orbits and propagates them with Skyfield.

Conventions
-----------
* ``altitude_km`` is the height above the WGS-84 equatorial radius
  (:data:`orbitalcompute.constants.R_EARTH_KM`), so :math:`a = R_E + h`.
* Angles are degrees.  RAAN is measured in SGP4's TEME frame (true equator,
  mean equinox of the epoch), the frame in which GMST and hence the mean Sun
  are defined, and the frame of the Almanac low-precision Sun used by
  :mod:`orbitalcompute.core.eclipse` (equinox of date); it differs from a
  J2000/GCRS right ascension by the precession since 2000 (0.36 deg in 2026).
* LTAN is *mean* local solar time:
  :math:`\Omega = \alpha_{MS} + 15^\circ({\rm LTAN} - 12\,{\rm h})` with the
  mean Sun's right ascension :math:`\alpha_{MS} = {\rm GMST} - {\rm UT1} + 12\,{\rm h}`
  (Vallado 2013, sec. 3.5).

References
----------
Vallado, D. A. (2013), Fundamentals of Astrodynamics and Applications, 4th ed.,
Microcosm Press: sec. 9.6 (J2 secular rates, eq. 9-41; sun-synchronous orbits),
sec. 11.4.

Vallado, D. A., Crawford, P., Hujsak, R. & Kelso, T. S. (2006), Revisiting
Spacetrack Report #3, AIAA 2006-6753, doi:10.2514/6.2006-6753 (SGP4).

Walker, J. G. (1984), Satellite constellations, J. Br. Interplanet. Soc. 37, 559-572.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

from .catalog import category, parameter_set, quantity
from .constants import DAY_S, R_EARTH_KM
from .core import orbit_kernels as _ok
from .validation import check_range

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

#: SGP4 is run in chunks of this many time steps (bounds memory: the
#: precession-nutation matrices are 3x3 per step).
PROPAGATION_CHUNK_STEPS = 200_000
_MINUTES_PER_DAY = DAY_S / 60.0
_SGP4_EPOCH_JD = 2433281.5  # sgp4init epoch origin: 1949 December 31 00:00 UT


@parameter_set
class OrbitParams:
    """A circular orbit.

    ``orbit_type = "sun_synchronous"`` derives the inclination from J2 and the
    node from the local time of the ascending node ``ltan_h``;
    ``"inclined"`` takes ``inclination_deg`` and ``raan_deg`` as given.
    """

    altitude_km: float = quantity("km", ge=100.0, lt=100000.0, doc="Altitude above the equatorial radius")
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


def _check_altitude(altitude_km):
    return check_range("altitude_km", altitude_km, ge=100.0, unit="km")


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
        Altitude above the equatorial radius [km], >= 100.  Broadcasts.
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

    .. math::

        \cos i = -\frac{2\pi / T_{trop}}{\tfrac32 n J_2 (R_E/a)^2},
        \qquad n = \sqrt{\mu/a^3}.

    Examples
    --------
    >>> round(sun_synchronous_inclination_deg(800.0), 2)
    98.6
    """
    h = _check_altitude(altitude_km)
    year = _tropical_year_days() if tropical_year_days is None else tropical_year_days
    check_range("tropical_year_days", year, gt=0.0, unit="days")
    return _out(_ok.sun_synchronous_inclination_deg(h, year))


def period_s(altitude_km):
    r"""Keplerian period of a circular orbit [s], :math:`T = 2\pi\sqrt{a^3/\mu}`.

    Parameters
    ----------
    altitude_km : array_like
        Altitude above the equatorial radius [km], >= 100.
    """
    return _out(_ok.period_s(_check_altitude(altitude_km)))


def nodal_precession_deg_per_day(altitude_km, inclination_deg):
    r"""First-order J2 drift of the ascending node [deg/day].

    .. math:: \dot\Omega = -\tfrac32 n J_2 (R_E/a)^2\cos i

    Parameters
    ----------
    altitude_km : array_like
        Altitude [km], >= 100.
    inclination_deg : array_like
        Inclination [deg], 0..180.
    """
    h = _check_altitude(altitude_km)
    i = _check_inclination(inclination_deg)
    return _out(np.rad2deg(_ok.nodal_precession_rad_per_s(h, i)) * DAY_S)


# --------------------------------------------------------------------------
# Time
# --------------------------------------------------------------------------

def _to_time(epoch):
    """ISO-8601 string / datetime / Skyfield Time / astropy Time -> Skyfield Time."""
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


def time_grid(start_utc, span_days: float = 365.0, step_s: float = 30.0):
    """A Skyfield ``Time`` array from ``start_utc`` over ``span_days`` in
    steps of ``step_s`` (the end point excluded).

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
    t0 = _to_time(start_utc)
    offsets = np.arange(count, dtype=np.float64) * (step / DAY_S)
    return load_timescale().tt_jd(t0.whole, t0.tt_fraction + offsets)


# --------------------------------------------------------------------------
# Mean Sun and LTAN
# --------------------------------------------------------------------------

def mean_sun_right_ascension_deg(t):
    r"""Right ascension of the mean Sun [deg] at Skyfield time(s) ``t``.

    .. math:: \alpha_{MS} = 15^\circ\,({\rm GMST_h} - {\rm UT1_h} + 12)
    """
    t = _to_time(t)
    ut1_h = np.mod(np.asarray(t.ut1, dtype=np.float64) - 0.5, 1.0) * 24.0  # JD days start at noon
    return np.mod(15.0 * (np.asarray(t.gmst) - ut1_h + 12.0), 360.0)


def raan_from_ltan_deg(ltan_h, epoch_utc):
    r"""RAAN [deg] of a node with mean local solar time ``ltan_h`` at ``epoch_utc``.

    .. math:: \Omega = \alpha_{MS}(t) + 15^\circ({\rm LTAN} - 12\,{\rm h})
    """
    lt = _check_ltan(ltan_h)
    return _out(np.mod(mean_sun_right_ascension_deg(epoch_utc) + 15.0 * (lt - 12.0), 360.0))


def ltan_from_raan_h(raan_deg, epoch_utc):
    """Mean local solar time of the node [h] for a RAAN [deg] at ``epoch_utc``."""
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
        Elements at ``epoch_utc`` (RAAN in the GCRS equator).
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
        return _to_time(self.epoch_utc)

    @property
    def period_s(self) -> float:
        return period_s(self.altitude_km)


def circular_orbit(altitude_km: float, inclination_deg: float | None = None,
                   raan_deg: float | None = None, *, ltan_h: float | None = None,
                   epoch_utc: Any = "2026-01-01T00:00:00Z", sun_synchronous: bool | None = None,
                   arg_lat_deg: float = 0.0, name: str = "") -> CircularOrbit:
    """Build a :class:`CircularOrbit`.

    Give either ``inclination_deg`` and ``raan_deg`` (an inclined orbit), or
    ``ltan_h`` (a sun-synchronous orbit: inclination from J2, RAAN from the
    mean Sun at ``epoch_utc``).

    Parameters
    ----------
    altitude_km : float
        Altitude above the equatorial radius [km], >= 100.
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
    h = float(check_range("altitude_km", altitude_km, ge=100.0, unit="km"))
    t = _to_time(epoch_utc)
    epoch_text = t.utc_strftime("%Y-%m-%dT%H:%M:%SZ")
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
                             "[100, ~5970] km")
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
    :class:`OrbitParams` or a :class:`CircularOrbit` -> :class:`CircularOrbit`."""
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


# --------------------------------------------------------------------------
# SGP4 / TLE
# --------------------------------------------------------------------------

def circular_satrec(orbit, *, satnum: int = 99999, match_sgp4_mean_elements: bool = True):
    r"""An SGP4 ``Satrec`` (WGS-84 constants, no drag) for a circular orbit.

    With ``match_sgp4_mean_elements`` (default) the SGP4 mean elements are
    adjusted so that SGP4's own secular theory reproduces the orbit: the
    Kozai mean motion is iterated until SGP4's Brouwer semi-major axis equals
    :math:`R_E + h` (otherwise it differs by ~3 km at 650 km), and for a
    sun-synchronous orbit the inclination is iterated until SGP4's secular
    node rate (``nodedot``, which includes :math:`J_2^2` and :math:`J_4`)
    equals the mean Sun's rate (the first-order J2 inclination alone would let
    the node drift away from the mean Sun under SGP4).

    Parameters
    ----------
    orbit : CircularOrbit, OrbitParams or catalogue name
    satnum : int
        Catalogue number written into the TLE.
    """
    from sgp4.api import WGS84, Satrec

    o = resolve_orbit(orbit)
    t = o.epoch
    # SGP4 epochs are UTC (AIAA 2006-6753), as Skyfield's EarthSatellite assumes.
    epoch_days = float(t.whole - _SGP4_EPOCH_JD + t.tai_fraction - t._leap_seconds() / DAY_S)
    a_target = R_EARTH_KM + o.altitude_km
    n_rad_per_min = float(_ok.mean_motion_rad_per_s(o.altitude_km)) * 60.0
    inc = math.radians(o.inclination_deg)
    node_rate_target = (2.0 * math.pi / (_tropical_year_days() * _MINUTES_PER_DAY))

    def build(n, i):
        s = Satrec()
        s.sgp4init(WGS84, "i", int(satnum), epoch_days, 0.0, 0.0, 0.0, 0.0, 0.0, i,
                   math.radians(o.arg_lat_deg), n, math.radians(o.raan_deg))
        if s.error:
            raise ValueError(f"SGP4 cannot initialise this orbit (error {s.error}); "
                             f"altitude_km = {o.altitude_km:g}")
        return s

    sat = build(n_rad_per_min, inc)
    if match_sgp4_mean_elements:
        for _ in range(4):
            n_rad_per_min *= (sat.a * sat.radiusearthkm / a_target) ** 1.5
            if o.sun_synchronous:
                # d(nodedot)/d(i) ~ -nodedot * tan(i): Newton step on cos(i).
                cos_i = math.cos(inc) * node_rate_target / sat.nodedot
                inc = math.acos(max(-1.0, min(1.0, cos_i)))
            sat = build(n_rad_per_min, inc)
    return sat


def circular_tle(orbit, *, satnum: int = 99999) -> tuple[str, str]:
    """Two-line element set of :func:`circular_satrec` (``sgp4.exporter``).

    The TLE text rounds the elements (1e-4 deg, 1e-8 rev/day) and will be read
    back with WGS-72 by most tools; propagate the ``Satrec`` itself for the
    exact orbit.
    """
    from sgp4.exporter import export_tle

    return export_tle(circular_satrec(orbit, satnum=satnum))


def earth_satellite(orbit, *, name: str | None = None):
    """A Skyfield ``EarthSatellite`` propagating :func:`circular_satrec`."""
    from skyfield.api import EarthSatellite

    from .ephemeris import load_timescale

    o = resolve_orbit(orbit)
    sat = EarthSatellite.from_satrec(circular_satrec(o), load_timescale())
    sat.name = name or o.name or None
    return sat


def _tle_checksum(line: str) -> int:
    return sum(int(c) if c.isdigit() else (1 if c == "-" else 0) for c in line[:68]) % 10


def orbit_from_tle(line1: str, line2: str, name: str | None = None):
    """A Skyfield ``EarthSatellite`` from a two-line element set.

    The lines are checked (line numbers, length, checksum, matching satellite
    numbers, SGP4 initialisation) and parsed with WGS-72, the constants TLEs
    are fitted with (Vallado et al. 2006).

    Raises
    ------
    ValueError
        For a malformed TLE, naming the line and what is wrong.
    """
    from sgp4.api import WGS72, Satrec
    from skyfield.api import EarthSatellite

    from .ephemeris import load_timescale

    lines = []
    for k, line in ((1, line1), (2, line2)):
        if not isinstance(line, str):
            raise ValueError(f"tle line{k} = {line!r} is not a string")
        line = line.rstrip()
        if len(line) != 69:
            raise ValueError(f"tle line{k} = {line!r} is malformed: length {len(line)}, "
                             "valid length 69 characters")
        if not line.startswith(f"{k} "):
            raise ValueError(f"tle line{k} = {line!r} is malformed: must start with '{k} '")
        if not line[68].isdigit() or int(line[68]) != _tle_checksum(line):
            raise ValueError(f"tle line{k} = {line!r} is malformed: checksum {line[68]!r} "
                             f"!= computed {_tle_checksum(line)}")
        lines.append(line)
    if lines[0][2:7] != lines[1][2:7]:
        raise ValueError(f"tle: satellite numbers differ between line1 ({lines[0][2:7]!r}) "
                         f"and line2 ({lines[1][2:7]!r})")
    try:
        satrec = Satrec.twoline2rv(lines[0], lines[1], WGS72)
    except Exception as exc:  # noqa: BLE001 - sgp4 raises several types
        raise ValueError(f"tle = {lines!r} is malformed: {exc}") from None
    if satrec.error:
        raise ValueError(f"tle = {lines!r} is malformed: SGP4 error code {satrec.error}")
    ecc = satrec.ecco
    if not 0.0 <= ecc < 1.0 or satrec.no_kozai <= 0.0:
        raise ValueError(f"tle = {lines!r} is malformed: eccentricity {ecc} or mean motion "
                         f"{satrec.no_kozai} outside the valid range")
    return EarthSatellite.from_satrec(satrec, load_timescale()) if name is None else \
        _named(EarthSatellite.from_satrec(satrec, load_timescale()), name)


def _named(sat, name):
    sat.name = name
    return sat


def propagate_gcrs_km(satellite, times, *, chunk_steps: int = PROPAGATION_CHUNK_STEPS):
    """Positions [km] in the GCRS of a Skyfield satellite at every time of
    ``times`` (a Skyfield ``Time`` array), shape ``(N, 3)``.

    Vectorised SGP4 (``Satrec.sgp4_array``) and frame rotation, in chunks of
    ``chunk_steps`` to bound memory.  Nutation uses IAU 2000B (1 mas of
    IAU 2000A, 10x faster).

    Parameters
    ----------
    satellite : skyfield EarthSatellite, CircularOrbit, OrbitParams or name
    times : skyfield Time (array)
    """
    from skyfield.api import EarthSatellite

    sat = satellite if isinstance(satellite, EarthSatellite) else earth_satellite(satellite)
    pos, _ = _propagate(sat, times, chunk_steps=chunk_steps, velocity=False)
    return pos


def _propagate(sat, times, *, chunk_steps: int = PROPAGATION_CHUNK_STEPS, velocity=True):
    from skyfield.nutationlib import iau2000b_radians

    from .ephemeris import load_timescale

    ts = load_timescale()
    whole = np.atleast_1d(np.asarray(times.whole, dtype=np.float64))
    frac = np.atleast_1d(np.asarray(times.tt_fraction, dtype=np.float64))
    whole, frac = np.broadcast_arrays(whole, frac)
    n = whole.size
    if n == 0:
        raise ValueError("times is empty; at least one time is required")
    pos = np.empty((n, 3))
    vel = np.empty((n, 3)) if velocity else None
    for lo in range(0, n, int(chunk_steps)):
        hi = min(n, lo + int(chunk_steps))
        t = ts.tt_jd(whole[lo:hi], frac[lo:hi])
        t._nutation_angles_radians = iau2000b_radians(t)
        g = sat.at(t)
        msg = g.message
        if msg is not None and any(m for m in np.atleast_1d(msg) if m):
            first = next(m for m in np.atleast_1d(msg) if m)
            raise ValueError(f"SGP4 propagation failed: {first}")
        pos[lo:hi] = np.asarray(g.position.km).T
        if velocity:
            vel[lo:hi] = np.asarray(g.velocity.km_per_s).T
    return pos, vel


# --------------------------------------------------------------------------
# Walker-delta constellations
# --------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class WalkerDelta:
    """Elements of a Walker-delta constellation ``i: t/p/f`` (plane-major order)."""

    altitude_km: float
    inclination_deg: float
    total_count: int
    planes_count: int
    phasing_count: int
    raan_deg: np.ndarray
    arg_lat_deg: np.ndarray

    def position_eci_km(self, elapsed_s=0.0):
        """Positions [km], shape ``elapsed.shape + (t, 3)``, after ``elapsed_s``
        seconds with the J2 node and argument-of-latitude drift."""
        el = np.asarray(elapsed_s, dtype=np.float64)[..., None]
        raan = self.raan_deg + np.rad2deg(_ok.nodal_precession_rad_per_s(
            self.altitude_km, self.inclination_deg)) * el
        u = self.arg_lat_deg + np.rad2deg(_ok.argument_of_latitude_rate_rad_per_s(
            self.altitude_km, self.inclination_deg)) * el
        return np.asarray(_ok.circular_position_eci_km(self.altitude_km, self.inclination_deg,
                                                       raan, u))


def walker_delta(altitude_km: float, inclination_deg: float, total_count: int,
                 planes_count: int, phasing_count: int) -> WalkerDelta:
    r"""Walker-delta constellation :math:`i: t/p/f` (Walker 1984).

    Parameters
    ----------
    altitude_km : float
        Altitude [km], >= 100.
    inclination_deg : float
        Inclination [deg], 0..180.
    total_count, planes_count, phasing_count : int
        :math:`t` satellites in :math:`p` equally spaced planes, phasing
        :math:`0 \le f < p`.

    Returns
    -------
    WalkerDelta
        With ``raan_deg`` and ``arg_lat_deg`` arrays of shape ``(t,)``.

    Notes
    -----
    :math:`\Omega_j = 360^\circ j/p`, :math:`u_{jk} = 360^\circ k p/t + 360^\circ f j/t`.
    """
    h = float(_check_altitude(altitude_km))
    inc = float(_check_inclination(inclination_deg))
    for nm, v in (("total_count", total_count), ("planes_count", planes_count),
                  ("phasing_count", phasing_count)):
        if isinstance(v, bool) or int(v) != v:
            raise ValueError(f"{nm} = {v!r} must be an integer")
    if int(total_count) < 1:
        raise ValueError(f"total_count = {total_count} is outside the valid range [1, inf)")
    raan, u = _ok.walker_delta_elements_deg(int(total_count), int(planes_count),
                                            int(phasing_count))
    return WalkerDelta(h, inc, int(total_count), int(planes_count), int(phasing_count),
                       np.asarray(raan), np.asarray(u))
