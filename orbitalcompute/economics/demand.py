"""The demand side: NPV, IRR and payback of the orbital cluster and of each
ground site at the scenario's rental price, and cost per million tokens.

One function, `demand_outputs`, maps the levelised-cost kernels' outputs
(their ``schedule`` entries) to the pipeline's flat outputs; the cash-flow
algebra lives in `orbitalcompute.core.cashflow`.  Sizes: the orbital cluster
is ``launch.satellite_count`` satellites; each site is priced for the same
number of GPUs (``satellite_count x gpu_count``), so the NPVs compare like
with like.
"""

from __future__ import annotations

import jax.numpy as jnp

from ..core import cashflow as _cf

__all__ = ["demand_outputs", "DEMAND_OUTPUTS"]

#: Output suffixes per side (``orbital_<x>`` and ``site_<s>_<x>``).
DEMAND_OUTPUTS = ("npv_usd", "irr", "payback_yr", "finance_reason_code", "cost_usd_per_mtok")


def demand_outputs(scenario, orbital: dict, terrestrial: dict, feasible, nan_if_bad=None) -> dict:
    """Flat outputs ``orbital_npv_usd``, ``orbital_irr``, ``orbital_payback_yr``,
    ``orbital_finance_reason_code`` (bits of
    `orbitalcompute.core.cashflow.FINANCE_REASON_CODES`),
    ``orbital_cost_usd_per_mtok`` and the same per site ``site_<s>_...``,
    plus ``rental_price_usd_per_gpu_h``.  NaN where infeasible or undefined
    (the reason code says which)."""
    s = scenario
    price = jnp.asarray(s.finance.rental_price_usd_per_gpu_h, dtype=jnp.float64)
    tokens = s.gpu.serving_tokens_per_gpu_h
    n_sat = s.launch.satellite_count
    if nan_if_bad is None:  # the caller may defer the masking (orbitalcompute.pipeline)
        nan_if_bad = lambda x: jnp.where(feasible, x, jnp.nan)  # noqa: E731
    out = {"rental_price_usd_per_gpu_h": price}
    o = _cf.evaluate_cash_flows(_cf.orbital_cash_flows(orbital["schedule"], price, n_sat),
                                orbital["schedule"]["wacc"])
    for k in ("npv_usd", "irr", "payback_yr"):
        out[f"orbital_{k}"] = nan_if_bad(o[k])
    out["orbital_finance_reason_code"] = o["reason_code"]
    out["orbital_cost_usd_per_mtok"] = nan_if_bad(_cf.cost_usd_per_mtok(orbital["cost_usd_per_gpu_h"], tokens))
    n_gpu = n_sat * s.spacecraft.gpu_count
    names = list(terrestrial)
    if names:  # every site's cash flows in one vectorised evaluation (a leading site axis)
        keys = list(terrestrial[names[0]]["schedule"])
        sched = {}
        for k in keys:
            cols = jnp.broadcast_arrays(*[jnp.asarray(terrestrial[n]["schedule"][k], dtype=jnp.float64)
                                          for n in names])
            sched[k] = jnp.stack(cols)
        r = _cf.evaluate_cash_flows(_cf.terrestrial_cash_flows(sched, price, n_gpu), sched["wacc"])
        for j, name in enumerate(names):
            for k in ("npv_usd", "irr", "payback_yr"):
                out[f"site_{name}_{k}"] = r[k][j]
            out[f"site_{name}_finance_reason_code"] = r["reason_code"][j]
            out[f"site_{name}_cost_usd_per_mtok"] = _cf.cost_usd_per_mtok(
                terrestrial[name]["cost_usd_per_gpu_h"], tokens)
    return out
