"""Runs inside the peer's own venv (``spacedc-mdao``, import ``orbitdc``): times
its ``evaluate_space`` one design at a time over random altitudes and launch
prices and prints one JSON line.  Called by ``bench_peer.py``; not imported."""
import json
import sys
import time

import numpy as np
import orbitdc

n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
sc = orbitdc.load_scenario_dict({
    "name": "bench", "kind": "space", "mission_life_years": 5,
    "space": {"orbit": {"altitude_km": 650.0},
              "architecture": {"satellites": 100, "accelerators_per_satellite": 8}}})
rng = np.random.default_rng(0)
prices = rng.uniform(100.0, 3000.0, n)
orbitdc.evaluate_space(sc)  # warm
t = time.perf_counter()
for p in prices:
    orbitdc.evaluate_space(sc, {"launch_cost_per_kg_usd": float(p), "utilization": 0.8})
dt = time.perf_counter() - t
print(json.dumps({"n": n, "designs_per_s": n / dt, "version": orbitdc.__version__}))
