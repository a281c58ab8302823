"""Benchmark of `orbitalcompute.analysis.breakeven.breakeven` over a batch of designs
(printed, not asserted).

Run from the repository root::

    PYTHONPATH=. python benchmarks/bench_breakeven.py --designs 200
    PYTHONPATH=. python benchmarks/bench_breakeven.py               # 1e5 designs

For each of 10 paths, the break-even against every site and the cheapest is solved
for all designs in ONE jitted, vmapped call (the loop is over the 10 paths, not
over designs; each path compiles once).  Designs differ in ``orbit.altitude_km``
and ``gpu.unit_price_usd``.  Each solve costs ``N_GRID`` (49) pipeline evaluations
for the bracketing scan plus two per target per refinement iteration.
"""

from __future__ import annotations

import argparse
import time

import jax
import jax.numpy as jnp
import numpy as np

from orbitalcompute.analysis.breakeven import _batch_axes, _jitted, _leaf, check_path, search_range
from orbitalcompute.scenario import load_scenario, numeric_paths, scenario_provenance, with_path

PATHS = ["gpu.unit_price_usd", "finance.utilisation", "finance.wacc", "finance.gpu_useful_life_yr",
         "costs.bus_usd_per_kg", "costs.solar_array_usd_per_w", "costs.integration_fraction",
         "sites.memphis_tn.electricity_price_usd_per_kwh", "sites.memphis_tn.pue",
         "spacecraft.design_life_yr"]


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--designs", type=int, default=100_000)
    a = ap.parse_args(argv)
    n = a.designs
    s0 = load_scenario("default")
    prov = scenario_provenance("default")
    rng = np.random.default_rng(0)
    batch = jax.tree_util.tree_map(lambda v: jnp.full((n,), v, dtype=jnp.result_type(v)), s0)
    batch = with_path(batch, "orbit.altitude_km", jnp.asarray(rng.uniform(550, 800, n)))
    batch = with_path(batch, "gpu.unit_price_usd", jnp.asarray(rng.uniform(20_000, 40_000, n)))
    paths = [p for p in PATHS if p in set(numeric_paths(s0))]
    total_t, total_c = 0.0, 0.0
    for p in paths:
        check_path(s0, p)
        lo, hi = search_range(s0, p, prov)
        axes, _ = _batch_axes(batch, p)
        fn = _jitted(p, axes, 49)
        x0 = jnp.asarray(_leaf(batch, p), dtype=jnp.float64)
        t = time.perf_counter()
        jax.block_until_ready(fn(batch, lo, hi, x0))
        c = time.perf_counter() - t
        t = time.perf_counter()
        root, ok, _ = jax.block_until_ready(fn(batch, lo, hi, x0))
        r = time.perf_counter() - t
        total_t += r
        total_c += c
        print(f"{p:50s} compile+run {c:6.1f} s  run {r:7.3f} s  {n / r:10.0f} designs/s  "
              f"break-even vs cheapest found for {int(np.asarray(ok)[:, -1].sum())}/{n}")
    print(f"{len(paths)} paths x {n} designs: {len(paths) * n / total_t:.0f} design-path solves/s "
          f"(run {total_t:.1f} s, first calls {total_c:.1f} s)")


if __name__ == "__main__":
    main()
