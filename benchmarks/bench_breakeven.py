"""Benchmark of `orbitalcompute.analysis.breakeven.breakeven` over a batch of designs
(printed, not asserted).

Run from the repository root::

    PYTHONPATH=. python benchmarks/bench_breakeven.py --designs 200
    PYTHONPATH=. python benchmarks/bench_breakeven.py               # 1e5 designs

The break-even of 10 paths against every site and the cheapest is solved for all
designs in ONE jitted call (`orbitalcompute.analysis.breakeven.breakeven_paths`:
vmapped over the varied leaf, mapped over chunks of ``--batch-size`` designs that
are vmapped inside), printed as designs/s.  Designs differ in ``orbit.altitude_km``
and ``gpu.unit_price_usd``.  Each solve costs ``N_GRID`` (49) pipeline evaluations
for the bracketing scan plus two per target per refinement iteration.
"""

from __future__ import annotations

import argparse
import time

import jax
import jax.numpy as jnp
import numpy as np

from orbitalcompute.analysis.breakeven import breakeven_paths
from orbitalcompute.scenario import load_scenario, numeric_paths, scenario_provenance, with_path

#: ten paths that act on the default scenario's cost (whole-satellite hardware costing)
PATHS = ["gpu.unit_price_usd", "finance.utilisation", "finance.wacc", "finance.orbital_wacc",
         "finance.gpu_useful_life_yr", "costs.satellite_usd_per_kg", "gpu.failure_rate_per_yr",
         "sites.memphis_tn.electricity_price_usd_per_kwh", "sites.memphis_tn.pue",
         "spacecraft.design_life_yr"]


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--designs", type=int, default=100_000)
    ap.add_argument("--batch-size", type=int, default=1024, help="designs vmapped together inside the one call")
    a = ap.parse_args(argv)
    n = a.designs
    s0 = load_scenario("default")
    prov = scenario_provenance("default")
    rng = np.random.default_rng(0)
    batch = jax.tree_util.tree_map(lambda v: jnp.full((n,), v, dtype=jnp.result_type(v)), s0)
    batch = with_path(batch, "orbit.altitude_km", jnp.asarray(rng.uniform(550, 800, n)))
    batch = with_path(batch, "gpu.unit_price_usd", jnp.asarray(rng.uniform(20_000, 40_000, n)))
    missing = [p for p in PATHS if p not in set(numeric_paths(s0))]
    if missing:  # never benchmark fewer paths than it says
        raise SystemExit(f"bench_breakeven: paths not in the default scenario: {', '.join(missing)}")
    paths = PATHS
    # ONE call: 10 paths x n designs (vmapped over the varied leaf, mapped over design chunks)
    t = time.perf_counter()
    res = breakeven_paths(batch, paths, provenance=prov, batch_size=a.batch_size)
    c = time.perf_counter() - t
    t = time.perf_counter()
    res = breakeven_paths(batch, paths, provenance=prov, batch_size=a.batch_size)
    r = time.perf_counter() - t
    for p in paths:
        found = int(np.sum(np.asarray(res[p].exists_by_site["cheapest"])))
        print(f"{p:50s} break-even vs cheapest found for {found}/{n}")
    print(f"{len(paths)} paths x {n} designs in one call: {n / r:.0f} designs/s "
          f"({len(paths) * n / r:.0f} design-path solves/s; run {r:.2f} s, first call incl. compile {c:.1f} s)")


if __name__ == "__main__":
    main()
