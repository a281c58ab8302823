"""Running a sweep on Dask (``dask.distributed``).

Each task evaluates one chunk with the jitted kernel and writes its own
region of the Zarr store (one Zarr chunk per output, then its ``done``
flag), so tasks never write the same file and a task that is run twice
(e.g. rescheduled after its worker died) writes the same bytes again.
Workers compile the kernel once per sweep and categorical group and keep it
(`_CACHE`).  When a worker dies, the scheduler reschedules its tasks
on the surviving/restarted workers; the run completes with every chunk
written exactly once in the result.
"""

from __future__ import annotations

import time

import numpy as np

__all__ = ["run_on_dask", "get_client", "evaluate_chunk_task"]

#: per-worker cache: (sweep fingerprint, store path) -> kernel, open store, group bases
#: (the compiled kernel itself is shared through evaluate.make_kernel's cache)
_CACHE: dict[str, dict] = {}


def get_client(dask="local", n_workers: int = 2):
    """A ``distributed.Client``: ``'local'`` starts a LocalCluster of
    ``n_workers`` single-threaded processes; a string is a scheduler
    address; a ``Client`` is returned unchanged.  Returns ``(client, owned)``
    where ``owned`` says the caller must close it."""
    from distributed import Client, LocalCluster

    if isinstance(dask, Client):
        return dask, False
    if dask == "local" or dask is True:
        from ..validation import check_count

        check_count("n_workers", n_workers, 1, 4096)
        cluster = LocalCluster(n_workers=int(n_workers), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=40)
        return Client(cluster), True
    if isinstance(dask, str):
        return Client(dask), True
    raise ValueError(f"dask = {dask!r}: use 'local', a scheduler address or a Client")


def evaluate_chunk_task(sweep, store_path: str, g: int, c: int):
    """Dask task: evaluate chunk ``c`` of group ``g`` and write it to the store."""
    from .evaluate import make_kernel
    from .store import SweepStore

    t0 = time.perf_counter()
    fp = (sweep.fingerprint(), str(store_path))  # the same sweep may go to several stores
    entry = _CACHE.get(fp)
    if entry is None:
        _CACHE.clear()
        st = SweepStore.open(store_path)
        samples = [np.asarray(s[...]) for s in st.samples()] if sweep.sampled else None
        entry = {"kernel": make_kernel(sweep, samples=samples), "store": st, "bases": {}}
        _CACHE[fp] = entry
    kernel, st = entry["kernel"], entry["store"]
    if g not in entry["bases"]:
        entry["bases"][g] = sweep.group_base(g)
    res = kernel(entry["bases"][g], c)
    st.write_chunk(g, c, {k: np.asarray(v) for k, v in res.items()})
    return g, c, st.chunk_designs(c), time.perf_counter() - t0


def run_on_dask(sweep, st, todo, bar, *, dask="local", n_workers: int = 2, store_path: str,
                retries: int = 3):
    """Submit one task per (group, chunk) in ``todo`` and wait for all of them.

    Tasks lost with a dead worker are rescheduled by the scheduler (and
    retried up to ``retries`` times on errors).  After the run every chunk's
    ``done`` flag is checked; missing chunks raise ``RuntimeError``.
    """
    from distributed import as_completed

    client, owned = get_client(dask, n_workers)
    try:
        # keys unique per run: a scheduler may still hold results of an earlier
        # run of the same sweep (to another store) under the same keys
        import uuid

        run = f"{sweep.fingerprint()[:12]}-{uuid.uuid4().hex[:12]}"
        futures = [client.submit(evaluate_chunk_task, sweep, store_path, g, c,
                                 key=f"oc-chunk-{run}-{g}-{c}", retries=retries, pure=False)
                   for g, c in todo]
        for fut in as_completed(futures):
            g, c, n, _ = fut.result()
            bar.update(n)
        st.refresh()  # the workers wrote the flags: read them once, then check (linear)
        mask = st.done_mask()
        missing = [gc for gc in todo if not mask[gc]]
        if missing:  # pragma: no cover - would be a bug
            raise RuntimeError(f"{len(missing)} chunks have no done flag after the run: "
                               f"{missing[:5]}")
    finally:
        if owned:
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None:
                cluster.close()
