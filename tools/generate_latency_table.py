"""Regenerate ``models/data/latency_cluster_table.csv.gz``: round-trip times
from the user regions of ``models/user_regions.toml`` to an orbital cluster,
on an altitude x inclination grid of circular cluster orbits, read by
:func:`orbitalcompute.latency.table.latency_table` and interpolated inside
``pipeline.evaluate(..., latency=True)``.

Method: the direct computation
:func:`orbitalcompute.latency.table.cluster_region_statistics` on every grid
point: every reference city of every region is routed (shortest delay,
Dijkstra on the time-varying graph) through the Starlink Gen1 shell-1
constellation with +Grid laser ISLs to the cluster, which links to its four
nearest network satellites (``models/network.toml``), every 5 min over one
day from the constellation's epoch; the samples of a region's cities are
pooled into RTT quantiles (propagation only: the pipeline adds the access
overhead) and a reachable fraction.

Axes left out of the table, with the spread measured by ``--sensitivity``
(printed, and recorded in the header): the cluster's RAAN (or LTAN; one day
of Earth rotation sweeps the ground track over every longitude, so day
statistics barely depend on it) and the cluster size (a formation spans a
few km: < 0.03 ms).

Grid: altitude 400-1200 km (the trapped-dose table's range), inclination
0-110 deg with 1-deg steps over the sun-synchronous band (96-101 deg) where
sweeps spend their time.

Run from the repository root (a few minutes on one CPU core)::

    PYTHONPATH=. python tools/generate_latency_table.py [--sensitivity]
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import io
import time
from pathlib import Path

import numpy as np

import orbitalcompute  # noqa: F401  (x64)
from orbitalcompute.latency import table as T
from orbitalcompute.latency.constellation import DEFAULT_EPOCH_UTC

ALTITUDES_KM = (400.0, 550.0, 700.0, 850.0, 1000.0, 1200.0)
INCLINATIONS_DEG = (0.0, 20.0, 35.0, 45.0, 53.0, 60.0, 70.0, 80.0, 90.0,
                    96.0, 97.0, 98.0, 99.0, 100.0, 101.0, 110.0)
CONSTELLATION = "starlink_gen1_shell1"
HOURS, STEP_S = 24.0, 300.0
OUT = Path(__file__).resolve().parents[1] / "models" / "data" / "latency_cluster_table.csv.gz"


def quantile_columns():
    return [f"rtt_q{round(p * 1000):04d}_ms" for p in T.QUANTILE_PROBABILITIES]


def sensitivity(alt=650.0, inc=97.98):
    """Largest change [ms] of any region's p50/p95 when the RAAN moves by 90 and 180 deg."""
    base, _ = T.cluster_region_statistics(alt, inc, hours=HOURS, step_s=STEP_S,
                                          constellation=CONSTELLATION)
    probs = np.asarray(T.QUANTILE_PROBABILITIES)
    cols = [int(np.argmin(abs(probs - 0.5))), int(np.argmin(abs(probs - 0.95)))]
    worst = 0.0
    for raan in (90.0, 180.0):
        q, _ = T.cluster_region_statistics(alt, inc, raan_deg=raan, hours=HOURS, step_s=STEP_S,
                                           constellation=CONSTELLATION)
        worst = max(worst, float(np.max(np.abs(q[:, cols] - base[:, cols]))))
    return worst


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--sensitivity", action="store_true",
                    help="also measure the RAAN sensitivity left out of the table")
    args = ap.parse_args(argv)
    regions = T.user_regions()
    t0 = time.perf_counter()
    rows = []
    for alt in ALTITUDES_KM:
        for inc in INCLINATIONS_DEG:
            q, reach = T.cluster_region_statistics(alt, inc, hours=HOURS, step_s=STEP_S,
                                                   constellation=CONSTELLATION)
            if np.isnan(q).any():
                bad = [r.name for r, row in zip(regions, q) if np.isnan(row).any()]
                raise SystemExit(f"no path from {bad} at {alt} km, {inc} deg: widen the links")
            for r, qr, fr in zip(regions, q, reach):
                rows.append(f"{alt:g},{inc:g},{r.name},{fr:.6f}," + ",".join(f"{v:.4f}" for v in qr))
        print(f"altitude {alt:g} km done ({time.perf_counter() - t0:.0f} s)", flush=True)
    build_s = time.perf_counter() - t0
    raan_ms = sensitivity() if args.sensitivity else None
    buf = io.StringIO()
    buf.write("# Orbital-cluster RTT table: tools/generate_latency_table.py\n")
    buf.write(f"# generated = {datetime.date.today().isoformat()}\n")
    buf.write(f"# constellation = {CONSTELLATION}\n")
    buf.write(f"# epoch_utc = {DEFAULT_EPOCH_UTC}\n")
    buf.write(f"# hours = {HOURS:g}\n# step_s = {STEP_S:g}\n")
    buf.write("# mode = cluster-isl (propagation only; access overhead added by the pipeline)\n")
    buf.write(f"# regions = {' '.join(r.name for r in regions)}\n")
    buf.write(f"# build_s = {build_s:.0f}\n")
    if raan_ms is not None:
        buf.write(f"# raan_sensitivity_ms = {raan_ms:.2f}\n")
    buf.write(",".join(["altitude_km", "inclination_deg", "region", "reachable_fraction",
                        *quantile_columns()]) + "\n")
    buf.write("\n".join(rows) + "\n")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out, "wt", compresslevel=9) as fh:
        fh.write(buf.getvalue())
    print(f"wrote {args.out} ({len(rows)} rows) in {build_s:.0f} s"
          + ("" if raan_ms is None else f"; RAAN sensitivity {raan_ms:.2f} ms"))


if __name__ == "__main__":
    main()
