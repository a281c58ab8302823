"""Wall time and CPU time (user + sys) of ``orbitalcompute report``, cold and warm
(printed, never asserted).

Run from the repository root::

    PYTHONPATH=. python benchmarks/bench_report.py                 # full report with figures
    PYTHONPATH=. python benchmarks/bench_report.py --quick --no-figures
    PYTHONPATH=. python benchmarks/bench_report.py --warm-runs 3   # more warm repeats

Each run is a fresh process (``python -m orbitalcompute report ...``) writing to a
temporary ``--out`` folder.  *Cold* runs with an empty JAX persistent compilation
cache (a new temporary ``ORBITALCOMPUTE_JAX_CACHE_DIR``), so every kernel compiles;
*warm* runs reuse that cache (what a user sees from the second run on); *no cache*
runs with ``ORBITALCOMPUTE_JAX_CACHE=0`` (the pre-cache behaviour, on request).
CPU time is the child's ``user + sys`` (``resource.getrusage``): on a shared machine
it is the steadier number, wall time depends on the load (printed beside it).  The
step times come from the report's own progress lines on stderr.

Target (issue 14 item 6): under 10 s warm on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time


def run_once(args: list[str], env: dict) -> dict:
    """One report in a child process: wall and CPU seconds, and its progress lines."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "orbitalcompute", "report", *args], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        raise SystemExit(f"report failed (exit {p.returncode}):\n{p.stderr[-3000:]}")
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return {"wall_s": wall, "cpu_s": cpu, "stderr": p.stderr}


def steps(stderr: str) -> list[tuple[float, str]]:
    """``(seconds since start, step)`` of each progress line."""
    out = []
    for ln in stderr.splitlines():
        m = re.match(r"report \[\s*([0-9.]+) s\] (.*)", ln)
        if m:
            out.append((float(m.group(1)), m.group(2)))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="pass --quick to the report")
    ap.add_argument("--no-figures", action="store_true", help="pass --no-figures")
    ap.add_argument("--warm-runs", type=int, default=1, help="warm repeats (default 1)")
    ap.add_argument("--no-cache-run", action="store_true",
                    help="also time a run with the persistent cache turned off")
    ap.add_argument("--steps", action="store_true", help="print the step times of the last warm run")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        rargs = ["--format", "json", "--out", os.path.join(tmp, "out")]
        rargs += ["--quick"] if a.quick else []
        rargs += ["--no-figures"] if a.no_figures else []
        env = dict(os.environ, ORBITALCOMPUTE_JAX_CACHE_DIR=os.path.join(tmp, "jax_cache"))
        env.pop("ORBITALCOMPUTE_JAX_CACHE", None)
        try:
            load = os.getloadavg()[0]
        except OSError:  # pragma: no cover
            load = float("nan")
        flags = " ".join(rargs[4:]) or "(full report with figures)"
        print(f"orbitalcompute report {flags}; {os.cpu_count()} CPUs, "
              f"load average {load:.1f} at start")
        rows = []
        if a.no_cache_run:
            rows.append(("no cache", run_once(rargs, dict(env, ORBITALCOMPUTE_JAX_CACHE="0"))))
        rows.append(("cold", run_once(rargs, env)))
        for k in range(max(1, a.warm_runs)):
            rows.append((f"warm {k + 1}", run_once(rargs, env)))
        print(f"{'run':<10}{'wall [s]':>10}{'user+sys [s]':>14}")
        for name, r in rows:
            print(f"{name:<10}{r['wall_s']:>10.1f}{r['cpu_s']:>14.1f}")
        print("target: under 10 s warm on 2 cores (issue 14 item 6)")
        if a.steps:
            st = steps(rows[-1][1]["stderr"])
            print("\nsteps of the last warm run (start time of each, seconds since the report started):")
            for t, what in st:
                print(f"  {t:7.1f}  {what}")


if __name__ == "__main__":
    main()
