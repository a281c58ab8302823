"""Incremental, resumable Zarr store for sweep results.

Layout of a store (a Zarr v3 group that plain ``xarray.open_zarr`` reads: every
array carries its ``dimension_names``, metadata is consolidated)::

    attrs["orbitalcompute_sweep"]   sweep description, fingerprint, layout, state
    <output>                        one array per output, dims = the sweep's dims
                                    (categorical axes, grid axes, ``sample``), one
                                    Zarr chunk per engine chunk (a rectangular block,
                                    see `orbitalcompute.engine.evaluate.chunk_region`)
    <grid or categorical path>      1-D coordinate of that axis (units, source in attrs)
    sample, <sampled path>          the sample index and sampled input values, dim
                                    ``sample`` (sha256 recorded in the sweep attrs);
                                    named in each output's ``coordinates`` attribute
    done_log/<writer>.bin           append-only int64 records: finished chunk indices
    .orbitalcompute.lock            the pid and host of the process writing the store

Stores of layout version 2 (flat ``outputs/<name>`` arrays of shape
``(n_groups, n_inner)``) are still read by `SweepStore.to_dataset`.

State machine (``info["state"]``)::

    creating  ->  running  ->  complete

``creating``: the directory is being laid out (outputs, then the sample table);
an interruption here leaves a store that ``resume`` or ``overwrite`` rebuilds
(nothing was computed yet).  ``running``: the sample table is complete (each
column's sha256 is recorded and checked on resume) and chunks are being
written.  ``complete``: every chunk's flag is set.

One engine chunk is exactly one Zarr chunk of every output array, so
concurrent writers (Dask tasks) never touch the same file.  A chunk's done
record is appended (one 8-byte ``os.write`` on an ``O_APPEND`` file private
to the writing process) only after all its outputs are written; resuming
re-evaluates exactly the chunks without a record (a chunk interrupted
half-way is recomputed, deterministically, so results are byte-identical to
an uninterrupted run).  The done flags are read once per run: every log is
read and scattered into one boolean bitmap (linear in the number of chunks).

An existing path is never removed unless ``overwrite=True`` and it holds a
sweep store (or is empty); a path holding a *different* sweep is refused
unless ``overwrite=True``; ``resume=True`` requires the same sweep.  A second
process writing the same store is refused while the first one's pid is alive
(a lock left by a killed process is stale and taken over).

Fault injection (tests only): ``ORBITALCOMPUTE_FAULT=STAGE:N`` kills the
process with SIGKILL the N-th time it reaches ``STAGE`` (``create``,
``arrays``, ``samples``, ``running``, ``chunk``, ``flag``, ``complete``).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import shutil
import socket
import uuid
from pathlib import Path
from typing import Any, Callable

import numpy as np

__all__ = ["SweepStore", "StoreError", "StoreLockedError", "ATTR", "FAULT_ENV"]

ATTR = "orbitalcompute_sweep"
LAYOUT_VERSION = 3
LOCK_NAME = ".orbitalcompute.lock"
CREATING_MARKER = ".orbitalcompute-creating"
DONE_LOG = "done_log"
#: environment variable of the fault-injection hook (see the module docstring)
FAULT_ENV = "ORBITALCOMPUTE_FAULT"
FAULT_STAGES = ("create", "arrays", "samples", "running", "chunk", "flag", "complete")
_FAULT_COUNTS: dict[str, int] = {}


class StoreError(ValueError):
    """The output path cannot be used as asked (holds other data, different sweep...)."""


class StoreLockedError(StoreError):
    """Another live process is writing the store."""


def _fault(stage: str):
    """Fault-injection hook: SIGKILL this process at the N-th ``stage`` when
    ``ORBITALCOMPUTE_FAULT=stage:N`` (used by the kill -9 tests)."""
    spec = os.environ.get(FAULT_ENV)
    if not spec:
        return
    want, _, n = spec.partition(":")
    if want != stage:
        return
    _FAULT_COUNTS[stage] = _FAULT_COUNTS.get(stage, 0) + 1
    if _FAULT_COUNTS[stage] >= int(n or 1):
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


def _zarr():
    import zarr

    return zarr


def _read_meta(path: Path) -> dict | None:
    try:
        meta = json.loads((path / "zarr.json").read_text())
    except (OSError, ValueError):
        return None
    return meta.get("attributes", {}).get(ATTR)


def _is_sweep_store(path: Path) -> bool:
    return (path / "zarr.json").is_file() and _read_meta(path) is not None


def _classify(path: Path) -> str:
    """'missing', 'empty', 'creating' (half-created by us), 'store' or 'foreign'."""
    if not path.exists():
        return "missing"
    if not path.is_dir():
        return "foreign"
    names = {p.name for p in path.iterdir()} - {LOCK_NAME}
    if not names:
        return "empty"
    if CREATING_MARKER in names:
        return "creating"
    info = _read_meta(path) if "zarr.json" in names else None
    if info is None:
        return "foreign"
    return "creating" if info.get("state") == "creating" else "store"


def resolve_store_path(path) -> Path:
    """The store path with symlinks resolved (a store may live behind a link),
    refusing a path below a regular file."""
    p = Path(os.path.realpath(os.fspath(path)))
    for parent in p.parents:
        if parent.exists():
            if not parent.is_dir():
                raise StoreError(f"store path {str(path)!r}: {parent} is a regular file, not a "
                                 f"directory; choose another output path")
            break
    return p


# ----------------------------------------------------------------- the lock

def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _acquire_lock(path: Path) -> Path:
    lock = path / LOCK_NAME
    me = {"pid": os.getpid(), "host": socket.gethostname(),
          "since_utc": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")}
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            try:
                held = json.loads(lock.read_text())
            except (OSError, ValueError):
                held = {}
            pid, host = held.get("pid"), held.get("host")
            stale = (isinstance(pid, int) and host == me["host"] and pid != os.getpid()
                     and not _pid_alive(pid))
            if stale or not held:
                lock.unlink(missing_ok=True)
                continue
            raise StoreLockedError(
                f"{path} is being written by another process (pid {pid} on {host}, since "
                f"{held.get('since_utc', '?')}); wait for it to finish, or stop it. If that "
                f"process is gone, delete {lock}") from None
        with os.fdopen(fd, "w") as fh:
            json.dump(me, fh)
        return lock
    raise StoreLockedError(f"{path}: could not take the lock {lock}")  # pragma: no cover


def _clear_dir(path: Path):
    """Remove everything in ``path`` except the lock (ours)."""
    for p in path.iterdir():
        if p.name == LOCK_NAME:
            continue
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p)
        else:
            p.unlink()


def sweep_code_hash() -> str:
    from .spec import code_hash

    return code_hash()


def _sha256(arr) -> str:
    return hashlib.sha256(np.ascontiguousarray(arr, dtype="<f8").tobytes()).hexdigest()


class _MemoryGroup(dict):
    """Minimal in-memory stand-in for a Zarr group (numpy arrays), used when a
    sweep has no store path: no compression or chunk bookkeeping overhead."""

    def __init__(self):
        super().__init__()
        self.attrs: dict = {}

    def require_group(self, name):
        return self.setdefault(name, _MemoryGroup())

    def create_array(self, name, shape, dtype, fill_value=None, **_):
        a = np.full(shape, 0 if fill_value is None else fill_value, dtype=dtype)
        self[name] = a
        return a

    def __contains__(self, name):
        return dict.__contains__(self, name)


def _output_codecs():
    """Blosc LZ4 with byte shuffle: fast, and compresses float64 fields better
    than the Zarr default (zstd without shuffle) in our measurements."""
    from zarr.codecs import BloscCodec

    return [BloscCodec(cname="lz4", clevel=5, shuffle="shuffle")]


class SweepStore:
    """A sweep's results on disk (or in memory when ``path`` is ``None``)."""

    def __init__(self, group, info: dict, path: Path | None = None, lock: Path | None = None):
        self.group = group
        self.info = info
        self.path = path
        self._lock = lock
        self._mask: np.ndarray | None = None
        self._log_fd: int | None = None

    # ------------------------------------------------------------ opening
    @classmethod
    def prepare(cls, path, sweep, output_spec: dict, *, resume: bool = False,
                overwrite: bool = False,
                samples: Callable[[], dict] | None = None) -> "SweepStore":
        """Create a store for ``sweep`` at ``path``, or reopen it to resume.

        ``samples`` returns the sampled input columns (``{path: array}``); they
        are written, hashed and recorded before the store leaves the
        ``creating`` state, so nothing is ever evaluated at missing samples.
        The returned store holds the lock; call `close` when done.

        Raises
        ------
        StoreError
            ``path`` holds something that is not a sweep store; or holds a
            different sweep (unless ``overwrite``); or holds this sweep and
            neither ``resume`` nor ``overwrite`` was given; or another live
            process is writing it ([`StoreLockedError`][orbitalcompute.engine.store.StoreLockedError]).
        """
        fp = sweep.fingerprint()
        if path is None:
            st = cls(_MemoryGroup(), {}, None)
            st._create(sweep, fp, output_spec, samples)
            return st
        shown = path
        path = resolve_store_path(path)
        kind = _classify(path)
        if kind == "foreign":
            raise StoreError(f"{shown} exists and is not an orbitalcompute sweep store; "
                             f"refusing to touch it (choose another output path)")
        if kind == "missing":
            try:
                path.mkdir(parents=True)
            except FileExistsError:  # created concurrently: classify again
                return cls.prepare(shown, sweep, output_spec, resume=resume,
                                   overwrite=overwrite, samples=samples)
        lock = _acquire_lock(path)
        try:
            kind = _classify(path)  # again, now that we hold the lock
            if kind == "foreign":
                raise StoreError(f"{shown} is not an orbitalcompute sweep store")
            if kind == "creating" and not (resume or overwrite):
                raise StoreError(
                    f"{shown} holds a sweep store whose creation was interrupted (no results "
                    f"in it yet); pass resume or overwrite to rebuild it. Nothing was changed")
            if kind == "store":
                old = cls.open(path, lock=lock)
                same = old.info["fingerprint"] == fp
                if overwrite:
                    pass
                elif resume and same:
                    old._check_outputs(output_spec)
                    old._verify_samples()
                    return old
                elif resume:
                    raise StoreError(
                        f"{shown} holds a different sweep ({old.info['name']!r}, fingerprint "
                        f"{old.info['fingerprint'][:12]}, this one {fp[:12]}; the fingerprint "
                        f"covers the sweep and the code that computes it, "
                        f"{old.info.get('orbitalcompute_version', '?')} code hash "
                        f"{old.info.get('code_hash', '?')[:12]} vs {sweep_code_hash()[:12]}); "
                        f"cannot resume it. Choose another path, or pass overwrite to replace it")
                else:
                    what = "this sweep" if same else \
                        f"a different sweep ({old.info['name']!r})"
                    done, total = old.progress()
                    raise StoreError(
                        f"{shown} already holds {what} ({done}/{total} chunks done); pass "
                        f"resume{' (same sweep)' if same else ''} to continue it or overwrite "
                        f"to replace it. Nothing was changed")
            _clear_dir(path)
            (path / CREATING_MARKER).write_text("layout in progress\n")
            group = _zarr().open_group(str(path), mode="a")
            st = cls(group, {}, path, lock)
            st._create(sweep, fp, output_spec, samples)
            (path / CREATING_MARKER).unlink()
            return st
        except BaseException:
            lock.unlink(missing_ok=True)
            raise

    def _create(self, sweep, fp: str, output_spec: dict, samples):
        from .. import __version__

        group = self.group
        memory = isinstance(group, _MemoryGroup)
        outputs = {}
        for k, s in output_spec.items():
            dt = np.dtype(s.dtype)
            outputs[k] = {"dtype": dt.str, "unit": _unit(k)}
        info = {
            "layout_version": LAYOUT_VERSION,
            "state": "creating",
            "fingerprint": fp,
            "code_hash": sweep_code_hash(),
            "name": sweep.name,
            "created_utc": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "orbitalcompute_version": __version__,
            "spec": sweep.to_dict(),
            "dims": list(sweep.dims),
            "shape": list(sweep.shape),
            "n_groups": sweep.n_groups,
            "n_inner": sweep.n_inner,
            "n_chunks": sweep.n_chunks,
            "chunk_size": int(sweep.effective_chunk_size),
            "outputs": outputs,
            "inputs": _input_meta(sweep),
            "samples_sha256": {},
        }
        split, block, per_chunk, _ = sweep.layout
        info["layout"] = {"split": int(split), "block": int(block), "per_chunk": int(per_chunk)}
        self.info = info
        group.attrs[ATTR] = info  # first: the directory is ours from here on
        _fault("create")
        dims = list(sweep.dims)
        sampled = [a.path for a in sweep.sampled]
        clash = set(outputs) & (set(dims) | set(sampled))
        if clash:
            raise ValueError(f"output name(s) {sorted(clash)} are also swept input paths or "
                             f"dimensions; rename the output")
        from .evaluate import chunk_shape

        chunks = (1,) * len(sweep.group_shape) + chunk_shape(sweep.inner_shape, split, per_chunk)
        disk = {} if memory else {"compressors": _output_codecs(), "overwrite": True}
        for k, meta in outputs.items():
            dt = np.dtype(meta["dtype"])
            fill = np.nan if dt.kind == "f" else (False if dt.kind == "b" else -1)
            attrs = {"units": meta["unit"]} if meta["unit"] else {}
            if k == "reason_code":
                attrs["description"] = "0 = feasible; see orbitalcompute.pipeline for codes"
            if sampled:
                attrs["coordinates"] = " ".join(sampled)
            group.create_array(k, shape=tuple(sweep.shape), chunks=chunks, dtype=dt,
                               fill_value=fill, dimension_names=dims, attributes=attrs, **disk)
        if not memory:
            self._write_axis_coordinates(sweep, info)
            group.require_group(DONE_LOG)  # a Zarr group: readers do not warn about it
        _fault("arrays")
        if sweep.sampled:
            cols = samples() if samples is not None else None
            if cols is None or set(cols) != set(sampled):
                raise ValueError("a sampled sweep's store needs its sample columns")
            n = int(sweep.n_samples)
            if not memory:
                group.create_array("sample", shape=(n,), chunks=(min(n, 1 << 20),),
                                   dtype="int64", dimension_names=["sample"],
                                   overwrite=True)[:] = np.arange(n, dtype=np.int64)
            for p, vals in cols.items():
                vals = np.ascontiguousarray(vals, dtype=np.float64)
                n = vals.shape[0]
                if memory:
                    group[p] = vals
                else:
                    a = group.create_array(p, shape=(n,), chunks=(min(n, 1 << 20),),
                                           dtype="float64", dimension_names=["sample"],
                                           attributes=_sample_attrs(sweep, info, p),
                                           overwrite=True)
                    half = n // 2
                    a[:half] = vals[:half]
                    _fault("samples")
                    a[half:] = vals[half:]
                info["samples_sha256"][p] = _sha256(vals)
        info["state"] = "running"
        group.attrs[ATTR] = info  # the samples are complete and recorded
        if not memory:
            self._consolidate()
        self._mask = np.zeros((sweep.n_groups, sweep.n_chunks), dtype=bool)
        _fault("running")

    def _write_axis_coordinates(self, sweep, info):
        """One 1-D array per grid and categorical axis, named and dimensioned by its path."""
        group = self.group
        for a in sweep.categorical:
            vals = np.asarray([str(v) for v in a.values], dtype=str)
            arr = group.create_array(a.path, shape=vals.shape, dtype=str,
                                     dimension_names=[a.path],
                                     attributes={"kind": a.kind or "category"}, overwrite=True)
            arr[:] = vals
        for a in sweep.grid:
            vals = np.asarray(a.values, dtype=np.float64)
            arr = group.create_array(a.path, shape=vals.shape, dtype="float64",
                                     dimension_names=[a.path],
                                     attributes=info["inputs"].get(a.path, {}), overwrite=True)
            arr[:] = vals

    def _consolidate(self):
        """Consolidated metadata: ``xarray.open_zarr`` reads the store in one file
        (and does not list ``done_log``)."""
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zarr notes consolidated metadata is not in the v3 spec
            _zarr().consolidate_metadata(str(self.path))

    @classmethod
    def open(cls, path, mode: str = "r+", lock: Path | None = None) -> "SweepStore":
        """Open an existing store (``StoreError`` if it is not one)."""
        shown = path
        path = resolve_store_path(path)
        if not _is_sweep_store(path):
            raise StoreError(f"{shown} is not an orbitalcompute sweep store")
        try:
            group = _zarr().open_group(str(path), mode=mode)
            info = dict(group.attrs[ATTR])
        except (KeyError, ValueError, OSError) as exc:
            raise StoreError(f"{shown}: the sweep store cannot be read ({exc}); it may have "
                             f"been overwritten or removed by another process") from None
        if info.get("state") == "creating":
            raise StoreError(f"{shown} holds a sweep store whose creation was interrupted (no "
                             f"results in it yet); rerun the sweep with resume or overwrite")
        return cls(group, info, path, lock)

    def _check_outputs(self, output_spec):
        if set(output_spec) != set(self.info["outputs"]):
            raise StoreError("the function's outputs changed since this store was written "
                             f"({sorted(self.info['outputs'])} vs {sorted(output_spec)}); "
                             "use overwrite")

    def _sample_group(self):
        """Where the sample columns live (the root from layout 3, ``samples/`` before)."""
        if self.info.get("layout_version", 1) < 3 and not isinstance(self.group, _MemoryGroup):
            return self.group["samples"]
        return self.group

    def _verify_samples(self):
        """The stored sample table is complete and unchanged (sha256 per column)."""
        want = self.info.get("samples_sha256", {})
        sg = self._sample_group()
        for p in self.info["spec"]["sampled"]:
            name = p["path"]
            if name not in sg or name not in want or _sha256(sg[name][...]) != want[name]:
                raise StoreError(f"{self.path}: the stored samples of {name!r} are missing or do "
                                 f"not match their recorded sha256; the store is damaged: pass "
                                 f"overwrite to recompute it")

    def close(self):
        """Release the lock and the done log (idempotent)."""
        if self._log_fd is not None:
            os.close(self._log_fd)
            self._log_fd = None
        if self._lock is not None:
            self._lock.unlink(missing_ok=True)
            self._lock = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    # ------------------------------------------------------------ writing
    def samples(self) -> list:
        """The stored sample arrays (zarr arrays; sliced lazily)."""
        sg = self._sample_group()
        return [sg[p["path"]] for p in self.info["spec"]["sampled"]]

    def _region(self, c: int):
        from .evaluate import chunk_region

        lay = self.info["layout"]
        inner = tuple(self.info["shape"][len(self.info["shape"]) - len(self._inner_shape()):])
        return chunk_region(inner, lay["split"], lay["per_chunk"], c)

    def _inner_shape(self) -> tuple[int, ...]:
        return tuple(self.info["shape"][len(self.info["spec"]["categorical"]):])

    def _group_index(self, g: int) -> tuple:
        gshape = tuple(self.info["shape"][:len(self.info["spec"]["categorical"])])
        return tuple(int(i) for i in np.unravel_index(int(g), gshape)) if gshape else ()

    def write_chunk(self, g: int, c: int, outs: dict[str, np.ndarray]):
        """Write chunk ``c`` of group ``g`` (its own Zarr chunks), then its done flag."""
        if self.info.get("layout_version", 1) < 3:
            raise StoreError(f"{self.path}: a layout-{self.info.get('layout_version', 1)} store "
                             f"is read-only; rerun the sweep with overwrite")
        index, reg, n = self._region(c)
        index = self._group_index(g) + index
        names = list(self.info["outputs"])
        group = self.group

        def put(k):
            group[k][index] = np.asarray(outs[k])[:n].reshape(reg)

        if len(names) > 4 and not isinstance(self.group, _MemoryGroup):
            # compression releases the GIL: write the outputs' chunk files in parallel
            list(_writer_pool().map(put, names))
        else:
            for k in names:
                put(k)
        _fault("chunk")
        self._flag(g, c)
        _fault("flag")

    def _flag(self, g: int, c: int):
        if self.path is not None:
            if self._log_fd is None:
                d = self.path / DONE_LOG
                d.mkdir(exist_ok=True)
                name = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}.bin"
                self._log_fd = os.open(d / name, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o644)
            rec = np.array([g * self.info["n_chunks"] + c], dtype="<i8").tobytes()
            if os.write(self._log_fd, rec) != 8:  # pragma: no cover - disk full mid-record
                raise OSError("short write of a done record")
        if self._mask is not None:
            self._mask[g, c] = True

    def mark_complete(self):
        """Record ``state = 'complete'`` once every chunk is flagged."""
        done, total = self.progress()
        if done == total and self.info.get("state") != "complete":
            _fault("complete")
            self.info = {**self.info, "state": "complete"}
            self.group.attrs[ATTR] = self.info
            if self.path is not None:
                self._consolidate()

    # ------------------------------------------------------------ reading
    def refresh(self):
        """Forget the cached done flags (re-read them on next use: e.g. after
        Dask workers wrote theirs)."""
        self._mask = None

    def done_mask(self) -> np.ndarray:
        """``(n_groups, n_chunks)`` booleans: which chunks are finished.  Read
        once (every done log, linear in their size) and cached."""
        if self._mask is None:
            self._mask = self._read_done()
        return self._mask

    def _read_done(self) -> np.ndarray:
        ng, nc = int(self.info["n_groups"]), int(self.info["n_chunks"])
        if isinstance(self.group, _MemoryGroup):
            return np.zeros((ng, nc), dtype=bool)
        if self.info.get("layout_version", 1) < 2:  # one Zarr chunk per flag (read only)
            return np.asarray(self.group["done"][...], dtype=bool)
        flat = np.zeros(ng * nc, dtype=bool)
        d = self.path / DONE_LOG
        if d.is_dir():
            with os.scandir(d) as it:
                for e in it:
                    if not e.name.endswith(".bin"):
                        continue
                    with open(e.path, "rb") as fh:
                        data = fh.read()
                    idx = np.frombuffer(data[: len(data) // 8 * 8], dtype="<i8")
                    idx = idx[(idx >= 0) & (idx < flat.size)]  # a torn record is ignored
                    flat[idx] = True
        return flat.reshape(ng, nc)

    def progress(self) -> tuple[int, int]:
        m = self.done_mask()
        return int(m.sum()), int(m.size)

    def todo(self) -> list[tuple[int, int]]:
        """(group, chunk) pairs not yet written, in order."""
        g, c = np.nonzero(~self.done_mask())
        return list(zip(g.tolist(), c.tolist()))

    def todo_designs(self) -> int:
        """Designs in the chunks not yet written."""
        m = ~self.done_mask()
        return int((m * self._chunk_sizes()[None, :]).sum())

    def _chunk_sizes(self) -> np.ndarray:
        """Designs in each chunk of a group (only the last block along the split axis
        may be short)."""
        nc = int(self.info["n_chunks"])
        if self.info.get("layout_version", 1) < 3:
            cs, n_inner = self.info["chunk_size"], self.info["n_inner"]
            out = np.full(nc, cs, dtype=np.int64)
            out[-1] = n_inner - (nc - 1) * cs
            return out
        lay = self.info["layout"]
        inner = self._inner_shape()
        if lay["split"] == 0:
            return np.array([int(np.prod(inner, dtype=np.int64))], dtype=np.int64)
        n_last = inner[lay["split"] - 1]
        nb = -(-n_last // lay["per_chunk"])
        per = np.full(nb, lay["per_chunk"] * lay["block"], dtype=np.int64)
        per[-1] = (n_last - (nb - 1) * lay["per_chunk"]) * lay["block"]
        return np.tile(per, nc // nb)

    def chunk_designs(self, c: int) -> int:
        if self.info.get("layout_version", 1) < 3:
            cs = self.info["chunk_size"]
            return min(cs, self.info["n_inner"] - c * cs)
        return self._region(c)[2]

    def to_dataset(self, lazy: bool | None = None):
        """The results as an `xarray.Dataset` (dims from the sweep).

        ``lazy=None`` loads into memory when the outputs take less than
        1 GiB, else returns Dask-backed variables read from the store.
        """
        import xarray as xr

        info = self.info
        spec = info["spec"]
        shape = tuple(info["shape"])
        dims = tuple(info["dims"])
        nbytes = sum(np.dtype(m["dtype"]).itemsize for m in info["outputs"].values()) \
            * int(np.prod(shape, dtype=np.int64))
        if lazy is None:
            lazy = nbytes > (1 << 30)
        if isinstance(self.group, _MemoryGroup):
            lazy = False
        done, total = self.progress()
        data_vars = {}
        v2 = info.get("layout_version", 1) < 3 and not isinstance(self.group, _MemoryGroup)
        og = self.group["outputs"] if v2 else self.group
        for k, meta in info["outputs"].items():
            if lazy and v2:
                import dask.array as da

                cs = int(info["chunk_size"])
                step = cs * max(1, (1 << 24) // cs)
                arr = da.from_zarr(og[k], chunks=(1, step)).reshape(shape, merge_chunks=False)
            elif lazy:
                import dask.array as da

                # Dask chunks of whole store chunks, ~16 Mi designs each: a graph of a few
                # tasks per GiB, not one per store chunk (250,000 at 1e9 designs: ~0.5 GB)
                arr = da.from_zarr(og[k], chunks=_dask_chunks(og[k].chunks, shape))
            else:
                arr = np.asarray(og[k][...]).reshape(shape)
            attrs = {"units": meta["unit"]} if meta["unit"] else {}
            if k == "reason_code":
                attrs["description"] = "0 = feasible; see orbitalcompute.pipeline for codes"
            data_vars[k] = (dims, arr, attrs)
        coords = {}
        for a in spec["categorical"]:
            coords[a["path"]] = (a["path"], np.asarray(a["values"], dtype=object),
                                 {"kind": a["kind"] or "category"})
        for a in spec["grid"]:
            coords[a["path"]] = (a["path"], np.asarray(a["values"], dtype=np.float64),
                                 info["inputs"].get(a["path"], {}))
        if spec["sampled"]:
            n = spec["n_samples"]
            coords["sample"] = ("sample", np.arange(n, dtype=np.int64))
            sg = self._sample_group()
            for a in spec["sampled"]:
                meta = dict(info["inputs"].get(a["path"], {}))
                meta.update({"distribution": a["distribution"], "low": a["low"],
                             "high": a["high"], "sampling": spec["method"],
                             "seed": spec["seed"]})
                vals = np.asarray(sg[a["path"]][...]) if a["path"] in sg else np.full(n, np.nan)
                coords[a["path"]] = ("sample", vals, meta)
        attrs = {
            "title": f"orbitalcompute sweep {info['name']!r}",
            "sweep_name": info["name"],
            "sweep_fingerprint": info["fingerprint"],
            "scenario": spec["scenario"] or "",
            "function": spec["function"],
            "created_utc": info["created_utc"],
            "orbitalcompute_version": info["orbitalcompute_version"],
            "n_designs": int(np.prod(shape, dtype=np.int64)),
            "chunks_done": done,
            "chunks_total": total,
            "complete": int(done == total),
            "sweep_spec_json": json.dumps(spec, default=str),
        }
        return xr.Dataset(data_vars, coords=coords, attrs=attrs)


def _dask_chunks(store_chunks, shape, target: int = 1 << 24) -> tuple[int, ...]:
    """Dask chunks that are whole store chunks, grown along the leading axes to
    about ``target`` designs."""
    ch = [int(c) for c in store_chunks]
    for ax in range(len(ch) - 1, -1, -1):
        if ch[ax] >= shape[ax]:
            continue
        rest = int(np.prod([c for i, c in enumerate(ch) if i != ax], dtype=np.int64))
        k = max(1, target // max(rest * ch[ax], 1))
        ch[ax] = min(shape[ax], ch[ax] * k)
        if ch[ax] < shape[ax]:
            break
    return tuple(ch)


def _sample_attrs(sweep, info, path: str) -> dict:
    a = next(a for a in sweep.sampled if a.path == path)
    meta = dict(info["inputs"].get(path, {}))
    meta.update({"distribution": a.distribution, "low": a.low, "high": a.high,
                 "sampling": sweep.method, "seed": int(sweep.seed)})
    return {k: v for k, v in meta.items() if v is not None}


_POOL = []


def _writer_pool():
    if not _POOL:
        from concurrent.futures import ThreadPoolExecutor

        _POOL.append(ThreadPoolExecutor(max_workers=4, thread_name_prefix="oc-zarr"))
    return _POOL[0]


def _unit(name: str) -> str:
    from ..units import unit_of

    if name in ("feasible",):
        return ""
    if name == "reason_code":
        return ""
    return unit_of(name) or ""


def _input_meta(sweep) -> dict[str, dict[str, Any]]:
    """Units and provenance of each swept input (for dataset attributes)."""
    from .paths import field_meta

    out = {}
    for a in (*sweep.grid, *sweep.sampled):
        meta = field_meta(sweep.base, a.path)
        unit = meta.get("unit") or _unit(a.path.rsplit(".", 1)[-1])
        d: dict[str, Any] = {"units": unit} if unit else {}
        p = sweep.provenance.get(a.path)
        src = getattr(a, "source", None) or (getattr(p, "source", None) if p else None)
        if src:
            d["source"] = src
        if p is not None and getattr(p, "value", None) is not None:
            d["catalogue_value"] = float(p.value)
        out[a.path] = d
    return out
