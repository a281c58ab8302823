r"""Gradients and elasticities of a scalar function of a parameter pytree,
keyed by dotted path.  The one implementation: `orbitalcompute.pipeline.gradients`
/ `elasticities`, `orbitalcompute.economics.gradients` / `elasticities` and
`orbitalcompute.engine.sensitivity` all call these.
"""

from __future__ import annotations

from typing import Callable

import jax

__all__ = ["path_of", "leaves_by_path", "value_and_gradients", "elasticities_from_gradients"]


def path_of(keypath) -> str:
    """Dotted path (``launch.vehicle.payload_sso_kg``) of a JAX key path."""
    parts = []
    for k in keypath:
        name = getattr(k, "name", None)
        if name is None:
            name = getattr(k, "key", None)
        if name is None:
            name = getattr(k, "idx", k)
        parts.append(str(name))
    return ".".join(parts)


def leaves_by_path(tree) -> dict:
    """``{dotted path: leaf}`` of a pytree."""
    return {path_of(p): v for p, v in jax.tree_util.tree_flatten_with_path(tree)[0]}


def value_and_gradients(fn: Callable, params):
    """``(fn(params), {dotted path: d fn / d leaf})`` for a scalar ``fn`` (reverse mode).

    Examples
    --------
    >>> y, g = value_and_gradients(lambda p: p["a"] * p["b"] ** 2, {"a": 2.0, "b": 3.0})
    >>> float(y), float(g["a"]), float(g["b"])
    (18.0, 9.0, 12.0)
    >>> e = elasticities_from_gradients(y, g, {"a": 2.0, "b": 3.0})
    >>> float(e["a"]), float(e["b"])
    (1.0, 2.0)
    """
    y, g = jax.value_and_grad(fn)(params)
    return y, leaves_by_path(g)


def elasticities_from_gradients(value, gradients: dict, params) -> dict:
    r"""``{dotted path: (x_i / y) dy/dx_i}`` from a value and its gradients
    (a leaf at zero gives 0).

    $$\varepsilon_i = \frac{\partial \ln y}{\partial \ln x_i} = \frac{x_i}{y}\frac{\partial y}{\partial x_i}$$
    """
    x = leaves_by_path(params)
    return {p: g * x[p] / value for p, g in gradients.items()}
