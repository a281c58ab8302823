"""Sweep declarations: a base scenario plus grid, sampled and categorical axes.

A sweep is declared in Python:

    from orbitalcompute.engine import Sweep, Grid, Sampled, Categorical
    sweep = Sweep(base=scenario,
                  grid=[Grid("orbit.altitude_km", [500, 650, 800])],
                  sampled=[Sampled("launch.price_usd_per_kg", 100, 3000, "loguniform")],
                  method="lhs", n_samples=1024, seed=1)

or in a TOML file ([`load_sweep`][orbitalcompute.engine.spec.load_sweep]; see ``docs/engine.md`` and
``examples/sweeps/``):

    [sweep]
    scenario = "default"          # models/scenarios/default.toml
    method = "lhs"                # lhs | sobol | montecarlo (for [sample] axes)
    samples = 1024
    seed = 1

    [grid]
    "orbit.altitude_km" = {start = 500, stop = 1200, num = 15}

    [sample]
    "launch.price_usd_per_kg" = {low = 100, high = 3000, distribution = "loguniform"}
    "gpu.power_w" = "catalog"     # low/high/distribution from the catalogue

    [categorical]
    gpu = ["h100_sxm", "b200"]    # catalogue entries (component axis)

The designs are the outer product categorical x grid x samples; the result
has one dimension per categorical and grid axis plus ``sample``.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import importlib
import json
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from . import paths as _paths
from .sampling import DISTRIBUTIONS, METHODS, check_distribution, grid_values

__all__ = ["Grid", "Sampled", "Categorical", "Sweep", "load_sweep", "parse_sweep",
           "catalog_kind_of", "DEFAULT_FUNCTION", "file_references", "check_reference",
           "code_hash"]

#: the function a sweep evaluates unless it names another
DEFAULT_FUNCTION = "orbitalcompute.pipeline:evaluate"
DEFAULT_CHUNK_SIZE = 65536
#: most samples a sweep may draw (each sampled column is held in memory: 8 bytes a sample)
MAX_SAMPLES = 10**8
#: most chunks a sweep may have (the done bitmap holds one byte per chunk in memory)
MAX_CHUNKS = 10**8
#: largest chunk (designs per jitted call)
MAX_CHUNK_SIZE = 2**26
#: arithmetic of a sweep kernel (``Sweep.precision``)
PRECISIONS = ("float64", "float32")
#: outputs a float32 sweep refuses (NPV, IRR, payback: the IRR bracket overflows float32)
FLOAT32_REFUSED_OUTPUT_SUFFIXES = ("_npv_usd", "_irr", "_payback_yr", "_finance_reason_code")


@dataclass(frozen=True)
class Grid:
    """A grid axis: the parameter at ``path`` takes each of ``values``."""

    path: str
    values: tuple

    def __post_init__(self):
        vals = grid_values(self.path, self.values)
        object.__setattr__(self, "values", tuple(float(v) for v in vals))

    @classmethod
    def linspace(cls, path: str, start: float, stop: float, num: int) -> "Grid":
        return cls(path, tuple(grid_values(path, {"start": start, "stop": stop, "num": num})))


@dataclass(frozen=True)
class Sampled:
    """A sampled axis: ``path`` drawn from ``distribution`` on [low, high]
    (see [`orbitalcompute.engine.sampling`][orbitalcompute.engine.sampling] for the conventions)."""

    path: str
    low: float
    high: float
    distribution: str = "uniform"
    nominal: float | None = None
    source: str | None = None

    def __post_init__(self):
        check_distribution(self.path, self.low, self.high, self.distribution, self.nominal)
        object.__setattr__(self, "low", float(self.low))
        object.__setattr__(self, "high", float(self.high))

    @classmethod
    def from_provenance(cls, path: str, p) -> "Sampled":
        """From a catalogue [`Parameter`][orbitalcompute.catalog.Parameter] record."""
        if p.low is None or p.high is None:
            raise ValueError(f"{path}: the catalogue gives no low/high range for this parameter "
                             f"({p.source}); give low and high in the sweep")
        return cls(path, p.low, p.high, p.distribution or "uniform", nominal=p.value,
                   source=p.source)


@dataclass(frozen=True)
class Categorical:
    """A categorical axis.  ``values`` are catalogue entry names when ``path``
    is a component (e.g. ``gpu``; ``kind`` is the catalogue file, inferred
    from the component's class if not given), or strings for a category
    field (e.g. ``spacecraft.cell_technology``)."""

    path: str
    values: tuple
    kind: str | None = None

    def __post_init__(self):
        vals = tuple(self.values) if not isinstance(self.values, str) else (self.values,)
        if not vals:
            raise ValueError(f"{self.path}: categorical axis is empty; give at least one value")
        if len(set(vals)) != len(vals):
            raise ValueError(f"{self.path}: categorical values repeat: {list(vals)}")
        for v in vals:
            if not isinstance(v, str):
                raise ValueError(f"{self.path}: categorical values must be names (strings); "
                                 f"got {v!r}")
        object.__setattr__(self, "values", vals)


def catalog_kind_of(obj) -> str | None:
    """The catalogue file whose ``[_meta] schema`` is the class of ``obj``."""
    from .. import catalog

    cls = type(obj)
    for kind in catalog.kinds():
        path = catalog.catalog_dir() / f"{kind}.toml"
        try:
            with open(path, "rb") as fh:
                schema = tomllib.load(fh).get("_meta", {}).get("schema", "")
        except (OSError, tomllib.TOMLDecodeError):
            continue
        mod, _, qual = schema.partition(":")
        if qual == cls.__name__ and mod == cls.__module__:
            return kind
    return None


def file_references() -> dict[str, str]:
    """The functions a scenario, sweep or optimisation file may name in
    ``base = ...`` or ``function = ...``: short name -> ``'module:name'``
    (the full ``'module:name'`` is accepted too).  Anything else needs the
    explicit opt-in ``allow_imports`` (CLI ``--allow-imports``)."""
    from . import testfunctions

    reg = {"pipeline": DEFAULT_FUNCTION,
           "pipeline_latency": "orbitalcompute.pipeline:evaluate_with_latency"}
    for n in testfunctions.__all__:
        reg[n] = f"orbitalcompute.engine.testfunctions:{n}"
    return reg


def check_reference(ref, *, key: str, where: str = "", allow_imports: bool = False) -> str:
    """The ``'module:name'`` a file's ``key`` names, if it is registered
    ([`file_references`][orbitalcompute.engine.spec.file_references]) or ``allow_imports`` is given; else
    ``ValueError`` listing the registered names.  Nothing is imported here."""
    reg = file_references()
    pre = f"{where}: " if where else ""
    if not isinstance(ref, str):
        raise ValueError(f"{pre}{key} = {ref!r} must be a name (string); registered: "
                         f"{', '.join(sorted(reg))}")
    full = reg.get(ref, ref)
    if full in reg.values() or allow_imports:
        if ":" not in full:
            raise ValueError(f"{pre}{key} = {ref!r}: expected a registered name or "
                             f"'package.module:name'")
        return full
    raise ValueError(
        f"{pre}{key} = {ref!r} is not one of the package's registered functions: "
        f"{', '.join(sorted(reg))} (or their 'module:name' form). Scenario and sweep files "
        f"are data: naming any other module:name would import and run code, which needs the "
        f"explicit opt-in allow_imports (CLI: --allow-imports).{_hint(ref, reg)}")


def _import(ref: str):
    mod, _, attr = ref.partition(":")
    if not attr:
        raise ValueError(f"{ref!r}: expected 'package.module:name'")
    try:
        obj = importlib.import_module(mod)
    except ImportError as exc:
        raise ValueError(f"cannot import {mod!r} (from {ref!r}): {exc}") from None
    for part in attr.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise ValueError(f"{mod!r} has no attribute {attr!r} (from {ref!r})") from None
    return obj


@dataclass(frozen=True)
class Sweep:
    """A declared design sweep (validated on construction).

    Parameters
    ----------
    base : pytree
        The base design (a [`orbitalcompute.scenario.Scenario`][orbitalcompute.scenario.Scenario] or any
        nested parameter set / dict pytree).  Axes override its values.
    grid, sampled, categorical : sequences of [`Grid`][orbitalcompute.engine.spec.Grid], [`Sampled`][orbitalcompute.engine.spec.Sampled],
        [`Categorical`][orbitalcompute.engine.spec.Categorical].
    method : {'lhs', 'sobol', 'montecarlo'}
        How sampled axes are drawn.
    n_samples : int
        Number of samples (required when there are sampled axes).
    seed : int
        Seed for the draws.
    function : str or callable
        The pure function ``f(pytree) -> dict[str, Array]`` evaluated per
        design; default `DEFAULT_FUNCTION` (the full pipeline).  A
        ``"module:name"`` string keeps the sweep serialisable.
    outputs : sequence of str, optional
        Keep only these outputs (default all).
    chunk_size : int or 'auto'
        Designs per jitted call and per store chunk; bounds memory (about
        ``chunk_size x (outputs + inputs) x 8`` bytes per chunk in flight).
        ``'auto'`` picks `orbitalcompute.engine.evaluate.AUTO_CHUNK_MAX`
        designs (the measured optimum), fewer when the sweep is smaller or the
        compiled kernel would not fit
        `orbitalcompute.engine.evaluate.AUTO_CHUNK_BUDGET_BYTES`.
    provenance : mapping path -> catalogue Parameter, optional
        Recorded in the result attributes (units, sources).
    precision : {'float64', 'float32'}
        Arithmetic of the sweep kernel (default ``'float64'``).  ``'float32'``
        traces and runs the kernel with JAX's 64-bit mode off
        (`orbitalcompute.engine.evaluate.ChunkKernel`), about twice the throughput;
        on the default pipeline every output but the finance ones agrees with
        float64 to 2e-6 relative with no feasibility flips (measured; tested to 1e-5
        in ``tests/test_engine_float32.py``).  Refused where float32 is not enough: the NPV/IRR/
        payback outputs (`FLOAT32_REFUSED_OUTPUT_SUFFIXES`; their IRR bracket overflows
        float32) must be left out with ``outputs``, and a pipeline base needs a
        sun-synchronous orbit (its illumination comes from the stored table; the
        direct kernel of inclined orbits needs the epoch in float64).
    """

    base: Any
    grid: Sequence[Grid] = ()
    sampled: Sequence[Sampled] = ()
    categorical: Sequence[Categorical] = ()
    method: str = "lhs"
    n_samples: int = 0
    seed: int = 0
    function: Any = DEFAULT_FUNCTION
    outputs: Sequence[str] | None = None
    chunk_size: int | str = DEFAULT_CHUNK_SIZE
    name: str = "sweep"
    scenario: str | None = None
    provenance: Mapping[str, Any] = field(default_factory=dict)
    precision: str = "float64"

    def __post_init__(self):
        from ..validation import check_choice

        check_choice("precision", self.precision, PRECISIONS)
        for nm in ("grid", "sampled", "categorical"):
            object.__setattr__(self, nm, tuple(getattr(self, nm)))
        if self.outputs is not None:
            object.__setattr__(self, "outputs", tuple(self.outputs))
        if self.method not in METHODS:
            raise ValueError(f"method = {self.method!r} is not one of {', '.join(METHODS)}."
                             f"{_hint(self.method, METHODS)}")
        from ..validation import check_count

        if self.chunk_size != "auto":
            if isinstance(self.chunk_size, str):
                raise ValueError(f"chunk_size = {self.chunk_size!r} is not an integer or 'auto'; "
                                 f"valid range is [1, {MAX_CHUNK_SIZE:,}] or 'auto'")
            object.__setattr__(self, "chunk_size",
                               check_count("chunk_size", self.chunk_size, 1, MAX_CHUNK_SIZE))
        object.__setattr__(self, "seed", check_count("seed", self.seed, 0, 2**63 - 1))
        if self.sampled:
            object.__setattr__(self, "n_samples",
                               check_count("n_samples", self.n_samples, 1, MAX_SAMPLES))
        if not self.sampled and self.n_samples:
            raise ValueError(f"n_samples = {self.n_samples} given but there are no sampled axes")
        from .. import catalog

        catalog.validate_params(self.base, name="base")
        seen = set()
        for ax in (*self.categorical, *self.grid, *self.sampled):
            if ax.path in seen:
                raise ValueError(f"parameter {ax.path!r} appears on more than one axis")
            seen.add(ax.path)
        for ax in (*self.grid, *self.sampled):
            value, meta = _paths.check_path(self.base, ax.path)
            if _paths._is_node(value) or isinstance(value, str) or meta.get("kind") == "category":
                raise ValueError(f"{ax.path!r} is not a numeric parameter; use a categorical "
                                 f"axis for names")
            vals = ax.values if isinstance(ax, Grid) else (ax.low, ax.high)
            _check_physical(ax.path, vals, meta)
        for ax in self.categorical:
            self._check_categorical(ax)
        if self.chunk_size != "auto":
            self.check_size()
        if self.precision == "float32":
            self._check_float32()

    def _check_float32(self):
        """Refuse a float32 sweep whose outputs or orbits need float64 (see ``precision``)."""
        outs = self.outputs
        refused = [] if outs is None else [o for o in outs if o.endswith(FLOAT32_REFUSED_OUTPUT_SUFFIXES)]
        f = self.function
        pipeline_fn = f in (DEFAULT_FUNCTION, "orbitalcompute.pipeline:evaluate_with_latency") or (
            getattr(f, "__module__", "") == "orbitalcompute.pipeline")
        if refused or (outs is None and pipeline_fn):
            bad = ", ".join(refused) if refused else "all outputs (the default)"
            raise ValueError(f"precision = 'float32' cannot compute {bad}: the NPV/IRR/payback outputs "
                             f"(names ending in {', '.join(FLOAT32_REFUSED_OUTPUT_SUFFIXES)}) need float64 "
                             f"(their IRR bracket overflows float32); list the outputs without them, "
                             f"or use precision = 'float64'")
        orbits = []
        if hasattr(self.base, "orbit") and hasattr(self.base.orbit, "orbit_type"):
            orbits.append(("base", self.base.orbit))
        from .. import catalog

        for ax in self.categorical:
            if ax.path == "orbit":
                orbits += [(f"orbit = {v!r}", catalog.load("orbits", v)) for v in ax.values]
        for where, o in orbits:
            if o.orbit_type != "sun_synchronous":
                raise ValueError(f"precision = 'float32' needs sun-synchronous orbits (illumination from the "
                                 f"stored table); {where} is {o.orbit_type!r}, whose direct illumination kernel "
                                 f"needs the epoch in float64: use precision = 'float64'")

    def check_size(self):
        """Refuse a sweep whose chunk count (the done bitmap) exceeds
        `MAX_CHUNKS`, before anything of that size is allocated."""
        from ..validation import check_size

        check_size("number of chunks", self.n_groups * self.n_chunks, MAX_CHUNKS,
                   f"({self.size:,} designs in chunks of {self.effective_chunk_size:,}) ")

    def _check_categorical(self, ax: Categorical):
        from .. import catalog
        from ..validation import check_choice

        value, meta = _paths.check_path(self.base, ax.path)
        if meta.get("kind") == "component" or _paths._is_node(value):
            kind = ax.kind or catalog_kind_of(value)
            if kind is None:
                raise ValueError(f"{ax.path!r}: cannot tell which catalogue file holds "
                                 f"{type(value).__name__} entries; give kind = '...'")
            if ax.kind is None:
                object.__setattr__(ax, "kind", kind)
            for v in ax.values:
                entry = catalog.entry(kind, v)  # unknown name -> lists valid names
                if value is not None and type(entry.params) is not type(value):
                    raise ValueError(f"{ax.path!r}: {kind}/{v} is a {type(entry.params).__name__},"
                                     f" not a {type(value).__name__}")
        elif meta.get("kind") == "category" or isinstance(value, str):
            choices = meta.get("choices")
            if choices:
                for v in ax.values:
                    check_choice(ax.path, v, choices)
        else:
            raise ValueError(f"{ax.path!r} is numeric; categorical axes select catalogue entries "
                             f"or name-valued fields (use a grid axis for numbers)")

    # ------------------------------------------------------------------ layout
    @property
    def dims(self) -> tuple[str, ...]:
        """Result dimensions: categorical axes, grid axes, then ``sample``."""
        d = tuple(a.path for a in self.categorical) + tuple(a.path for a in self.grid)
        return d + (("sample",) if self.sampled else ())

    @property
    def group_shape(self) -> tuple[int, ...]:
        return tuple(len(a.values) for a in self.categorical)

    @property
    def inner_shape(self) -> tuple[int, ...]:
        s = tuple(len(a.values) for a in self.grid)
        return s + ((int(self.n_samples),) if self.sampled else ())

    @property
    def shape(self) -> tuple[int, ...]:
        return self.group_shape + self.inner_shape

    @property
    def n_groups(self) -> int:
        return int(np.prod(self.group_shape, dtype=np.int64))

    @property
    def n_inner(self) -> int:
        return int(np.prod(self.inner_shape, dtype=np.int64))

    @property
    def size(self) -> int:
        """Total number of designs."""
        return self.n_groups * self.n_inner

    @property
    def layout(self) -> tuple[int, int, int, int]:
        """``(split, block, per_chunk, chunk)``: see
        [`orbitalcompute.engine.evaluate.block_layout`][orbitalcompute.engine.evaluate.block_layout]."""
        if self.chunk_size == "auto":
            raise ValueError("chunk_size is 'auto': resolve it first (run_sweep does)")
        from .evaluate import block_layout

        return block_layout(self.inner_shape, int(self.chunk_size))

    @property
    def effective_chunk_size(self) -> int:
        """Designs per chunk as evaluated and stored (``chunk_size`` rounded
        down to whole trailing blocks, and at most the group size)."""
        return self.layout[3]

    @property
    def n_chunks(self) -> int:
        """Chunks per categorical group."""
        from .evaluate import chunk_count

        split, _, per_chunk, _ = self.layout
        return chunk_count(self.inner_shape, split, per_chunk)

    def group_values(self, g: int) -> dict[str, str]:
        """Categorical values of group ``g`` (row-major over categorical axes)."""
        idx = np.unravel_index(g, self.group_shape) if self.categorical else ()
        return {a.path: a.values[int(i)] for a, i in zip(self.categorical, idx)}

    def group_base(self, g: int):
        """The base pytree with group ``g``'s categorical values applied."""
        from .. import catalog

        obj = self.base
        for a in self.categorical:
            v = self.group_values(g)[a.path]
            obj = _paths.set_path(obj, a.path, catalog.load(a.kind, v) if a.kind else v)
        return obj

    def resolve_function(self) -> Callable:
        f = self.function
        return _import(f) if isinstance(f, str) else f

    def to_dict(self) -> dict:
        """JSON-able description (everything that determines the results)."""
        f = self.function
        fname = f if isinstance(f, str) else f"{getattr(f, '__module__', '?')}:" \
                                             f"{getattr(f, '__qualname__', repr(f))}"
        return {
            "name": self.name,
            "scenario": self.scenario,
            "function": fname,
            "base": _paths.describe(self.base),
            "base_type": f"{type(self.base).__module__}:{type(self.base).__qualname__}",
            "categorical": [{"path": a.path, "values": list(a.values), "kind": a.kind}
                            for a in self.categorical],
            "grid": [{"path": a.path, "values": list(a.values)} for a in self.grid],
            "sampled": [{"path": a.path, "low": a.low, "high": a.high,
                         "distribution": a.distribution, "nominal": a.nominal}
                        for a in self.sampled],
            "method": self.method if self.sampled else None,
            "n_samples": int(self.n_samples),
            "seed": int(self.seed),
            "outputs": None if self.outputs is None else list(self.outputs),
            "chunk_size": int(self.chunk_size),
            "precision": self.precision,
        }

    def fingerprint(self) -> str:
        """Hash of everything that determines the stored results (not the name)."""
        d = self.to_dict()
        d.pop("name")
        from .. import __version__

        d["orbitalcompute"] = __version__
        d["code_hash"] = code_hash()
        blob = json.dumps(d, sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()[:32]

    def replace(self, **changes) -> "Sweep":
        return dataclasses.replace(self, **changes)


_CODE_HASH: list[str] = []
#: sub-packages whose code cannot change a sweep's numbers (left out of `code_hash`)
_CODE_HASH_SKIP = ("cli", "plots")


def code_hash() -> str:
    """sha256 of the code and data that compute results: every ``.py`` file of
    the package (except the CLI and plotting) and every file of the catalogue
    (``models/``).  Part of [`Sweep.fingerprint`][orbitalcompute.engine.spec.Sweep.fingerprint], so a store started under
    other code is not resumed silently.  Computed once per process."""
    if not _CODE_HASH:
        from .. import catalog

        pkg = Path(__file__).resolve().parents[1]
        h = hashlib.sha256()
        files = [p for p in sorted(pkg.rglob("*.py"))
                 if p.relative_to(pkg).parts[0] not in _CODE_HASH_SKIP]
        models = catalog.catalog_dir()
        files += [p for p in sorted(models.rglob("*")) if p.is_file() and models != pkg]
        for p in files:
            h.update(p.name.encode())
            h.update(p.read_bytes())
        _CODE_HASH.append(h.hexdigest())
    return _CODE_HASH[0]


def check_design_values(base, paths: Sequence[str], values, *, name: str = "designs"):
    """Validate designs before they are evaluated: the base parameter object
    (every field in its declared range) and each column ``values[:, k]``
    against the declared range of ``paths[k]`` (the parameter-set metadata:
    ``ge``/``gt``/``le``/``lt``).  ``ValueError`` names the parameter, the
    offending value and the valid range (e.g. a negative electricity price is
    refused, not evaluated as a cheaper site)."""
    from .. import catalog

    catalog.validate_params(base, name="base")
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 2 or values.shape[1] != len(paths):
        return  # the caller reports the shape
    for k, p in enumerate(paths):
        meta = _paths.field_meta(base, p)
        _check_physical(p, values[:, k], meta)


def _hint(word, options) -> str:
    close = difflib.get_close_matches(str(word), list(options), n=3)
    return f" Did you mean {', '.join(map(repr, close))}?" if close else ""


def _check_physical(path: str, values, meta: dict):
    """Grid values / sample ranges must lie in the field's physical domain."""
    if meta.get("kind") != "quantity":
        return
    from ..validation import check_range

    check_range(path, np.asarray(values, dtype=float), ge=meta.get("ge"), gt=meta.get("gt"),
                le=meta.get("le"), lt=meta.get("lt"), unit=meta.get("unit", ""))


# --------------------------------------------------------------------------
# TOML
# --------------------------------------------------------------------------

_SWEEP_KEYS = {"name", "scenario", "base", "function", "method", "samples", "seed", "outputs",
               "chunk_size", "description", "precision"}
_TABLES = {"sweep", "grid", "sample", "categorical"}
_GRID_KEYS = {"values", "start", "stop", "num", "step", "log"}
_SAMPLE_KEYS = {"low", "high", "distribution", "nominal"}


def _flatten(table: dict, leaf_keys: set, prefix: str = "") -> dict[str, Any]:
    """Undo TOML's dotted-key nesting: ``orbit.altitude_km = ...`` written
    unquoted becomes ``{"orbit": {"altitude_km": ...}}``."""
    out = {}
    for k, v in table.items():
        path = f"{prefix}{k}"
        if isinstance(v, dict) and v and not (set(v) & leaf_keys):
            out.update(_flatten(v, leaf_keys, path + "."))
        else:
            out[path] = v
    return out


def parse_sweep(doc: Mapping, *, base=None, where: str = "sweep",
                provenance: Mapping | None = None, allow_imports: bool = False) -> Sweep:
    """A [`Sweep`][orbitalcompute.engine.spec.Sweep] from a parsed TOML document (see [`load_sweep`][orbitalcompute.engine.spec.load_sweep]).

    ``base`` and ``function`` may name only the package's registered
    functions ([`file_references`][orbitalcompute.engine.spec.file_references]) unless ``allow_imports`` is true
    (which lets the file import and run any ``module:name``)."""
    unknown = set(doc) - _TABLES
    if unknown:
        k = sorted(unknown)[0]
        raise ValueError(f"{where}: unknown table [{k}]; valid: {', '.join(sorted(_TABLES))}."
                         f"{_hint(k, _TABLES)}")
    head = dict(doc.get("sweep", {}))
    for k in head:
        if k not in _SWEEP_KEYS:
            raise ValueError(f"{where}: unknown key [sweep].{k}; valid: "
                             f"{', '.join(sorted(_SWEEP_KEYS))}.{_hint(k, _SWEEP_KEYS)}")
    scenario_name = head.get("scenario")
    base, prov = resolve_base(head, base=base, where=where, provenance=provenance,
                              allow_imports=allow_imports)
    grid = []
    for path, spec in _flatten(doc.get("grid", {}), _GRID_KEYS).items():
        if isinstance(spec, dict) and "values" in spec:
            extra = set(spec) - {"values"}
            if extra:
                raise ValueError(f"{where}: [grid] {path}: 'values' cannot be combined with "
                                 f"{sorted(extra)}")
            spec = spec["values"]
        _paths.check_path(base, path)
        grid.append(Grid(path, grid_values(path, spec)))
    sampled = []
    for path, spec in _flatten(doc.get("sample", {}), _SAMPLE_KEYS).items():
        _paths.check_path(base, path)
        if spec == "catalog":
            if path not in prov:
                raise ValueError(f"{where}: [sample] {path} = 'catalog' but no catalogue record "
                                 f"(low/high) is known for it; give low/high/distribution")
            sampled.append(Sampled.from_provenance(path, prov[path]))
            continue
        if not isinstance(spec, dict):
            raise ValueError(f"{where}: [sample] {path}: expected {{low, high, distribution}} or "
                             f"'catalog'; got {spec!r}")
        bad = set(spec) - _SAMPLE_KEYS
        if bad:
            k = sorted(bad)[0]
            raise ValueError(f"{where}: [sample] {path}: unknown key {k!r}; valid: "
                             f"{', '.join(sorted(_SAMPLE_KEYS))}.{_hint(k, _SAMPLE_KEYS)}")
        if "low" not in spec or "high" not in spec:
            raise ValueError(f"{where}: [sample] {path}: needs low and high")
        sampled.append(Sampled(path, spec["low"], spec["high"],
                               spec.get("distribution", "uniform"), spec.get("nominal")))
    categorical = []
    for path, spec in _flatten(doc.get("categorical", {}), {"values", "kind"}).items():
        _paths.check_path(base, path)
        if isinstance(spec, dict):
            bad = set(spec) - {"values", "kind"}
            if bad:
                raise ValueError(f"{where}: [categorical] {path}: unknown key(s) {sorted(bad)}")
            categorical.append(Categorical(path, tuple(spec.get("values", ())), spec.get("kind")))
        else:
            categorical.append(Categorical(path, tuple(spec) if not isinstance(spec, str)
                                           else (spec,)))
    kwargs = {}
    if "function" in head:
        kwargs["function"] = check_reference(head["function"], key="[sweep].function",
                                             where=where, allow_imports=allow_imports)
    if "outputs" in head:
        kwargs["outputs"] = tuple(head["outputs"])
    if not (grid or sampled or categorical):
        raise ValueError(f"{where}: the sweep has no axes; add [grid], [sample] or [categorical]")
    return Sweep(base=base, grid=grid, sampled=sampled, categorical=categorical,
                 method=head.get("method", "lhs"),
                 n_samples=_int_key(head, "samples", 0, 1 if sampled else 0, MAX_SAMPLES),
                 seed=_int_key(head, "seed", 0, 0, 2**63 - 1), chunk_size=_chunk(head.get("chunk_size", DEFAULT_CHUNK_SIZE)),
                 name=str(head.get("name", Path(where).stem)), scenario=scenario_name,
                 provenance=prov, precision=str(head.get("precision", "float64")), **kwargs)


def resolve_base(head: Mapping, *, base=None, where: str = "", provenance: Mapping | None = None,
                 allow_imports: bool = False):
    """The base pytree and per-path provenance named by a file's header table
    (``scenario = 'NAME'`` or ``base = 'NAME'``, a registered base: see
    [`check_reference`][orbitalcompute.engine.spec.check_reference]), unless ``base`` is given."""
    prov = dict(provenance or {})
    if base is not None:
        return base, prov
    scenario_name = head.get("scenario")
    if "base" in head and scenario_name:
        raise ValueError(f"{where}: give either scenario = '...' or base = '...', not both")
    if "base" in head:
        obj = _import(check_reference(head["base"], key="base", where=where,
                                      allow_imports=allow_imports))
        return (obj() if callable(obj) else obj), prov
    if scenario_name:
        scen, prov0 = _load_scenario(scenario_name)
        return scen, {**prov0, **prov}
    raise ValueError(f"{where}: needs scenario = 'NAME' (models/scenarios/NAME.toml) or "
                     f"base = 'module:name'")


def _chunk(v):
    if v == "auto":
        return v
    from ..validation import check_count

    if isinstance(v, str):
        raise ValueError(f"[sweep].chunk_size = {v!r} is not an integer or 'auto'; valid range "
                         f"is [1, {MAX_CHUNK_SIZE:,}] or 'auto'")
    return check_count("[sweep].chunk_size", v, 1, MAX_CHUNK_SIZE)


def _int_key(head: Mapping, key: str, default: int, low: int, high: int | None) -> int:
    """An integer ``[sweep]`` key (``ValueError`` naming the key and its range)."""
    from ..validation import check_count

    return check_count(f"[sweep].{key}", head.get(key, default), low, high)


def _load_scenario(name: str):
    """Base scenario and its per-path catalogue provenance."""
    try:
        from ..scenario import load_scenario
    except ImportError as exc:  # pragma: no cover - pipeline in progress
        raise ValueError(f"scenario {name!r}: orbitalcompute.scenario is not available ({exc})")
    scen = load_scenario(name)
    prov = {}
    try:
        from ..scenario import scenario_provenance  # optional helper

        prov = dict(scenario_provenance(name))
    except ImportError:
        pass
    return scen, prov


def relative_paths(doc: dict, table: str, path: Path) -> dict:
    """Resolve a file's ``[table] scenario = "my.toml"`` against the folder of the file
    itself (not the working directory); a bare name stays a catalogue scenario.
    Changes ``doc`` in place and returns it."""
    head = doc.get(table)
    if isinstance(head, dict) and isinstance(head.get("scenario"), str):
        ref = Path(head["scenario"])
        if ref.suffix == ".toml" and not ref.is_absolute():
            head["scenario"] = str(Path(path).parent / ref)
    return doc


def load_sweep(path: str | Path, *, base=None, provenance: Mapping | None = None,
               allow_imports: bool = False) -> Sweep:
    """Read a sweep TOML file (see the module docstring and ``docs/engine.md``).

    ``base`` overrides the file's scenario (handy in tests and notebooks).
    Unknown parameter names raise ``ValueError`` suggesting the closest valid
    names; empty or inverted ranges and categorical values that are not in
    the catalogue raise ``ValueError`` too.  ``allow_imports``: see
    [`parse_sweep`][orbitalcompute.engine.spec.parse_sweep].
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"sweep file {str(path)!r} does not exist")
    try:
        with open(path, "rb") as fh:
            doc = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML: {exc}") from None
    relative_paths(doc, "sweep", path)
    try:
        return parse_sweep(doc, base=base, where=str(path), provenance=provenance,
                           allow_imports=allow_imports)
    except ValueError as exc:
        msg = str(exc)
        raise type(exc)(msg if msg.startswith(str(path)) else f"{path}: {msg}") from None
