"""Benchmarks of the design-space engine (printed, not asserted).

Run from the repository root::

    python benchmarks/bench_engine.py                       # everything, default target
    python benchmarks/bench_engine.py --target spacecraft   # the spacecraft design kernel
    python benchmarks/bench_engine.py --big-n 10000000      # smaller streamed sweep

Targets: ``pipeline`` (the full chain, ``orbitalcompute.pipeline.evaluate`` over
``models/scenarios/default.toml``; the default when it exists), ``spacecraft``
(``orbitalcompute.core.mass_budget.design_kernel``: power, thermal, radiation,
mass), ``ishigami`` (a 3-parameter closed form: the engine's own overhead).

Prints
  1. throughput after compilation (designs/s) and compile time, in memory and
     to a Zarr store (target >= 1e6 designs/s on the 2-core CPU);
  P. (pipeline target) float32 vs float64 throughput on random designs
     (``Sweep.precision``), with the largest cost difference and feasibility flips;
  L. (pipeline target) the latency table's build time (one grid point of
     ``tools/generate_latency_table.py`` timed, times the grid's points) and sweep
     throughput with the latency outputs beside the cost-only throughput, same
     designs, same run (issue 13);
  2. cost of the reverse-mode gradient w.r.t. every parameter vs one forward
     evaluation, per design, both vmapped, measured in the same run (target <= 3x,
     issue 15);
  3. the same designs one at a time through the public Python API vs the
     vectorised engine (speed-up);
  4. a sweep of ``--big-n`` designs (default 1e8) streamed to disk with its
     peak resident memory, in process and on a 2-worker Dask LocalCluster
     (each run in a fresh subprocess so its peak RSS is its own).
JAX runs on whatever device it finds (a GPU when a CUDA jaxlib is installed),
with no code change; the device is printed first.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

import orbitalcompute  # noqa: E402,F401  (enables float64)
from orbitalcompute.engine import Grid, Sampled, Sweep, numeric_paths, run_sweep  # noqa: E402
from orbitalcompute.engine.evaluate import make_kernel  # noqa: E402
from orbitalcompute.engine.sensitivity import gradient_function  # noqa: E402


# --------------------------------------------------------------------------
# targets: (function, base, grid axes for a sweep, one-at-a-time public call)
# --------------------------------------------------------------------------

def spacecraft_outputs(p):
    """The spacecraft design kernel as an engine function (orbit inputs in the pytree)."""
    from orbitalcompute.core.mass_budget import design_kernel
    from orbitalcompute.spacecraft.radiation import dose_table

    o = p["orbit"]
    r = design_kernel(p["design"], dose_table(), o["sunlit_fraction"], o["eclipse_duration_s"],
                      o["altitude_km"], o["inclination_deg"])
    keep = ("total_mass_kg", "mass_per_kw_kg_per_kw", "radiator_area_m2", "array_area_m2",
            "lifetime_yr", "feasible", "reason_code")
    return {k: getattr(r, k) for k in keep}


def target(name: str):
    if name == "pipeline":
        from orbitalcompute.pipeline import evaluate
        from orbitalcompute.scenario import load_scenario

        base = load_scenario("default")
        axes = [("orbit.altitude_km", 500.0, 1200.0),
                ("spacecraft.radiator_temperature_k", 300.0, 360.0),
                ("launch.launch_date_yr", 2027.0, 2040.0)]
        axes = [a for a in axes if _has(base, a[0])]
        return evaluate, base, axes, (lambda b: evaluate(b))
    if name == "spacecraft":
        from orbitalcompute.core.orbit_kernels import sun_synchronous_inclination_deg
        from orbitalcompute.spacecraft import design
        from orbitalcompute.spacecraft.params import reference_design

        dp = reference_design()
        base = {"design": dp, "orbit": {"sunlit_fraction": 0.99, "eclipse_duration_s": 0.0,
                                        "altitude_km": 650.0,
                                        "inclination_deg": float(sun_synchronous_inclination_deg(
                                            650.0, dp.environment.tropical_year_days))}}
        axes = [("orbit.altitude_km", 500.0, 1100.0),
                ("design.spacecraft.radiator_temperature_k", 300.0, 360.0),
                ("design.spacecraft.shielding_thickness_mm", 1.0, 10.0)]

        def public(b):
            o = b["orbit"]
            return design(b["design"], sunlit_fraction=o["sunlit_fraction"],
                          eclipse_duration_s=o["eclipse_duration_s"], altitude_km=o["altitude_km"],
                          inclination_deg=o["inclination_deg"])
        return spacecraft_outputs, base, axes, public
    if name == "ishigami":
        from orbitalcompute.engine.testfunctions import ishigami, ishigami_base

        axes = [("x.x1", -3.0, 3.0), ("x.x2", -3.0, 3.0), ("x.x3", -3.0, 3.0)]
        return ishigami, ishigami_base(), axes, ishigami
    raise SystemExit(f"unknown target {name!r}")


#: what the streamed pipeline sweep keeps by default (125 outputs x 1e8 designs would be
#: 100 GB): the answer, the break-even, and the validity mask
PIPELINE_STREAM_OUTPUTS = ("orbital_cost_usd_per_gpu_h,breakeven_unclipped_usd_per_kg,"
                           "feasible,reason_code")


def _has(base, path):
    from orbitalcompute.engine import get_path

    try:
        get_path(base, path)
        return True
    except ValueError:
        return False


def grid_sweep(f, base, axes, n, chunk_size, outputs=None):
    k = len(axes)
    per = max(2, int(round(n ** (1.0 / k))))
    sizes = [per] * k
    sizes[0] = max(2, int(round(n / per ** (k - 1))))
    grid = [Grid.linspace(p, lo, hi, s) for (p, lo, hi), s in zip(axes, sizes)]
    return Sweep(base=base, grid=grid, function=f, chunk_size=chunk_size, outputs=outputs,
                 name="bench")


def _sync(res):
    for v in res.values():
        v.block_until_ready()


# --------------------------------------------------------------------------
# 1. throughput
# --------------------------------------------------------------------------

def bench_throughput(f, base, axes, n, chunk_size, outputs=None):
    sw = grid_sweep(f, base, axes, n, chunk_size, outputs=outputs)
    kernel = make_kernel(sw)
    b0 = sw.group_base(0)
    t = time.perf_counter()
    _sync(kernel(b0, 0))
    compile_s = time.perf_counter() - t
    n_chunks = kernel.n_chunks
    t = time.perf_counter()
    for c in range(n_chunks):  # the kernel alone (no host copies, no store)
        res = kernel(b0, c)
    _sync(res)
    kern_s = time.perf_counter() - t
    layout = "flat" if kernel.flat else f"nested over the last {len(axes) - kernel.split} axes"
    n_out = len(kernel.output_spec(b0))
    print(f"[1] {sw.size:,} designs, grid axes {', '.join(a[0] for a in axes)}; {n_out} outputs"
          f"{' (selected)' if outputs else ' (all)'}; chunk {kernel.chunk_size:,} ({layout}): "
          f"compile {compile_s:.2f} s")
    print(f"    kernel only          {n_chunks * kernel.chunk_size / kern_s:14,.0f} designs/s")
    run_sweep(sw, quiet=True, max_chunks=1)  # warm: output spec trace, store code paths
    t = time.perf_counter()
    run_sweep(sw, quiet=True)
    mem_s = time.perf_counter() - t
    print(f"    run_sweep in memory  {sw.size / mem_s:14,.0f} designs/s "
          f"(includes host copies and output assembly)")
    with tempfile.TemporaryDirectory() as d:
        t = time.perf_counter()
        run_sweep(sw, Path(d) / "s.zarr", quiet=True)
        disk_s = time.perf_counter() - t
    print(f"    run_sweep to Zarr    {sw.size / disk_s:14,.0f} designs/s")
    return sw.size / kern_s


# --------------------------------------------------------------------------
# L. latency: the stored table's build cost and sweeps with latency outputs
# --------------------------------------------------------------------------

#: cost plus the latency answer a Pareto front needs (the cost-only run keeps the first)
LATENCY_OUTPUTS = ("orbital_cost_usd_per_gpu_h", "latency_demand_mean_p50_ms",
                   "latency_demand_within_100ms_fraction", "feasible")


def bench_latency(base, axes, n, chunk_size):
    """Table build time (one grid point of tools/generate_latency_table.py, timed, times the
    grid's point count) and in-memory sweep throughput with and without the latency outputs
    on the same designs, in one run."""
    import importlib.util

    from orbitalcompute.latency import table as T
    from orbitalcompute.pipeline import evaluate, evaluate_with_latency

    spec = importlib.util.spec_from_file_location("gen_latency", ROOT / "tools" / "generate_latency_table.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    n_points = len(gen.ALTITUDES_KM) * len(gen.INCLINATIONS_DEG)
    T.cluster_region_statistics(650.0, 98.0, hours=1.0, step_s=gen.STEP_S)  # warm: constellation, imports
    t = time.perf_counter()
    T.cluster_region_statistics(650.0, 98.0, hours=gen.HOURS, step_s=gen.STEP_S)
    point_s = time.perf_counter() - t
    print(f"[L] latency table: one grid point (650 km, 98 deg; {gen.HOURS:g} h at {gen.STEP_S:g} s) "
          f"{point_s:.2f} s; x {n_points} points = {point_s * n_points / 60:.1f} min for the whole table "
          f"(single process, estimated from the timed point)")
    cases = {"cost only": (evaluate, LATENCY_OUTPUTS[:1] + LATENCY_OUTPUTS[3:]),
             "with latency outputs": (evaluate_with_latency, LATENCY_OUTPUTS)}
    sweeps, compile_s = {}, {}
    for label, (f, outs) in cases.items():
        sweeps[label] = grid_sweep(f, base, axes, n, chunk_size, outputs=list(outs))
        t = time.perf_counter()
        run_sweep(sweeps[label], quiet=True, max_chunks=1)  # compile and warm
        compile_s[label] = time.perf_counter() - t
    rates = {k: 0.0 for k in cases}
    for _ in range(3):  # interleaved, best of three (the order of the runs does not favour one)
        for label, sw in sweeps.items():
            t = time.perf_counter()
            run_sweep(sw, quiet=True)
            rates[label] = max(rates[label], sw.size / (time.perf_counter() - t))
    for label, sw in sweeps.items():
        print(f"    {label:22s} {rates[label]:14,.0f} designs/s in memory ({sw.size:,} designs, "
              f"{len(cases[label][1])} outputs; first chunk incl. compile {compile_s[label]:.1f} s; best of 3)")
    print(f"    ratio latency / cost-only throughput: {rates['with latency outputs'] / rates['cost only']:.2f}")


# --------------------------------------------------------------------------
# P. float32 vs float64 on random designs
# --------------------------------------------------------------------------

def bench_precision(base, axes, n, chunk_size):
    """Cost-only in-memory throughput on random (LHS) designs, every design different in
    every axis (no grid structure to reuse), float64 vs ``precision = "float32"``,
    interleaved best of 3, with the largest relative difference in the cost."""
    outs = ["orbital_cost_usd_per_gpu_h", "feasible"]
    sampled = [Sampled(p, lo, hi) for p, lo, hi in axes]
    sweeps = {p: Sweep(base=base, sampled=sampled, n_samples=n, seed=7, outputs=outs, chunk_size=chunk_size,
                       precision=p, name="bench") for p in ("float64", "float32")}
    res = {p: run_sweep(sw, quiet=True) for p, sw in sweeps.items()}  # compile and warm
    rates = {p: 0.0 for p in sweeps}
    for _ in range(3):
        for p, sw in sweeps.items():
            t = time.perf_counter()
            run_sweep(sw, quiet=True)
            rates[p] = max(rates[p], sw.size / (time.perf_counter() - t))
    a, b = res["float64"][outs[0]].values, res["float32"][outs[0]].values
    m = np.isfinite(a) & np.isfinite(b)
    rel = float(np.max(np.abs(b[m] - a[m]) / np.abs(a[m]))) if m.any() else float("nan")
    flips = int(np.sum(res["float64"]["feasible"].values != res["float32"]["feasible"].values))
    print(f"[P] {n:,} random designs over {', '.join(p for p, _, _ in axes)}; cost only, in memory, best of 3")
    for p in sweeps:
        print(f"    {p:8s} {rates[p]:14,.0f} designs/s")
    print(f"    float32 / float64 throughput {rates['float32'] / rates['float64']:.2f}; "
          f"max relative cost difference {rel:.1e}; feasibility flips {flips}")


# --------------------------------------------------------------------------
# 2. gradient vs forward
# --------------------------------------------------------------------------

def bench_gradient(f, base, axes, output, n):
    """Value and reverse-mode gradient of ``output`` w.r.t. every numeric parameter
    (the engine's :func:`gradient_function`, batched and as one vmap) against the
    forward evaluation of the same single output, all three vmapped over the same
    ``n`` designs and built the same way (one row of values per design).  The
    forward computes only what ``output`` needs (dead-code elimination), as the
    value in value+gradient does: a like-for-like comparison."""
    paths = [p for p in numeric_paths(base)]
    rng = np.random.default_rng(0)
    x0 = np.array([float(_get(base, p)) for p in paths])
    fwd = jax.jit(jax.vmap(lambda row: f(_with(base, paths, row))[output]))
    # 1 % noise on every parameter, except those a 1 % change alone takes out of the
    # model's domain (e.g. the tropical year, which the stored illumination table
    # fixes): those stay at the base value, so the designs are feasible ones
    eye = np.eye(len(paths))
    probe = np.concatenate([x0 * (1 + 0.01 * eye), x0 * (1 - 0.01 * eye)])
    ok = np.isfinite(np.asarray(fwd(jnp.asarray(probe)))).reshape(2, -1).all(axis=0)
    vals = x0 * (1 + 0.01 * rng.standard_normal((n, len(paths))) * ok)
    fns = {"forward": fwd,
           "value+gradient": gradient_function(f, base, output, paths),  # lax.map batches
           "value+gradient, one vmap": gradient_function(f, base, output, paths,
                                                         batch_size=None)}
    X = jnp.asarray(vals)
    for fn in fns.values():
        jax.block_until_ready(fn(X))
    best = dict.fromkeys(fns, np.inf)
    for _ in range(5):  # interleaved, best of 5: load from other processes hits all alike
        for k, fn in fns.items():
            t = time.perf_counter()
            jax.block_until_ready(fn(X))
            best[k] = min(best[k], time.perf_counter() - t)
    tf, tg, tv = best["forward"], best["value+gradient"], best["value+gradient, one vmap"]
    finite = float(np.mean(np.isfinite(np.asarray(fns["forward"](X)))))
    held = ", ".join(p for p, k in zip(paths, ok) if not k) or "none"
    print(f"[2] d({output})/d(all {len(paths)} parameters), {n:,} designs vmapped: forward "
          f"{n / tf:,.0f}/s, value+gradient {n / tg:,.0f}/s -> ratio {tg / tf:.2f}x (target <= 3x)")
    print(f"    designs: base +- 1 % on every parameter (held at base: {held}); "
          f"{finite:.1%} have a finite {output}")
    print(f"    value+gradient as one vmap (gradient_function(batch_size=None)) {n / tv:,.0f}/s "
          f"-> ratio {tv / tf:.2f}x")
    return tg / tf


def _get(base, p):
    from orbitalcompute.engine import get_path

    return get_path(base, p)


def _with(base, paths, row):
    from orbitalcompute.engine.evaluate import with_values

    return with_values(base, paths, list(jnp.unstack(row)))  # as gradient_function does


# --------------------------------------------------------------------------
# 3. one at a time through the public API
# --------------------------------------------------------------------------

def bench_one_at_a_time(public, f, base, axes, m, engine_rate):
    from orbitalcompute.engine.evaluate import with_values

    rng = np.random.default_rng(1)
    paths = [a[0] for a in axes]
    rows = np.column_stack([rng.uniform(lo, hi, m) for _, lo, hi in axes])
    public(with_values(base, paths, list(rows[0])))  # warm caches (compile once)
    t = time.perf_counter()
    for r in rows:
        out = public(with_values(base, paths, [float(v) for v in r]))
        jax.block_until_ready(out)
    one_s = (time.perf_counter() - t) / m
    print(f"[3] public API one design at a time: {1 / one_s:,.0f} designs/s "
          f"({one_s * 1e3:.2f} ms each, {m} designs); vectorised engine (all outputs, "
          f"kernel) {engine_rate:,.0f}/s -> speed-up {engine_rate * one_s:,.0f}x")


# --------------------------------------------------------------------------
# 4. big streamed sweep with peak RSS (subprocess)
# --------------------------------------------------------------------------

def stream_child(args):
    """Runs in a fresh process: one streamed sweep, prints a JSON line."""
    f, base, axes, _ = target(args.target)
    outs = args.outputs.split(",") if args.outputs else None
    sw = grid_sweep(f, base, axes, args.big_n, args.chunk_size, outputs=outs)
    store = Path(args.store)
    t = time.perf_counter()
    worker_rss = []
    if args.dask:
        from distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=40, memory_limit="4GiB")
        client = Client(cluster)
        run_sweep(sw, store, quiet=False, dask=client, lazy=True)
        worker_rss = [w * 1024 for w in client.run(_vmhwm_mib).values()]  # KiB, as below
        client.close()
        cluster.close()
    else:
        run_sweep(sw, store, quiet=False, lazy=True)
    wall = time.perf_counter() - t
    du = sum(p.stat().st_size for p in store.rglob("*") if p.is_file())
    print(json.dumps({"n": sw.size, "wall_s": wall, "chunk": sw.effective_chunk_size,
                      "peak_rss_mib": _vmhwm_mib(),  # this child's own high-water mark
                      "worker_peak_rss_mib": [w / 1024 for w in worker_rss],
                      "store_mib": du / 2**20, "outputs": list(outs or [])}))


def _vmhwm_mib() -> float:
    """Peak resident set of the calling process [MiB]: ``VmHWM`` of
    ``/proc/self/status`` (Linux), else ``ru_maxrss`` of this process."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_stream(args, dask: bool):
    d = tempfile.mkdtemp(prefix="oc-bench-")
    try:
        cmd = [sys.executable, __file__, "--stream-child", "--target", args.target,
               "--big-n", str(args.big_n), "--chunk-size", str(args.stream_chunk_size),
               "--store", str(Path(d) / "big.zarr"), "--outputs", args.outputs or ""]
        if dask:
            cmd.append("--dask")
        out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        line = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
        if out.returncode or not line:
            print(f"[4] streamed sweep failed (rc {out.returncode}):\n{out.stderr[-3000:]}")
            return
        r = json.loads(line[-1])
        where = "2-worker Dask LocalCluster" if dask else "in process"
        wk = (f"; worker peak RSS {', '.join(f'{w:,.0f}' for w in r['worker_peak_rss_mib'])} MiB"
              if r["worker_peak_rss_mib"] else "")
        print(f"[4] {r['n']:,} designs streamed to Zarr {where}: {r['wall_s']:.1f} s "
              f"({r['n'] / r['wall_s']:,.0f} designs/s), chunk {r['chunk']:,}, store "
              f"{r['store_mib']:,.0f} MiB; peak RSS {r['peak_rss_mib']:,.0f} MiB{wk} "
              f"(target < 4096 MiB)")
    finally:
        shutil.rmtree(d, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_target = "pipeline" if (ROOT / "orbitalcompute" / "pipeline.py").exists() else \
        "spacecraft"
    ap.add_argument("--target", default=default_target,
                    choices=["pipeline", "spacecraft", "ishigami"])
    ap.add_argument("--n", type=int, default=4_000_000, help="designs for throughput [4e6]")
    ap.add_argument("--chunk-size", type=int, default=1 << 17)
    ap.add_argument("--grad-n", type=int, default=100_000)
    ap.add_argument("--one-m", type=int, default=200, help="designs one at a time [200]")
    ap.add_argument("--big-n", type=int, default=100_000_000)
    ap.add_argument("--stream-chunk-size", type=int, default=1 << 18)
    ap.add_argument("--outputs", default=None,
                    help="comma-separated outputs kept in the streamed sweep and in a second "
                         "throughput run (default: all outputs)")
    ap.add_argument("--latency-n", type=int, default=1_000_000,
                    help="designs for the P and L sections [1e6] (pipeline target)")
    ap.add_argument("--skip", default="", help="comma-separated sections to skip: 1,P,L,2,3,4,4d")
    ap.add_argument("--stream-child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--store", help=argparse.SUPPRESS)
    ap.add_argument("--dask", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.stream_child:
        return stream_child(args)
    skip = set(args.skip.split(",")) if args.skip else set()
    print(f"orbitalcompute engine benchmark: target {args.target!r}; JAX {jax.__version__} on "
          f"{jax.devices()[0].platform} ({jax.devices()[0].device_kind}), "
          f"{os.cpu_count()} CPU cores")
    f, base, axes, public = target(args.target)
    rate = None
    if "1" not in skip:
        rate = bench_throughput(f, base, axes, args.n, args.chunk_size)
        if args.outputs:
            bench_throughput(f, base, axes, args.n, args.chunk_size,
                             outputs=args.outputs.split(","))
    if args.target == "pipeline" and "P" not in skip:
        bench_precision(base, axes, args.latency_n, min(args.chunk_size, 1 << 16))
    if args.target == "pipeline" and "L" not in skip:
        bench_latency(base, axes, args.latency_n, args.chunk_size)
    if "2" not in skip:
        out0 = [k for k, v in jax.eval_shape(f, base).items()
                if jnp.issubdtype(v.dtype, jnp.floating)]
        output = next((k for k in ("orbital_cost_usd_per_gpu_h", "total_mass_kg", "y")
                       if k in out0), out0[0])
        bench_gradient(f, base, axes, output, args.grad_n)
    if "3" not in skip:
        bench_one_at_a_time(public, f, base, axes, args.one_m,
                            rate or bench_throughput(f, base, axes, args.n, args.chunk_size))
    if args.target == "pipeline" and not args.outputs:
        args.outputs = PIPELINE_STREAM_OUTPUTS
    if "4" not in skip:
        bench_stream(args, dask=False)
    if "4d" not in skip:
        bench_stream(args, dask=True)


if __name__ == "__main__":
    main()
