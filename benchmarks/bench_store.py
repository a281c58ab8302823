"""Sweep store at scale: done-flag scan time at 250,000 chunks, and the peak
memory (VmHWM) of planning, starting and resuming a 1e9-design sweep.

    PYTHONPATH=. python benchmarks/bench_store.py          # < 60 s on 2 cores

[1] A 1e9-design sweep (three grid axes of 1000 points, chunks of 4000
    designs: 250,000 chunks) is planned and its store created (no outputs
    computed); 250,000 done records are appended, then the store is reopened
    and its done flags read into the bitmap (what every run does once).
[2] In a fresh subprocess each: start the 1e9-design sweep (2 chunks), then
    resume it (2 more chunks); each prints its peak resident memory (VmHWM
    from /proc/self/status).  The issue's limit is 1 GB.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

SWEEP = """
from orbitalcompute.engine import Grid, Sweep
sw = Sweep(base={"design": {"x": 0.0, "y": 0.0}, "target": {"x": 1.0, "y": 2.0}},
           grid=[Grid.linspace(p, 0.0, 1.0, 1000) for p in ("design.x", "design.y", "target.x")],
           function="orbitalcompute.engine.testfunctions:quadratic", chunk_size=4096)
"""

RUN = SWEEP + """
import sys
from orbitalcompute.engine import run_sweep
ds = run_sweep(sw, sys.argv[1], quiet=True, resume=sys.argv[2] == "resume", max_chunks=2)
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
print(ds.attrs["chunks_done"], ds.attrs["chunks_total"], int(hwm) * 1024)
"""


def scan(tmp: Path):
    ns: dict = {}
    exec(SWEEP, ns)
    sw = ns["sw"]
    from orbitalcompute.engine.evaluate import make_kernel
    from orbitalcompute.engine.store import SweepStore

    t0 = time.perf_counter()
    spec = make_kernel(sw).output_spec(sw.group_base(0))
    st = SweepStore.prepare(tmp / "scan.zarr", sw, spec)
    t_plan = time.perf_counter() - t0
    n = st.info["n_groups"] * st.info["n_chunks"]
    t0 = time.perf_counter()
    for c in range(st.info["n_chunks"]):
        st._flag(0, c)
    t_write = time.perf_counter() - t0
    st.close()
    t0 = time.perf_counter()
    st2 = SweepStore.open(tmp / "scan.zarr", mode="r")
    done, total = st2.progress()
    todo = st2.todo()
    t_scan = time.perf_counter() - t0
    assert done == total == n and not todo
    print(f"[1] {sw.size:,} designs, {n:,} chunks: plan + create store {t_plan:.2f} s; "
          f"{n:,} done records appended in {t_write:.2f} s; reopen + read every done flag "
          f"+ todo list {t_scan * 1e3:.0f} ms (issue 16 measured 45 s with one file per flag)")


def rss(tmp: Path):
    store = tmp / "big.zarr"
    for mode in ("start", "resume"):
        t0 = time.perf_counter()
        r = subprocess.run([sys.executable, "-c", RUN, str(store), mode], cwd=REPO,
                           capture_output=True, text=True,
                           env={**os.environ, "PYTHONPATH": str(REPO)})
        if r.returncode:
            raise SystemExit(r.stderr[-3000:])
        done, total, hwm = map(int, r.stdout.split())
        print(f"[2] {mode:6s}: {done:,}/{total:,} chunks done, peak RSS {hwm / 2**20:,.0f} MiB "
              f"(limit 1,024 MiB), {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as d:
        scan(Path(d))
        rss(Path(d))
