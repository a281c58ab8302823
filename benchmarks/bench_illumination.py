"""Benchmark: analytic eclipse throughput and the annual summary, fast kernel vs Skyfield.

Run on demand (not a test)::

    python benchmarks/bench_illumination.py [--orbit dawn_dusk_sso_650] [--step-s 30] [--n 10000000]

Prints
* analytic eclipse-fraction throughput (values/s) for ``--n`` (altitude, beta) pairs,
  cylindrical and conical, jit-compiled, compile time excluded;
* the annual summary of one orbit at ``--step-s`` steps via Skyfield/SGP4/DE421 and via the
  fast JAX kernel (``core.eclipse.annual_sso_illumination`` / ``annual_illumination``,
  jit-compiled, median of repeated calls), their ratio, and the difference in mean sunlit
  fraction (target: >= 1000x faster, within 0.5 percentage points).
"""

from __future__ import annotations

import argparse
import statistics
import time

import jax
import jax.numpy as jnp
import numpy as np

import orbitalcompute  # noqa: F401  (float64)
from orbitalcompute import illumination as I
from orbitalcompute.core import eclipse as E
from orbitalcompute.orbit import resolve_orbit


def _time(fn, repeat=5):
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        jax.block_until_ready(fn())
        out.append(time.perf_counter() - t)
    return statistics.median(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orbit", default="dawn_dusk_sso_650")
    ap.add_argument("--step-s", type=float, default=30.0)
    ap.add_argument("--n", type=int, default=10_000_000)
    ap.add_argument("--chunk", type=int, default=1_000_000,
                    help="conical evaluations per jit call (memory: 8 quadrature nodes each)")
    args = ap.parse_args(argv)

    print(f"JAX backend: {jax.default_backend()}, devices: {jax.devices()}")
    rng = np.random.default_rng(0)
    h = jnp.asarray(rng.uniform(300.0, 1200.0, args.n))
    b = jnp.asarray(rng.uniform(-90.0, 90.0, args.n))

    for model in ("cylindrical", "conical"):
        f = jax.jit(lambda h, b, m=model: E.eclipse_fraction(h, b, m))
        c = min(args.chunk, args.n) if model == "conical" else args.n
        jax.block_until_ready(f(h[:c], b[:c]))                       # compile
        def run():
            return [f(h[i:i + c], b[i:i + c]) for i in range(0, args.n, c)]
        dt = _time(run, repeat=3)
        print(f"eclipse_fraction[{model:11s}]  {args.n:.1e} values in {dt:.3f} s  "
              f"-> {args.n / dt:.3e} values/s")

    orbit = resolve_orbit(args.orbit)
    start_n = float(orbit.epoch.tt - 2451545.0)
    if orbit.sun_synchronous:
        from orbitalcompute.environment import default_environment
        year = float(default_environment().tropical_year_days)
        kern = jax.jit(lambda h, lt: E.annual_sso_illumination(
            h, lt, start_days_since_j2000=start_n, tropical_year_days=year))
        call = lambda: kern(orbit.altitude_km, orbit.ltan_h)
    else:
        kern = jax.jit(lambda h, i, r: E.annual_illumination(h, i, r, start_days_since_j2000=start_n))
        call = lambda: kern(orbit.altitude_km, orbit.inclination_deg, orbit.raan_deg)
    t = time.perf_counter()
    jax.block_until_ready(call())
    t_compile = time.perf_counter() - t
    t_fast = _time(call, repeat=20)
    fast = [float(x) for x in call()]

    t = time.perf_counter()
    eph = I.annual_summary(orbit, "ephemeris", step_s=args.step_s)
    t_eph = time.perf_counter() - t
    ana = I.annual_summary(orbit, "analytic")

    print(f"\nannual summary, {args.orbit}, 365 days")
    print(f"  Skyfield/SGP4/DE421, {args.step_s:g} s steps ({int(365 * 86400 / args.step_s):,} steps): "
          f"{t_eph:.2f} s")
    print(f"  fast JAX kernel (jit, median of 20; compile {t_compile:.2f} s once): {t_fast * 1e3:.3f} ms")
    print(f"  ratio: {t_eph / t_fast:,.0f}x  (target >= 1000x)")
    print(f"  analytic annual_summary() incl. Python/day-series overhead: {ana.compute_time_s:.3f} s")
    print(f"  {'':24s} {'ephemeris':>12s} {'fast kernel':>12s} {'difference':>12s}")
    print(f"  {'mean sunlit fraction':24s} {eph.mean_sunlit_fraction:12.5f} {fast[0]:12.5f} "
          f"{100 * (fast[0] - eph.mean_sunlit_fraction):+9.3f} pp  (target |d| <= 0.5 pp)")
    print(f"  {'longest eclipse [s]':24s} {eph.longest_eclipse_s:12.1f} {fast[1]:12.1f} "
          f"{fast[1] - eph.longest_eclipse_s:+10.1f} s")
    print(f"  {'eclipse days':24s} {eph.eclipse_day_count:12d} {int(fast[2]):12d} "
          f"{int(fast[2]) - eph.eclipse_day_count:+10d}")


if __name__ == "__main__":
    main()
