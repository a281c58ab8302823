"""Run a sweep: in process (default) or on Dask, streaming chunks to a store."""

from __future__ import annotations

import time
from typing import Callable

import numpy as np

from .evaluate import ChunkKernel, make_kernel
from .progress import progress_bar
from .sampling import transform, unit_samples
from .spec import Sweep
from .store import SweepStore

__all__ = ["run_sweep", "draw_samples", "open_sweep"]


def draw_samples(sweep: Sweep) -> dict[str, np.ndarray]:
    """The sampled input values of ``sweep`` (``{path: (n_samples,) array}``)."""
    if not sweep.sampled:
        return {}
    u = unit_samples(sweep.method, int(sweep.n_samples), len(sweep.sampled), int(sweep.seed))
    return {a.path: transform(u[:, k], a.low, a.high, a.distribution, a.nominal)
            for k, a in enumerate(sweep.sampled)}


def run_sweep(sweep: Sweep, store=None, *, resume: bool = False, overwrite: bool = False,
              quiet: bool = False, dask=None, n_workers: int = 2, f: Callable | None = None,
              lazy: bool | None = None, max_chunks: int | None = None):
    """Evaluate every design of ``sweep`` and return an `xarray.Dataset`.

    Parameters
    ----------
    sweep : Sweep
        The declared sweep.
    store : path, optional
        Zarr directory written chunk by chunk (resumable).  ``None`` keeps
        the results in memory.
    resume, overwrite : bool
        What to do when ``store`` already holds a sweep: ``resume`` continues
        the same sweep (finished chunks are kept, not recomputed);
        ``overwrite`` replaces it.  Neither: the run is refused and nothing
        is changed.
    quiet : bool
        No progress bar.
    dask : None, 'local', str or distributed.Client
        ``None`` runs in this process; ``'local'`` starts a
        ``LocalCluster`` of ``n_workers`` processes; any other string is a
        scheduler address; a ``Client`` is used as is.  Each Dask task
        evaluates one chunk and writes its own region of ``store`` (which
        must be on storage every worker can reach).
    f : callable, optional
        Overrides ``sweep.function`` (in-process runs only need not be
        importable; Dask pickles it).
    lazy : bool, optional
        Passed to [`SweepStore.to_dataset`][orbitalcompute.engine.store.SweepStore.to_dataset].
    max_chunks : int, optional
        Stop after this many chunks (the store stays resumable); used to
        split very long sweeps and in tests of interruption.

    Returns
    -------
    xarray.Dataset
        One variable per output, dims ``sweep.dims``; swept inputs as
        coordinates with units and sources in their attributes.  Infeasible
        designs keep the function's NaN plus its ``feasible``/``reason_code``
        outputs; use [`orbitalcompute.engine.summarize`][orbitalcompute.engine.summarize] for NaN-free
        statistics over feasible designs.
    """
    if dask is not None and store is None:
        raise ValueError("a Dask run needs a store path (workers write their chunks there)")
    if dask is not None:
        from ..validation import check_count

        check_count("n_workers", n_workers, 1, MAX_WORKERS)
    if max_chunks is not None:
        from ..validation import check_count

        check_count("max_chunks", max_chunks, 0, None)
    func = sweep.resolve_function() if f is None else f
    if sweep.chunk_size == "auto":
        sweep = sweep.replace(chunk_size=_stored_or_auto_chunk(sweep, store, func, overwrite))
    sweep.check_size()
    if dask is not None and f is not None:
        sweep = sweep.replace(function=f)
    kernel = make_kernel(sweep, func)
    spec = kernel.output_spec(sweep.group_base(0))
    st = SweepStore.prepare(store, sweep, spec, resume=resume, overwrite=overwrite,
                            samples=lambda: draw_samples(sweep))
    try:
        todo = st.todo()
        if max_chunks is not None:
            todo = todo[: int(max_chunks)]
        if todo:
            total = sweep.size
            done_designs = total - st.todo_designs()
            with progress_bar(total, quiet=quiet, initial=done_designs, desc=sweep.name) as bar:
                if dask is None:
                    _run_local(sweep, st, kernel, todo, bar)
                else:
                    from .distributed import run_on_dask

                    run_on_dask(sweep, st, todo, bar, dask=dask, n_workers=n_workers,
                                store_path=str(st.path))
        st.mark_complete()
    finally:
        st.close()
    return st.to_dataset(lazy=lazy)


#: most Dask LocalCluster worker processes a run may start
MAX_WORKERS = 4096


def _stored_or_auto_chunk(sweep, store, func, overwrite) -> int:
    """'auto' chunk size: reuse the stored sweep's (so resuming matches), else
    [`auto_chunk_size`][orbitalcompute.engine.evaluate.auto_chunk_size]."""
    from pathlib import Path

    from .evaluate import auto_chunk_size
    from .store import _is_sweep_store

    if store is not None and not overwrite and _is_sweep_store(Path(store)):
        try:
            info = SweepStore.open(store, mode="r").info
        except ValueError:  # half-created: prepare() reports it
            return auto_chunk_size(sweep, func)
        cand = sweep.replace(chunk_size=int(info["spec"]["chunk_size"]))
        if cand.fingerprint() == info["fingerprint"]:
            return int(info["spec"]["chunk_size"])
    return auto_chunk_size(sweep, func)


def _run_local(sweep: Sweep, st: SweepStore, kernel: ChunkKernel, todo, bar):
    """Evaluate chunks in order, overlapping the next chunk's computation
    (JAX dispatches asynchronously) with writing the previous one."""
    if sweep.sampled:
        kernel.set_samples([np.asarray(s[...]) for s in st.samples()])
    pending = None
    base_cache: dict[int, object] = {}
    for g, c in todo:
        if g not in base_cache:
            base_cache.clear()
            base_cache[g] = sweep.group_base(g)
        res = kernel(base_cache[g], c)  # asynchronous dispatch
        if pending is not None:
            _finish(st, bar, *pending)
        pending = (g, c, res)
    if pending is not None:
        _finish(st, bar, *pending)


def _finish(st: SweepStore, bar, g, c, res):
    try:
        outs = {k: np.asarray(v) for k, v in res.items()}
    except Exception as exc:  # XLA out of memory surfaces when the result is read
        if "RESOURCE_EXHAUSTED" in str(exc) or "Out of memory" in str(exc):
            raise MemoryError(
                f"a chunk of {st.info['chunk_size']:,} designs needs more memory than is "
                f"available; use chunk_size = 'auto' (or a smaller chunk_size). Chunks "
                f"already written are kept: resume with the same chunk_size, or overwrite"
            ) from exc
        raise
    st.write_chunk(g, c, outs)
    bar.update(st.chunk_designs(c))


def open_sweep(path, lazy: bool | None = None):
    """The results stored at ``path`` as an `xarray.Dataset`
    (attrs ``complete``, ``chunks_done``, ``chunks_total`` tell how far it got)."""
    return SweepStore.open(path, mode="r").to_dataset(lazy=lazy)


def _timed(fn, *a, **k):  # pragma: no cover - helper for benchmarks
    t = time.perf_counter()
    out = fn(*a, **k)
    return out, time.perf_counter() - t
