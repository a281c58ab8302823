r"""Constellations of Walker-delta shells: satellite positions over time.

A :class:`Constellation` bundles one or more :class:`~.params.ShellParams`
and the per-satellite elements (node, initial argument of latitude) of every
shell.  Positions come from the pure-JAX kernel
:func:`orbitalcompute.core.latency_geometry.circular_positions_eci_km`
(circular orbits, J2 secular drift) and are rotated to the Earth-fixed frame
with the IAU-82 GMST; :func:`sgp4_positions_teme_km` propagates the same
elements with SGP4 as an independent check.

Time convention: times are seconds ``t_s`` after ``epoch_utc`` (ISO 8601).
UT1 is taken equal to UTC (|UT1 - UTC| < 0.9 s: at most 0.42 km of Earth
rotation at the equator, 1.4 microseconds of light time).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

from .. import catalog
from ..constants import DAY_S, MU_EARTH_M3_PER_S2, R_EARTH_KM
from ..core import latency_geometry as geo
from ..core.orbit_kernels import walker_delta_elements_deg
from ..validation import check_choice
from .params import ShellParams

__all__ = [
    "Constellation",
    "load_constellation",
    "constellation_names",
    "julian_date_utc",
    "time_grid_s",
    "sgp4_positions_teme_km",
]

DEFAULT_EPOCH_UTC = "2026-01-01T00:00:00Z"
_JD_UNIX_EPOCH = 2440587.5


def julian_date_utc(epoch_utc: str) -> float:
    """Julian date of an ISO 8601 UTC time (``'2026-01-01T00:00:00Z'``)."""
    try:
        t = _dt.datetime.fromisoformat(str(epoch_utc).replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"epoch_utc = {epoch_utc!r} is not an ISO 8601 time "
                         "such as '2026-01-01T00:00:00Z'") from None
    if t.tzinfo is None:
        t = t.replace(tzinfo=_dt.timezone.utc)
    return _JD_UNIX_EPOCH + t.timestamp() / DAY_S


def time_grid_s(hours: float = 24.0, step_s: float = 60.0) -> np.ndarray:
    """Times [s] ``0, step_s, ...`` covering ``hours`` (end excluded)."""
    from ..validation import check_range

    check_range("hours", hours, gt=0.0, unit="h")
    check_range("step_s", step_s, gt=0.0, unit="s")
    n = int(np.floor(float(hours) * 3600.0 / float(step_s) + 1e-9))
    return np.arange(max(n, 1), dtype=np.float64) * float(step_s)


@dataclasses.dataclass(frozen=True)
class Constellation:
    """Satellites of one or more Walker-delta shells.

    Attributes
    ----------
    name : str
    shells : tuple of ShellParams
    shell_index : ndarray of int, shape (n_sat,)
        Which shell each satellite belongs to.
    altitude_km, inclination_deg, raan0_deg, arg_lat0_deg : ndarray, shape (n_sat,)
        Elements of every satellite at the epoch (plane-major within a shell).
    plane_index, slot_index : ndarray of int, shape (n_sat,)
    epoch_utc : str
    """

    name: str
    shells: tuple
    shell_index: np.ndarray
    altitude_km: np.ndarray
    inclination_deg: np.ndarray
    raan0_deg: np.ndarray
    arg_lat0_deg: np.ndarray
    plane_index: np.ndarray
    slot_index: np.ndarray
    epoch_utc: str = DEFAULT_EPOCH_UTC

    @classmethod
    def from_shells(cls, shells, name: str = "custom", epoch_utc: str = DEFAULT_EPOCH_UTC):
        """Build the satellites of every shell (Walker 1984 pattern)."""
        shells = tuple(shells)
        if not shells:
            raise ValueError("a constellation needs at least one shell")
        julian_date_utc(epoch_utc)  # validate
        parts = {k: [] for k in ("shell", "alt", "inc", "raan", "u", "plane", "slot")}
        for k, sh in enumerate(shells):
            catalog.validate(sh, where=f"shell {k}")
            p = int(round(sh.planes_count))
            s = int(round(sh.sats_per_plane_count))
            f = int(round(sh.phasing_count))
            raan, u = walker_delta_elements_deg(p * s, p, f)
            n = p * s
            parts["shell"].append(np.full(n, k))
            parts["alt"].append(np.full(n, float(sh.altitude_km)))
            parts["inc"].append(np.full(n, float(sh.inclination_deg)))
            parts["raan"].append(np.asarray(raan))
            parts["u"].append(np.asarray(u))
            parts["plane"].append(np.repeat(np.arange(p), s))
            parts["slot"].append(np.tile(np.arange(s), p))
        cat = {k: np.concatenate(v) for k, v in parts.items()}
        return cls(name=name, shells=shells, shell_index=cat["shell"].astype(np.int64),
                   altitude_km=cat["alt"], inclination_deg=cat["inc"], raan0_deg=cat["raan"],
                   arg_lat0_deg=cat["u"], plane_index=cat["plane"].astype(np.int64),
                   slot_index=cat["slot"].astype(np.int64), epoch_utc=str(epoch_utc))

    @property
    def size(self) -> int:
        """Number of satellites."""
        return int(self.altitude_km.size)

    @property
    def epoch_jd_utc(self) -> float:
        return julian_date_utc(self.epoch_utc)

    def shell_values(self, field: str) -> np.ndarray:
        """A per-shell parameter expanded to every satellite, shape (n_sat,)."""
        vals = np.array([float(getattr(sh, field)) for sh in self.shells])
        return vals[self.shell_index]

    def positions_eci_km(self, t_s):
        """ECI (TEME) positions [km], shape ``t_s.shape + (n_sat, 3)``."""
        return _positions_eci(jnp.asarray(self.altitude_km), jnp.asarray(self.inclination_deg),
                              jnp.asarray(self.raan0_deg), jnp.asarray(self.arg_lat0_deg),
                              jnp.asarray(t_s, dtype=jnp.float64))

    def positions_ecef_km(self, t_s):
        """Earth-fixed positions [km], shape ``t_s.shape + (n_sat, 3)``."""
        return _positions_ecef(jnp.asarray(self.altitude_km), jnp.asarray(self.inclination_deg),
                               jnp.asarray(self.raan0_deg), jnp.asarray(self.arg_lat0_deg),
                               jnp.asarray(t_s, dtype=jnp.float64), self.epoch_jd_utc)


@jax.jit
def _positions_eci(alt, inc, raan0, u0, t_s):
    return geo.circular_positions_eci_km(alt, inc, raan0, u0, t_s)


@jax.jit
def _positions_ecef(alt, inc, raan0, u0, t_s, epoch_jd):
    eci = geo.circular_positions_eci_km(alt, inc, raan0, u0, t_s)
    theta = geo.gmst_rad(epoch_jd + t_s / DAY_S)
    return geo.eci_to_ecef_km(eci, theta[..., None])


def constellation_names() -> list[str]:
    """Constellation names in ``models/constellations.toml`` plus every shell name."""
    groups = sorted({catalog.load("constellations", n).constellation
                     for n in catalog.names("constellations")} - {""})
    return groups + catalog.names("constellations")


def load_constellation(name: str = "starlink_gen1_shell1", epoch_utc: str = DEFAULT_EPOCH_UTC,
                       **overrides) -> Constellation:
    """A constellation from the catalogue.

    Parameters
    ----------
    name : str
        A shell entry of ``models/constellations.toml`` (e.g.
        ``'starlink_gen1_shell1'``, 1,584 satellites) or a constellation name
        shared by several shells (``'starlink_gen1'``: all five Gen1 shells,
        4,408 satellites; ``'kuiper'``).
    epoch_utc : str
        Epoch of the elements (ISO 8601 UTC).
    **overrides
        Field values replacing the catalogue's in every shell (e.g.
        ``min_elevation_deg=40.0``).

    Raises
    ------
    ValueError
        Unknown name (listing the valid ones) or a bad override.
    """
    valid = constellation_names()
    check_choice("constellation", name, valid)
    shell_names = catalog.names("constellations")
    if name in shell_names:
        shells = [catalog.load("constellations", name)]
    else:
        shells = [catalog.load("constellations", n) for n in shell_names
                  if catalog.load("constellations", n).constellation == name]
    if overrides:
        fields = {f.name for f in dataclasses.fields(ShellParams)}
        for k in overrides:
            if k not in fields:
                check_choice("override", k, sorted(fields))
        shells = [sh.replace(**overrides) for sh in shells]
    return Constellation.from_shells(shells, name=name, epoch_utc=epoch_utc)


_SGP4_ECC = 1e-7


def _sgp4_unkozai_rad_per_min(no_kozai, inclination_rad, ecc=_SGP4_ECC):
    """SGP4's Brouwer mean motion from its Kozai input (``initl`` in
    Vallado et al. 2006, sgp4unit.cpp), WGS-84 constants."""
    from sgp4.earth_gravity import wgs84

    ak = (wgs84.xke / no_kozai) ** (2.0 / 3.0)
    omeosq = 1.0 - ecc**2
    d1 = 0.75 * wgs84.j2 * (3.0 * np.cos(inclination_rad) ** 2 - 1.0) / (np.sqrt(omeosq) * omeosq)
    dl = d1 / ak**2
    adel = ak * (1.0 - dl * dl - dl * (1.0 / 3.0 + 134.0 * dl * dl / 81.0))
    dl = d1 / adel**2
    return no_kozai / (1.0 + dl)


def sgp4_positions_teme_km(altitude_km, inclination_deg, raan_deg, arg_lat_deg, t_s,
                           epoch_utc: str = DEFAULT_EPOCH_UTC) -> np.ndarray:
    r"""Propagate circular elements with SGP4 (the ``sgp4`` package, WGS-84
    constants) and return TEME positions [km], shape ``(len(t_s), n_sat, 3)``.

    The independent check of the J2 analytic kernel.  SGP4 takes a
    Kozai mean motion; it is chosen (fixed-point iterations of SGP4's
    un-Kozai step) so that SGP4's Brouwer mean motion equals the
    Keplerian :math:`n = \sqrt{\mu/(R_E+h)^3}` of the analytic model, i.e.
    both describe the same mean semi-major axis.  Eccentricity is 1e-7
    (SGP4 needs a non-zero value), argument of perigee 0, no drag.
    """
    from sgp4.api import WGS84, Satrec, SatrecArray

    alt = np.atleast_1d(np.asarray(altitude_km, dtype=float))
    inc = np.atleast_1d(np.asarray(inclination_deg, dtype=float))
    raan = np.atleast_1d(np.asarray(raan_deg, dtype=float))
    u = np.atleast_1d(np.asarray(arg_lat_deg, dtype=float))
    alt, inc, raan, u = np.broadcast_arrays(alt, inc, raan, u)
    jd0 = julian_date_utc(epoch_utc)
    epoch_days_1949 = jd0 - 2433281.5
    mu_km3 = MU_EARTH_M3_PER_S2 * 1e-9
    sats = []
    for h, i, o, m in zip(alt, inc, raan, u):
        n_target = np.sqrt(mu_km3 / (R_EARTH_KM + h) ** 3) * 60.0  # rad/min
        n_kozai = n_target
        for _ in range(4):
            n_kozai *= n_target / _sgp4_unkozai_rad_per_min(n_kozai, np.deg2rad(i))
        s = Satrec()
        s.sgp4init(WGS84, "i", 1, epoch_days_1949, 0.0, 0.0, 0.0, _SGP4_ECC, 0.0,
                   np.deg2rad(i), np.deg2rad(m), n_kozai, np.deg2rad(o))
        sats.append(s)
    arr = SatrecArray(sats)
    t = np.asarray(t_s, dtype=float)
    jd = np.full(t.shape, np.floor(jd0 - 0.5) + 0.5)
    fr = (jd0 - jd) + t / DAY_S
    err, r, _ = arr.sgp4(jd, fr)
    if np.any(err):
        raise RuntimeError(f"SGP4 error codes {np.unique(err[err != 0])}")
    return np.transpose(r, (1, 0, 2))
