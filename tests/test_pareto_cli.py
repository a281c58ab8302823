"""``orbitalcompute pareto STORE``: the cost-vs-latency front drawn from a small
sweep store that asked for the latency outputs (function = "pipeline_latency").

Reference: a brute-force dominance check over every stored design (a design
is on the front iff no other is at least as good in both objectives and
strictly better in one)."""

import json

import numpy as np
import pytest

from orbitalcompute.cli import main

SWEEP = """
[sweep]
name = "tiny-latency-pareto"
scenario = "default"
function = "pipeline_latency"
chunk_size = 8
outputs = ["orbital_cost_usd_per_gpu_h", "latency_demand_mean_p50_ms",
           "latency_demand_within_100ms_fraction", "feasible", "reason_code"]

[grid]
"orbit.altitude_km" = {values = [550.0, 700.0, 900.0]}
"spacecraft.radiator_temperature_k" = {values = [300.0, 330.0]}
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    d = tmp_path_factory.mktemp("pareto")
    f = d / "tiny.toml"
    f.write_text(SWEEP)
    out = d / "tiny.zarr"
    assert main(["sweep", str(f), "-o", str(out), "-q"]) == 0
    return out


def _brute_force(a, b):
    keep = []
    for i in range(a.size):
        if not (np.isfinite(a[i]) and np.isfinite(b[i])):
            continue
        dominated = np.any((a <= a[i]) & (b <= b[i]) & ((a < a[i]) | (b < b[i])))
        if not dominated:
            keep.append(i)
    return keep


def test_pareto_verb_draws_the_front(store, tmp_path, capsys):
    from orbitalcompute.engine import open_sweep

    figdir = tmp_path / "fig"
    assert main(["pareto", str(store), "--format", "json", "--out", str(figdir)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert (figdir / "pareto.png").is_file() and (figdir / "pareto.svg").is_file()
    ds = open_sweep(store)
    cost = ds["orbital_cost_usd_per_gpu_h"].values.ravel()
    feas = ds["feasible"].values.ravel().astype(bool)
    cost = np.where(feas, cost, np.nan)
    for obj, sign in (("latency_demand_mean_p50_ms", 1.0), ("latency_demand_within_100ms_fraction", -1.0)):
        y = ds[obj].values.ravel()
        want = sorted(cost[_brute_force(cost, sign * y)])
        got = sorted(float(r["orbital_cost_usd_per_gpu_h"]) for r in rows if r["objective"] == obj)
        np.testing.assert_allclose(got, want, rtol=1e-5)
        assert got, obj


def test_pareto_verb_names_missing_outputs(store, capsys):
    assert main(["pareto", str(store), "--objective", "latency_atlantis_p50_ms", "--no-figure"]) == 2
    err = capsys.readouterr().err
    assert "pipeline_latency" in err and "latency_demand_mean_p50_ms" in err
