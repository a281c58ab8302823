r"""Precomputed-table fast path for the round-trip time from user regions to an
orbital data centre (numeric core, pure JAX).

One job: routing users to an orbital cluster through a constellation over a day
costs seconds (`orbitalcompute.latency.orbital_cluster_rtt`); a design sweep
needs the answer in microseconds with a defined gradient.  A `LatencyTable`
holds, on an altitude x inclination grid of cluster orbits and for every user
region, the quantiles of the propagation RTT over the region's reference
cities and one day, and the fraction of (city, time) samples from which the
cluster is reachable.  `region_rtt_interp` interpolates it bilinearly (the
quantile curves and the reachable fraction, independently at each
probability); `fraction_within_ms` reads the share of samples within a
latency target off the interpolated quantile function.  The stored table and
its measured accuracy: ``tools/generate_latency_table.py``,
``tests/test_latency_table.py``.
"""

from __future__ import annotations

from typing import NamedTuple

import jax.numpy as jnp

__all__ = ["LatencyTable", "latency_table_in_range", "region_rtt_interp", "fraction_within_ms"]


def _f64(x):
    return jnp.asarray(x, dtype=jnp.float64)


class LatencyTable(NamedTuple):
    """Stored RTT statistics from user regions to an orbital cluster.

    Attributes
    ----------
    altitude_km : (A,) increasing grid of cluster altitudes [km]
    inclination_deg : (I,) increasing grid of cluster inclinations [deg]
    probabilities : (Q,) increasing cumulative probabilities, from 0 to 1
    rtt_quantiles_ms : (A, I, R, Q) propagation RTT quantiles [ms] over the
        reachable (city, time) samples of each of the R regions
    reachable_fraction : (A, I, R) fraction of samples with a path
    """

    altitude_km: jnp.ndarray
    inclination_deg: jnp.ndarray
    probabilities: jnp.ndarray
    rtt_quantiles_ms: jnp.ndarray
    reachable_fraction: jnp.ndarray


def latency_table_in_range(table: LatencyTable, altitude_km, inclination_deg):
    """True where the orbit lies inside the table's altitude and inclination grid."""
    a, i = _f64(altitude_km), _f64(inclination_deg)
    return ((a >= table.altitude_km[0]) & (a <= table.altitude_km[-1])
            & (i >= table.inclination_deg[0]) & (i <= table.inclination_deg[-1]))


def _bracket(grid, x):
    """Lower index and weight of ``x`` in an increasing ``grid`` (clamped to the ends)."""
    j = jnp.clip(jnp.searchsorted(grid, x, side="right") - 1, 0, grid.shape[0] - 2)
    w = (x - grid[j]) / (grid[j + 1] - grid[j])
    return j, jnp.clip(w, 0.0, 1.0)


def region_rtt_interp(table: LatencyTable, altitude_km, inclination_deg):
    r"""Bilinear interpolation of the table at one orbit (scalars; vmap for many).

    $$ f(a, i) = (1-u)(1-v) f_{00} + u(1-v) f_{10} + (1-u) v f_{01} + u v f_{11} $$

    with $u, v$ the fractional positions in the altitude and inclination
    cells.  Outside the grid the values are those of the nearest edge; use
    `latency_table_in_range` to mask them.

    Returns
    -------
    rtt_quantiles_ms : (R, Q) propagation RTT quantiles [ms]
    reachable_fraction : (R,)
    """
    a, i = _f64(altitude_km), _f64(inclination_deg)
    ja, u = _bracket(table.altitude_km, a)
    ji, v = _bracket(table.inclination_deg, i)

    def mix(t):
        return ((1 - u) * (1 - v) * t[ja, ji] + u * (1 - v) * t[ja + 1, ji]
                + (1 - u) * v * t[ja, ji + 1] + u * v * t[ja + 1, ji + 1])

    return mix(table.rtt_quantiles_ms), mix(table.reachable_fraction)


def fraction_within_ms(rtt_quantiles_ms, probabilities, reachable_fraction, target_ms):
    r"""Share of samples with an RTT within ``target_ms``: the reachable
    fraction times the cumulative distribution read off the quantile curve
    (linear between stored quantiles; 0 below the minimum, 1 above the maximum).

    $$ F(x) = r \, P(\mathrm{RTT} \le x \mid \text{reachable}) $$

    Parameters
    ----------
    rtt_quantiles_ms : (..., Q)
    probabilities : (Q,)
    reachable_fraction : (...)
    target_ms : scalar [ms]
    """
    q = _f64(rtt_quantiles_ms)
    p = _f64(probabilities)
    x = _f64(target_ms)
    # piecewise-linear CDF: count the segments below x (vectorised over leading axes)
    lo, hi = q[..., :-1], q[..., 1:]
    width = jnp.where(hi > lo, hi - lo, 1.0)
    part = jnp.clip((x - lo) / width, 0.0, 1.0)
    part = jnp.where(hi > lo, part, (x >= hi).astype(q.dtype))
    cdf = jnp.sum(part * (p[1:] - p[:-1]), axis=-1) + p[0] * (x >= q[..., 0])
    return _f64(reachable_fraction) * cdf
