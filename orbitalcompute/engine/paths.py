"""Dotted-path access to parameters inside a (nested) parameter pytree.

A design parameter is addressed by a dotted path from the base pytree, e.g.
``orbit.altitude_km`` or ``spacecraft.radiator_temperature_k``.  The base may
be a nested [`orbitalcompute.catalog.parameter_set`][orbitalcompute.catalog.parameter_set] (a frozen dataclass)
or plain ``dict`` pytrees (used by the generic test functions).  All helpers
are pure and work on traced values, so [`set_path`][orbitalcompute.engine.paths.set_path] can be used inside
``jax.jit``/``vmap``/``grad``.
"""

from __future__ import annotations

import dataclasses
import difflib
from typing import Any, Iterator

from ..scenario import with_path

__all__ = ["get_path", "set_path", "iter_paths", "numeric_paths", "field_meta",
           "check_path", "describe", "PathError"]


class PathError(ValueError):
    """An unknown parameter path (the message suggests the closest valid ones)."""


def _children(obj) -> Iterator[tuple[str, Any, dict]]:
    """(name, value, metadata) of the direct children of a node."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield f.name, getattr(obj, f.name), dict(f.metadata)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield str(k), v, {}


def _is_node(obj) -> bool:
    return (dataclasses.is_dataclass(obj) and not isinstance(obj, type)) or isinstance(obj, dict)


def iter_paths(obj, prefix: str = "") -> Iterator[tuple[str, Any, dict]]:
    """Every dotted path in ``obj`` (components, quantities, categories), depth first."""
    for name, value, meta in _children(obj):
        path = f"{prefix}{name}"
        yield path, value, meta
        if _is_node(value):
            yield from iter_paths(value, prefix=path + ".")


def numeric_paths(obj) -> list[str]:
    """Paths of the numeric leaves (quantities) that ``jax.grad`` reaches.

    Optional quantities that are ``None`` in ``obj`` are left out.
    """
    out = []
    for path, value, meta in iter_paths(obj):
        if _is_node(value) or value is None or isinstance(value, str):
            continue
        if meta.get("kind", "quantity") == "quantity":
            out.append(path)
    return out


def _suggest(path: str, valid: list[str]) -> str:
    close = difflib.get_close_matches(path, valid, n=3, cutoff=0.5)
    if not close:  # try on the last segment alone (a typo in the field name)
        last = path.rsplit(".", 1)[-1]
        tails = {p.rsplit(".", 1)[-1]: p for p in valid}
        close = [tails[t] for t in difflib.get_close_matches(last, list(tails), n=3, cutoff=0.6)]
    return f" Did you mean {', '.join(map(repr, close))}?" if close else ""


def check_path(obj, path: str) -> tuple[Any, dict]:
    """Value and field metadata at ``path``; raises [`PathError`][orbitalcompute.engine.paths.PathError] naming
    the closest valid paths for an unknown one."""
    node, meta = obj, {}
    parts = path.split(".")
    for i, part in enumerate(parts):
        found = False
        for name, value, m in _children(node):
            if name == part:
                node, meta, found = value, m, True
                break
        if not found:
            valid = [p for p, _, _ in iter_paths(obj)]
            raise PathError(f"unknown parameter {path!r}.{_suggest(path, valid)} "
                            f"Valid parameters include: {', '.join(valid[:12])}"
                            f"{' ...' if len(valid) > 12 else ''}")
    return node, meta


def get_path(obj, path: str):
    """The value at dotted ``path``."""
    return check_path(obj, path)[0]


def field_meta(obj, path: str) -> dict:
    """Field metadata (``kind``, ``unit``, ``ge``... from [`orbitalcompute.catalog`][orbitalcompute.catalog])."""
    return check_path(obj, path)[1]


def set_path(obj, path: str, value):
    """A copy of ``obj`` with the value at ``path`` replaced (pure; jit-safe):
    `orbitalcompute.scenario.with_path`, with an unknown path raised as
    [`PathError`][orbitalcompute.engine.paths.PathError] naming the closest valid ones."""
    try:
        return with_path(obj, path, value)
    except (KeyError, TypeError):
        check_path(obj, path)  # raises with suggestions
        raise PathError(f"cannot set {path!r}: {type(obj).__name__} has no fields") from None


def describe(obj) -> dict[str, Any]:
    """Flat ``{path: value}`` of every leaf (numbers as float, categories as str)."""
    out = {}
    for path, value, _ in iter_paths(obj):
        if _is_node(value):
            continue
        if value is None or isinstance(value, (str, bool)):
            out[path] = value
        else:
            try:
                out[path] = float(value)
            except (TypeError, ValueError):
                import numpy as np

                out[path] = np.asarray(value).tolist()
    return out
