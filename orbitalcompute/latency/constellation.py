r"""Constellations of Walker-delta shells: satellite positions over time.

A [`Constellation`][orbitalcompute.latency.constellation.Constellation] bundles one or more `ShellParams`
and the per-satellite elements (node, initial argument of latitude) of every
shell.  Positions come from the package's one circular propagator,
`orbitalcompute.core.orbit_kernels.circular_positions_eci_km` (circular
orbits, J2 secular drift), in the TEME frame of the epoch (the frame of every
node in the package, see [`orbitalcompute.orbit`][orbitalcompute.orbit]), and are rotated to the
Earth-fixed frame with the IAU-82 GMST of [`orbitalcompute.core.time`][orbitalcompute.core.time];
`sgp4_positions_teme_km` ([`orbitalcompute.sgp4_orbits`][orbitalcompute.sgp4_orbits], the one SGP4
builder) propagates the same elements with SGP4 as an independent check.

Time convention: times are seconds ``t_s`` after ``epoch_utc`` (ISO 8601).
The epoch is converted once, at the boundary, by Skyfield's timescale
(`orbitalcompute.timescale.julian_date_ut1`: UT1 from its builtin tables),
and the core sees only the float64 Julian date.
"""

from __future__ import annotations

import dataclasses

import jax
import jax.numpy as jnp
import numpy as np

from .. import catalog
from ..constants import DAY_S
from ..core import latency_geometry as geo
from ..core.orbit_kernels import walker_delta_elements_deg
from ..sgp4_orbits import sgp4_positions_teme_km
from ..timescale import julian_date_ut1
from ..validation import check_choice
from .params import ShellParams

__all__ = [
    "Constellation",
    "load_constellation",
    "constellation_names",
    "julian_date_ut1",
    "time_grid_s",
    "sgp4_positions_teme_km",
]

DEFAULT_EPOCH_UTC = "2026-01-01T00:00:00Z"


def time_grid_s(hours: float = 24.0, step_s: float = 60.0) -> np.ndarray:
    """Times [s] ``0, step_s, ...`` covering ``hours`` (end excluded)."""
    from ..validation import check_range, check_time_samples

    check_range("hours", hours, gt=0.0, unit="h")
    check_range("step_s", step_s, gt=0.0, unit="s")
    n = int(np.floor(float(hours) * 3600.0 / float(step_s) + 1e-9))
    check_time_samples(n, f"hours = {float(hours):g}, step_s = {float(step_s):g}")
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
        julian_date_ut1(epoch_utc)  # validate
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
    def epoch_jd_ut1(self) -> float:
        """Julian date of the epoch on UT1 [days] (the GMST argument)."""
        return julian_date_ut1(self.epoch_utc)

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
                               jnp.asarray(t_s, dtype=jnp.float64), self.epoch_jd_ut1)


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
