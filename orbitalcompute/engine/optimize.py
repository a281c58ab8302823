"""Gradient-based design optimisation with constraints, and its dense-grid check.

[`minimize`][orbitalcompute.engine.optimize.minimize] minimises one output (e.g. ``orbital_cost_usd_per_gpu_h``)
over chosen continuous design variables inside box bounds, subject to
inequality constraints on other outputs (e.g. junction temperature below its
limit, lifetime above a floor, mass below a launcher's capacity), with SLSQP
(``scipy.optimize.minimize``) fed exact gradients and constraint Jacobians
from JAX reverse mode.  Several starts (the base design plus a Latin
hypercube) guard against local minima; the best feasible end point wins.

[`grid_search`][orbitalcompute.engine.optimize.grid_search] evaluates a dense grid over the same variables (2-3 of
them) with the vectorised engine; tests and users compare the two.

References
----------
Kraft, D. (1988), A software package for sequential quadratic programming,
DFVLR-FB 88-28 (SLSQP), via SciPy: Virtanen et al. (2020), Nature Methods 17,
261-272, doi:10.1038/s41592-019-0686-2.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

import jax
import jax.numpy as jnp
import numpy as np

from .evaluate import evaluate_designs, with_values
from .paths import get_path
from .sampling import unit_samples

__all__ = ["Constraint", "minimize", "grid_search", "OptimizationResult"]


@dataclass(frozen=True)
class Constraint:
    """``output <= le`` and/or ``output >= ge`` (in the output's units)."""

    output: str
    le: float | None = None
    ge: float | None = None

    def __post_init__(self):
        if self.le is None and self.ge is None:
            raise ValueError(f"constraint on {self.output!r}: give le and/or ge")
        if self.le is not None and self.ge is not None and not self.ge <= self.le:
            raise ValueError(f"constraint on {self.output!r}: ge = {self.ge} > le = {self.le}")

    def margins(self, out) -> list:
        """Non-negative when satisfied (scaled by the bound's magnitude)."""
        m = []
        v = out[self.output]
        if self.le is not None:
            m.append((self.le - v) / max(abs(self.le), 1.0))
        if self.ge is not None:
            m.append((v - self.ge) / max(abs(self.ge), 1.0))
        return m

    def satisfied(self, out, rtol: float = 1e-6) -> bool:
        return all(float(x) >= -rtol for x in self.margins(out))


@dataclass
class OptimizationResult:
    """Best design found by [`minimize`][orbitalcompute.engine.optimize.minimize]."""

    x: dict[str, float]
    objective: float
    outputs: dict[str, float]
    success: bool
    message: str
    n_starts: int
    n_converged: int
    active: list[str] = field(default_factory=list)
    starts: list[dict] = field(default_factory=list)

    def __str__(self):
        xs = ", ".join(f"{k} = {v:.6g}" for k, v in self.x.items())
        act = f"; active constraints: {', '.join(self.active)}" if self.active else ""
        return (f"objective {self.objective:.6g} at {xs} ({self.n_converged}/{self.n_starts} "
                f"starts converged{act})")


def _check_variables(base, variables):
    if not variables:
        raise ValueError("give at least one design variable with its (low, high) bounds")
    names = list(variables)
    lo = np.array([float(variables[n][0]) for n in names])
    hi = np.array([float(variables[n][1]) for n in names])
    for n, a, b in zip(names, lo, hi):
        get_path(base, n)  # unknown names -> suggestions
        if not (np.isfinite(a) and np.isfinite(b) and a < b):
            raise ValueError(f"design variable {n}: bounds [{a:g}, {b:g}] are empty or inverted")
    return names, lo, hi


def minimize(f: Callable, base, variables: Mapping[str, tuple[float, float]], objective: str,
             constraints: Sequence[Constraint] = (), *, n_starts: int = 8, seed: int = 0,
             maxiter: int = 300, ftol: float = 1e-12) -> OptimizationResult:
    """Minimise ``f(design)[objective]`` over ``variables`` subject to ``constraints``.

    Parameters
    ----------
    f : callable
        Pure ``f(pytree) -> dict`` (the pipeline).
    base : pytree
        Values of every parameter that is not a design variable.
    variables : mapping path -> (low, high)
        Design variables and their box bounds, e.g.
        ``{"orbit.altitude_km": (500, 1200), "spacecraft.radiator_temperature_k": (280, 360)}``.
    objective : str
        Output to minimise.
    constraints : sequence of [`Constraint`][orbitalcompute.engine.optimize.Constraint]
        Inequalities on outputs.  A ``feasible`` output, if ``f`` returns one,
        must also be true at the answer.
    n_starts : int
        Number of SLSQP starts: the base design (clipped to the bounds) and
        ``n_starts - 1`` Latin-hypercube points.

    Returns
    -------
    OptimizationResult
    """
    from scipy.optimize import minimize as sp_minimize

    names, lo, hi = _check_variables(base, variables)
    span = hi - lo
    constraints = list(constraints)
    paths = tuple(names)

    def outputs_at(z):
        x = jnp.asarray(lo) + z * jnp.asarray(span)
        # unstack (one concatenation in reverse mode), not x[k] per variable (a padded vector each)
        return f(with_values(base, paths, list(jnp.unstack(x))))

    def obj(z):
        return outputs_at(z)[objective]

    def cons(z):
        out = outputs_at(z)
        m = [jnp.atleast_1d(jnp.asarray(v, dtype=jnp.float64))
             for c in constraints for v in c.margins(out)]
        return jnp.concatenate(m) if m else jnp.zeros(0)

    obj_vg = jax.jit(jax.value_and_grad(obj))
    cons_f = jax.jit(cons)
    cons_j = jax.jit(jax.jacrev(cons))
    out_f = jax.jit(outputs_at)

    x0 = np.array([float(get_path(base, n)) if get_path(base, n) is not None else np.nan
                   for n in names])
    z0 = np.clip(np.nan_to_num((x0 - lo) / span, nan=0.5), 0.0, 1.0)
    starts = [z0] + list(unit_samples("lhs", max(n_starts - 1, 1), len(names), seed))
    starts = starts[: max(int(n_starts), 1)]
    y_scale = None
    for z in starts:  # objective scale from the first finite start
        v = float(obj_vg(jnp.asarray(z))[0])
        if np.isfinite(v) and v != 0.0:
            y_scale = abs(v)
            break
    if y_scale is None:
        raise ValueError(f"{objective} is non-finite or zero at every start; is any design "
                         f"inside the bounds feasible?")

    def fun(z):
        v, g = obj_vg(jnp.asarray(z))
        v, g = float(v), np.asarray(g, dtype=np.float64)
        if not np.isfinite(v):  # infeasible region: push back without NaN gradients
            return 1e6, np.zeros_like(g)
        return v / y_scale, g / y_scale

    sp_cons = []
    if constraints:
        sp_cons.append({"type": "ineq", "fun": lambda z: np.asarray(cons_f(jnp.asarray(z))),
                        "jac": lambda z: np.asarray(cons_j(jnp.asarray(z)))})
    runs = []
    for z in starts:
        r = sp_minimize(fun, np.asarray(z, dtype=np.float64), jac=True, method="SLSQP",
                        bounds=[(0.0, 1.0)] * len(names), constraints=sp_cons,
                        options={"maxiter": maxiter, "ftol": ftol})
        zz = np.clip(r.x, 0.0, 1.0)
        out = {k: np.asarray(v) for k, v in out_f(jnp.asarray(zz)).items()}
        feasible = bool(np.isfinite(out[objective])) and all(c.satisfied(out) for c in constraints)
        if "feasible" in out:
            feasible &= bool(out["feasible"])
        runs.append({"z": zz, "objective": float(out[objective]), "outputs": out,
                     "success": bool(r.success), "feasible": feasible, "message": str(r.message)})
    good = [r for r in runs if r["feasible"]]
    if not good:
        best = min(runs, key=lambda r: np.nan_to_num(r["objective"], nan=np.inf))
        ok = False
        msg = "no start reached a feasible design satisfying every constraint"
    else:
        best = min(good, key=lambda r: r["objective"])
        ok = True
        msg = best["message"]
    x = {n: float(lo[k] + best["z"][k] * span[k]) for k, n in enumerate(names)}
    active = []
    for c in constraints:
        for bound, v in (("le", c.le), ("ge", c.ge)):
            if v is not None and abs(float(best["outputs"][c.output]) - v) <= 1e-6 * max(abs(v), 1):
                active.append(f"{c.output} {'<=' if bound == 'le' else '>='} {v:g}")
    for k, n in enumerate(names):
        if best["z"][k] <= 1e-9 or best["z"][k] >= 1 - 1e-9:
            active.append(f"{n} at {'lower' if best['z'][k] <= 0.5 else 'upper'} bound")
    return OptimizationResult(
        x=x, objective=best["objective"],
        outputs={k: float(v) if np.ndim(v) == 0 else v for k, v in best["outputs"].items()},
        success=ok, message=msg, n_starts=len(runs),
        n_converged=sum(r["success"] for r in runs), active=active,
        starts=[{"x": {n: float(lo[k] + r["z"][k] * span[k]) for k, n in enumerate(names)},
                 "objective": r["objective"], "feasible": r["feasible"]} for r in runs])


#: most points per axis of a dense grid check
MAX_GRID_CHECK = 10**4
#: most points of a dense grid check in all
MAX_GRID_CHECK_POINTS = 10**7


def grid_search(f: Callable, base, variables: Mapping[str, tuple[float, float]], objective: str,
                constraints: Sequence[Constraint] = (), *, num: int = 201) -> dict:
    """Best feasible point of a dense ``num``-per-axis grid (vectorised).

    Returns ``{"x": {path: value}, "objective": value, "spacing": {path: step},
    "n_feasible": count, "n": total}``; ``objective`` is NaN when no grid
    point is feasible.
    """
    from ..validation import check_count, check_size

    names, lo, hi = _check_variables(base, variables)
    num = check_count("grid_check (points per axis)", num, 1, MAX_GRID_CHECK)
    check_size("grid_check points", num ** len(names), MAX_GRID_CHECK_POINTS,
               f"({num:,} per axis over {len(names)} variables) ")
    axes = [np.linspace(a, b, int(num)) for a, b in zip(lo, hi)]
    mesh = np.stack([m.ravel() for m in np.meshgrid(*axes, indexing="ij")], axis=1)
    needed = [objective] + sorted({c.output for c in constraints})
    out = evaluate_designs(f, base, names, mesh)
    missing = [k for k in needed if k not in out]
    if missing:
        raise ValueError(f"unknown output(s) {missing}; available: {', '.join(sorted(out))}")
    y = np.asarray(out[objective], dtype=np.float64)
    ok = np.isfinite(y)
    if "feasible" in out:
        ok &= np.asarray(out["feasible"], dtype=bool)
    for c in constraints:
        for m in c.margins(out):
            ok &= np.asarray(m) >= 0
    spacing = {n: float(a[1] - a[0]) if a.size > 1 else 0.0 for n, a in zip(names, axes)}
    if not ok.any():
        return {"x": {}, "objective": float("nan"), "spacing": spacing, "n_feasible": 0,
                "n": int(y.size)}
    i = int(np.argmin(np.where(ok, y, np.inf)))
    return {"x": {n: float(mesh[i, k]) for k, n in enumerate(names)}, "objective": float(y[i]),
            "spacing": spacing, "n_feasible": int(ok.sum()), "n": int(y.size)}


# --------------------------------------------------------------------------
# TOML study files
# --------------------------------------------------------------------------

_OPT_KEYS = {"name", "scenario", "base", "function", "objective", "starts", "seed", "grid_check",
             "description"}


def load_optimization(path, *, allow_imports: bool = False) -> dict:
    """Read an optimisation study file:

        [optimize]
        scenario = "default"                       # or base = "module:name"
        objective = "orbital_cost_usd_per_gpu_h"
        starts = 8
        grid_check = 41                            # optional: dense grid per axis (2-3 variables)

        [variables]
        "orbit.altitude_km" = [500, 1200]          # [low, high]

        [constraints]
        "junction_temperature_k" = {le = 358.0}

    Returns the keyword arguments of [`minimize`][orbitalcompute.engine.optimize.minimize] plus ``f``, ``base``,
    ``grid_check`` and ``name``.  ``base``/``function`` may name only the
    package's registered functions ([`file_references`][orbitalcompute.engine.spec.file_references])
    unless ``allow_imports`` is true.
    """
    import tomllib
    from pathlib import Path

    from ..validation import check_count
    from .spec import DEFAULT_FUNCTION, _hint, _import, check_reference, relative_paths, resolve_base

    path = Path(path)
    if not path.is_file():
        raise ValueError(f"optimisation file {str(path)!r} does not exist")
    where = str(path)
    try:
        with open(path, "rb") as fh:
            doc = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{where}: not valid TOML: {exc}") from None
    for t in doc:
        if t not in ("optimize", "variables", "constraints"):
            raise ValueError(f"{where}: unknown table [{t}]; valid: optimize, variables, "
                             f"constraints.{_hint(t, ('optimize', 'variables', 'constraints'))}")
    relative_paths(doc, "optimize", path)
    head = doc.get("optimize", {})
    for k in head:
        if k not in _OPT_KEYS:
            raise ValueError(f"{where}: unknown key [optimize].{k}.{_hint(k, _OPT_KEYS)}")
    if "objective" not in head:
        raise ValueError(f"{where}: [optimize] needs objective = 'OUTPUT'")
    base, _ = resolve_base(head, where=where, allow_imports=allow_imports)
    f = _import(check_reference(head.get("function", DEFAULT_FUNCTION), key="[optimize].function",
                                where=where, allow_imports=allow_imports))
    variables = {}
    from .spec import _flatten

    for p, v in _flatten(doc.get("variables", {}), {"low", "high"}).items():
        if isinstance(v, dict):
            v = (v.get("low"), v.get("high"))
        if not isinstance(v, (list, tuple)) or len(v) != 2:
            raise ValueError(f"{where}: [variables] {p} must be [low, high]; got {v!r}")
        try:
            variables[p] = (float(v[0]), float(v[1]))
        except (TypeError, ValueError):
            raise ValueError(f"{where}: [variables] {p} = {v!r}: bounds must be numbers") from None
    constraints = []
    for out, v in doc.get("constraints", {}).items():
        if not isinstance(v, dict) or set(v) - {"le", "ge"}:
            raise ValueError(f"{where}: [constraints] {out} must be {{le = ..}} and/or {{ge = ..}}")
        constraints.append(Constraint(out, le=v.get("le"), ge=v.get("ge")))
    _check_variables(base, variables)
    return {"f": f, "base": base, "variables": variables, "objective": head["objective"],
            "constraints": constraints,
            "n_starts": check_count(f"{where}: [optimize].starts", head.get("starts", 8), 1, 10**4),
            "seed": check_count(f"{where}: [optimize].seed", head.get("seed", 0), 0, 2**63 - 1),
            "grid_check": None if head.get("grid_check") is None else check_count(
                f"{where}: [optimize].grid_check", head["grid_check"], 1, MAX_GRID_CHECK),
            "name": head.get("name", path.stem)}
