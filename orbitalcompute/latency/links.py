r"""Links of the satellite network: +Grid laser ISLs and ground-satellite links.

* [`plus_grid_edges`][orbitalcompute.latency.links.plus_grid_edges] -- the static +Grid topology: each satellite links
  to its two in-plane neighbours and to the satellites with the same slot in
  the two adjacent planes (Handley 2018; Hypatia "isls_plus_grid").  Across
  the seam between plane ``p-1`` and plane ``0`` the Walker phasing shifts the
  neighbour by ``f`` slots.
* [`link_geometry`][orbitalcompute.latency.links.link_geometry] -- for a chunk of time steps, in one jitted JAX call:
  Earth-fixed satellite positions, ground-satellite slant ranges and
  visibility (elevation mask), and the length and feasibility of every ISL
  (maximum range, no line below the atmosphere grazing height).

References
----------
Handley, M. (2018), Delay is Not an Option: Low Latency Routing in Space,
HotNets 2018, doi:10.1145/3286062.3286075.
"""

from __future__ import annotations

from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

from ..constants import DAY_S, R_EARTH_KM
from ..core import latency_geometry as geo
from .constellation import Constellation

__all__ = ["plus_grid_edges", "link_geometry", "LinkArrays"]


def plus_grid_edges(constellation: Constellation) -> np.ndarray:
    """Undirected +Grid ISL edges, integer array of shape ``(E, 2)``.

    Shells with ``isl_pattern = 'none'`` contribute no edges; no links between
    shells.  Duplicate edges (planes or slots of size <= 2) are removed.
    """
    out = []
    offset = 0
    for sh in constellation.shells:
        p = int(round(sh.planes_count))
        s = int(round(sh.sats_per_plane_count))
        f = int(round(sh.phasing_count))
        n = p * s
        if sh.isl_pattern == "plus_grid":
            j = np.repeat(np.arange(p), s)
            k = np.tile(np.arange(s), p)
            idx = offset + j * s + k
            in_plane = offset + j * s + (k + 1) % s
            jn = (j + 1) % p
            kn = np.where(j == p - 1, (k + f) % s, k)
            cross = offset + jn * s + kn
            e = np.concatenate([np.stack([idx, in_plane], 1), np.stack([idx, cross], 1)])
            e = e[e[:, 0] != e[:, 1]]
            out.append(e)
        offset += n
    if not out:
        return np.zeros((0, 2), dtype=np.int64)
    e = np.concatenate(out)
    e = np.sort(e, axis=1)
    return np.unique(e, axis=0).astype(np.int64)


class LinkArrays:
    """Per-satellite constants the link kernels need (numpy, shape (S,))."""

    def __init__(self, constellation: Constellation):
        c = constellation
        self.alt = jnp.asarray(c.altitude_km)
        self.inc = jnp.asarray(c.inclination_deg)
        self.raan0 = jnp.asarray(c.raan0_deg)
        self.u0 = jnp.asarray(c.arg_lat0_deg)
        self.min_el = jnp.asarray(c.shell_values("min_elevation_deg"))
        self.edges = plus_grid_edges(c)
        e0 = self.edges[:, 0]
        self.isl_max = jnp.asarray(c.shell_values("isl_max_range_km")[e0])
        self.isl_graze_r = jnp.asarray(R_EARTH_KM + c.shell_values("atmosphere_grazing_height_km")[e0])
        self.hop_ms = c.shell_values("hop_processing_delay_ms")
        self.graze_h = c.shell_values("atmosphere_grazing_height_km")
        self.epoch_jd = c.epoch_jd_ut1


@jax.jit
def _chunk(alt, inc, raan0, u0, min_el, e_i, e_j, isl_max, isl_graze_r, t_s, epoch_jd,
           ground_ecef):
    eci = geo.circular_positions_eci_km(alt, inc, raan0, u0, t_s)
    theta = geo.gmst_rad(epoch_jd + t_s / DAY_S)
    pos = geo.eci_to_ecef_km(eci, theta[..., None])               # (T, S, 3)
    rng, vis = geo.ground_visibility_km(ground_ecef, pos, min_el)  # (T, G, S)
    length, ok, _ = geo.isl_feasibility(pos[:, e_i], pos[:, e_j], isl_max,
                                        isl_graze_r - R_EARTH_KM)   # (T, E)
    return pos, rng, vis, length, ok


def link_geometry(links: LinkArrays, t_s, ground_ecef_km, pad_steps: int = 32):
    """Positions and link state for the times ``t_s`` (one jitted call).

    Returns
    -------
    pos_km : (T, S, 3) Earth-fixed satellite positions
    ground_range_km : (T, G, S) slant ranges
    ground_visible : (T, G, S) elevation >= the shell's mask
    isl_length_km : (T, E)
    isl_ok : (T, E) within range and above the grazing height
    """
    g = np.asarray(ground_ecef_km, dtype=np.float64).reshape(-1, 3)
    t = np.atleast_1d(np.asarray(t_s, dtype=np.float64))
    n_t, n_g = t.size, g.shape[0]
    # pad to shape buckets so that repeated calls reuse the compiled kernel
    t_pad = _bucket(n_t, pad_steps)
    g_pad = _bucket(n_g, _GROUND_BUCKET)
    t = np.concatenate([t, np.full(t_pad - n_t, t[-1])])
    g = np.concatenate([g, np.repeat(g[:1], g_pad - n_g, axis=0)])
    pos, rng, vis, length, ok = _chunk(
        links.alt, links.inc, links.raan0, links.u0, links.min_el,
        jnp.asarray(links.edges[:, 0]), jnp.asarray(links.edges[:, 1]),
        links.isl_max, links.isl_graze_r, jnp.asarray(t), links.epoch_jd, jnp.asarray(g))
    return pos[:n_t], rng[:n_t, :n_g], vis[:n_t, :n_g], length[:n_t], ok[:n_t]


_GROUND_BUCKET = 16


def _bucket(n: int, size: int) -> int:
    """Smallest multiple of ``size`` (or power of two below it) >= n."""
    if n >= size:
        return -(-n // size) * size
    b = 1
    while b < n:
        b *= 2
    return b
