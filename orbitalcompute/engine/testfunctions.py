"""Functions with known answers, for testing and benchmarking the engine.

They follow the engine's contract (a pure JAX ``f(pytree) -> dict`` of one
scalar per output), live in the package so Dask workers can import them, and
come with their closed-form results.

References
----------
Ishigami, T. & Homma, T. (1990), An importance quantification technique in
uncertainty analysis for computer models, Proc. ISUMA '90, 398-403,
doi:10.1109/ISUMA.1990.151285.  Closed-form Sobol indices: Sobol' & Levitan
(1999), Comput. Phys. Commun. 117, 52-61, doi:10.1016/S0010-4655(98)00156-8;
also SALib's ``SALib.test_functions.Ishigami``.
"""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp

__all__ = ["ishigami", "ishigami_base", "ishigami_sobol_indices", "quadratic",
           "quadratic_base", "disc", "slow_quadratic",
           "rosenbrock_disc"]


def ishigami_base() -> dict:
    """Base design for [`ishigami`][orbitalcompute.engine.testfunctions.ishigami] (``x1..x3`` in [-pi, pi], a = 7, b = 0.1)."""
    return {"x": {"x1": 0.0, "x2": 0.0, "x3": 0.0}, "a": 7.0, "b": 0.1}


def ishigami(p) -> dict:
    r"""The Ishigami function.

    $$
    y = \sin x_1 + a \sin^2 x_2 + b\, x_3^4 \sin x_1
    $$
    """
    x = p["x"]
    y = jnp.sin(x["x1"]) + p["a"] * jnp.sin(x["x2"]) ** 2 + p["b"] * x["x3"] ** 4 * jnp.sin(x["x1"])
    return {"y": y}


def ishigami_sobol_indices(a: float = 7.0, b: float = 0.1) -> dict[str, tuple]:
    r"""Closed-form first-order (S1) and total (ST) Sobol indices of
    [`ishigami`][orbitalcompute.engine.testfunctions.ishigami] for independent uniform inputs on [-pi, pi].

    $$
    V = \tfrac{a^2}{8} + \tfrac{b\pi^4}{5} + \tfrac{b^2\pi^8}{18} + \tfrac12,\quad
    V_1 = \tfrac12\big(1 + \tfrac{b\pi^4}{5}\big)^2,\quad V_2 = \tfrac{a^2}{8},\quad
    V_{13} = \tfrac{8 b^2 \pi^8}{225}
    $$
    """
    pi = math.pi
    v = a**2 / 8 + b * pi**4 / 5 + b**2 * pi**8 / 18 + 0.5
    v1 = 0.5 * (1 + b * pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = 8 * b**2 * pi**8 / 225
    return {"S1": (v1 / v, v2 / v, 0.0), "ST": ((v1 + v13) / v, v2 / v, v13 / v)}


def quadratic_base() -> dict:
    """Base design for [`quadratic`][orbitalcompute.engine.testfunctions.quadratic]."""
    return {"design": {"x": 0.0, "y": 0.0}, "target": {"x": 1.0, "y": 2.0}}


def quadratic(p) -> dict:
    r"""A bowl with a linear constraint: minimise
    $(x - x_t)^2 + (y - y_t)^2$ subject to $x + y \le 2$.

    With the default target (1, 2) the constrained optimum is (0.5, 1.5) with
    objective 0.5 (Lagrange: the gradient of the bowl is parallel to (1, 1)
    on the line x + y = 2).
    """
    d, t = p["design"], p["target"]
    obj = (d["x"] - t["x"]) ** 2 + (d["y"] - t["y"]) ** 2
    return {"objective": obj, "sum_xy": d["x"] + d["y"]}


def disc(p) -> dict:
    """Quadratic with a feasibility mask: designs outside the unit disc are
    infeasible (NaN objective, ``reason_code`` 1), as the pipeline does."""
    d = p["design"]
    r2 = d["x"] ** 2 + d["y"] ** 2
    feasible = r2 <= 1.0
    obj = jnp.where(feasible, (d["x"] - 0.5) ** 2 + d["y"] ** 2, jnp.nan)
    return {"objective": obj, "feasible": feasible,
            "reason_code": jnp.where(feasible, 0, 1).astype(jnp.int32)}


def slow_quadratic(p) -> dict:
    """[`quadratic`][orbitalcompute.engine.testfunctions.quadratic]'s objective plus a 3000-step dependent loop whose result is
    multiplied by zero: same answer, measurable time per chunk (for
    interruption tests)."""
    out = quadratic(p)
    y = jax.lax.fori_loop(0, 3000, lambda i, v: jnp.cos(v), out["objective"])
    return {"objective": out["objective"] + 0.0 * y}


def rosenbrock_disc(p) -> dict:
    r"""Rosenbrock's function with the unit-disc constraint as an output:
    minimise $(1 - x)^2 + 100 (y - x^2)^2$ subject to
    $x^2 + y^2 \le 1$.

    Published optimum: (x, y) = (0.7864, 0.6177), objective 0.04567
    (MathWorks, "Nonlinear Inequality Constraints", Optimization Toolbox
    documentation, fmincon example; https://www.mathworks.com/help/optim/ug/
    nonlinear-inequality-constraints.html).
    """
    d = p["design"]
    return {"objective": (1 - d["x"]) ** 2 + 100 * (d["y"] - d["x"] ** 2) ** 2,
            "radius2": d["x"] ** 2 + d["y"] ** 2}
