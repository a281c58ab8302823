"""The parameter catalogue: typed, sourced, frozen parameter sets from ``models/``.

Every engineering default the toolkit uses lives in a TOML file under
``models/`` (shipped inside the wheel as ``orbitalcompute/_models``).  A file
holds one *kind* of parameter set (orbits, GPUs, launch vehicles...) and
declares the Python class that types it:

    [_meta]
    schema = "orbitalcompute.orbit:OrbitParams"   # module:class
    description = "Named reference orbits"

    [_sources]                                     # optional citation shorthands
    suncatcher = "Aguera y Arcas et al. (2025), arXiv:2511.19468"

    [dawn_dusk_sso_650]
    description = "Suncatcher's 650 km dawn-dusk sun-synchronous orbit"
    altitude_km = {value = 650.0, unit = "km", source = "@suncatcher sec. 2.1", date = "2026-11-25"}
    ltan_h      = {value = 18.0, unit = "h", source = "...", date = "...", low = 17.5, high = 18.5}
    shadow_model = "conical"                       # categorical fields are plain strings

Each numeric field is an inline table with ``value``, ``unit`` (must equal the
unit the field's name implies, see [`orbitalcompute.units`][orbitalcompute.units]), ``source`` and
``date``; optional ``low``/``high`` (plausible range for uncertainty studies),
``distribution`` (``uniform``, ``triangular``, ``normal``, ``lognormal``),
``currency_year`` (required for money) and ``note``.  An entry-level ``source``,
``date`` or ``currency_year`` applies to fields that do not give their own;
``@key`` at the start of a source expands from ``[_sources]``.

Parameter classes are frozen dataclasses declared with [`parameter_set`][orbitalcompute.catalog.parameter_set],
[`quantity`][orbitalcompute.catalog.quantity] and [`category`][orbitalcompute.catalog.category]; they are registered as JAX pytrees
(numeric fields are leaves, categorical fields static), so ``jax.grad`` and
``jax.vmap`` reach every numeric parameter.

Examples
--------
>>> from orbitalcompute import catalog
>>> orbit = catalog.load("orbits", "dawn_dusk_sso_650")
>>> orbit.altitude_km
650.0
>>> catalog.provenance("orbits", "dawn_dusk_sso_650")["altitude_km"].source[:10]
'Aguera y A'
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import importlib
import math
import re
import tomllib
from dataclasses import MISSING, dataclass, field
from pathlib import Path
from typing import Any, Iterator

import jax

from .units import unit_of

__all__ = [
    "CatalogError",
    "Parameter",
    "Entry",
    "parameter_set",
    "quantity",
    "category",
    "catalog_dir",
    "catalog_dirs",
    "user_dirs",
    "set_user_dirs",
    "kinds",
    "names",
    "load",
    "entry",
    "provenance",
    "validate",
    "quantity_fields",
    "component",
    "component_fields",
    "category_fields",
]

DISTRIBUTIONS = ("uniform", "triangular", "normal", "lognormal", "loguniform")
_FIELD_KEYS = {"value", "unit", "source", "date", "low", "high", "distribution",
               "currency_year", "note"}
_ENTRY_KEYS = {"description", "source", "date", "currency_year", "note"}


class CatalogError(ValueError):
    """A catalogue file or entry is malformed (names the file and key)."""


# --------------------------------------------------------------------------
# Declaring parameter sets
# --------------------------------------------------------------------------

def quantity(unit: str, *, ge: float | None = None, gt: float | None = None,
             le: float | None = None, lt: float | None = None,
             default: Any = MISSING, doc: str = ""):
    """A numeric field of a parameter set, with its unit and physical validity
    range (``ge``/``gt``/``le``/``lt``).  The range is the domain in which the
    physics is valid, not the uncertainty range (that is ``low``/``high`` in
    the TOML)."""
    meta = {"kind": "quantity", "unit": unit, "ge": ge, "gt": gt, "le": le, "lt": lt,
            "doc": doc}
    return field(default=default, metadata=meta)


def category(choices: tuple[str, ...] | None = None, *, default: Any = MISSING, doc: str = ""):
    """A categorical (string) field: a model name, technology, etc.  Static in
    the pytree (changing it recompiles)."""
    meta = {"kind": "category", "choices": tuple(choices) if choices else None, "doc": doc}
    return field(default=default, metadata=meta)


def component(default: Any = MISSING, doc: str = ""):
    """A nested parameter set (e.g. a scenario's ``orbit``), or a ``dict`` of
    them keyed by name (e.g. ``sites``); a pytree child."""
    return field(default=default, metadata={"kind": "component", "doc": doc})


def component_fields(cls_or_obj) -> list[dataclasses.Field]:
    """The dataclass fields of a parameter class (or instance) that are nested parameter sets (another catalogue entry)."""
    return [f for f in dataclasses.fields(cls_or_obj) if f.metadata.get("kind") == "component"]


def quantity_fields(cls_or_obj) -> list[dataclasses.Field]:
    """The dataclass fields of a parameter class (or instance) that are numeric, sourced quantities (value, unit, range)."""
    return [f for f in dataclasses.fields(cls_or_obj) if f.metadata.get("kind") == "quantity"]


def category_fields(cls_or_obj) -> list[dataclasses.Field]:
    """The dataclass fields of a parameter class (or instance) that are categorical choices (a model name such as ``"conical"``)."""
    return [f for f in dataclasses.fields(cls_or_obj) if f.metadata.get("kind") == "category"]


def parameter_set(cls):
    """Class decorator: frozen dataclass + JAX pytree registration.

    Every field must be declared with [`quantity`][orbitalcompute.catalog.quantity] or [`category`][orbitalcompute.catalog.category].
    Adds ``replace(**changes)``, ``to_dict()`` and ``validate()`` methods.
    """
    cls = dataclass(frozen=True)(cls)
    for f in dataclasses.fields(cls):
        if f.metadata.get("kind") not in ("quantity", "category", "component"):
            raise TypeError(f"{cls.__name__}.{f.name}: declare fields with quantity(), category() "
                            "or component()")
    data = [f.name for f in quantity_fields(cls)] + [f.name for f in component_fields(cls)]
    meta = [f.name for f in category_fields(cls)]
    jax.tree_util.register_dataclass(cls, data_fields=data, meta_fields=meta)

    def replace(self, **changes):
        return dataclasses.replace(self, **changes)

    def to_dict(self):
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    cls.replace = replace
    cls.to_dict = to_dict
    cls.validate = lambda self, where=None: validate(self, where=where)
    return cls


def _range_text(m) -> str:
    lo = m["ge"] if m["ge"] is not None else m["gt"]
    hi = m["le"] if m["le"] is not None else m["lt"]
    lb = "[" if m["ge"] is not None else "("
    hb = "]" if m["le"] is not None else ")"
    return f"{lb}{'-inf' if lo is None else f'{lo:g}'}, {'inf' if hi is None else f'{hi:g}'}{hb}"


def _in_range(x: float, m) -> bool:
    if not math.isfinite(x):
        return False
    if m["ge"] is not None and x < m["ge"]:
        return False
    if m["gt"] is not None and x <= m["gt"]:
        return False
    if m["le"] is not None and x > m["le"]:
        return False
    if m["lt"] is not None and x >= m["lt"]:
        return False
    return True


def validate(obj, where: str | None = None):
    """Check every field of a parameter set against its declared range.

    Works on scalars and arrays (every element is checked); a traced object
    (inside jit/vmap) is returned unchanged.  Raises ``ValueError`` naming
    the field, value and valid range.  Returns ``obj``.
    """
    import numpy as np

    from .validation import is_traced

    if is_traced(obj):
        return obj
    prefix = f"{where}: " if where else ""
    for f in quantity_fields(obj):
        v = getattr(obj, f.name)
        if v is None:  # optional parameter not given
            continue
        arr = np.asarray(v, dtype=float)
        m = f.metadata
        ok = np.vectorize(lambda x: _in_range(float(x), m), otypes=[bool])(arr) if arr.size else arr
        if arr.size and not np.all(ok):
            bad = arr[~ok] if arr.ndim else arr
            raise ValueError(
                f"{prefix}{f.name} = {np.ravel(bad)[0]:g} is outside the valid range "
                f"{_range_text(m)} {m['unit']}"
            )
    for f in component_fields(obj):
        sub = getattr(obj, f.name)
        label = f"{where}.{f.name}" if where else f.name
        if isinstance(sub, dict):  # a named collection of parameter sets (e.g. sites)
            if not sub:
                raise ValueError(f"{label}: at least one entry is required")
            for key, item in sub.items():
                validate(item, where=f"{label}.{key}")
        elif sub is not None:
            validate(sub, where=label)
    for f in category_fields(obj):
        choices = f.metadata["choices"]
        v = getattr(obj, f.name)
        if choices and v not in choices:
            raise ValueError(f"{prefix}{f.name} = {v!r} is not one of {', '.join(map(repr, choices))}")
    return obj


# --------------------------------------------------------------------------
# Catalogue files
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Parameter:
    """One sourced value from the catalogue."""

    name: str
    value: float
    unit: str
    source: str
    date: str
    low: float | None = None
    high: float | None = None
    distribution: str | None = None
    currency_year: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class Entry:
    """A named parameter set with its provenance."""

    kind: str
    name: str
    description: str
    params: Any
    provenance: dict[str, Parameter]
    file: Path


def catalog_dir() -> Path:
    """Folder holding the catalogue: ``orbitalcompute/_models`` in an installed
    wheel, else ``models/`` beside the package in a source checkout."""
    here = Path(__file__).resolve().parent
    for cand in (here / "_models", here.parent / "models"):
        if cand.is_dir():
            return cand
    raise CatalogError(f"parameter catalogue not found (looked in {here / '_models'} and "
                       f"{here.parent / 'models'}); reinstall orbitalcompute")


#: environment variable naming user catalogue folders (``os.pathsep``-separated), layered
#: over the shipped catalogue; ``orbitalcompute --models DIR`` sets the same layer
MODELS_ENV = "ORBITALCOMPUTE_MODELS"
_SET_DIRS: list[Path] = []
_LAYERS_SEEN: list[tuple] = [()]


def set_user_dirs(dirs) -> None:
    """Layer these catalogue folders (highest priority first) over
    ``ORBITALCOMPUTE_MODELS`` and the shipped catalogue (``[]`` removes them).

    A user folder holds files laid out like ``models/``: ``gpus.toml`` adds
    entries to the shipped kind (an entry of the same name replaces the
    shipped one; ``[_meta]`` may be left out), a new ``KIND.toml`` (with its
    ``[_meta] schema``) adds a kind, ``scenarios/NAME.toml`` adds a scenario.
    """
    _SET_DIRS[:] = [Path(d) for d in (dirs or [])]
    _sync_layers()


def user_dirs() -> list[Path]:
    """User catalogue folders, highest priority first (``--models``, then
    ``ORBITALCOMPUTE_MODELS``); each must exist."""
    import os

    env = [Path(p) for p in os.environ.get(MODELS_ENV, "").split(os.pathsep) if p.strip()]
    out = []
    for d, label in [(d, "--models") for d in _SET_DIRS] + [(d, MODELS_ENV) for d in env]:
        if not d.is_dir():
            raise CatalogError(f"{label}: user catalogue folder {str(d)!r} does not exist or is not a folder")
        if d.resolve() not in [o.resolve() for o in out]:
            out.append(d)
    return out


def catalog_dirs() -> list[Path]:
    """Every catalogue layer, highest priority first: the user folders, then
    the shipped catalogue (`catalog_dir`)."""
    return user_dirs() + [catalog_dir()]


def _sync_layers() -> None:
    """Drop cached entries when the layers changed (a new --models or environment)."""
    key = tuple(str(d) for d in user_dirs())
    if key != _LAYERS_SEEN[0]:
        _LAYERS_SEEN[0] = key
        _read.cache_clear()
        _entry.cache_clear()


def _files() -> dict[str, list[Path]]:
    """``{kind: [file, ...]}``, lowest priority first (shipped, then user layers)."""
    out: dict[str, list[Path]] = {}
    for d in reversed(catalog_dirs()):
        for p in sorted(d.glob("*.toml")):
            out.setdefault(p.stem, []).append(p)
    return dict(sorted(out.items()))


def kinds() -> list[str]:
    """Names of the catalogue files (``orbits``, ``gpus``, ...)."""
    _sync_layers()
    return list(_files())


def _suggest(word: str, options) -> str:
    close = difflib.get_close_matches(word, list(options), n=3)
    return f" Did you mean {', '.join(map(repr, close))}?" if close else ""


def _load_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{path}: not valid TOML: {exc}") from None


@functools.lru_cache(maxsize=None)
def _read(kind: str) -> tuple[dict, Path]:
    """The merged document of one kind over every layer (entries of a higher
    layer replace those of the same name; ``_files`` maps entry -> file) and
    the top-most file."""
    files = _files()
    if kind not in files:
        raise CatalogError(f"unknown catalogue kind {kind!r}; valid kinds: "
                           f"{', '.join(files)}.{_suggest(kind, files)}")
    doc: dict = {}
    origin: dict[str, Path] = {}
    path = files[kind][-1]
    for layer in files[kind]:
        d = _load_toml(layer)
        for key, val in d.items():
            if key in ("_meta", "_sources"):
                doc[key] = {**doc.get(key, {}), **val}
            else:
                doc[key] = val
                origin[key] = layer
    if "_meta" not in doc or "schema" not in doc["_meta"]:
        raise CatalogError(f"{path}: missing [_meta] schema = 'module:Class'")
    doc["_files"] = origin
    return doc, path


def _schema(doc: dict, path: Path):
    spec = doc["_meta"]["schema"]
    mod, _, qual = spec.partition(":")
    if not (isinstance(spec, str) and mod.split(".")[0] == "orbitalcompute" and qual):
        # a catalogue file is data: it may name only the package's own parameter sets
        raise CatalogError(f"{path}: [_meta] schema {spec!r} must be a parameter set of this "
                           f"package ('orbitalcompute.MODULE:Class'); nothing else is imported")
    try:
        cls = getattr(importlib.import_module(mod), qual)
    except (ImportError, AttributeError) as exc:
        raise CatalogError(f"{path}: [_meta] schema {spec!r} cannot be imported: {exc}") from None
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls) and quantity_fields(cls)):
        raise CatalogError(f"{path}: [_meta] schema {spec!r} is not a parameter set")
    return cls


def names(kind: str) -> list[str]:
    """Entry names in one catalogue file."""
    _sync_layers()
    doc, _ = _read(kind)
    return [k for k in doc if not k.startswith("_")]


def _expand_source(src: str, sources: dict, where: str) -> str:
    """Replace every ``@key`` with the citation from ``[_sources]``."""

    def sub(match):
        key = match.group(1)
        if key not in sources:
            raise CatalogError(f"{where}: source {src!r} refers to unknown [_sources] key {key!r}"
                               f"{_suggest(key, sources)}")
        return sources[key]

    return re.sub(r"@([A-Za-z_][A-Za-z0-9_]*)", sub, src)


def _parse_field(f, raw, defaults, sources, where) -> tuple[Any, Parameter]:
    m = f.metadata
    if not isinstance(raw, dict):
        raise CatalogError(f"{where}: expected an inline table {{value, unit, source, date}}, "
                           f"got {raw!r}")
    unknown = set(raw) - _FIELD_KEYS
    if unknown:
        k = sorted(unknown)[0]
        raise CatalogError(f"{where}: unknown key {k!r}; allowed: {', '.join(sorted(_FIELD_KEYS))}."
                           f"{_suggest(k, _FIELD_KEYS)}")
    for req in ("value", "unit"):
        if req not in raw:
            raise CatalogError(f"{where}: missing {req!r}")
    src = raw.get("source", defaults.get("source"))
    date = raw.get("date", defaults.get("date"))
    if not src:
        raise CatalogError(f"{where}: missing 'source' (every value needs a citation)")
    if not date:
        raise CatalogError(f"{where}: missing 'date' (when the value was taken from its source)")
    if raw["unit"] != m["unit"]:
        raise CatalogError(f"{where}: unit {raw['unit']!r} is wrong; this field is in {m['unit']!r}")
    value = raw["value"]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CatalogError(f"{where}: value must be a number, got {value!r}")
    value = float(value)
    if not _in_range(value, m):
        raise CatalogError(f"{where}: value {value:g} is outside the valid range "
                           f"{_range_text(m)} {m['unit']}")
    low, high = raw.get("low"), raw.get("high")
    for nm, b in (("low", low), ("high", high)):
        if b is not None and not _in_range(float(b), m):
            raise CatalogError(f"{where}: {nm} = {b:g} is outside the valid range "
                               f"{_range_text(m)} {m['unit']}")
    if low is not None and high is not None and not (low <= value <= high):
        raise CatalogError(f"{where}: value {value:g} is not inside [low, high] = [{low:g}, {high:g}]")
    dist = raw.get("distribution")
    if dist is not None and dist not in DISTRIBUTIONS:
        raise CatalogError(f"{where}: distribution {dist!r} unknown; valid: {', '.join(DISTRIBUTIONS)}")
    cy = raw.get("currency_year", defaults.get("currency_year"))
    if "USD" in m["unit"] and cy is None:
        raise CatalogError(f"{where}: money needs 'currency_year' (the year of the dollars)")
    p = Parameter(name=f.name, value=value, unit=m["unit"],
                  source=_expand_source(str(src), sources, where), date=str(date),
                  low=None if low is None else float(low), high=None if high is None else float(high),
                  distribution=dist, currency_year=cy, note=raw.get("note"))
    return value, p


def entry(kind: str, name: str) -> Entry:
    """Load one named parameter set with its provenance (from the highest
    catalogue layer that has it, see `set_user_dirs`).

    Raises
    ------
    CatalogError
        (a ``ValueError``) for an unknown kind/name (listing the valid ones) or
        a malformed entry (naming the file and key).
    """
    _sync_layers()
    return _entry(kind, name)


entry.cache_clear = lambda: _entry.cache_clear()  # type: ignore[attr-defined]


@functools.lru_cache(maxsize=None)
def _entry(kind: str, name: str) -> Entry:
    """Load one named parameter set with its provenance.

    Raises
    ------
    CatalogError
        (a ``ValueError``) for an unknown kind/name (listing the valid ones) or
        a malformed entry (naming the file and key).
    """
    doc, path = _read(kind)
    cls = _schema(doc, path)
    if name not in doc or name.startswith("_"):
        valid = names(kind)
        raise CatalogError(f"unknown {kind} entry {name!r}; valid names: {', '.join(valid)}."
                           f"{_suggest(name, valid)}")
    raw = doc[name]
    path = doc.get("_files", {}).get(name, path)
    sources = doc.get("_sources", {})
    defaults = {k: raw[k] for k in ("source", "date", "currency_year") if k in raw}
    qf = {f.name: f for f in quantity_fields(cls)}
    cf = {f.name: f for f in category_fields(cls)}
    allowed = set(qf) | set(cf) | _ENTRY_KEYS
    for key in raw:
        if key not in allowed:
            raise CatalogError(f"{path.name} [{name}]: unknown key {key!r} for {cls.__name__}."
                               f"{_suggest(key, allowed)}")
    values: dict[str, Any] = {}
    prov: dict[str, Parameter] = {}
    for fname, f in qf.items():
        where = f"{path.name} [{name}].{fname}"
        if fname not in raw:
            if f.default is MISSING:
                raise CatalogError(f"{where}: missing required parameter")
            continue
        values[fname], prov[fname] = _parse_field(f, raw[fname], defaults, sources, where)
    for fname, f in cf.items():
        where = f"{path.name} [{name}].{fname}"
        if fname not in raw:
            if f.default is MISSING:
                raise CatalogError(f"{where}: missing required parameter")
            continue
        v = raw[fname]
        choices = f.metadata["choices"]
        if not isinstance(v, str) or (choices and v not in choices):
            raise CatalogError(f"{where}: {v!r} is not one of {choices}")
        values[fname] = v
    obj = cls(**values)
    return Entry(kind=kind, name=name, description=str(raw.get("description", "")),
                 params=obj, provenance=prov, file=path)


def load(kind: str, name: str):
    """The typed, frozen parameter set ``name`` from ``models/<kind>.toml``."""
    return entry(kind, name).params


def provenance(kind: str, name: str) -> dict[str, Parameter]:
    """Per-field [`Parameter`][orbitalcompute.catalog.Parameter] records (value, unit, source, date, range)."""
    return entry(kind, name).provenance


def iter_entries() -> Iterator[Entry]:
    """Every entry of every catalogue file (loads and validates all)."""
    for k in kinds():
        for n in names(k):
            yield entry(k, n)


def validate_params(obj, expected: type | tuple[type, ...] | None = None, *,
                    name: str = "params"):
    """Validate a parameter object passed in by a caller (``params=``, a base
    design): it is an instance of ``expected`` (when given) and every field,
    nested ones included, lies in its declared range ([`validate`][orbitalcompute.catalog.validate]).

    ``ValueError`` names the argument, the field, the value and the valid
    range; a traced object (inside jit/vmap) is returned unchanged.  Public
    functions that accept a params object call this once at the boundary.
    """
    if expected is not None and not isinstance(obj, expected):
        want = expected if isinstance(expected, tuple) else (expected,)
        raise ValueError(f"{name} must be a {' or '.join(t.__name__ for t in want)}; "
                         f"got {type(obj).__name__} ({obj!r:.80})")
    if dataclasses.is_dataclass(obj) and quantity_fields(obj) + component_fields(obj) \
            + category_fields(obj):
        validate(obj, where=name)
    return obj
