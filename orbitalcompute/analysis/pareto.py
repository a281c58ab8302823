"""Cost-vs-latency Pareto fronts over a sweep store (plain data for the CLI,
scripts and docs).

One job: pick the objectives out of a stored sweep and hand them to the
engine's two-objective front (`orbitalcompute.engine.pareto.pareto_dataset`,
Kung, Luccio & Preparata 1975); nothing is recomputed.  The default pair is
the orbital cost per GPU-hour against the user-weighted median RTT
(``latency_demand_mean_p50_ms``, minimised) and against the share of demand
within 100 ms (``latency_demand_within_100ms_fraction``, maximised), the
latency outputs of ``pipeline.evaluate(..., latency=True)``.
"""

from __future__ import annotations

import numpy as np

from ..validation import check_choice

__all__ = ["DEFAULT_COST", "DEFAULT_OBJECTIVES", "objective_direction", "pareto_fronts"]

#: the cost axis of every front
DEFAULT_COST = "orbital_cost_usd_per_gpu_h"
#: the second objectives of the default fronts
DEFAULT_OBJECTIVES = ("latency_demand_mean_p50_ms", "latency_demand_within_100ms_fraction")


def objective_direction(name: str) -> bool:
    """True if the output is minimised: times, costs and masses down; fractions,
    shares and counts of reachable demand up."""
    return not (name.endswith("_fraction") or name.endswith("_count"))


def pareto_fronts(ds, cost: str = DEFAULT_COST, objectives=DEFAULT_OBJECTIVES) -> list[dict]:
    """One front per objective: ``cost`` (minimised) against each output of
    ``objectives`` (direction from its name, `objective_direction`).

    Parameters
    ----------
    ds : xarray.Dataset
        A sweep result (`orbitalcompute.engine.open_sweep`); infeasible designs
        are left out.
    cost : str
        Output on the first axis.
    objectives : sequence of str
        Outputs on the second axis; each must be stored in ``ds`` (else
        ``ValueError`` listing the stored outputs, with a hint to sweep
        ``function = "pipeline_latency"`` for the latency outputs).

    Returns
    -------
    list of dict
        ``objective``, ``minimize``, ``cost``, ``x`` / ``y`` (every feasible
        finite design), ``front`` (the `pareto_dataset`, ordered by cost),
        ``front_x`` / ``front_y``, ``n_designs``.
    """
    from ..engine.pareto import pareto_dataset
    from ..engine.summary import feasible_mask

    stored = sorted(ds.data_vars)
    for name in (cost, *objectives):
        if name not in ds.data_vars:
            hint = (" (latency outputs come from a sweep with function = \"pipeline_latency\")"
                    if name.startswith("latency_") else "")
            check_choice(f"output{hint}", name, stored)
    mask = feasible_mask(ds).ravel()
    out = []
    for obj in objectives:
        minimize = objective_direction(obj)
        front = pareto_dataset(ds, cost, obj, minimize=(True, minimize))
        x = np.asarray(ds[cost].values, dtype=np.float64).ravel()
        y = np.asarray(ds[obj].broadcast_like(ds[cost]).values, dtype=np.float64).ravel()
        ok = mask & np.isfinite(x) & np.isfinite(y)
        out.append({"objective": obj, "minimize": minimize, "cost": cost,
                    "x": x[ok], "y": y[ok], "front": front,
                    "front_x": np.asarray(front[cost].values, dtype=np.float64),
                    "front_y": np.asarray(front[obj].values, dtype=np.float64),
                    "n_designs": int(ok.sum())})
    return out
