"""Benchmark: the full satellite design kernel over 10^6 random designs.

Prints designs per second for the jitted, broadcast forward pass of
:func:`orbitalcompute.core.mass_budget.design_kernel`, and the cost of the
gradient of the summed total mass with respect to *every* numeric parameter
of the design pytree (reverse mode) relative to one forward pass.

Random designs: every numeric leaf of the reference design is drawn
uniformly from its catalogue ``low``/``high`` (or +-10 % where no range is
given), plus orbit altitude (400-1,200 km, sun-synchronous inclination) and
longest eclipse (0-35 min).

Usage::

    python benchmarks/bench_spacecraft.py              # 10^6 designs
    python benchmarks/bench_spacecraft.py --n 100000   # smaller run
"""

from __future__ import annotations

import argparse
import dataclasses
import time

import jax
import jax.numpy as jnp
import numpy as np

import orbitalcompute  # noqa: F401  (enables float64)
from orbitalcompute import catalog
from orbitalcompute.core.mass_budget import design_kernel
from orbitalcompute.core.orbit_kernels import sun_synchronous_inclination_deg
from orbitalcompute.spacecraft import dose_table, reference_design

KINDS = {"spacecraft": "spacecraft", "gpu": "gpus", "cells": "solar_cells",
         "battery": "batteries", "radiator": "radiators", "radiation": "radiation",
         "environment": "environment"}


def random_designs(n: int, seed: int = 0, name: str = "h100_sat_650"):
    rng = np.random.default_rng(seed)
    base = reference_design(name)
    sc = base.spacecraft
    names = {"spacecraft": name, "gpu": sc.gpu_model, "cells": sc.cell_model,
             "battery": sc.battery_model, "radiator": sc.radiator_model,
             "radiation": sc.radiation_model, "environment": "earth"}
    parts = {}
    for comp, kind in KINDS.items():
        obj = getattr(base, comp)
        prov = catalog.provenance(kind, names[comp])
        changes = {}
        for f in catalog.quantity_fields(obj):
            v = float(getattr(obj, f.name))
            p = prov.get(f.name)
            lo = p.low if p is not None and p.low is not None else v * 0.9
            hi = p.high if p is not None and p.high is not None else v * 1.1
            lo, hi = min(lo, v), max(hi, v)
            draw = rng.uniform(lo, hi, n)
            # keep draws inside the field's physical range
            m = f.metadata
            if m["le"] is not None:
                draw = np.minimum(draw, m["le"])
            if m["lt"] is not None:
                draw = np.minimum(draw, m["lt"] - 1e-9)
            changes[f.name] = jnp.asarray(draw)
        parts[comp] = obj.replace(**changes)
    params = dataclasses.replace(base, **parts)
    alt = rng.uniform(400.0, 1200.0, n)
    inc = np.asarray(sun_synchronous_inclination_deg(alt, 365.2421897))
    ecl = rng.uniform(0.0, 35 * 60.0, n)
    return params, jnp.asarray(alt), jnp.asarray(inc), jnp.asarray(ecl)


def timeit(fn, *args, repeat=3):
    out = fn(*args)
    jax.block_until_ready(out)
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        jax.block_until_ready(fn(*args))
        best = min(best, time.perf_counter() - t0)
    return best, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    table = dose_table()
    params, alt, inc, ecl = random_designs(args.n)
    n_leaves = len(jax.tree_util.tree_leaves(params))

    fwd = jax.jit(lambda p, a, i, e: design_kernel(p, table, 0.99, e, a, i))
    t_compile0 = time.perf_counter()
    jax.block_until_ready(fwd(params, alt, inc, ecl))
    t_compile = time.perf_counter() - t_compile0
    t_fwd, out = timeit(fwd, params, alt, inc, ecl, repeat=args.repeat)
    feasible = float(jnp.mean(out.feasible))
    codes = np.asarray(out.reason_code)
    from orbitalcompute.core.mass_budget import REASON_CODES
    breakdown = {text: float(np.mean(codes & bit > 0)) for bit, text in REASON_CODES.items()}

    def total(p, a, i, e):
        r = design_kernel(p, table, 0.99, e, a, i)
        return jnp.sum(jnp.where(r.feasible, r.total_mass_kg, 0.0))

    grad = jax.jit(jax.grad(total, argnums=(0, 1, 3)))
    jax.block_until_ready(grad(params, alt, inc, ecl))
    t_grad, g = timeit(grad, params, alt, inc, ecl, repeat=args.repeat)
    finite = all(bool(jnp.all(jnp.isfinite(x))) for x in jax.tree_util.tree_leaves(g))

    print(f"devices: {jax.devices()}")
    print(f"designs: {args.n:,}  numeric parameters per design: {n_leaves} (+ altitude, eclipse)")
    print(f"first call (compile + run): {t_compile:.2f} s")
    print(f"forward: {t_fwd:.3f} s  ->  {args.n / t_fwd:,.0f} designs/s  "
          f"(feasible fraction {feasible:.3f})")
    for text, frac in breakdown.items():
        if frac:
            print(f"  flagged {frac:6.3f}: {text}")
    print(f"gradient of summed feasible mass wrt all {n_leaves + 2} inputs: {t_grad:.3f} s  "
          f"->  {t_grad / t_fwd:.2f} x one forward pass  (all finite: {finite})")


if __name__ == "__main__":
    main()
