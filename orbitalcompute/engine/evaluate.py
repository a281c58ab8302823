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

import contextlib
import functools
import warnings
from typing import Any, Callable, Sequence

import jax
import jax.numpy as jnp
import numpy as np

from .paths import set_path

__all__ = ["ChunkKernel", "make_kernel", "evaluate_designs", "sample_rows", "with_values",
           "constant_outputs", "varying_outputs"]

_FEASIBLE = "__feasible__"  # the kernel's private copy of `feasible` for the one masking pass


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
    `chunk_region`): that axis is cut into equal blocks of
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
    N-dimensional Zarr array (see `orbitalcompute.engine.store`).
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


_CALL_PRIMITIVES = ("pjit", "jit", "closed_call", "core_call", "custom_jvp_call",
                    "custom_vjp_call", "remat", "checkpoint")


def _jaxpr_dependence(jaxpr, in_dep: Sequence[int]) -> list[int]:
    """Which inputs each output of ``jaxpr`` depends on: ``in_dep`` gives each
    input a bit mask (e.g. ``1 << k``), each output gets the OR of the masks
    it depends on (forward data dependence; exact through nested
    jit/custom-derivative calls, conservative for every other higher-order
    primitive: all of its outputs depend on all of its inputs)."""
    dep: dict = {}
    for v, d in zip(jaxpr.invars, in_dep):
        dep[v] = int(d)

    def mask(a):
        return 0 if hasattr(a, "val") else dep.get(a, 0)  # literals are constants

    for eqn in jaxpr.eqns:
        ins = [mask(a) for a in eqn.invars]
        n = len(eqn.outvars)
        total = 0
        for m in ins:
            total |= m
        if not total:
            outs = [0] * n
        else:
            sub = eqn.params.get("jaxpr", eqn.params.get("call_jaxpr"))
            sub = getattr(sub, "jaxpr", sub)
            if (eqn.primitive.name in _CALL_PRIMITIVES and sub is not None
                    and len(sub.invars) == len(ins) and len(sub.outvars) == n):
                outs = _jaxpr_dependence(sub, ins)
            else:
                outs = [total] * n
        for v, o in zip(eqn.outvars, outs):
            dep[v] = o
    return [mask(v) for v in jaxpr.outvars]


def input_dependence(f: Callable, base, paths: Sequence[str],
                     outputs: Sequence[str] | None = None) -> dict[str, frozenset]:
    """``{output: paths it depends on}`` (data dependence of ``f``'s jaxpr with the
    ``paths`` written into ``base``; see `_jaxpr_dependence`)."""
    from .paths import get_path

    paths = tuple(paths)
    x0 = [jnp.asarray(get_path(base, p), dtype=jnp.float64) for p in paths]

    def g(*vals):
        return _select(f(with_values(base, paths, list(vals))), outputs)

    closed, shapes = jax.make_jaxpr(g, return_shape=True)(*x0)
    flat = _jaxpr_dependence(closed.jaxpr, [1 << k for k in range(len(paths))])
    keys = [p[0].key for p, _ in jax.tree_util.tree_flatten_with_path(shapes)[0]]
    res = {k: frozenset(p for i, p in enumerate(paths) if m >> i & 1)
           for k, m in zip(keys, flat)}
    return {k: res[k] for k in shapes}  # f's order


_VARYING: dict = {}


def varying_outputs(f: Callable, base, paths: Sequence[str],
                    outputs: Sequence[str] | None = None) -> tuple[tuple[str, ...], frozenset]:
    """``(names, varying)``: the outputs of ``f`` (``outputs`` or all of them,
    in ``f``'s order) and the subset that depends on any of the swept
    ``paths``; the others are constant across the sweep (for this ``base``'s
    static structure) and are computed and stored once."""
    paths = tuple(paths)
    treedef = jax.tree_util.tree_structure(base)
    key = (f, treedef, paths, None if outputs is None else tuple(outputs))
    try:
        hit = _VARYING.get(key)
    except TypeError:  # unhashable function
        hit, key = None, None
    if hit is not None:
        return hit
    dep = input_dependence(f, base, paths, outputs)
    res = (tuple(dep), frozenset(k for k, d in dep.items() if d))
    if key is not None:
        _VARYING[key] = res
        while len(_VARYING) > 64:
            _VARYING.pop(next(iter(_VARYING)))
    return res


class ChunkKernel:
    """The compiled per-chunk evaluator of one sweep.

    ``kernel(base, c)`` evaluates chunk ``c`` (the block of designs
    `chunk_region` names, row-major over the grid axes and ``sample``;
    a short block is padded by repeating its last design) and returns a dict
    of ``(chunk_size,)`` arrays.  See `block_layout`.
    """

    def __init__(self, f: Callable, grid_paths: Sequence[str], grid_values: Sequence,
                 sample_paths: Sequence[str], inner_shape: Sequence[int], chunk_size: int,
                 outputs: Sequence[str] | None = None, samples: Sequence | None = None,
                 constants: Sequence[str] = (), precision: str = "float64"):
        self.f = f
        #: "float64" (default) or "float32": the latter traces and runs the chunk with
        #: JAX's 64-bit mode off, its float inputs cast to float32 (`Sweep.precision`)
        self.precision = precision
        #: outputs that do not depend on any swept input: evaluated once per chunk at the
        #: base (not per design) and returned as scalars
        self.constants = tuple(constants)
        # f's masking protocol (orbitalcompute.pipeline.evaluate.unmasked): mask once after
        # the vmapped chain instead of inside every output
        self._unmasked = getattr(f, "unmasked", None)
        self._masked: tuple = ()
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

    def _varying(self, names) -> list[str]:
        return [k for k in names if k not in self.constants]

    def _leaf(self, base, grid_scalars, sample_row):
        obj = with_values(base, self.grid_paths, grid_scalars)
        obj = with_values(obj, self.sample_paths, sample_row)
        if self._unmasked is None:
            out = _select(self.f(obj), self.outputs)
            return {k: out[k] for k in self._varying(out)}
        raw, masked = self._unmasked(obj)
        out = _select(raw, self.outputs)
        keep = {k: out[k] for k in self._varying(out)}
        self._masked = tuple(k for k in masked if k in keep)
        if self._masked:
            keep[_FEASIBLE] = raw["feasible"]
        return keep

    def _finish_chunk(self, base, out: dict) -> dict:
        """Mask once (after a barrier, so XLA does not refold the feasibility test
        into every output), add the constants."""
        if _FEASIBLE in out:
            feas = out.pop(_FEASIBLE)
            out, feas = jax.lax.optimization_barrier((out, feas))
            for k in self._masked:
                out[k] = jnp.where(feas, out[k], jnp.nan)
        if self.constants:
            const = _select(self.f(base), self.constants)
            out.update({k: jnp.asarray(const[k]) for k in self.constants})
        return out

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
            return self._finish_chunk(base, out)
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
        out = {k: v.reshape((self.chunk_size,) + v.shape[1 + n_trail:]) for k, v in out.items()}
        return self._finish_chunk(base, out)

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
        if self.precision == "float32":
            args = _to_float32((base, self.grid_values, self._cols_for(c)))
            with _x64_off():
                return self._jitted(args[0], args[1], np.int32(c), args[2])
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
            if s.shape != ((self.chunk_size,) if k not in self.constants else ()):
                raise ValueError(f"output {k!r} has per-design shape {s.shape[1:]}; the engine "
                                 f"stores one scalar per output per design")
        return spec

    def memory_bytes(self, base) -> int:
        """XLA's estimate of the compiled chunk's working memory [bytes]."""
        m = self._jitted.lower(base, self.grid_values, jax.ShapeDtypeStruct((), jnp.int64),
                               self._abstract_cols()).compile().memory_analysis()
        return int(m.temp_size_in_bytes + 2 * m.output_size_in_bytes + m.argument_size_in_bytes)


def _to_float32(tree):
    """Float leaves of ``tree`` as float32 (host arrays; others unchanged)."""
    def cast(x):
        a = np.asarray(x) if not isinstance(x, (str, bytes)) else x
        if isinstance(a, np.ndarray) and np.issubdtype(a.dtype, np.floating):
            return a.astype(np.float32)
        return x
    return jax.tree_util.tree_map(cast, tree)


@contextlib.contextmanager
def _x64_off():
    """JAX's 64-bit mode off for a float32 kernel; its 'float64 requested, float32
    given' warnings (the package asks for float64 everywhere) are expected there."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Explicitly requested dtype .*float64|.*int64",
                                category=UserWarning)
        with jax.enable_x64(False):
            yield


_KERNELS: dict = {}
_KERNEL_CACHE_SIZE = 8


def make_kernel(sweep, f: Callable | None = None, samples: Sequence | None = None) -> ChunkKernel:
    """The [`ChunkKernel`][orbitalcompute.engine.evaluate.ChunkKernel] of a [`Sweep`][orbitalcompute.engine.spec.Sweep].

    Kernels (and so their compiled code) are reused across calls for the same
    function, axes and chunking, so re-running or resuming a sweep in the same
    process does not recompile.
    """
    f = sweep.resolve_function() if f is None else f
    consts = constant_outputs(sweep, f)
    key = (f, tuple(a.path for a in sweep.grid), tuple(a.values for a in sweep.grid),
           tuple(a.path for a in sweep.sampled), sweep.inner_shape, int(sweep.chunk_size),
           sweep.outputs, consts, sweep.precision)
    try:
        k = _KERNELS.pop(key)
    except KeyError:
        k = ChunkKernel(f, key[1], key[2], key[3], sweep.inner_shape, sweep.chunk_size,
                        sweep.outputs, constants=consts, precision=sweep.precision)
    except TypeError:  # unhashable function: no caching
        k = ChunkKernel(f, key[1], key[2], key[3], sweep.inner_shape, sweep.chunk_size,
                        sweep.outputs, constants=consts, precision=sweep.precision)
        key = None
    if key is not None:
        _KERNELS[key] = k  # most recently used last
        while len(_KERNELS) > _KERNEL_CACHE_SIZE:
            _KERNELS.pop(next(iter(_KERNELS)))
    if samples is not None:
        k.set_samples(samples)
    return k


#: ChunkKernel: whether outputs constant across a sweep are stored once (not per design)
CONSTANTS_ONCE = True


def constant_outputs(sweep, f: Callable | None = None) -> tuple[str, ...]:
    """Outputs of ``sweep`` that depend on no swept input in any categorical
    group (see `varying_outputs`): computed once per chunk and stored
    once per group (``orbitalcompute.engine.store``)."""
    if not CONSTANTS_ONCE:
        return ()
    f = sweep.resolve_function() if f is None else f
    paths = tuple(a.path for a in (*sweep.grid, *sweep.sampled))
    bases, seen = [], set()
    for g in range(sweep.n_groups):  # one analysis per distinct static structure
        b = sweep.group_base(g)
        td = jax.tree_util.tree_structure(b)
        if td not in seen:
            seen.add(td)
            bases.append(b)
    names, varying = None, set()
    for b in bases:
        n, v = varying_outputs(f, b, paths, sweep.outputs)
        names = n if names is None else names
        varying |= v
    return tuple(k for k in names if k not in varying)


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
#: largest chunk ``"auto"`` picks: the measured optimum of the pipeline kernel on two
#: cores (issue 15: 16,384 designs a chunk ran 1.26x faster than the largest chunk
#: that fits the budget; bigger chunks spill the CPU caches without amortising more)
AUTO_CHUNK_MAX = 16384
#: smallest chunk ``"auto"`` picks
AUTO_CHUNK_MIN = 256


def auto_chunk_size(sweep, f: Callable | None = None,
                    budget_bytes: int = AUTO_CHUNK_BUDGET_BYTES) -> int:
    """The chunk ``chunk_size = "auto"`` uses: `AUTO_CHUNK_MAX` designs (or the
    whole sweep when smaller), unless the compiled kernel at that size needs more
    than ``budget_bytes`` of working memory; then the largest power of two
    (at least `AUTO_CHUNK_MIN`) that fits.

    There is no separate probe: the kernel is compiled at the size the run uses
    (the engine's kernel cache keeps it, so the run does not compile again) and
    XLA's own accounting of it (``memory_analysis()``: temporaries + outputs +
    inputs) is scaled linearly with the chunk length only when it must shrink.
    """
    f = sweep.resolve_function() if f is None else f
    n_all = max(sweep.n_inner, 1)
    n = int(min(AUTO_CHUNK_MAX, n_all))
    k = make_kernel(sweep.replace(chunk_size=n), f)
    try:
        mem = k.memory_bytes(sweep.group_base(0))
    except Exception:  # pragma: no cover - backend without memory analysis
        return n
    if mem <= budget_bytes:
        return n
    per_design = mem / k.chunk_size
    m = int(budget_bytes // max(per_design, 1.0))
    m = 1 << max(AUTO_CHUNK_MIN.bit_length() - 1, m.bit_length() - 1) if m >= 1 else AUTO_CHUNK_MIN
    return int(min(m, n))
