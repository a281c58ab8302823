r"""Break-even in any numeric input: the value of one scenario path at which the
orbital cost per delivered GPU-hour equals each terrestrial site's (and the
cheapest site's).

For a path $p$ with value $x$, the cost differences

$$d_k(x) = c_{orb}(x) - c_k(x), \qquad k \in \{\text{sites}\} \cup \{\min\},\quad c_{\min}(x) = \min_j c_j(x)$$

are scanned on a grid over the search range (linear, or logarithmic when the
range is positive and spans more than a factor 100), the sign change nearest
the nominal value is taken as the bracket, and `orbitalcompute.core.rootfind.bracketed_root`
refines it, all sites at once in one jitted, vectorised call (and over a batch of
designs when the scenario's leaves carry a leading design axis).  Only the public
`orbitalcompute.pipeline.evaluate` and `orbitalcompute.scenario.with_path` are
used, so any numeric path the scenario has (found at run time) works.

**Search range rule** (when ``bounds`` is not given): with the catalogue range
$[l, h]$ of the parameter (or $l = h = x_0$ and span $|x_0|$ when it has none),
span $w = h - l$, and the field's physical domain $[g, u]$ (its ``ge``/``gt`` and
``le``/``lt``; open ends moved inwards by $10^{-9}$ relative),

$$x_{lo} = \max(g,\ l - 10\,w), \qquad x_{hi} = \min(u,\ h + 10\,w).$$

A break-even outside that range is reported as none ("none in [lo, hi]"):
NaN value, ``exists = False`` and a message naming the path and range.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import math
from dataclasses import dataclass, field

import jax
import jax.numpy as jnp
import numpy as np

from ..core.rootfind import bracketed_root
from ..pipeline import evaluate
from ..scenario import Scenario, numeric_paths, with_path

__all__ = ["BreakevenResult", "breakeven", "breakeven_paths", "breakeven_frontier", "rank_by_distance",
           "rank_with_results", "search_range", "field_meta", "N_GRID", "WIDEN"]

#: grid points of the bracketing scan
N_GRID = 49
#: widening of the catalogue range, in spans, on each side (clipped to the domain)
WIDEN = 10.0
ORBITAL = "orbital_cost_usd_per_gpu_h"
CHEAPEST = "cheapest"


def _leaf(obj, path: str):
    for part in path.split("."):
        obj = obj[part] if isinstance(obj, dict) else getattr(obj, part)
    return obj


def field_meta(scenario: Scenario, path: str) -> dict:
    """Catalogue metadata (``unit``, ``ge``, ``gt``, ``le``, ``lt``) of the field at ``path``."""
    head, _, name = path.rpartition(".")
    parent = _leaf(scenario, head) if head else scenario
    if dataclasses.is_dataclass(parent):
        for f in dataclasses.fields(parent):
            if f.name == name:
                return dict(f.metadata)
    return {}


def check_path(scenario: Scenario, path: str) -> str:
    """``path`` if it is a numeric leaf of ``scenario``, else ``ValueError`` with near matches."""
    paths = numeric_paths(scenario)
    if path in paths:
        return path
    near = difflib.get_close_matches(path, paths, n=5, cutoff=0.5)
    try:
        _leaf(scenario, path)
        what = "is not numeric (a category or a component, not a number)"
    except (AttributeError, KeyError, TypeError):
        what = "does not exist in the scenario"
    hint = f"; did you mean {', '.join(near)}?" if near else "; `orbitalcompute catalog` lists the parameters"
    raise ValueError(f"break-even path {path!r} {what}{hint}")


def search_range(scenario: Scenario, path: str, provenance: dict | None = None) -> tuple[float, float]:
    """The default search range of ``path`` (the rule in the module docstring)."""
    x0 = float(np.ravel(np.asarray(_leaf(scenario, path)))[0])
    p = (provenance or {}).get(path)
    if p is not None and p.low is not None and p.high is not None and p.low < p.high:
        lo, hi = float(p.low), float(p.high)
        w = hi - lo
    else:
        lo = hi = x0
        w = abs(x0) if x0 != 0 else 1.0
    m = field_meta(scenario, path)
    g = m.get("ge")
    if g is None and m.get("gt") is not None:
        g = m["gt"] + 1e-9 * max(1.0, abs(m["gt"]))
    u = m.get("le")
    if u is None and m.get("lt") is not None:
        u = m["lt"] - 1e-9 * max(1.0, abs(m["lt"]))
    a = lo - WIDEN * w if g is None else max(g, lo - WIDEN * w)
    b = hi + WIDEN * w if u is None else min(u, hi + WIDEN * w)
    return float(a), float(b)


def site_names(s: Scenario) -> list[str]:
    """Site names in the order the kernel stacks them (a pytree round trip sorts dict keys)."""
    return list(jax.tree_util.tree_map(lambda v: v, s.sites))


def _diffs(s: Scenario, path, x):
    """``[c_orb - c_site for each site] + [c_orb - min_site]`` at ``path = x`` (scalar x);
    ``path`` is a dotted path or a setter ``(s, x) -> scenario``."""
    out = evaluate(path(s, x) if callable(path) else with_path(s, path, x))
    site = jnp.stack([out[f"site_{n}_cost_usd_per_gpu_h"] for n in site_names(s)])
    return out[ORBITAL] - jnp.concatenate([site, jnp.min(site)[None]])


def _grid(lo, hi, n):
    t = jnp.linspace(0.0, 1.0, n)
    use_log = (lo > 0) & (hi > 100.0 * lo)
    lin = lo + (hi - lo) * t
    lg = jnp.exp(jnp.log(jnp.where(use_log, lo, 1.0)) + (jnp.log(jnp.where(use_log, hi, 2.0))
                                                          - jnp.log(jnp.where(use_log, lo, 1.0))) * t)
    return jnp.where(use_log, lg, lin)


def solve_kernel(s: Scenario, path: str, lo, hi, x0, n_grid: int = N_GRID, xtol_rel: float = 1e-12):
    """Pure-JAX break-even of one design: ``(root[K], exists[K], no_effect[K])``, K = sites + 1.

    Differentiable in ``s`` (implicit function theorem through `bracketed_root`).
    """
    xs = _grid(lo, hi, n_grid)
    d = jax.vmap(lambda x: _diffs(s, path, x))(xs)            # (G, K)
    fin = jnp.isfinite(d)
    change = (jnp.sign(d[:-1]) * jnp.sign(d[1:]) <= 0) & fin[:-1] & fin[1:]   # (G-1, K)
    mid = 0.5 * (xs[:-1] + xs[1:])
    dist = jnp.where(change, jnp.abs(mid - x0)[:, None], jnp.inf)
    i = jnp.argmin(dist, axis=0)                              # (K,)
    any_change = jnp.any(change, axis=0)
    a, b = xs[i], xs[i + 1]
    scale = jnp.max(jnp.where(fin, jnp.abs(d), 0.0), axis=0)
    no_effect = jnp.all(jnp.abs(d - d[:1]) <= 1e-12 * jnp.maximum(scale, 1e-300), axis=0) & jnp.all(fin, axis=0)
    k = np.arange(d.shape[1])  # a constant: f is a non-differentiable argument of the custom JVP

    def f(x, s):  # x: (K,) one trial value per target
        return jax.vmap(lambda xk, kk: _diffs(s, path, xk)[kk])(x, k)

    root, conv, brk = bracketed_root(f, a, b, s, xtol_rel=xtol_rel)
    ok = any_change & brk & conv & ~no_effect
    return jnp.where(ok, root, jnp.nan), ok, no_effect


@functools.lru_cache(maxsize=64)
def _jitted(path: str, batched_axes, n_grid: int):
    fn = functools.partial(solve_kernel, path=path, n_grid=n_grid)
    if batched_axes is not None:  # (treedef, per-leaf 0 or -1): hashable for the cache
        treedef, flags = batched_axes
        batched_axes = jax.tree_util.tree_unflatten(treedef, [0 if f == 0 else None for f in flags])
    if batched_axes is None:
        return jax.jit(lambda s, lo, hi, x0: fn(s, lo=lo, hi=hi, x0=x0))
    return jax.jit(jax.vmap(lambda s, lo, hi, x0: fn(s, lo=lo, hi=hi, x0=x0),
                            in_axes=(batched_axes, None, None, 0)))


@dataclass(frozen=True)
class BreakevenResult:
    """Break-even of one path against every site and the cheapest site.

    ``value_by_site`` maps each site name and ``"cheapest"`` to the break-even
    value (NaN where there is none in ``[lo, hi]``; arrays for a batch of designs).
    """

    path: str
    unit: str
    nominal: float
    lo: float
    hi: float
    value_by_site: dict
    exists_by_site: dict
    no_effect: bool
    messages: dict = field(default_factory=dict)

    @property
    def value(self):
        """Break-even value against the cheapest site."""
        return self.value_by_site[CHEAPEST]

    def to_dict(self) -> dict:
        conv = lambda v: (v.tolist() if np.ndim(v) else (None if not np.isfinite(v) else float(v)))  # noqa: E731
        return {"path": self.path, "unit": self.unit, "nominal": self.nominal, "lo": self.lo, "hi": self.hi,
                "no_effect": self.no_effect,
                "value_by_site": {k: conv(np.asarray(v, dtype=float)) for k, v in self.value_by_site.items()},
                "exists_by_site": {k: np.asarray(v).tolist() for k, v in self.exists_by_site.items()},
                "messages": dict(self.messages)}


def _no_effect_reason(s: Scenario, path: str) -> str | None:
    if path == "launch.price_usd_per_kg" and getattr(s.launch, "price_model", None) == "curve":
        return ("launch.price_usd_per_kg has no effect: launch.price_model = 'curve' takes the price "
                "from launch.curve (use a scenario with price_model = 'fixed')")
    if path.startswith(_WORKLOAD_ONLY):
        return (f"{path} has no effect on the orbital-minus-site cost: workload classes and links enter only "
                f"the workload_<w>_* outputs (pipeline.workload_outputs)")
    return None


#: Scenario components that feed only the ``workload_<w>_*`` outputs (pipeline.workload_outputs),
#: never the orbital or site cost that a break-even equalises.
_WORKLOAD_ONLY = ("workloads.", "comm_links.")


def _batch_axes(s: Scenario, path: str):
    leaf = np.asarray(_leaf(s, path))
    if leaf.ndim == 0:
        return None, None
    n = leaf.shape[0]
    leaves, treedef = jax.tree_util.tree_flatten(s)
    flags = tuple(0 if (np.ndim(v) >= 1 and np.shape(v)[0] == n) else -1 for v in leaves)
    return (treedef, flags), n


def breakeven(scenario: Scenario, path: str, *, bounds: tuple[float, float] | None = None,
              provenance: dict | None = None, n_grid: int = N_GRID) -> BreakevenResult:
    r"""Value of ``path`` at which the orbital cost equals each site's cost.

    Parameters
    ----------
    scenario : Scenario
        One design, or a batch (every batched leaf with the same leading axis,
        including the leaf at ``path``).
    path : str
        A numeric dotted path of the scenario (``gpu.unit_price_usd``,
        ``sites.<name>.electricity_price_usd_per_kwh``, ...).
    bounds : (float, float), optional
        Search range; default: the module's rule from the catalogue range
        (``provenance``) and the field's domain.
    provenance : dict, optional
        ``scenario_provenance(name)``, for the catalogue low/high.

    Returns
    -------
    BreakevenResult

    Raises
    ------
    ValueError
        ``path`` does not exist or is not numeric (near matches listed); a
        ``bounds`` that is not finite and increasing.
    """
    check_path(scenario, path)
    lo, hi = bounds if bounds is not None else search_range(scenario, path, provenance)
    lo, hi = float(lo), float(hi)
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise ValueError(f"break-even bounds for {path} must be finite with lo < hi, got [{lo:g}, {hi:g}]")
    axes, n = _batch_axes(scenario, path)
    x0 = np.asarray(_leaf(scenario, path), dtype=float)
    root, ok, no_eff = _jitted(path, axes, int(n_grid))(scenario, lo, hi, jnp.asarray(x0))
    return _result(scenario, path, lo, hi, x0, np.asarray(root), np.asarray(ok), np.asarray(no_eff),
                   batched=axes is not None)


def _result(scenario: Scenario, path: str, lo: float, hi: float, x0, root, ok, no_eff,
            batched: bool = False) -> BreakevenResult:
    """The `BreakevenResult` of `solve_kernel`'s ``(root, exists, no_effect)``
    (each ``(K,)``, or ``(n, K)`` when ``batched``) for ``path``."""
    axes = True if batched else None
    names = site_names(scenario) + [CHEAPEST]
    take = (lambda a, k: a[k]) if axes is None else (lambda a, k: a[:, k])
    values = {nm: take(root, k) for k, nm in enumerate(names)}
    exists = {nm: take(ok, k) for k, nm in enumerate(names)}
    reason = _no_effect_reason(scenario, path)
    no_effect = bool(reason) or bool(np.all(no_eff))
    msgs = {}
    for nm in names:
        if no_effect:
            msgs[nm] = reason or f"{path} has no effect on the orbital-minus-{nm} cost in [{lo:g}, {hi:g}]"
        elif not np.all(exists[nm]):
            msgs[nm] = f"no break-even of {path} against {nm} in [{lo:g}, {hi:g}]"
    if reason:
        values = {k: np.full_like(np.asarray(v, dtype=float), np.nan) for k, v in values.items()}
        exists = {k: np.zeros_like(np.asarray(v, dtype=bool)) for k, v in exists.items()}
    if axes is None:
        values = {k: float(v) for k, v in values.items()}
        exists = {k: bool(v) for k, v in exists.items()}
    return BreakevenResult(path=path, unit=str(field_meta(scenario, path).get("unit", "")),
                           nominal=float(np.ravel(x0)[0]) if axes is None else float(np.ravel(x0).mean()),
                           lo=lo, hi=hi, value_by_site=values, exists_by_site=exists,
                           no_effect=no_effect, messages=msgs)


@functools.lru_cache(maxsize=8)
def _paths_jit(batched_axes, n_grid: int, batch_size: int):
    from jax.flatten_util import ravel_pytree

    def one(s, idx, lo, hi, x0):  # one design, P paths: vmap over the index of the varied leaf
        def per_path(i, a, b, c):
            def setter(ss, x):
                flat, unravel = ravel_pytree(ss)
                return unravel(flat.at[i].set(x))
            return solve_kernel(s, setter, a, b, c, n_grid)
        return jax.vmap(per_path)(idx, lo, hi, x0)

    if batched_axes is None:
        return jax.jit(one)
    treedef, flags = batched_axes

    def run(s, idx, lo, hi, x0):
        leaves = jax.tree_util.tree_leaves(s)
        batched = [v for v, f in zip(leaves, flags) if f == 0]
        fixed = [None if f == 0 else v for v, f in zip(leaves, flags)]

        def design(args):
            b, x0_d = args
            it = iter(b)
            s_d = jax.tree_util.tree_unflatten(treedef, [next(it) if f == 0 else v for v, f in zip(fixed, flags)])
            return one(s_d, idx, lo, hi, x0_d)
        # designs in chunks of batch_size (vmapped inside a chunk): bounded memory, one compiled call
        return jax.lax.map(design, (batched, x0), batch_size=batch_size)
    return jax.jit(run)


def breakeven_paths(scenario: Scenario, paths, *, provenance: dict | None = None, n_grid: int = N_GRID,
                    batch_size: int = 1024) -> dict:
    r"""Break-even of several paths, for one design or a batch, in ONE jitted call.

    The scenario is flattened (`jax.flatten_util.ravel_pytree`) and the one-path
    kernel is vmapped over the index of the leaf being varied, and mapped over the
    designs of a batch (``jax.lax.map`` in chunks of ``batch_size``, vmapped within a
    chunk): no Python loop over paths or designs.  Search ranges follow the module's
    rule (`search_range`).

    Parameters
    ----------
    scenario : Scenario
        One design, or a batch (every batched leaf with the same leading axis).
    paths : sequence of str
        Numeric dotted paths (each checked: a bad one raises ``ValueError`` naming it).
    provenance : dict, optional
        ``scenario_provenance(name)`` for the catalogue ranges.

    Returns
    -------
    dict
        ``{path: BreakevenResult}`` with the same content as `breakeven` per path
        (arrays over the designs of a batch).
    """
    from jax.flatten_util import ravel_pytree

    paths = list(paths)
    if not paths:
        raise ValueError("breakeven_paths needs at least one path")
    for p in paths:
        check_path(scenario, p)
    names = numeric_paths(scenario)
    leaves, treedef = jax.tree_util.tree_flatten(scenario)
    n = None
    for p in paths:
        leaf = np.asarray(_leaf(scenario, p))
        if leaf.ndim:
            n = leaf.shape[0]
    if n is None:
        flat, _ = ravel_pytree(scenario)
        if flat.shape[0] != len(names):
            raise ValueError("breakeven_paths: batch the varied paths too (every batched leaf with one leading axis)")
        axes = None
    else:
        flags = tuple(0 if (np.ndim(v) >= 1 and np.shape(v)[0] == n) else -1 for v in leaves)
        axes = (treedef, flags)
    single = jax.tree_util.tree_map(lambda v: np.ravel(np.asarray(v))[0] if np.ndim(v) else v, scenario)
    idx = np.array([names.index(p) for p in paths])
    rng = np.array([search_range(single, p, provenance) for p in paths])
    x0 = np.stack([np.broadcast_to(np.asarray(_leaf(scenario, p), dtype=float), () if n is None else (n,))
                   for p in paths], axis=-1)
    root, ok, no_eff = _paths_jit(axes, int(n_grid), int(batch_size))(
        scenario, jnp.asarray(idx), jnp.asarray(rng[:, 0]), jnp.asarray(rng[:, 1]), jnp.asarray(x0))
    root, ok, no_eff = np.asarray(root), np.asarray(ok), np.asarray(no_eff)
    out = {}
    for j, p in enumerate(paths):
        r, o, ne = (root[j], ok[j], no_eff[j]) if n is None else (root[:, j], ok[:, j], no_eff[:, j])
        out[p] = _result(single, p, float(rng[j, 0]), float(rng[j, 1]), x0[..., j], r, o, ne,
                         batched=n is not None)
    return out


@functools.lru_cache(maxsize=16)
def _frontier_jit(px: str, py: str, n_grid: int):
    def run(s, xs, lo, hi, y0):
        return jax.vmap(lambda x: solve_kernel(with_path(s, px, x), py, lo, hi, y0, n_grid))(xs)
    return jax.jit(run)


def breakeven_frontier(scenario: Scenario, path_x: str, path_y: str, n: int = 41, *,
                       bounds_x=None, bounds_y=None, provenance: dict | None = None,
                       n_grid: int = N_GRID) -> dict:
    r"""The 2-D break-even frontier: for ``n`` values of ``path_x`` over its search
    range, the value of ``path_y`` at which orbit equals each site and the cheapest.

    One jitted call (``vmap`` over the ``path_x`` grid of the one-path kernel).

    Returns
    -------
    dict
        ``x`` (n,), ``y_by_site`` {site or "cheapest": (n,)} (NaN: none in the
        ``path_y`` range), ``exists_by_site``, ``nominal_x``, ``nominal_y``,
        ``range_x``, ``range_y``, ``unit_x``, ``unit_y``, ``path_x``, ``path_y``.
    """
    check_path(scenario, path_x)
    check_path(scenario, path_y)
    if path_x == path_y:
        raise ValueError(f"break-even frontier needs two different paths, got {path_x!r} twice")
    if int(n) < 2:
        raise ValueError(f"frontier grid size n must be >= 2, got {n}")
    ax = bounds_x or search_range(scenario, path_x, provenance)
    ay = bounds_y or search_range(scenario, path_y, provenance)
    xs = jnp.linspace(float(ax[0]), float(ax[1]), int(n))
    y0 = float(np.asarray(_leaf(scenario, path_y)))
    root, ok, _ = _frontier_jit(path_x, path_y, int(n_grid))(scenario, xs, float(ay[0]), float(ay[1]), y0)
    names = site_names(scenario) + [CHEAPEST]
    root, ok = np.asarray(root), np.asarray(ok)
    return {"path_x": path_x, "path_y": path_y, "x": np.asarray(xs),
            "y_by_site": {nm: root[:, k] for k, nm in enumerate(names)},
            "exists_by_site": {nm: ok[:, k] for k, nm in enumerate(names)},
            "nominal_x": float(np.asarray(_leaf(scenario, path_x))), "nominal_y": y0,
            "range_x": tuple(map(float, ax)), "range_y": tuple(map(float, ay)),
            "unit_x": str(field_meta(scenario, path_x).get("unit", "")),
            "unit_y": str(field_meta(scenario, path_y).get("unit", ""))}


def _finite_or_none(v):
    return float(v) if np.isfinite(v) else None


@functools.lru_cache(maxsize=1)
def _ends_jit():
    """``(scenario, idx[P], x[P, E]) -> orbital / cheapest-site cost [P, E]`` with leaf ``idx`` set to ``x``."""
    from jax.flatten_util import ravel_pytree

    def run(s, idx, xs):
        flat, unravel = ravel_pytree(s)

        def one(i, x):
            ss = unravel(flat.at[i].set(x))
            out = evaluate(ss)
            site = jnp.stack([out[f"site_{n}_cost_usd_per_gpu_h"] for n in site_names(s)])
            return out[ORBITAL] / jnp.min(site)
        return jax.vmap(lambda i, row: jax.vmap(lambda x: one(i, x))(row))(idx, xs)
    return jax.jit(run)


@functools.lru_cache(maxsize=4)
def _rank_jit(n_grid: int):
    from jax.flatten_util import ravel_pytree

    def run(s, idx, lo, hi, x0):
        flat, unravel = ravel_pytree(s)

        def one(i, a, b, c):
            return solve_kernel(s, lambda ss, x: unravel(ravel_pytree(ss)[0].at[i].set(x)), a, b, c, n_grid)
        return jax.vmap(one)(idx, lo, hi, x0)
    return jax.jit(run)


def rank_by_distance(scenario: Scenario, provenance: dict, *, n_grid: int = N_GRID) -> list[dict]:
    r"""Every numeric input with a catalogue range ($l < h$), ranked by how far its
    break-even value (against the cheapest site) lies from nominal, in units of
    its own range:

    $$\delta = \frac{x^* - x_0}{h - l} \quad\text{(uniform)}, \qquad
    \delta = \frac{\ln x^* - \ln x_0}{\ln h - \ln l} \quad\text{(log-uniform)}.$$

    All candidate paths are solved in ONE jitted call: the scenario is flattened
    (`jax.flatten_util.ravel_pytree`) and the kernel is vmapped over the index of
    the leaf being varied, so there is no Python loop over paths or designs.
    Sorted by $|\delta|$; inputs with no break-even in their search range follow,
    with a message.  One design only (not a batch).

    Each row also says whether the break-even lies inside the catalogue range
    (``in_range``: outside it, it is an extrapolation the sources do not support)
    and carries the input's leverage within that range: the ratio orbit / cheapest
    site with the input alone at its catalogue ``low`` and ``high`` ends
    (``ratio_at_low``, ``ratio_at_high``; ``best_ratio`` and ``best_end`` the lower
    of the two; ``nominal_ratio`` at the nominal scenario), so inputs that close
    most of the gap are visible even when none breaks even.
    """
    return rank_with_results(scenario, provenance, n_grid=n_grid)[0]


def rank_with_results(scenario: Scenario, provenance: dict, *, n_grid: int = N_GRID):
    """``(rank_by_distance rows, {path: BreakevenResult})``: the ranking and every
    candidate's break-even against each site and the cheapest (what `breakeven`
    gives for that path) from the same one jitted call."""
    from jax.flatten_util import ravel_pytree

    paths = numeric_paths(scenario)
    flat, _ = ravel_pytree(scenario)
    if flat.shape[0] != len(paths):
        raise ValueError("rank_by_distance needs a single design (scalar leaves), not a batch")
    cand = [(i, p) for i, p in enumerate(paths) if p in provenance and provenance[p].low is not None
            and provenance[p].high is not None and provenance[p].low < provenance[p].high
            and not p.startswith(_WORKLOAD_ONLY)]  # structurally without effect: not solved
    idx = np.array([i for i, _ in cand])
    rng = np.array([search_range(scenario, p, provenance) for _, p in cand])
    x0 = np.asarray(flat)[idx]
    root, ok, no_eff = _rank_jit(int(n_grid))(scenario, jnp.asarray(idx), jnp.asarray(rng[:, 0]),
                                              jnp.asarray(rng[:, 1]), jnp.asarray(x0))
    root_all, ok_all, no_eff_all = np.asarray(root), np.asarray(ok), np.asarray(no_eff)
    results = {p: _result(scenario, p, float(rng[k, 0]), float(rng[k, 1]), x0[k], root_all[k], ok_all[k],
                          no_eff_all[k]) for k, (_, p) in enumerate(cand)}
    root, ok, no_eff = root_all[:, -1], ok_all[:, -1], no_eff_all[:, -1]
    # leverage: orbit / cheapest site with the input at each end of its catalogue range (one call)
    ends = np.array([[provenance[p].low, provenance[p].high] for _, p in cand], dtype=float)
    ratio = np.asarray(_ends_jit()(scenario, jnp.asarray(idx), jnp.asarray(ends)))       # (P, 2)
    nominal_ratio = float(np.asarray(_ends_jit()(scenario, jnp.asarray(idx[:1]), jnp.asarray(x0[:1, None])))[0, 0])
    rows = []
    for k, (_, p) in enumerate(cand):
        par = provenance[p]
        log = (par.distribution or "").lower() in ("loguniform", "log-uniform", "log_uniform")
        reason = _no_effect_reason(scenario, p)
        row = {"path": p, "unit": str(field_meta(scenario, p).get("unit", "")), "nominal": float(x0[k]),
               "low": float(par.low), "high": float(par.high), "search_lo": float(rng[k, 0]),
               "search_hi": float(rng[k, 1]), "log": log, "breakeven": None, "distance": None,
               "in_range": False, "message": "", "nominal_ratio": nominal_ratio,
               "ratio_at_low": _finite_or_none(ratio[k, 0]), "ratio_at_high": _finite_or_none(ratio[k, 1])}
        fin = [(v, e) for v, e in ((ratio[k, 0], "low"), (ratio[k, 1], "high")) if np.isfinite(v)]
        row["best_ratio"], row["best_end"] = (float(min(fin)[0]), min(fin)[1]) if fin else (None, None)
        if reason or no_eff[k]:
            row["message"] = reason or f"{p} has no effect on the orbital-minus-cheapest cost"
        elif not ok[k]:
            row["message"] = f"none in [{rng[k, 0]:g}, {rng[k, 1]:g}]"
        else:
            xs = float(root[k])
            row["breakeven"] = xs
            row["in_range"] = bool(par.low <= xs <= par.high)
            if log and xs > 0 and x0[k] > 0:
                row["distance"] = (math.log(xs) - math.log(x0[k])) / (math.log(par.high) - math.log(par.low))
            else:
                row["distance"] = (xs - x0[k]) / (par.high - par.low)
        rows.append(row)
    found = sorted((r for r in rows if r["distance"] is not None), key=lambda r: abs(r["distance"]))
    return found + [r for r in rows if r["distance"] is None], results
