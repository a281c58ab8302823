r"""SGP4 for the circular orbits of this package, and TLEs, through the
``sgp4`` package and Skyfield.

One job: build, read and propagate SGP4 satellites.  `circular_satrec_elements`
is the one SGP4 builder for circular orbits (the illumination ephemeris path,
the latency constellations' SGP4 check and the TLE export all use it); SGP4's
internals are never re-coded here, the builder iterates on the mean elements
that ``Satrec.sgp4init`` reports.

Frame: the node and inclination given to SGP4 are in its TEME frame (true
equator, mean equinox of the epoch), the frame of every node of this package
(`orbitalcompute.orbit`); Skyfield rotates TEME to the GCRS when it
propagates (`propagate_gcrs_km`).

References
----------
Vallado, D. A., Crawford, P., Hujsak, R. & Kelso, T. S. (2006), Revisiting
Spacetrack Report #3, AIAA 2006-6753, doi:10.2514/6.2006-6753 (SGP4).
"""

from __future__ import annotations

import math

import numpy as np

from .constants import DAY_S, R_EARTH_KM
from .core import orbit_kernels as _ok
from .timescale import SGP4_EPOCH_JD, sgp4_epoch_days

__all__ = [
    "PROPAGATION_CHUNK_STEPS",
    "circular_satrec_elements",
    "circular_satrec",
    "circular_tle",
    "earth_satellite",
    "orbit_from_tle",
    "propagate_gcrs_km",
    "sgp4_positions_teme_km",
]

#: SGP4 is run in chunks of this many time steps (bounds memory: the
#: precession-nutation matrices are 3x3 per step).
PROPAGATION_CHUNK_STEPS = 200_000
_MINUTES_PER_DAY = DAY_S / 60.0
#: Newton / fixed-point iterations on the mean elements (converged to < 1 mm
#: and 1e-12 relative in the node rate after 3).
_MEAN_ELEMENT_ITERATIONS = 4


def circular_satrec_elements(altitude_km: float, inclination_deg: float, raan_deg: float,
                             arg_lat_deg: float, epoch, *, node_rate_rad_per_min: float | None = None,
                             satnum: int = 99999, match_sgp4_mean_elements: bool = True):
    r"""An SGP4 ``Satrec`` (WGS-84 constants, no drag, eccentricity 0) for a
    circular orbit given by its elements.

    Parameters
    ----------
    altitude_km : float
        Altitude above the equatorial radius [km].
    inclination_deg, raan_deg, arg_lat_deg : float
        Inclination, node (TEME of the epoch) and argument of latitude at the
        epoch [deg].
    epoch : str, datetime or Time
        Epoch of the elements (UTC).
    node_rate_rad_per_min : float, optional
        Target secular node rate [rad/min] (a sun-synchronous orbit:
        $2\pi / T_{trop}$); ``None``: the inclination is kept as given.
    satnum : int
        Catalogue number written into the ``Satrec``.
    match_sgp4_mean_elements : bool
        Adjust the SGP4 mean elements so that SGP4's own secular theory
        reproduces the orbit (default).

    Returns
    -------
    sgp4.api.Satrec

    Notes
    -----
    SGP4 takes a Kozai mean motion and reports its Brouwer semi-major axis
    ``Satrec.a`` (Earth radii) after ``sgp4init``.  The mean motion is iterated,
    $n \leftarrow n\,(a_{SGP4}/a)^{3/2}$, until $a_{SGP4} = R_E + h$ (otherwise
    it differs by ~3 km at 650 km).  With a target node rate, the inclination
    is iterated by a Newton step on $\cos i$ until SGP4's secular node rate
    ``nodedot`` (which includes $J_2^2$ and $J_4$) equals it.
    """
    from sgp4.api import WGS84, Satrec

    epoch_days = sgp4_epoch_days(epoch)
    a_target = R_EARTH_KM + float(altitude_km)
    n_rad_per_min = float(_ok.mean_motion_rad_per_s(altitude_km)) * 60.0
    inc = math.radians(float(inclination_deg))

    def build(n, i):
        s = Satrec()
        s.sgp4init(WGS84, "i", int(satnum), epoch_days, 0.0, 0.0, 0.0, 0.0, 0.0, i,
                   math.radians(float(arg_lat_deg)), n, math.radians(float(raan_deg)))
        if s.error:
            raise ValueError(f"SGP4 cannot initialise this orbit (error {s.error}); "
                             f"altitude_km = {float(altitude_km):g}")
        return s

    sat = build(n_rad_per_min, inc)
    if match_sgp4_mean_elements:
        for _ in range(_MEAN_ELEMENT_ITERATIONS):
            n_rad_per_min *= (sat.a * sat.radiusearthkm / a_target) ** 1.5
            if node_rate_rad_per_min is not None:
                # d(nodedot)/d(i) ~ -nodedot * tan(i): Newton step on cos(i).
                cos_i = math.cos(inc) * node_rate_rad_per_min / sat.nodedot
                inc = math.acos(max(-1.0, min(1.0, cos_i)))
            sat = build(n_rad_per_min, inc)
    return sat


def circular_satrec(orbit, *, satnum: int = 99999, match_sgp4_mean_elements: bool = True):
    r"""An SGP4 ``Satrec`` for a resolved circular orbit
    (`circular_satrec_elements`).

    For a sun-synchronous orbit the target node rate is the mean Sun's,
    $2\pi/T_{trop}$ with ``tropical_year_days`` from ``models/environment.toml``
    (the first-order J2 inclination alone would let the node drift away from
    the mean Sun under SGP4).

    Parameters
    ----------
    orbit : CircularOrbit, OrbitParams or catalogue name
    satnum : int
        Catalogue number written into the TLE.
    match_sgp4_mean_elements : bool
        See `circular_satrec_elements`.
    """
    from .environment import default_environment
    from .orbit import resolve_orbit

    o = resolve_orbit(orbit)
    rate = None
    if o.sun_synchronous:
        rate = 2.0 * math.pi / (float(default_environment().tropical_year_days) * _MINUTES_PER_DAY)
    return circular_satrec_elements(o.altitude_km, o.inclination_deg, o.raan_deg, o.arg_lat_deg,
                                    o.epoch, node_rate_rad_per_min=rate, satnum=satnum,
                                    match_sgp4_mean_elements=match_sgp4_mean_elements)


def circular_tle(orbit, *, satnum: int = 99999) -> tuple[str, str]:
    """Two-line element set of `circular_satrec` (``sgp4.exporter``).

    The TLE text rounds the elements (1e-4 deg, 1e-8 rev/day) and will be read
    back with WGS-72 by most tools; propagate the ``Satrec`` itself for the
    exact orbit.
    """
    from sgp4.exporter import export_tle

    return export_tle(circular_satrec(orbit, satnum=satnum))


def earth_satellite(orbit, *, name: str | None = None):
    """A Skyfield ``EarthSatellite`` propagating `circular_satrec`."""
    from skyfield.api import EarthSatellite

    from .ephemeris import load_timescale
    from .orbit import resolve_orbit

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


def sgp4_positions_teme_km(altitude_km, inclination_deg, raan_deg, arg_lat_deg, t_s,
                           epoch_utc="2026-01-01T00:00:00Z") -> np.ndarray:
    r"""Propagate circular elements with SGP4 and return TEME positions [km],
    shape ``(len(t_s), n_sat, 3)``.

    The independent check of the J2 secular kernel
    `orbitalcompute.core.orbit_kernels.circular_positions_eci_km`: every
    satellite is built by `circular_satrec_elements` (SGP4's Brouwer
    semi-major axis equal to $R_E + h$, i.e. both models describe the same
    mean orbit) and the set is propagated with ``SatrecArray``.

    Parameters
    ----------
    altitude_km, inclination_deg, raan_deg, arg_lat_deg : array_like, broadcast to (n_sat,)
        Elements at the epoch [km], [deg].
    t_s : array_like
        Seconds after ``epoch_utc`` [s].
    epoch_utc : str, datetime or Time
        Epoch of the elements (UTC).

    Raises
    ------
    RuntimeError
        If SGP4 reports an error code on any step.
    """
    from sgp4.api import SatrecArray

    alt, inc, raan, u = np.broadcast_arrays(*(np.atleast_1d(np.asarray(x, dtype=float)) for x in
                                              (altitude_km, inclination_deg, raan_deg, arg_lat_deg)))
    sats = [circular_satrec_elements(h, i, o, m, epoch_utc, satnum=1)
            for h, i, o, m in zip(alt, inc, raan, u)]
    jd0 = sgp4_epoch_days(epoch_utc) + SGP4_EPOCH_JD
    t = np.asarray(t_s, dtype=float)
    jd = np.full(t.shape, np.floor(jd0 - 0.5) + 0.5)
    fr = (jd0 - jd) + t / DAY_S
    err, r, _ = SatrecArray(sats).sgp4(jd, fr)
    if np.any(err):
        raise RuntimeError(f"SGP4 error codes {np.unique(err[err != 0])}")
    return np.transpose(r, (1, 0, 2))
