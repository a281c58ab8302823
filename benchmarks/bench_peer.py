"""Our designs/s beside the peer's, in one run (issue 15.6; printed, not asserted).

    python benchmarks/bench_peer.py                  # defaults: 65,536 random designs
    python benchmarks/bench_peer.py --n 262144 --peer-n 2000

Cases (ours): cost-only random designs (every design differs in five inputs),
all outputs in memory, all outputs into Zarr, value+gradient / forward ratio
of the orbital cost w.r.t. every numeric leaf (same designs, same run), and
the single-design latency of `orbitalcompute.pipeline.evaluate` (compiled
path). Peer: `spacedc-mdao` (import `orbitdc`) one design at a time, run in its
own venv (``--peer-python``, default ``/work/peer-venv/bin/python``; install it
with ``python3 -m venv /work/peer-venv && /work/peer-venv/bin/pip install
spacedc-mdao``) by ``benchmarks/peer_orbitdc.py``; if that venv is absent this
says so. The peer's model is not ours: the comparison is of throughput on the
same machine, not of the numbers. Report wall time and latency routing have
their own benchmarks (``bench_pipeline.py``, ``bench_latency.py``).
"""

from __future__ import annotations

import argparse
import json
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

import orbitalcompute  # noqa: E402,F401
from orbitalcompute import pipeline  # noqa: E402
from orbitalcompute.engine import Sampled, Sweep, numeric_paths, run_sweep, set_path  # noqa: E402
from orbitalcompute.engine.evaluate import evaluate_designs, with_values  # noqa: E402
from orbitalcompute.engine.paths import get_path  # noqa: E402
from orbitalcompute.engine.sensitivity import gradient_function  # noqa: E402
from orbitalcompute.scenario import load_scenario  # noqa: E402

#: five inputs every random design changes (all inside the illumination table's range)
AXES = (("orbit.altitude_km", 500.0, 1100.0), ("spacecraft.radiator_temperature_k", 300.0, 360.0),
        ("launch.launch_date_yr", 2027.0, 2040.0), ("orbit.ltan_h", 17.0, 19.0),
        ("spacecraft.shielding_thickness_mm", 2.0, 10.0))
COST = "orbital_cost_usd_per_gpu_h"


def _best(fn, reps=3):
    t = np.inf
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        t = min(t, time.perf_counter() - t0)
    return t


def ours(args, base):
    rng = np.random.default_rng(0)
    paths = [a[0] for a in AXES]
    X = np.column_stack([rng.uniform(lo, hi, args.n) for _, lo, hi in AXES])
    res = {}
    f = pipeline.evaluate
    evaluate_designs(f, base, paths, X[:1024], outputs=[COST], chunk_size=args.chunk)  # compile
    t = _best(lambda: evaluate_designs(f, base, paths, X, outputs=[COST], chunk_size=args.chunk))
    res["cost-only random designs"] = args.n / t
    sw = Sweep(base=base, sampled=[Sampled(p, lo, hi) for p, lo, hi in AXES], n_samples=args.n,
               function=f, chunk_size=args.chunk, name="bench")
    run_sweep(sw, quiet=True, max_chunks=1)
    res["all outputs, in memory"] = args.n / _best(lambda: run_sweep(sw, quiet=True), reps=2)
    with tempfile.TemporaryDirectory() as d:
        t = _best(lambda: run_sweep(sw, Path(d) / "s.zarr", quiet=True, overwrite=True), reps=2)
    res["all outputs, into Zarr"] = args.n / t
    # gradient of the cost w.r.t. every numeric leaf vs the forward pass, same designs
    allp = numeric_paths(base)
    x0 = np.array([float(get_path(base, p)) for p in allp])
    G = np.tile(x0, (args.grad_n, 1))
    for j, (p, lo, hi) in enumerate(AXES):
        G[:, allp.index(p)] = X[: args.grad_n, j]
    G = jnp.asarray(G)
    fwd = jax.jit(jax.vmap(lambda row: f(with_values(base, allp, list(jnp.unstack(row))))[COST]))
    vg = gradient_function(f, base, COST, allp)
    jax.block_until_ready(fwd(G))
    jax.block_until_ready(vg(G))
    tf = _best(lambda: jax.block_until_ready(fwd(G)))
    tg = _best(lambda: jax.block_until_ready(vg(G)))
    res["gradient/forward ratio"] = tg / tf
    # one design at a time through the public API (compiled after the first call)
    s1 = [set_path(base, "orbit.altitude_km", float(a)) for a in X[: args.one_m, 0]]
    jax.block_until_ready(pipeline.evaluate(s1[0]))
    jax.block_until_ready(pipeline.evaluate(s1[0]))
    t0 = time.perf_counter()
    for s in s1:
        jax.block_until_ready(pipeline.evaluate(s))
    res["single design (public evaluate)"] = args.one_m / (time.perf_counter() - t0)
    return res


def peer(args):
    py = Path(args.peer_python)
    if not py.exists():
        return None, f"peer venv not found ({py}); install: python3 -m venv /work/peer-venv && " \
                     f"/work/peer-venv/bin/pip install spacedc-mdao"
    out = subprocess.run([str(py), str(ROOT / "benchmarks" / "peer_orbitdc.py"), str(args.peer_n)],
                         capture_output=True, text=True)
    line = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    if out.returncode or not line:
        return None, f"peer run failed (rc {out.returncode}): {out.stderr[-500:]}"
    r = json.loads(line[-1])
    return r, f"spacedc-mdao {r['version']} (orbitdc.evaluate_space, one design at a time)"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=65536)
    ap.add_argument("--chunk", type=int, default=16384)
    ap.add_argument("--grad-n", type=int, default=8192)
    ap.add_argument("--one-m", type=int, default=200)
    ap.add_argument("--peer-n", type=int, default=2000)
    ap.add_argument("--peer-python", default="/work/peer-venv/bin/python")
    args = ap.parse_args()
    print(f"JAX {jax.__version__} on {jax.devices()[0].platform}; {args.n:,} random designs, "
          f"chunk {args.chunk:,}")
    p, what = peer(args)
    peer_rate = p["designs_per_s"] if p else None
    print(f"peer: {what}" + (f": {peer_rate:,.0f} designs/s" if p else ""))
    res = ours(args, load_scenario("default"))
    print(f"{'case':36s} {'ours':>16s} {'peer':>16s}")
    for k, v in res.items():
        if k.startswith("gradient"):
            print(f"{k:36s} {v:15.2f}x {'(n/a)':>16s}   target <= 3x")
        else:
            pr = f"{peer_rate:15,.0f}" if peer_rate else f"{'(absent)':>15s}"
            print(f"{k:36s} {v:15,.0f}/s {pr}/s")


if __name__ == "__main__":
    main()
