"""Chunked, jit-compiled, vmapped evaluation of a pure function over designs.

The engine evaluates any pure JAX function ``f(pytree) -> dict[str, Array]``
(one scalar per output per design; by default the full pipeline
[`orbitalcompute.pipeline.evaluate`][orbitalcompute.pipeline.evaluate]).  For one categorical group the
designs are numbered ``0 .. n_inner-1`` in row-major order over the grid
axes and the ``sample`` axis.  A chunk is a contiguous range of that
numbering: the kernel recovers each design's grid indices from its number
inside the compiled code (integer division), gathers the grid values, takes
the sampled values passed in, writes them into the base pytree with
[`set_path`][orbitalcompute.engine.paths.set_path], and calls ``f``, all under
one ``jax.jit(jax.vmap(...))``.  The chunk length is static (the last chunk is
padded and trimmed), so each categorical group compiles once.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Sequence

import jax
import jax.numpy as jnp
import numpy as np

from .paths import set_path

__all__ = ["ChunkKernel", "make_kernel", "evaluate_designs", "sample_rows", "with_values"]


def with_values(base, paths: Sequence[str], values: Sequence[Any]):
    """``base`` with ``values[k]`` written at ``paths[k]`` (pure, jit-safe)."""
    obj = base
    for p, v in zip(paths, values):
        obj = set_path(obj, p, v)
    return obj


def _select(out: dict, outputs: Sequence[str] | None, where: str = "f"):
    if not isinstance(out, dict):
        raise TypeError(f"{where} must return a dict of arrays; got {type(out).__name__}")
    if outputs is None:
        return dict(out)
    missing = [k for k in outputs if k not in out]
    if missing:
        import difflib

        hints = [f"{m!r} (did you mean {difflib.get_close_matches(m, list(out), n=1)[0]!r}?)"
                 if difflib.get_close_matches(m, list(out), n=1) else repr(m) for m in missing]
        raise ValueError(f"unknown output(s) {', '.join(hints)}; available: "
                         f"{', '.join(sorted(out))}")
    return {k: out[k] for k in outputs}


def block_layout(inner_shape: Sequence[int], chunk_size: int) -> tuple[int, int, int, int]:
    """How designs are grouped into chunks: ``(split, block, per_chunk, chunk)``.

    The inner axes (grid axes, then ``sample``) are split at ``split``: the
    *trailing* axes ``split:`` are evaluated whole in every chunk as nested
    ``vmap`` levels (``block`` = their product of sizes), the *outer* axes
    ``:split`` are flattened and ``per_chunk`` outer combinations go in one
    chunk of ``chunk = per_chunk * block`` designs.  ``split`` is the smallest
    index whose trailing block fits ``chunk_size``; when even the last axis
    does not fit, every axis is outer (``block = 1``: the flat layout).
    A chunk never wraps the last outer axis ``split - 1`` (so it is a
    rectangular block of the result, one Zarr chunk; see
    :func:`chunk_region`): that axis is cut into equal blocks of
    ``per_chunk`` values (at most ``chunk_size // block``).

    Nesting matters for speed: under nested ``vmap`` a quantity that depends
    only on outer axes (or on one trailing axis) is computed once per value
    of those axes, not once per design (e.g. orbit illumination in a grid
    over altitude x radiator temperature x launch price).
    """
    shape = tuple(int(n) for n in inner_shape)
    n_inner = int(np.prod(shape, dtype=np.int64))
    cs = int(min(max(int(chunk_size), 1), max(n_inner, 1)))
    split = len(shape)
    for t in range(len(shape) + 1):
        if int(np.prod(shape[t:], dtype=np.int64)) <= cs:
            split = t
            break
    block = int(np.prod(shape[split:], dtype=np.int64))
    n_outer = int(np.prod(shape[:split], dtype=np.int64))
    per_chunk = max(1, min(cs // block, n_outer))
    if split > 0:  # chunks never wrap the last outer axis: even blocks along it
        n_last = shape[split - 1]
        per_chunk = -(-n_last // -(-n_last // per_chunk))
    return split, block, per_chunk, per_chunk * block


def chunk_count(inner_shape: Sequence[int], split: int, per_chunk: int) -> int:
    """Chunks per categorical group: every combination of the axes before
    ``split - 1`` times the blocks of ``per_chunk`` values along axis
    ``split - 1`` (the last block may be short)."""
    shape = tuple(int(n) for n in inner_shape)
    if split == 0:
        return 1
    ax = split - 1
    return int(np.prod(shape[:ax], dtype=np.int64)) * -(-shape[ax] // int(per_chunk))


def chunk_region(inner_shape: Sequence[int], split: int, per_chunk: int, c: int):
    """``(index, shape, n)`` of chunk ``c``: the tuple of slices it covers in the
    inner axes, that region's shape and its number of designs (the first ``n``
    rows of the chunk's ``per_chunk * block`` evaluated designs, row-major).

    A chunk is a rectangular block of the result array: one value of every
    axis before ``split - 1``, up to ``per_chunk`` values of axis
    ``split - 1``, all of the trailing axes; so it is exactly one chunk of an
    N-dimensional Zarr array (see :mod:`orbitalcompute.engine.store`).
    """
    shape = tuple(int(n) for n in inner_shape)
    if split == 0:
        n = int(np.prod(shape, dtype=np.int64))
        return tuple(slice(0, m) for m in shape), shape, n
    ax = split - 1
    nb = -(-shape[ax] // int(per_chunk))
    q, r = divmod(int(c), nb)
    prefix = np.unravel_index(q, shape[:ax]) if ax else ()
    lo = r * int(per_chunk)
    hi = min(lo + int(per_chunk), shape[ax])
    index = tuple(slice(int(i), int(i) + 1) for i in prefix) + (slice(lo, hi),) + \
        tuple(slice(0, m) for m in shape[split:])
    reg = (1,) * ax + (hi - lo,) + shape[split:]
    return index, reg, int(np.prod(reg, dtype=np.int64))


def chunk_shape(inner_shape: Sequence[int], split: int, per_chunk: int) -> tuple[int, ...]:
    """The (full) region shape of one chunk over the inner axes."""
    shape = tuple(int(n) for n in inner_shape)
    if split == 0:
        return shape
    ax = split - 1
    return (1,) * ax + (min(int(per_chunk), shape[ax]),) + shape[split:]


class ChunkKernel:
    """The compiled per-chunk evaluator of one sweep.

    ``kernel(base, c)`` evaluates chunk ``c`` (the block of designs
    `chunk_region` names, row-major over the grid axes and ``sample``;
    a short block is padded by repeating its last design) and returns a dict
    of ``(chunk_size,)`` arrays.  See `block_layout`.
    """

    def __init__(self, f: Callable, grid_paths: Sequence[str], grid_values: Sequence,
                 sample_paths: Sequence[str], inner_shape: Sequence[int], chunk_size: int,
                 outputs: Sequence[str] | None = None, samples: Sequence | None = None):
        self.f = f
        self.grid_paths = tuple(grid_paths)
        self.sample_paths = tuple(sample_paths)
        self.inner_shape = tuple(int(s) for s in inner_shape)
        self.n_inner = int(np.prod(self.inner_shape, dtype=np.int64))
        self.split, self.block, self.per_chunk, self.chunk_size = block_layout(
            self.inner_shape, chunk_size)
        self.n_outer = int(np.prod(self.inner_shape[:self.split], dtype=np.int64))
        self.n_chunks = chunk_count(self.inner_shape, self.split, self.per_chunk)
        # blocks of per_chunk values along the last outer axis (chunks never wrap it)
        self._n_last = self.inner_shape[self.split - 1] if self.split else 1
        self._nb = -(-self._n_last // self.per_chunk)
        self.outputs = None if outputs is None else tuple(outputs)
        self.grid_values = tuple(jnp.asarray(v, dtype=jnp.float64) for v in grid_values)
        outer = self.inner_shape[:self.split]
        strides = np.ones(len(outer), dtype=np.int64)
        for k in range(len(outer) - 2, -1, -1):
            strides[k] = strides[k + 1] * outer[k + 1]
        self.strides = tuple(int(s) for s in strides)
        self._samples_host: list[np.ndarray] = []
        self._samples_dev: tuple = ()
        if samples is not None:
            self.set_samples(samples)
        self._jitted = jax.jit(self._chunk)

    @property
    def flat(self) -> bool:
        """True when every axis is outer (per-design gathers, no nesting)."""
        return self.split == len(self.inner_shape)

    @property
    def _sample_is_trailing(self) -> bool:
        return bool(self.sample_paths) and not self.flat

    def set_samples(self, samples: Sequence):
        """The sampled input columns (one ``(n_samples,)`` array per sampled path)."""
        cols = [np.asarray(c, dtype=np.float64) for c in samples]
        if len(cols) != len(self.sample_paths):
            raise ValueError("one sample column per sampled parameter is required")
        self._samples_host = cols
        self._samples_dev = tuple(jnp.asarray(c) for c in cols) if self._sample_is_trailing \
            else ()

    def _leaf(self, base, grid_scalars, sample_row):
        obj = with_values(base, self.grid_paths, grid_scalars)
        obj = with_values(obj, self.sample_paths, sample_row)
        return _select(self.f(obj), self.outputs)

    def _chunk(self, base, grid_values, c, sample_cols):
        n_axes = len(self.inner_shape)
        n_grid = len(self.grid_paths)
        q, r = c // self._nb, c % self._nb
        last = jnp.minimum(r * self.per_chunk + jnp.arange(self.per_chunk, dtype=jnp.int64),
                           self._n_last - 1)
        o = q * self._n_last + last
        # outer axes: gather each design's value from its flat outer index
        outer_vals = tuple(grid_values[k][(o // self.strides[k]) % self.inner_shape[k]]
                           for k in range(min(self.split, n_grid)))
        if self.flat:  # sample rows come per design from the host
            def one(ov, row):
                return self._leaf(base, list(ov), row)
            out = jax.vmap(one)(outer_vals, tuple(sample_cols))
            return out
        trail = [grid_values[k] for k in range(self.split, n_grid)]
        if self.sample_paths:
            trail.append(tuple(sample_cols))
        n_trail = n_axes - self.split

        def leaf(ov, *tv):
            g = list(ov) + list(tv[: n_grid - self.split])
            row = tv[-1] if self.sample_paths else ()
            return self._leaf(base, g, row)

        fn = leaf
        for j in reversed(range(n_trail)):  # innermost axis first
            axes = [None] * (1 + n_trail)
            axes[1 + j] = 0
            fn = jax.vmap(fn, in_axes=tuple(axes))
        if self.split > 0:
            fn = jax.vmap(fn, in_axes=(0,) + (None,) * n_trail)
            out = fn(outer_vals, *trail)
        else:
            out = jax.tree_util.tree_map(lambda x: x[None], fn((), *trail))
        return {k: v.reshape((self.chunk_size,) + v.shape[1 + n_trail:]) for k, v in out.items()}

    def _cols_for(self, c: int) -> tuple:
        if not self.sample_paths:
            return ()
        if self._sample_is_trailing:
            return self._samples_dev
        if not self._samples_host:
            raise ValueError("call set_samples() before evaluating a sampled sweep")
        n_s = self.inner_shape[-1]  # flat layout: chunks are blocks along the sample axis
        q, r = divmod(int(c), self._nb)
        start = q * n_s + r * self.per_chunk
        stop = q * n_s + min((r + 1) * self.per_chunk, n_s)
        return tuple(jnp.asarray(r) for r in sample_rows(
            self._samples_host, start, stop, n_s, self.chunk_size))

    def __call__(self, base, c: int):
        """Evaluate chunk ``c`` (asynchronously dispatched)."""
        return self._jitted(base, self.grid_values, jnp.int64(c), self._cols_for(c))

    def _abstract_cols(self):
        if not self.sample_paths:
            return ()
        n = self.inner_shape[-1] if self._sample_is_trailing else self.chunk_size
        return tuple(jax.ShapeDtypeStruct((n,), jnp.float64) for _ in self.sample_paths)

    def output_spec(self, base) -> dict[str, jax.ShapeDtypeStruct]:
        """Output names, dtypes and per-design shapes (no evaluation)."""
        spec = jax.eval_shape(self._jitted, base, self.grid_values,
                              jax.ShapeDtypeStruct((), jnp.int64), self._abstract_cols())
        for k, s in spec.items():
            if s.shape != (self.chunk_size,):
                raise ValueError(f"output {k!r} has per-design shape {s.shape[1:]}; the engine "
                                 f"stores one scalar per output per design")
        return spec

    def memory_bytes(self, base) -> int:
        """XLA's estimate of the compiled chunk's working memory [bytes]."""
        m = self._jitted.lower(base, self.grid_values, jax.ShapeDtypeStruct((), jnp.int64),
                               self._abstract_cols()).compile().memory_analysis()
        return int(m.temp_size_in_bytes + 2 * m.output_size_in_bytes + m.argument_size_in_bytes)


_KERNELS: dict = {}
_KERNEL_CACHE_SIZE = 8


def make_kernel(sweep, f: Callable | None = None, samples: Sequence | None = None) -> ChunkKernel:
    """The [`ChunkKernel`][orbitalcompute.engine.evaluate.ChunkKernel] of a [`Sweep`][orbitalcompute.engine.spec.Sweep].

    Kernels (and so their compiled code) are reused across calls for the same
    function, axes and chunking, so re-running or resuming a sweep in the same
    process does not recompile.
    """
    f = sweep.resolve_function() if f is None else f
    key = (f, tuple(a.path for a in sweep.grid), tuple(a.values for a in sweep.grid),
           tuple(a.path for a in sweep.sampled), sweep.inner_shape, int(sweep.chunk_size),
           sweep.outputs)
    try:
        k = _KERNELS.pop(key)
    except KeyError:
        k = ChunkKernel(f, key[1], key[2], key[3], sweep.inner_shape, sweep.chunk_size,
                        sweep.outputs)
    except TypeError:  # unhashable function: no caching
        k = ChunkKernel(f, key[1], key[2], key[3], sweep.inner_shape, sweep.chunk_size,
                        sweep.outputs)
        key = None
    if key is not None:
        _KERNELS[key] = k  # most recently used last
        while len(_KERNELS) > _KERNEL_CACHE_SIZE:
            _KERNELS.pop(next(iter(_KERNELS)))
    if samples is not None:
        k.set_samples(samples)
    return k


def sample_rows(samples: Sequence, start: int, stop: int, n_samples: int,
                chunk_size: int) -> list[np.ndarray]:
    """Sampled values of designs ``start .. stop-1`` (sample index is the
    fastest axis: ``i % n_samples``), padded to ``chunk_size``.

    ``samples`` are 1-D arrays (numpy or zarr) per sampled parameter; only the
    needed range is read.
    """
    if not samples:
        return []
    i = np.minimum(np.arange(start, start + chunk_size, dtype=np.int64), max(stop - 1, start))
    s = i % n_samples
    lo, hi = int(s.min()), int(s.max()) + 1
    out = []
    for arr in samples:
        block = np.asarray(arr[lo:hi], dtype=np.float64)
        out.append(block[s - lo])
    return out


@functools.lru_cache(maxsize=32)
def _batched(f: Callable, outputs: tuple | None):
    return jax.jit(jax.vmap(lambda obj: _select(f(obj), outputs)))


def evaluate_designs(f: Callable, base, paths: Sequence[str], values: np.ndarray,
                     outputs: Sequence[str] | None = None, chunk_size: int = 65536) -> dict:
    """Evaluate ``f`` at arbitrary designs: row ``j`` of ``values`` (shape
    ``(n, len(paths))``) written into ``base`` at ``paths``.

    Used by the analysis tools (Sobol, Monte Carlo, optimisation grids).
    Evaluation is chunked (one compile per chunk length) and returns numpy
    arrays of length ``n``.
    """
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 2 or values.shape[1] != len(paths):
        raise ValueError(f"values must have shape (n, {len(paths)}); got {values.shape}")
    from .spec import check_design_values  # declared ranges of base and of every column

    check_design_values(base, paths, values)
    n = values.shape[0]
    chunk = int(min(chunk_size, max(n, 1)))
    fn = _batched_paths(f, tuple(paths), None if outputs is None else tuple(outputs))
    parts: list[dict] = []
    for start in range(0, n, chunk):
        block = values[start:start + chunk]
        pad = chunk - block.shape[0]
        if pad:
            block = np.concatenate([block, np.repeat(block[-1:], pad, axis=0)])
        res = fn(base, jnp.asarray(block))
        parts.append({k: np.asarray(v)[:chunk - pad] for k, v in res.items()})
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]} if parts else {}


@functools.lru_cache(maxsize=64)
def _batched_paths(f: Callable, paths: tuple, outputs: tuple | None):
    def one(base, row):
        return _select(f(with_values(base, paths, [row[k] for k in range(len(paths))])), outputs)

    return jax.jit(jax.vmap(one, in_axes=(None, 0)))


#: default memory budget of one chunk in flight when ``chunk_size = "auto"``
AUTO_CHUNK_BUDGET_BYTES = 256 * 2**20
_PROBE = 4096


def auto_chunk_size(sweep, f: Callable | None = None,
                    budget_bytes: int = AUTO_CHUNK_BUDGET_BYTES) -> int:
    """The largest power-of-two chunk (256 .. 2**20 designs) whose compiled
    kernel needs about ``budget_bytes`` of working memory or less.

    XLA's own accounting of the compiled kernel at a probe size
    (``memory_analysis()``: temporaries + outputs + inputs) is scaled
    linearly with the chunk length (plus the host copy of the outputs).
    """
    f = sweep.resolve_function() if f is None else f
    probe = sweep.replace(chunk_size=min(_PROBE, max(sweep.n_inner, 1)))
    k = make_kernel(probe, f)
    try:
        per_design = k.memory_bytes(sweep.group_base(0)) / k.chunk_size
    except Exception:  # pragma: no cover - backend without memory analysis
        per_design = 1024.0
    n = int(budget_bytes // max(per_design, 1.0))
    n = 1 << max(8, min(20, n.bit_length() - 1)) if n >= 1 else 256
    return int(min(n, max(sweep.n_inner, 1)))
