"""The engine on a Dask LocalCluster (2 worker processes): identical results to
the in-process run, also when a worker is killed mid-sweep."""

import os
import signal
import threading
import time

import numpy as np
import pytest

from orbitalcompute.engine import Grid, Sampled, Sweep, run_sweep

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=40)
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


def _sweep(chunk_size=40):
    return Sweep(base={"design": {"x": 0.0, "y": 0.0}, "target": {"x": 1.0, "y": 2.0}},
                 grid=[Grid.linspace("design.x", -1, 2, 12)],
                 sampled=[Sampled("design.y", 0.0, 4.0, "triangular", nominal=1.0)],
                 method="montecarlo", n_samples=50, seed=5,
                 function="orbitalcompute.engine.testfunctions:slow_quadratic",
                 chunk_size=chunk_size)


def _chunk_bytes(path):
    return {str(p.relative_to(path)): p.read_bytes()
            for p in sorted((path / "outputs").rglob("*")) if p.is_file()}


def test_dask_run_identical_to_in_process(client, tmp_path):
    sw = _sweep()
    local = run_sweep(sw, tmp_path / "local.zarr", quiet=True)
    dist = run_sweep(sw, tmp_path / "dask.zarr", quiet=True, dask=client)
    assert dist.attrs["complete"] == 1
    np.testing.assert_array_equal(dist["objective"].values, local["objective"].values)
    np.testing.assert_array_equal(dist["design.y"].values, local["design.y"].values)
    # byte for byte, chunk file by chunk file
    assert _chunk_bytes(tmp_path / "dask.zarr") == _chunk_bytes(tmp_path / "local.zarr")
    # an existing cluster reached by its scheduler address gives the same bytes
    run_sweep(sw, tmp_path / "addr.zarr", quiet=True, dask=client.scheduler.address)
    assert _chunk_bytes(tmp_path / "addr.zarr") == _chunk_bytes(tmp_path / "local.zarr")


def test_worker_killed_mid_sweep_completes_nothing_lost(client, tmp_path):
    sw = _sweep(chunk_size=10)  # 600 designs -> 60 chunks
    ref = run_sweep(sw, quiet=True)
    store = tmp_path / "killed.zarr"
    pids = client.run(os.getpid)  # {worker address: pid}
    victim = sorted(pids.values())[0]
    killed = threading.Event()
    done_at_kill = []

    def killer():
        done_dir = store / "done_log"
        deadline = time.time() + 60
        while time.time() < deadline:
            n_done = sum(p.stat().st_size for p in done_dir.glob("*.bin")) // 8 \
                if done_dir.is_dir() else 0
            if n_done >= 4:
                os.kill(victim, signal.SIGKILL)
                done_at_kill.append(n_done)
                killed.set()
                return
            time.sleep(0.01)

    t = threading.Thread(target=killer)
    t.start()
    ds = run_sweep(sw, store, quiet=True, dask=client)
    t.join()
    assert killed.is_set() and done_at_kill[0] < 60, "the worker was not killed mid-sweep"
    assert ds.attrs["complete"] == 1 and ds.attrs["chunks_done"] == 60
    # nothing lost (every design present and equal to the in-process run) and
    # nothing duplicated (the store has exactly the sweep's shape: 12 x 50)
    assert ds["objective"].shape == (12, 50)
    np.testing.assert_array_equal(ds["objective"].values, ref["objective"].values)
    client.wait_for_workers(2, timeout=60)  # the nanny restarts the killed worker
