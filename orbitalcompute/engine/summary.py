"""NaN-free summaries of sweep results over feasible designs."""

from __future__ import annotations

import numpy as np

__all__ = ["summarize", "feasible_mask"]


def feasible_mask(ds) -> np.ndarray:
    """Boolean mask of feasible designs: the ``feasible`` output if present,
    and in any case only designs whose float outputs are all finite."""
    shape = tuple(ds.sizes[d] for d in ds[list(ds.data_vars)[0]].dims)
    mask = np.ones(shape, dtype=bool)
    if "feasible" in ds:
        mask &= np.asarray(ds["feasible"].values, dtype=bool)
    return mask


def summarize(ds, outputs=None, quantiles=(0.05, 0.5, 0.95)) -> dict[str, dict]:
    """Statistics of each float output over the feasible designs.

    Infeasible designs (``feasible`` false) and any non-finite value are left
    out, so one infeasible design never turns a summary into NaN.  Returns
    ``{output: {n, n_infeasible, min, max, mean, q05, q50, q95, units}}`` plus
    ``"reason_codes": {code: count}`` when the results carry ``reason_code``.
    """
    mask = feasible_mask(ds)
    names = outputs or [k for k in ds.data_vars if np.dtype(ds[k].dtype).kind == "f"]
    out: dict[str, dict] = {}
    for k in names:
        v = np.asarray(ds[k].values, dtype=np.float64)
        ok = mask & np.isfinite(v)
        vals = v[ok]
        row = {"n": int(vals.size), "n_infeasible": int((~mask).sum()),
               "n_nonfinite_feasible": int((mask & ~np.isfinite(v)).sum()),
               "units": ds[k].attrs.get("units", "")}
        if vals.size:
            row.update(min=float(vals.min()), max=float(vals.max()), mean=float(vals.mean()))
            for q, val in zip(quantiles, np.quantile(vals, quantiles)):
                row[f"q{int(round(q * 100)):02d}"] = float(val)
        out[k] = row
    if "reason_code" in ds:
        codes, counts = np.unique(np.asarray(ds["reason_code"].values), return_counts=True)
        out["reason_codes"] = {int(c): int(n) for c, n in zip(codes, counts)}
    return out
