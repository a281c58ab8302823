"""Benchmark of the scenario pipeline, stage by stage (printed, not asserted).

Run from the repository root::

    PYTHONPATH=. python benchmarks/bench_pipeline.py            # N = 1e3, 1e4 and 1e5 designs
    PYTHONPATH=. python benchmarks/bench_pipeline.py --n 1000000 --direct-max-n 0

Measured on the 2-core CPU shared with other jobs (2026-11-25, same run, load ~2-5):
full pipeline with the stored illumination table (``illumination="table"``, the
default) 0.85 M designs/s at N = 1e3, 1.37 M at 1e4, 2.13 M at 1e5, 1.16 M at 1e6
(compile ~4-6 s); with the direct annual kernel (``illumination="direct"``,
1,460 Sun samples per design) 1,074 designs/s at 1e3 and 1,348 at 1e4, a
speed-up of ~800-1,000x.  Stages alone: illumination 6-40 M designs/s (table)
vs ~1,500-2,000 (direct); design kernel 6-24 M; economics 10-30 M.  The
gradient w.r.t. all 159 leaves costs 1.0-1.6 forward evaluations.  The
vectorised economics kernel is ~1e5 times faster than the validated
one-design-at-a-time public API.

Prints, for ``models/scenarios/default.toml`` with ``orbit.altitude_km`` and
``launch.launch_date_yr`` varied per design:

1. compile time and throughput (designs/s) of ``jit(vmap(pipeline.evaluate))``
   with the table and (small N) with the direct illumination kernel, and their ratio;
2. the same for each stage alone: annual illumination (table and direct),
   spacecraft design, economics (orbital + six sites + break-even + carbon);
3. the reverse-mode gradient of ``orbital_cost_usd_per_gpu_h`` w.r.t. every
   numeric leaf (vmapped) vs one forward evaluation (table path);
4. the public, validated, one-design-at-a-time path (economics layer) vs the
   vectorised economics kernel (speed-up).
"""

from __future__ import annotations

import argparse
import time

import jax
import jax.numpy as jnp
import numpy as np

from orbitalcompute import illumination, pipeline
from orbitalcompute.core import costs as C
from orbitalcompute.core.eclipse import annual_sso_illumination, annual_sso_illumination_interp
from orbitalcompute.core.breakeven import breakeven_kernel
from orbitalcompute.economics.orbital import orbital_cost_per_gpu_h
from orbitalcompute.economics.terrestrial import terrestrial_cost_per_gpu_h
from orbitalcompute.scenario import design_params, load_scenario, with_path
from orbitalcompute.spacecraft import design_kernel, dose_table


def _timed(fn, *args, repeat=3):
    t0 = time.perf_counter()
    jax.block_until_ready(fn(*args))
    first = time.perf_counter() - t0
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        jax.block_until_ready(fn(*args))
        best = min(best, time.perf_counter() - t0)
    return max(first - best, 0.0), best  # compile estimate (0 if lost in timing noise)


def _batch(s, n, key=0):
    rng = np.random.default_rng(key)
    alt = jnp.asarray(rng.uniform(550.0, 800.0, n))
    date = jnp.asarray(rng.uniform(2027.0, 2040.0, n))
    b = with_path(with_path(s, "orbit.altitude_km", alt), "launch.launch_date_yr", date)
    axes = jax.tree_util.tree_map(lambda x: 0 if jnp.ndim(x) else None, b)
    return b, axes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, nargs="*", default=[1000, 10000, 100000])
    ap.add_argument("--direct-max-n", type=int, default=10000,
                    help="largest N at which the direct illumination kernel is also timed")
    args = ap.parse_args()
    print(f"device: {jax.devices()[0]}  (x64={jax.config.jax_enable_x64})")
    s = load_scenario("default")
    table = dose_table()
    illum_table = illumination.sso_illumination_table()
    for n in args.n:
        b, axes = _batch(s, n)
        full = jax.jit(jax.vmap(pipeline.evaluate, in_axes=(axes,)))
        comp, run = _timed(full, b)
        print(f"\nN = {n:,}")
        print(f"  full pipeline, table  compile {comp:6.2f} s   run {run:8.4f} s   {n / run:12,.0f} designs/s")
        direct = n <= args.direct_max_n
        if direct:
            full_d = jax.jit(jax.vmap(lambda sc: pipeline.evaluate(sc, illumination="direct"), in_axes=(axes,)))
            comp_d, run_fd = _timed(full_d, b, repeat=1)
            print(f"  full pipeline, direct compile {comp_d:6.2f} s   run {run_fd:8.4f} s   "
                  f"{n / run_fd:12,.0f} designs/s   (table speed-up {run_fd / run:,.0f}x)")

        illum = jax.jit(jax.vmap(lambda a: annual_sso_illumination_interp(illum_table, a, 18.0)[:2]))
        comp, run_i = _timed(illum, b.orbit.altitude_km)
        print(f"  illumination, table   compile {comp:6.2f} s   run {run_i:8.4f} s   {n / run_i:12,.0f} designs/s")
        if direct:
            illum_d = jax.jit(jax.vmap(lambda a: annual_sso_illumination(a, 18.0)[:2]))
            comp, run_id = _timed(illum_d, b.orbit.altitude_km, repeat=1)
            print(f"  illumination, direct  compile {comp:6.2f} s   run {run_id:8.4f} s   "
                  f"{n / run_id:12,.0f} designs/s")

        sun, ecl = illum(b.orbit.altitude_km)
        inc = jnp.full(n, 98.0)
        des = jax.jit(jax.vmap(lambda a, sf, te, i: design_kernel(design_params(s), table, sf, te, a, i)))
        comp, run_d = _timed(des, b.orbit.altitude_km, sun, ecl, inc)
        print(f"  design only           compile {comp:6.2f} s   run {run_d:8.4f} s   {n / run_d:12,.0f} designs/s")

        d = des(b.orbit.altitude_km, sun, ecl, inc)
        def econ(dd, price):  # the pipeline's own economics wiring, without illumination and design
            okw = pipeline.orbital_cost_inputs(s, dd, dd.total_mass_kg)
            orb = C.orbital_cost(launch_price_usd_per_kg=price, **okw)["cost_usd_per_gpu_h"]
            terr = jnp.stack([C.terrestrial_cost(**kw)["cost_usd_per_gpu_h"]
                              for kw in pipeline.site_cost_inputs(s, dd).values()])
            return orb, breakeven_kernel(okw, terr, s.launch.curve)["unclipped_price_usd_per_kg"]

        ev = jax.jit(jax.vmap(econ))
        prices = jnp.linspace(100.0, 2000.0, n)
        comp, run_e = _timed(ev, d, prices)
        print(f"  economics only        compile {comp:6.2f} s   run {run_e:8.4f} s   {n / run_e:12,.0f} designs/s")

        grad = jax.jit(jax.vmap(jax.grad(lambda sc: pipeline.evaluate(sc)["orbital_cost_usd_per_gpu_h"]),
                                in_axes=(axes,)))
        comp, run_g = _timed(grad, b, repeat=1)
        print(f"  gradient (all {len(jax.tree_util.tree_leaves(s))} leaves) compile {comp:6.2f} s   "
              f"run {run_g:8.4f} s   ratio to forward {run_g / run:5.2f}x")

    # public one-at-a-time path vs vectorised kernel (economics only)
    m = 200
    dd = {k: float(np.asarray(getattr(d, k))[0]) for k in pipeline.DESIGN_OUTPUTS}
    t0 = time.perf_counter()
    for p in np.linspace(100.0, 2000.0, m):
        orbital_cost_per_gpu_h(dd, gpu=s.gpu, cells=s.cells, launch_price_usd_per_kg=p,
                               finance=s.finance, costs=s.costs)
        for v in s.sites.values():
            terrestrial_cost_per_gpu_h(v, gpu_unit_price_usd=s.gpu.unit_price_usd,
                                       it_power_per_gpu_w=dd["it_power_w"] / dd["gpu_count"],
                                       gpu_failure_rate_per_yr=s.gpu.failure_rate_per_yr, finance=s.finance)
    loop = (time.perf_counter() - t0) / m
    print(f"\npublic API, one design at a time: {1 / loop:10,.1f} designs/s; "
          f"vectorised economics kernel: {n / run_e:12,.0f} designs/s "
          f"(speed-up {loop / (run_e / n):,.0f}x)")


if __name__ == "__main__":
    main()
