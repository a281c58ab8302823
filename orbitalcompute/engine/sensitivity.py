"""Local and global sensitivities: reverse-mode gradients and elasticities,
one-at-a-time tornado swings, and variance-based Sobol indices (SALib).

Local (at a design)
    [`gradients`][orbitalcompute.engine.sensitivity.gradients] — $\\partial y / \\partial x_i$ for every numeric
    parameter at once by reverse-mode autodiff (one backward pass, whatever
    the number of parameters); [`elasticities`][orbitalcompute.engine.sensitivity.elasticities] — the dimensionless
    $\\varepsilon_i = (\\partial y/\\partial x_i)\\, x_i / y$ (percent change
    of the output per percent change of the input).
One-at-a-time
    [`tornado_swings`][orbitalcompute.engine.sensitivity.tornado_swings] / [`tornado_chart`][orbitalcompute.engine.sensitivity.tornado_chart] — the output with each
    parameter at the low and the high end of its range (others at base).
Global
    [`sobol_indices`][orbitalcompute.engine.sensitivity.sobol_indices] — first-order and total Sobol indices with bootstrap
    confidence intervals (Saltelli 2010 estimators via SALib).

References
----------
Saltelli, A. et al. (2010), Variance based sensitivity analysis of model
output. Design and estimator for the total sensitivity index, Comput. Phys.
Commun. 181, 259-270, doi:10.1016/j.cpc.2009.09.018.
Herman, J. & Usher, W. (2017), SALib: An open-source Python library for
sensitivity analysis, JOSS 2(9), 97, doi:10.21105/joss.00097.
Griewank, A. & Walther, A. (2008), Evaluating Derivatives, 2nd ed., SIAM
(reverse mode costs a small constant times one evaluation).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import jax
import jax.numpy as jnp
import numpy as np

from ..core import autodiff as _ad
from .evaluate import evaluate_designs, with_values
from .paths import get_path, numeric_paths
from .sampling import transform

__all__ = ["gradients", "elasticities", "gradient_function", "tornado_swings", "tornado_chart",
           "sobol_indices", "SobolResult"]


def _as_float_tree(base):
    return jax.tree_util.tree_map(lambda x: jnp.asarray(x, dtype=jnp.float64), base)


def _scalar_output(f, output):
    def g(p):
        out = f(p)
        if output not in out:
            import difflib

            close = difflib.get_close_matches(output, list(out), n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise ValueError(f"unknown output {output!r}.{hint} Available: {', '.join(sorted(out))}")
        return out[output]
    return g


def gradients(f: Callable, base, output: str, paths: Sequence[str] | None = None
              ) -> dict[str, float]:
    """Gradient of one output w.r.t. every numeric parameter (reverse mode).

    Parameters
    ----------
    f : callable
        Pure ``f(pytree) -> dict`` (e.g. [`orbitalcompute.pipeline.evaluate`][orbitalcompute.pipeline.evaluate]).
    base : pytree
        The design at which to differentiate.
    output : str
        Output name, e.g. ``"orbital_cost_usd_per_gpu_h"``.
    paths : sequence of str, optional
        Report only these parameters (default: every numeric leaf).

    Returns
    -------
    dict
        ``{path: dy/dx}`` in [output unit / parameter unit].
    """
    paths = list(paths) if paths is not None else numeric_paths(base)
    _, g = _value_and_gradients(f, base, output)
    return {p: float(g[p]) for p in paths}


def _value_and_gradients(f, base, output):
    """``(y, {path: dy/dx})`` by `orbitalcompute.core.autodiff.value_and_gradients`."""
    y, g = jax.jit(lambda t: _ad.value_and_gradients(_scalar_output(f, output), t))(_as_float_tree(base))
    return float(y), g


def elasticities(f: Callable, base, output: str, paths: Sequence[str] | None = None
                 ) -> dict[str, float]:
    r"""Elasticities $\varepsilon_i = \frac{\partial y}{\partial x_i}\frac{x_i}{y}$
    (`orbitalcompute.core.autodiff.elasticities_from_gradients`).

    A parameter at zero has elasticity 0 (a relative change of zero is zero).
    """
    paths = list(paths) if paths is not None else numeric_paths(base)
    y, g = _value_and_gradients(f, base, output)
    if not np.isfinite(y) or y == 0.0:
        raise ValueError(f"{output} = {y} at the base design: elasticities are undefined "
                         f"(infeasible base design?)")
    e = _ad.elasticities_from_gradients(y, {p: g[p] for p in paths}, base)
    return {p: float(e[p]) for p in paths}


def gradient_function(f: Callable, base, output: str, paths: Sequence[str],
                      batch_size: int | None = 1024):
    """A jitted ``(values (n, len(paths))) -> (value (n,), grad (n, len(paths)))``
    for many designs at once (reverse mode per design).

    ``batch_size`` designs are vmapped together and the batches run in a
    loop (``jax.lax.map``): reverse mode keeps every intermediate of the
    forward pass, and batches keep those in cache (1024 measured 5-25 %
    faster than 256, which pays the loop's per-batch cost more often, and
    than one vmap over 1e5 designs, on the 2-core CPU; ``benchmarks/
    bench_engine.py`` section 2).  ``None``: one vmap.

    The row of values is split with `jax.numpy.unstack`, whose
    transpose is one concatenation of the per-parameter cotangents.  Indexing
    ``row[k]`` once per parameter instead would transpose into one zero-padded
    full-length vector per parameter, summed: $O(P^2)$ work per design
    for $P$ parameters (with the 159 parameters of the default scenario
    that made value+gradient ~4x slower; issue 6).
    """
    paths = tuple(paths)

    def one(row):
        return _scalar_output(f, output)(with_values(base, paths, list(jnp.unstack(row))))

    vg = jax.value_and_grad(one)
    if batch_size is None:
        return jax.jit(jax.vmap(vg))
    return jax.jit(lambda x: jax.lax.map(vg, x, batch_size=int(batch_size)))


def tornado_swings(f: Callable, base, output: str,
                   ranges: Mapping[str, tuple[float, float]]) -> dict:
    """The output with each parameter at its low and at its high value.

    All ``2 n + 1`` designs are evaluated in one vectorised call.

    Returns
    -------
    dict
        ``{"base": y0, "names": [...], "low": array, "high": array,
        "swing": |high - low|}`` sorted by decreasing swing.
    """
    names = list(ranges)
    if not names:
        raise ValueError("tornado: no parameter ranges given")
    base_vals = np.array([float(get_path(base, p)) for p in names])
    rows = [base_vals]
    for k, p in enumerate(names):
        lo, hi = ranges[p]
        if not lo < hi:
            raise ValueError(f"tornado: {p} range [{lo}, {hi}] is empty or inverted")
        for v in (lo, hi):
            r = base_vals.copy()
            r[k] = v
            rows.append(r)
    y = evaluate_designs(f, base, names, np.array(rows), outputs=[output])[output]
    low, high = y[1::2], y[2::2]
    swing = np.abs(high - low)
    order = np.argsort(-np.nan_to_num(swing, nan=-1.0))
    return {"base": float(y[0]), "names": [names[i] for i in order], "low": low[order],
            "high": high[order], "swing": swing[order],
            "ranges": {names[i]: tuple(ranges[names[i]]) for i in order}}


def tornado_chart(swings: dict, path=None, *, unit: str | None = None, output: str = "",
                  max_bars: int = 15, source_note: str = ""):
    """Draw [`tornado_swings`][orbitalcompute.engine.sensitivity.tornado_swings] with [`orbitalcompute.plots.tornado`][orbitalcompute.plots.tornado];
    when ``path`` is given write ``path.png`` and ``path.svg``.  Returns the figure."""
    from pathlib import Path

    from .. import plots
    from ..units import unit_of

    unit = unit or unit_of(output) or ""
    labels = [f"{n} [{swings['ranges'][n][0]:g} .. {swings['ranges'][n][1]:g}]"
              for n in swings["names"]]
    fig = plots.tornado(labels, swings["low"], swings["high"], swings["base"],
                        unit=f"{output} [{unit}]" if output else unit, max_bars=max_bars,
                        source_note=source_note)
    if path is not None:
        path = Path(path)
        plots.save(fig, path.parent, path.stem)
    return fig


@dataclass(frozen=True)
class SobolResult:
    """First-order (S1) and total (ST) Sobol indices with confidence half-widths.

    ``S1_conf``/``ST_conf`` are half-widths of the ``conf_level`` bootstrap
    confidence intervals.  ``trustworthy`` is True when every half-width is
    below ``tolerance`` (absolute, in index units).
    """

    names: tuple
    S1: np.ndarray
    S1_conf: np.ndarray
    ST: np.ndarray
    ST_conf: np.ndarray
    n_base: int
    n_evaluations: int
    conf_level: float
    tolerance: float

    @property
    def trustworthy(self) -> bool:
        return bool(np.all(self.S1_conf < self.tolerance) and np.all(self.ST_conf < self.tolerance))

    def table(self) -> str:
        rows = [f"{'parameter':40s} {'S1':>7s} {'+-':>6s} {'ST':>7s} {'+-':>6s}"]
        for k in np.argsort(-self.ST):
            rows.append(f"{self.names[k]:40s} {self.S1[k]:7.3f} {self.S1_conf[k]:6.3f} "
                        f"{self.ST[k]:7.3f} {self.ST_conf[k]:6.3f}")
        rows.append(f"({self.n_evaluations} evaluations, {int(self.conf_level * 100)} % CIs; "
                    f"{'all' if self.trustworthy else 'NOT all'} half-widths < {self.tolerance})")
        return "\n".join(rows)


def sobol_indices(f: Callable, base, params: Sequence, output: str, *, n: int = 4096,
                  seed: int = 0, conf_level: float = 0.95, num_resamples: int = 200,
                  tolerance: float = 0.05, chunk_size: int = 65536) -> SobolResult:
    """Variance-based (Sobol) sensitivity indices of ``output``.

    Parameters
    ----------
    f, base : the function and base design (see [`gradients`][orbitalcompute.engine.sensitivity.gradients]).
    params : sequence of [`Sampled`][orbitalcompute.engine.spec.Sampled]
        The uncertain parameters with their ranges and distributions
        (e.g. ``Sampled.from_provenance`` from the catalogue).
    output : str
        Output to analyse.
    n : int
        Base sample size N (a power of two); the model is evaluated
        ``N (d + 2)`` times (Saltelli scheme without second-order terms).
    conf_level, num_resamples : bootstrap confidence level and resamples.
    tolerance : float
        CI half-width below which an index is called trustworthy.

    Notes
    -----

    $$
    S_i = \\frac{V[E(Y|X_i)]}{V(Y)},\\qquad
    S_{T_i} = \\frac{E[V(Y|X_{\\sim i})]}{V(Y)}
    $$

    Inputs are sampled in the unit hypercube by SALib's Saltelli/Sobol'
    scheme and mapped through each parameter's inverse CDF
    ([`orbitalcompute.engine.sampling.transform`][orbitalcompute.engine.sampling.transform]); the indices therefore
    refer to the distributions given, not only to uniform ranges.

    Raises
    ------
    ValueError
        If any sampled design is infeasible/non-finite (Sobol indices need a
        finite output everywhere; narrow the ranges or analyse a feasible
        sub-region).
    """
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    params = list(params)
    d = len(params)
    if d < 1:
        raise ValueError("sobol_indices: give at least one parameter")
    if int(n) < 2 or (int(n) & (int(n) - 1)):
        raise ValueError(f"sobol_indices: n = {n} must be a power of two >= 2")
    names = [p.path for p in params]
    problem = {"num_vars": d, "names": names, "bounds": [[0.0, 1.0]] * d}
    u = sobol_sample.sample(problem, int(n), calc_second_order=False, seed=seed)
    x = np.column_stack([transform(u[:, k], p.low, p.high, p.distribution, p.nominal)
                         for k, p in enumerate(params)])
    out = evaluate_designs(f, base, names, x, outputs=None, chunk_size=chunk_size)
    if output not in out:
        raise ValueError(f"unknown output {output!r}; available: {', '.join(sorted(out))}")
    y = np.asarray(out[output], dtype=np.float64)
    bad = ~np.isfinite(y)
    if "feasible" in out:
        bad |= ~np.asarray(out["feasible"], dtype=bool)
    if bad.any():
        raise ValueError(f"sobol_indices: {int(bad.sum())} of {y.size} sampled designs are "
                         f"infeasible or give non-finite {output}; narrow the parameter ranges")
    res = sobol_analyze.analyze(problem, y, calc_second_order=False, num_resamples=num_resamples,
                                conf_level=conf_level, seed=seed)
    return SobolResult(names=tuple(names), S1=np.asarray(res["S1"]),
                       S1_conf=np.asarray(res["S1_conf"]), ST=np.asarray(res["ST"]),
                       ST_conf=np.asarray(res["ST_conf"]), n_base=int(n), n_evaluations=y.size,
                       conf_level=conf_level, tolerance=tolerance)
