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
           "latency_demand_within_100ms_fraction", "feasible", "reason_code",
           "workload_training_sync_feasible", "workload_training_sync_reason_code",
           "workload_training_sync_isl_required_gbps", "workload_training_sync_orbital_cost_usd_per_gpu_h"]

[grid]
"orbit.altitude_km" = {values = [550.0, 700.0, 900.0]}
"spacecraft.radiator_temperature_k" = {values = [300.0, 330.0]}
"workloads.training_sync.scale_out_per_gpu_gbps" = {values = [1.0, 400.0]}
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
        # the workload axis repeats every design's cost and latency: compare distinct points
        want = np.unique(cost[_brute_force(cost, sign * y)])
        got = np.unique([float(r["orbital_cost_usd_per_gpu_h"]) for r in rows if r["objective"] == obj])
        np.testing.assert_allclose(got, want, rtol=1e-5)
        assert got.size, obj


def test_pareto_verb_names_missing_outputs(store, capsys):
    assert main(["pareto", str(store), "--objective", "latency_atlantis_p50_ms", "--no-figure"]) == 2
    err = capsys.readouterr().err
    assert "pipeline_latency" in err and "latency_demand_mean_p50_ms" in err


def test_sweep_axis_on_a_workload(store):
    # a workload's traffic is a scenario input (scenario.workloads), so a sweep axis
    # reaches it: 1 Gb/s per GPU closes over the cluster's terminals, the 400 Gb/s
    # of a synchronous training rail does not (reason bit ISL_REASON_BIT)
    from orbitalcompute.core.workloads import ISL_REASON_BIT
    from orbitalcompute.engine import open_sweep

    ds = open_sweep(store)
    ax = "workloads.training_sync.scale_out_per_gpu_gbps"
    lo, hi = ds.sel({ax: 1.0}), ds.sel({ax: 400.0})
    assert lo["workload_training_sync_feasible"].values.all()
    assert not hi["workload_training_sync_feasible"].values.any()
    assert (hi["workload_training_sync_reason_code"].values.astype(int) & ISL_REASON_BIT).all()
    np.testing.assert_allclose(hi["workload_training_sync_isl_required_gbps"].values,
                               400.0 * lo["workload_training_sync_isl_required_gbps"].values, rtol=1e-12)
    assert (lo["workload_training_sync_orbital_cost_usd_per_gpu_h"].values
            >= lo["orbital_cost_usd_per_gpu_h"].values).all()
    assert np.isnan(hi["workload_training_sync_orbital_cost_usd_per_gpu_h"].values).all()
    # the design's own cost does not depend on the workload axis
    np.testing.assert_array_equal(lo["orbital_cost_usd_per_gpu_h"].values, hi["orbital_cost_usd_per_gpu_h"].values)
