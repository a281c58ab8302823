"""Chunked, jit-compiled, vmapped evaluation of a pure function over designs.

The engine evaluates any pure JAX function ``f(pytree) -> dict[str, Array]``
(one scalar per output per design; by default the full pipeline
:func:`orbitalcompute.pipeline.evaluate`).  For one categorical group the
designs are numbered ``0 .. n_inner-1`` in row-major order over the grid
axes and the ``sample`` axis.  A chunk is a contiguous range of that
numbering: the kernel recovers each design's grid indices from its number
inside the compiled code (integer division), gathers the grid values, takes
the sampled values passed in, writes them into the base pytree with
:func:`~orbitalcompute.engine.paths.set_path`, and calls ``f``, all under
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


class ChunkKernel:
    """The compiled per-chunk evaluator of one sweep.

    Calling ``kernel(base, start, sample_cols)`` evaluates designs
    ``start .. start + chunk_size - 1`` (clipped to the last design) and
    returns a dict of ``(chunk_size,)`` arrays.
    """

    def __init__(self, f: Callable, grid_paths: Sequence[str], grid_values: Sequence,
                 sample_paths: Sequence[str], inner_shape: Sequence[int], chunk_size: int,
                 outputs: Sequence[str] | None = None):
        self.f = f
        self.grid_paths = tuple(grid_paths)
        self.sample_paths = tuple(sample_paths)
        self.inner_shape = tuple(int(s) for s in inner_shape)
        self.n_inner = int(np.prod(self.inner_shape, dtype=np.int64))
        self.chunk_size = int(min(chunk_size, max(self.n_inner, 1)))
        self.outputs = None if outputs is None else tuple(outputs)
        self.grid_values = tuple(jnp.asarray(v, dtype=jnp.float64) for v in grid_values)
        # row-major strides over the inner axes (grid axes, then sample)
        strides = np.ones(len(self.inner_shape), dtype=np.int64)
        for k in range(len(self.inner_shape) - 2, -1, -1):
            strides[k] = strides[k + 1] * self.inner_shape[k + 1]
        self.strides = tuple(int(s) for s in strides)
        self._jitted = jax.jit(self._chunk)

    def _one(self, base, grid_values, i, sample_row):
        vals = []
        for k in range(len(self.grid_paths)):
            idx = (i // self.strides[k]) % self.inner_shape[k]
            vals.append(grid_values[k][idx])
        obj = with_values(base, self.grid_paths, vals)
        obj = with_values(obj, self.sample_paths, sample_row)
        return _select(self.f(obj), self.outputs)

    def _chunk(self, base, grid_values, start, sample_cols):
        i = jnp.minimum(start + jnp.arange(self.chunk_size, dtype=jnp.int64), self.n_inner - 1)
        out = jax.vmap(self._one, in_axes=(None, None, 0, 0))(base, grid_values, i,
                                                              tuple(sample_cols))
        return out

    def __call__(self, base, start: int, sample_cols: Sequence = ()):
        cols = tuple(jnp.asarray(c, dtype=jnp.float64) for c in sample_cols)
        if len(cols) != len(self.sample_paths):
            raise ValueError("one sample column per sampled parameter is required")
        return self._jitted(base, self.grid_values, jnp.int64(start), cols)

    def output_spec(self, base) -> dict[str, jax.ShapeDtypeStruct]:
        """Output names, dtypes and per-design shapes (no evaluation)."""
        cols = tuple(jax.ShapeDtypeStruct((self.chunk_size,), jnp.float64)
                     for _ in self.sample_paths)
        spec = jax.eval_shape(self._chunk, base, self.grid_values,
                              jax.ShapeDtypeStruct((), jnp.int64), cols)
        for k, s in spec.items():
            if s.shape != (self.chunk_size,):
                raise ValueError(f"output {k!r} has per-design shape {s.shape[1:]}; the engine "
                                 f"stores one scalar per output per design")
        return spec


def make_kernel(sweep, f: Callable | None = None) -> ChunkKernel:
    """The :class:`ChunkKernel` of a :class:`~orbitalcompute.engine.spec.Sweep`."""
    f = sweep.resolve_function() if f is None else f
    return ChunkKernel(f, [a.path for a in sweep.grid], [a.values for a in sweep.grid],
                       [a.path for a in sweep.sampled], sweep.inner_shape, sweep.chunk_size,
                       sweep.outputs)


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
    """The largest power-of-two chunk (1024 .. 2**20 designs) whose compiled
    kernel needs at most ``budget_bytes`` of working memory.

    XLA's own accounting of the compiled kernel at a probe size
    (``memory_analysis()``: temporaries + outputs + inputs) is scaled
    linearly with the chunk length, plus the host copy of the outputs.
    """
    f = sweep.resolve_function() if f is None else f
    probe = sweep.replace(chunk_size=min(_PROBE, max(sweep.n_inner, 1)))
    k = make_kernel(probe, f)
    cols = tuple(jax.ShapeDtypeStruct((k.chunk_size,), jnp.float64) for _ in k.sample_paths)
    try:
        m = k._jitted.lower(sweep.group_base(0), k.grid_values,
                            jax.ShapeDtypeStruct((), jnp.int64), cols).compile().memory_analysis()
        per_design = (m.temp_size_in_bytes + 2 * m.output_size_in_bytes
                      + m.argument_size_in_bytes) / k.chunk_size
    except Exception:  # pragma: no cover - backend without memory analysis
        per_design = 1024.0
    n = int(budget_bytes // max(per_design, 1.0))
    n = 1 << max(10, min(20, n.bit_length() - 1)) if n >= 1 else 1024
    return int(min(n, max(sweep.n_inner, 1)))
