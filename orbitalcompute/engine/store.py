"""Incremental, resumable Zarr store for sweep results.

Layout of a store (a Zarr v3 group)::

    attrs["orbitalcompute_sweep"]   sweep description, fingerprint, layout
    outputs/<name>                  (n_groups, n_inner) arrays, chunks (1, chunk_size)
    samples/<path>                  (n_samples,) sampled input values
    done                            (n_groups, n_chunks) uint8, one Zarr chunk per flag

One engine chunk is exactly one Zarr chunk of every output array, so
concurrent writers (Dask tasks) never touch the same file.  A chunk's
``done`` flag is written only after all its outputs are written; resuming
re-evaluates exactly the chunks whose flag is unset (a chunk interrupted
half-way is recomputed, deterministically, so results are byte-identical to
an uninterrupted run).

An existing path is never removed unless ``overwrite=True`` and it holds a
sweep store (or is empty); a path holding a *different* sweep is refused
unless ``overwrite=True``; ``resume=True`` requires the same sweep.
"""

from __future__ import annotations

import datetime as _dt
import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["SweepStore", "StoreError", "ATTR"]

ATTR = "orbitalcompute_sweep"
LAYOUT_VERSION = 1


class StoreError(ValueError):
    """The output path cannot be used as asked (holds other data, different sweep...)."""


def _zarr():
    import zarr

    return zarr


def _is_sweep_store(path: Path) -> bool:
    if not (path / "zarr.json").is_file():
        return False
    try:
        meta = json.loads((path / "zarr.json").read_text())
    except (OSError, ValueError):
        return False
    return ATTR in meta.get("attributes", {})


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


def _output_codecs():
    """Blosc LZ4 with byte shuffle: fast, and compresses float64 fields better
    than the Zarr default (zstd without shuffle) in our measurements."""
    from zarr.codecs import BloscCodec

    return [BloscCodec(cname="lz4", clevel=5, shuffle="shuffle")]


class SweepStore:
    """A sweep's results on disk (or in memory when ``path`` is ``None``)."""

    def __init__(self, group, info: dict):
        self.group = group
        self.info = info

    # ------------------------------------------------------------ opening
    @classmethod
    def prepare(cls, path, sweep, output_spec: dict, *, resume: bool = False,
                overwrite: bool = False) -> "SweepStore":
        """Create a store for ``sweep`` at ``path``, or reopen it to resume.

        Raises
        ------
        StoreError
            ``path`` holds something that is not a sweep store; or holds a
            different sweep (unless ``overwrite``); or holds this sweep and
            neither ``resume`` nor ``overwrite`` was given.
        """
        zarr = _zarr()
        fp = sweep.fingerprint()
        if path is None:
            return cls._create(_MemoryGroup(), sweep, fp, output_spec)
        path = Path(path)
        if path.exists():
            if path.is_file() or (any(path.iterdir()) and not _is_sweep_store(path)):
                raise StoreError(f"{path} exists and is not an orbitalcompute sweep store; "
                                 f"refusing to touch it (choose another output path)")
            if _is_sweep_store(path):
                old = cls.open(path)
                same = old.info["fingerprint"] == fp
                if overwrite:
                    shutil.rmtree(path)
                elif resume and same:
                    old._check_outputs(output_spec)
                    return old
                elif resume:
                    raise StoreError(
                        f"{path} holds a different sweep ({old.info['name']!r}, fingerprint "
                        f"{old.info['fingerprint'][:12]}, this one {fp[:12]}); cannot resume it. "
                        f"Choose another path, or pass overwrite to replace it")
                else:
                    what = "this sweep" if same else \
                        f"a different sweep ({old.info['name']!r})"
                    done, total = old.progress()
                    raise StoreError(
                        f"{path} already holds {what} ({done}/{total} chunks done); pass "
                        f"resume{' (same sweep)' if same else ''} to continue it or overwrite "
                        f"to replace it. Nothing was changed")
        group = zarr.open_group(str(path), mode="w")
        return cls._create(group, sweep, fp, output_spec)

    @classmethod
    def _create(cls, group, sweep, fp: str, output_spec: dict) -> "SweepStore":
        from .. import __version__

        outputs = {}
        for k, s in output_spec.items():
            dt = np.dtype(s.dtype)
            outputs[k] = {"dtype": dt.str, "unit": _unit(k)}
        info = {
            "layout_version": LAYOUT_VERSION,
            "fingerprint": fp,
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
        }
        cs = info["chunk_size"]
        og = group.require_group("outputs")
        for k, meta in outputs.items():
            dt = np.dtype(meta["dtype"])
            fill = np.nan if dt.kind == "f" else (False if dt.kind == "b" else -1)
            og.create_array(k, shape=(sweep.n_groups, sweep.n_inner), chunks=(1, cs), dtype=dt,
                            fill_value=fill, **({} if isinstance(group, _MemoryGroup) else
                                                {"compressors": _output_codecs()}))
        group.create_array("done", shape=(sweep.n_groups, sweep.n_chunks), chunks=(1, 1),
                           dtype="uint8", fill_value=0)
        group.require_group("samples")
        group.attrs[ATTR] = info  # written last: a store without it is incomplete
        return cls(group, info)

    @classmethod
    def open(cls, path, mode: str = "r+") -> "SweepStore":
        """Open an existing store (``StoreError`` if it is not one)."""
        path = Path(path)
        if not _is_sweep_store(path):
            raise StoreError(f"{path} is not an orbitalcompute sweep store")
        group = _zarr().open_group(str(path), mode=mode)
        return cls(group, dict(group.attrs[ATTR]))

    def _check_outputs(self, output_spec):
        if set(output_spec) != set(self.info["outputs"]):
            raise StoreError("the function's outputs changed since this store was written "
                             f"({sorted(self.info['outputs'])} vs {sorted(output_spec)}); "
                             "use overwrite")

    # ------------------------------------------------------------ writing
    def write_samples(self, samples: dict[str, np.ndarray]):
        sg = self.group["samples"]
        for path, vals in samples.items():
            if path in sg:
                continue
            n = vals.shape[0]
            a = sg.create_array(path, shape=(n,), chunks=(min(n, 1 << 20),), dtype="float64")
            a[:] = vals
        self.group.attrs[ATTR] = {**self.info, "samples_written": True}
        self.info = dict(self.group.attrs[ATTR])

    def samples(self) -> list:
        """The stored sample arrays (zarr arrays; sliced lazily)."""
        return [self.group["samples"][p["path"]] for p in self.info["spec"]["sampled"]]

    def write_chunk(self, g: int, c: int, outs: dict[str, np.ndarray]):
        """Write chunk ``c`` of group ``g`` (its own Zarr chunks), then its done flag."""
        cs = self.info["chunk_size"]
        j0 = c * cs
        j1 = min(j0 + cs, self.info["n_inner"])
        og = self.group["outputs"]
        names = list(self.info["outputs"])

        def put(k):
            og[k][g, j0:j1] = np.asarray(outs[k])[: j1 - j0]

        if len(names) > 4 and not isinstance(self.group, _MemoryGroup):
            # compression releases the GIL: write the outputs' chunk files in parallel
            list(_writer_pool().map(put, names))
        else:
            for k in names:
                put(k)
        self.group["done"][g, c] = 1

    # ------------------------------------------------------------ reading
    def done_mask(self) -> np.ndarray:
        return np.asarray(self.group["done"][...], dtype=bool)

    def progress(self) -> tuple[int, int]:
        m = self.done_mask()
        return int(m.sum()), int(m.size)

    def todo(self) -> list[tuple[int, int]]:
        """(group, chunk) pairs not yet written, in order."""
        g, c = np.nonzero(~self.done_mask())
        return list(zip(g.tolist(), c.tolist()))

    def chunk_designs(self, c: int) -> int:
        cs = self.info["chunk_size"]
        return min(cs, self.info["n_inner"] - c * cs)

    def to_dataset(self, lazy: bool | None = None):
        """The results as an :class:`xarray.Dataset` (dims from the sweep).

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
        og = self.group["outputs"]
        for k, meta in info["outputs"].items():
            if lazy:
                import dask.array as da

                arr = da.from_zarr(og[k]).reshape(shape, merge_chunks=False)
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
            sg = self.group["samples"]
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
