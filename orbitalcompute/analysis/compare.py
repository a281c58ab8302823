"""Compare two scenarios (or one scenario with an assumption changed), output by output.

`compare` evaluates both through the one pipeline (`orbitalcompute.pipeline.evaluate`)
and returns the inputs that differ and every output with its value in each,
the difference and the relative difference; `orbitalcompute compare A B` prints
and plots it.

Examples
--------
>>> from orbitalcompute.analysis.compare import input_differences
>>> from orbitalcompute.scenario import load_scenario, with_path
>>> a = load_scenario("default")
>>> input_differences(a, with_path(a, "finance.wacc", 0.1))
[{'path': 'finance.wacc', 'a': 0.08, 'b': 0.1}]
"""

from __future__ import annotations

import math
from typing import Mapping, Sequence

import numpy as np

__all__ = ["compare", "input_differences", "HEADLINE_OUTPUTS"]

#: outputs shown first (then each site's cost); the rest only with ``all_outputs``
HEADLINE_OUTPUTS = ("orbital_cost_usd_per_gpu_h", "terrestrial_cost_min_usd_per_gpu_h", "cost_ratio",
                    "breakeven_price_usd_per_kg", "breakeven_unclipped_usd_per_kg", "breakeven_date_yr",
                    "launch_price_usd_per_kg", "satellite_mass_kg", "gpu_count", "it_power_w",
                    "mean_sunlit_fraction", "lifetime_yr", "goodput_fraction",
                    "orbital_carbon_kgco2_per_gpu_h")


def _flat(obj) -> dict:
    from ..engine.paths import describe

    return describe(obj)


def input_differences(a, b) -> list[dict]:
    """``[{path, a, b}]`` of every input (numeric or categorical) whose value differs;
    a path present in only one scenario (e.g. a site) shows ``None`` on the other side."""
    fa, fb = _flat(a), _flat(b)
    rows = []
    for p in list(fa) + [q for q in fb if q not in fa]:
        va, vb = fa.get(p), fb.get(p)
        same = va == vb or (isinstance(va, float) and isinstance(vb, float)
                            and (math.isclose(va, vb, rel_tol=0, abs_tol=0) or (math.isnan(va) and math.isnan(vb))))
        if not same and p != "name":
            rows.append({"path": p, "a": va, "b": vb})
    return rows


def _value(x):
    arr = np.asarray(x)
    if arr.ndim:
        return None
    if arr.dtype.kind == "b":
        return bool(arr)
    return float(arr)


def compare(a, b, *, outputs: Sequence[str] | None = None, all_outputs: bool = False,
            out_a: Mapping | None = None, out_b: Mapping | None = None) -> dict:
    """Evaluate scenarios ``a`` and ``b`` and line their outputs up.

    Parameters
    ----------
    a, b : Scenario
        The two scenarios (e.g. ``b = with_path(a, "finance.wacc", 0.08)``).
    outputs : list of str, optional
        These outputs only (default: `HEADLINE_OUTPUTS` and every site's cost present
        in either; ``all_outputs=True``: every output).
    out_a, out_b : dict, optional
        Evaluations already made (skips evaluating again).

    Returns
    -------
    dict
        ``inputs``: `input_differences`; ``outputs``: ``[{output, a, b, difference,
        relative_difference, changed}]`` (relative to ``a``; ``None`` where undefined);
        ``n_changed``: how many outputs differ (relative 1e-12).
    """
    from .overrides import _jitted
    from ..pipeline import evaluate

    f = _jitted(evaluate)
    ra = dict(out_a if out_a is not None else f(a))
    rb = dict(out_b if out_b is not None else f(b))
    if outputs is None:
        keys = list(ra) + [k for k in rb if k not in ra]
        if not all_outputs:
            sites = [k for k in keys if k.startswith("site_") and k.endswith("_cost_usd_per_gpu_h")
                     and k.count("_usd_per_gpu_h") == 1 and _is_site_total(k, a, b)]
            keys = [k for k in HEADLINE_OUTPUTS if k in ra or k in rb] + sites
    else:
        keys = list(outputs)
        for k in keys:
            if k not in ra and k not in rb:
                raise ValueError(f"unknown output {k!r}; valid outputs include {', '.join(HEADLINE_OUTPUTS[:6])} ...")
    rows = []
    for k in keys:
        va = _value(ra[k]) if k in ra else None
        vb = _value(rb[k]) if k in rb else None
        num = isinstance(va, float) and isinstance(vb, float)
        diff = vb - va if num and math.isfinite(va) and math.isfinite(vb) else None
        rel = diff / abs(va) if diff is not None and va != 0 else None
        changed = (va != vb) if not num else not (
            (math.isnan(va) and math.isnan(vb)) or math.isclose(va, vb, rel_tol=1e-12, abs_tol=0.0))
        rows.append({"output": k, "a": va, "b": vb, "difference": diff, "relative_difference": rel,
                     "changed": bool(changed)})
    return {"a": getattr(a, "name", "a"), "b": getattr(b, "name", "b"),
            "inputs": input_differences(a, b), "outputs": rows,
            "n_changed": sum(r["changed"] for r in rows)}


def _is_site_total(key: str, a, b) -> bool:
    name = key[len("site_"):-len("_cost_usd_per_gpu_h")]
    return name in getattr(a, "sites", {}) or name in getattr(b, "sites", {})
