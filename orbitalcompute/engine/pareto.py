"""Pareto fronts of two objectives (e.g. cost per GPU-hour vs RTT to users,
or cost vs kg CO2).

A design is on the front when no other feasible design is at least as good
in both objectives and strictly better in one.  The two-objective front is
found in $O(n \\log n)$ by sorting on the first objective and keeping
each design that improves the best second objective seen so far (Kung, Luccio
& Preparata (1975), J. ACM 22(4), 469-476, doi:10.1145/321906.321910).
"""

from __future__ import annotations

import numpy as np

__all__ = ["pareto_front", "pareto_dataset"]


def pareto_front(a, b, *, minimize: tuple[bool, bool] = (True, True), mask=None) -> np.ndarray:
    """Indices (into the flattened inputs) of the non-dominated designs,
    ordered by the first objective.

    Parameters
    ----------
    a, b : array
        The two objectives (same shape); NaN/inf designs are ignored.
    minimize : (bool, bool)
        Whether each objective is minimised (else maximised).
    mask : bool array, optional
        Designs to consider (e.g. the ``feasible`` output).
    """
    a = np.asarray(a, dtype=np.float64).ravel()
    b = np.asarray(b, dtype=np.float64).ravel()
    if a.shape != b.shape:
        raise ValueError(f"objectives have different sizes: {a.size} and {b.size}")
    sa = a if minimize[0] else -a
    sb = b if minimize[1] else -b
    ok = np.isfinite(sa) & np.isfinite(sb)
    if mask is not None:
        ok &= np.asarray(mask, dtype=bool).ravel()
    idx = np.nonzero(ok)[0]
    if idx.size == 0:
        return idx
    order = idx[np.lexsort((sb[idx], sa[idx]))]  # by a, then b
    sb_sorted = sb[order]
    best_before = np.concatenate([[np.inf], np.minimum.accumulate(sb_sorted)[:-1]])
    keep = sb_sorted < best_before
    return order[keep]


def pareto_dataset(ds, a: str, b: str, *, minimize: tuple[bool, bool] = (True, True)):
    """The front of a sweep result as a 1-D `xarray.Dataset` (dim
    ``front``) holding every output and the design coordinates of each
    front member; infeasible designs are excluded."""
    from .summary import feasible_mask

    stacked = ds.stack(design=list(ds[a].dims))
    mask = feasible_mask(ds).ravel()
    idx = pareto_front(stacked[a].values, stacked[b].values, minimize=minimize, mask=mask)
    front = stacked.isel(design=idx)
    front = front.reset_index("design").rename({"design": "front"})
    front.attrs.update(ds.attrs)
    front.attrs["pareto_objectives"] = f"{a} ({'min' if minimize[0] else 'max'}), " \
                                       f"{b} ({'min' if minimize[1] else 'max'})"
    return front
