r"""Walker-delta constellations of circular orbits (Walker 1984).

One job: the elements of a Walker-delta pattern ``i: t/p/f`` and their
positions over time with the package's one circular J2 propagator
(`orbitalcompute.core.orbit_kernels.circular_positions_eci_km`, also used by
the latency constellations).  Nodes are in the TEME frame of the epoch.

References
----------
Walker, J. G. (1984), Satellite constellations, J. Br. Interplanet. Soc. 37, 559-572.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from .core import orbit_kernels as _ok
from .validation import check_altitude_km, check_range

__all__ = ["WalkerDelta", "walker_delta"]


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
        """Positions [km] in the TEME frame of the epoch, shape
        ``elapsed.shape + (t, 3)``, after ``elapsed_s`` seconds with the J2
        node and argument-of-latitude drift (the one circular propagator,
        `orbitalcompute.core.orbit_kernels.circular_positions_eci_km`)."""
        return np.asarray(_ok.circular_positions_eci_km(
            self.altitude_km, self.inclination_deg, self.raan_deg, self.arg_lat_deg,
            np.asarray(elapsed_s, dtype=np.float64)))


def walker_delta(altitude_km: float, inclination_deg: float, total_count: int,
                 planes_count: int, phasing_count: int) -> WalkerDelta:
    r"""Walker-delta constellation $i: t/p/f$ (Walker 1984).

    Parameters
    ----------
    altitude_km : float
        Altitude [km], >= 100.
    inclination_deg : float
        Inclination [deg], 0..180.
    total_count, planes_count, phasing_count : int
        $t$ satellites in $p$ equally spaced planes, phasing
        $0 \le f < p$.

    Returns
    -------
    WalkerDelta
        With ``raan_deg`` and ``arg_lat_deg`` arrays of shape ``(t,)``.

    Notes
    -----
    $\Omega_j = 360^\circ j/p$, $u_{jk} = 360^\circ k p/t + 360^\circ f j/t$.
    """
    h = float(check_altitude_km(altitude_km))
    inc = float(check_range("inclination_deg", inclination_deg, ge=0.0, le=180.0, unit="deg"))
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
