"""Monte Carlo uncertainty: output distributions, convergence check, and the
probability that orbit beats each terrestrial site.

[`monte_carlo`][orbitalcompute.engine.uncertainty.monte_carlo] draws every uncertain parameter from its catalogue range
and distribution (a [`Sweep`][orbitalcompute.engine.spec.Sweep] with a
``sample`` axis, so it streams to a store, resumes and runs on Dask like any
sweep), then summarises each output over the feasible draws.

Convergence check
    The draws are split into ``n_batches`` equal batches (batch means,
    e.g. Law (2015), Simulation Modeling and Analysis, 5th ed., sec. 9.5.3).
    The 95 % half-width of the mean is ``t_{0.975, B-1} s_B / sqrt(B)`` over
    the B batch means, and each reported quantile is recomputed on the first
    half of the draws; an output is *converged* when the mean's relative
    half-width and the relative change of every quantile between half and
    all draws are below ``rtol``.
Probability of beating a site
    [`probability_below`][orbitalcompute.engine.uncertainty.probability_below] gives P(orbit < site) with a Wilson score
    interval (Wilson 1927, JASA 22, 209-212, doi:10.1080/01621459.1927.10502953);
    infeasible draws count as orbit *not* beating the site.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

import numpy as np
from scipy import stats

from ..catalog import catalog_dir
from .run import run_sweep
from .spec import Sampled, Sweep

__all__ = ["monte_carlo", "UncertaintyResult", "probability_below", "convergence",
           "sampled_from_provenance", "DEFAULT_STUDY", "load_uncertainty", "default_study_params"]


#: the one definition of "the default uncertainty study": its ``[sample]`` list
#: (which inputs are uncertain), ``seed``, outputs and convergence settings are
#: what both ``orbitalcompute uncertainty`` (no FILE) and ``orbitalcompute report`` use.
DEFAULT_STUDY = catalog_dir() / "studies" / "default_uncertainty.toml"


def sampled_from_provenance(provenance: Mapping, paths: Sequence[str] | None = None
                            ) -> list[Sampled]:
    """[`Sampled`][orbitalcompute.engine.uncertainty.Sampled] axes for every parameter (or ``paths``) that has a
    catalogue low/high range."""
    out = []
    for p, rec in provenance.items():
        if paths is not None and p not in paths:
            continue
        if getattr(rec, "low", None) is not None and getattr(rec, "high", None) is not None \
                and rec.low < rec.high:
            out.append(Sampled.from_provenance(p, rec))
    if paths is not None:
        missing = set(paths) - {s.path for s in out}
        if missing:
            raise ValueError(f"no catalogue low/high range for: {', '.join(sorted(missing))}")
    return out


def convergence(values, quantiles=(0.05, 0.5, 0.95), n_batches: int = 20,
                rtol: float = 0.01) -> dict:
    """Batch-means and half-vs-all convergence diagnostics of one output.

    ``values`` are the finite feasible draws in draw order.
    """
    v = np.asarray(values, dtype=np.float64)
    n = v.size
    res = {"n": int(n), "rtol": rtol, "converged": False}
    if n < 2 * n_batches:
        res["reason"] = f"too few feasible draws ({n}) for {n_batches} batches"
        return res
    m = n // n_batches
    means = v[: m * n_batches].reshape(n_batches, m).mean(axis=1)
    mean = float(v.mean())
    half = float(stats.t.ppf(0.975, n_batches - 1) * means.std(ddof=1) / np.sqrt(n_batches))
    q_all = np.quantile(v, quantiles)
    q_half = np.quantile(v[: n // 2], quantiles)
    scale = np.maximum(np.abs(q_all), np.finfo(float).tiny)
    q_change = np.abs(q_all - q_half) / scale
    rel_half = half / max(abs(mean), np.finfo(float).tiny)
    res.update(mean=mean, mean_halfwidth_95=half, mean_rel_halfwidth=float(rel_half),
               quantile_rel_change=dict(zip([f"q{int(round(q * 100)):02d}" for q in quantiles],
                                            map(float, q_change))))
    res["converged"] = bool(rel_half < rtol and np.all(q_change < rtol))
    return res


def probability_below(a, b, feasible=None, conf_level: float = 0.95) -> dict:
    """P(a < b) over paired draws with a Wilson score interval.

    ``b`` may be a scalar (a site's cost) or an array paired with ``a``.
    Draws where ``feasible`` is false or ``a`` is not finite count as
    *not below* (an infeasible orbital design does not beat anything).
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.broadcast_to(np.asarray(b, dtype=np.float64), a.shape)
    ok = np.isfinite(a) & np.isfinite(b)
    if feasible is not None:
        ok &= np.asarray(feasible, dtype=bool)
    n = a.size
    if n == 0:
        raise ValueError("probability_below: no draws")
    k = int(np.sum(ok & (a < b)))
    z = stats.norm.ppf(0.5 + conf_level / 2)
    p = k / n
    denom = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denom
    hw = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    return {"p": p, "low": float(max(centre - hw, 0.0)), "high": float(min(centre + hw, 1.0)),
            "n": n, "k": k, "conf_level": conf_level}


@dataclass
class UncertaintyResult:
    """Monte Carlo results: the draws (``dataset``), per-output summaries and
    convergence diagnostics, and probabilities of beating each site."""

    dataset: object
    summary: dict
    convergence: dict
    beats: dict = field(default_factory=dict)

    @property
    def converged(self) -> bool:
        return all(c.get("converged", False) for c in self.convergence.values())

    def report(self) -> str:
        lines = []
        for k, s in self.summary.items():
            if not isinstance(s, dict) or "q50" not in s:
                continue
            c = self.convergence.get(k, {})
            unit = f" [{s['units']}]" if s["units"] else ""
            why = ""
            if not c.get("converged"):
                worst = max(c.get("quantile_rel_change", {}).items(), key=lambda kv: kv[1],
                            default=("", 0.0))
                why = (f": mean rel. 95 % half-width {c.get('mean_rel_halfwidth', float('nan')):.2g},"
                       f" largest half-vs-all quantile change {worst[0]} {worst[1]:.2g}")
            lines.append(f"{k}{unit}: median {s['q50']:.4g}, 90 % interval "
                         f"[{s['q05']:.4g}, {s['q95']:.4g}], mean {s['mean']:.4g} "
                         f"(feasible {s['n']}/{s['n'] + s['n_infeasible']}; "
                         f"{'converged' if c.get('converged') else 'NOT converged'} at "
                         f"rtol {c.get('rtol')}{why})")
        for site, pr in self.beats.items():
            lines.append(f"P(orbit beats {site}) = {pr['p']:.4g} "
                         f"[{pr['low']:.2g}, {pr['high']:.2g}] ({int(pr['conf_level'] * 100)} % CI, "
                         f"{pr['k']}/{pr['n']} draws)")
        return "\n".join(lines)


def monte_carlo(f: Callable | str, base, params: Sequence[Sampled], n: int, *, seed: int = 0,
                outputs: Sequence[str] | None = None, orbit_output: str | None = None,
                sites: Mapping[str, float | str] | str | None = None, store=None,
                resume: bool = False, overwrite: bool = False, quiet: bool = True,
                dask=None, rtol: float = 0.01, n_batches: int = 20,
                chunk_size: int = 65536) -> UncertaintyResult:
    """Monte Carlo over parameter ranges.

    Parameters
    ----------
    f : callable or 'module:name'
        The function (the pipeline).
    base : pytree
        Nominal design.
    params : sequence of Sampled
        Uncertain parameters (e.g. [`sampled_from_provenance`][orbitalcompute.engine.uncertainty.sampled_from_provenance]).
    n : int
        Number of draws (plain pseudo-random, so the batch-means statistics
        are valid; ``seed`` fixes them).
    orbit_output, sites : optional
        ``sites`` maps a site name to its cost (a number, same unit as
        ``orbit_output``) or to the name of an output holding it, or is
        ``"all"`` (every ``site_<name>_cost_usd_per_gpu_h`` output of the
        pipeline); the result's ``beats`` then gives P(orbit_output < site)
        per site.
    store, resume, overwrite, quiet, dask, chunk_size
        As for [`orbitalcompute.engine.run_sweep`][orbitalcompute.engine.run_sweep].
    rtol, n_batches
        Convergence criterion (see the module docstring).
    """
    from .summary import feasible_mask, summarize

    sw = Sweep(base=base, sampled=list(params), method="montecarlo", n_samples=int(n),
               seed=seed, function=f, outputs=outputs, chunk_size=chunk_size,
               name="monte_carlo")
    ds = run_sweep(sw, store, resume=resume, overwrite=overwrite, quiet=quiet, dask=dask)
    summ = summarize(ds)
    mask = feasible_mask(ds)
    conv = {}
    for k in ds.data_vars:
        if np.dtype(ds[k].dtype).kind != "f":
            continue
        v = np.asarray(ds[k].values)
        conv[k] = convergence(v[mask & np.isfinite(v)], n_batches=n_batches, rtol=rtol)
    beats = {}
    if sites == "all":  # every per-site cost output of the pipeline
        import re

        pat = re.compile(r"^site_(.+)_cost_usd_per_gpu_h$")
        sites = {m.group(1): k for k in ds.data_vars if (m := pat.match(k))}
        if not sites:
            raise ValueError("sites = 'all' but the results have no site_<name>_cost_usd_per_gpu_h "
                             "outputs")
    if sites:
        if orbit_output is None:
            raise ValueError("give orbit_output (the orbital cost output) to compare with sites")
        a = np.asarray(ds[orbit_output].values)
        for site, ref in sites.items():
            b = np.asarray(ds[ref].values) if isinstance(ref, str) else float(ref)
            beats[site] = probability_below(a, b, feasible=mask)
    return UncertaintyResult(dataset=ds, summary=summ, convergence=conv, beats=beats)


_UQ_KEYS = {"orbit_output", "sites", "rtol", "batches"}


def load_uncertainty(path, *, allow_imports: bool = False) -> dict:
    """Read a Monte Carlo study: a sweep file (``[sweep]`` with ``samples``,
    ``seed``, ``scenario``/``base``, ``function``; ``[sample]`` axes, which may
    say ``"catalog"``) plus an optional ``[uncertainty]`` table:

        [uncertainty]
        orbit_output = "orbital_cost_usd_per_gpu_h"
        rtol = 0.01
        [uncertainty.sites]                 # site -> number or output name
        memphis = "terrestrial_cost_usd_per_gpu_h"

    Returns keyword arguments for [`monte_carlo`][orbitalcompute.engine.uncertainty.monte_carlo] (and ``name``).
    ``allow_imports=True`` lets the file's ``base``/``function`` name any Python
    ``module:name`` (arbitrary code; see `orbitalcompute.engine.spec.check_reference`).
    """
    import tomllib
    from pathlib import Path

    from .spec import _hint, parse_sweep, relative_paths

    path = Path(path)
    if not path.is_file():
        raise ValueError(f"uncertainty file {str(path)!r} does not exist")
    with open(path, "rb") as fh:
        doc = tomllib.load(fh)
    relative_paths(doc, "sweep", path)
    uq = doc.pop("uncertainty", {})
    for k in uq:
        if k not in _UQ_KEYS:
            raise ValueError(f"{path}: unknown key [uncertainty].{k}.{_hint(k, _UQ_KEYS)}")
    if doc.get("grid") or doc.get("categorical"):
        raise ValueError(f"{path}: a Monte Carlo study takes [sample] axes only")
    sw = parse_sweep(doc, where=str(path), allow_imports=allow_imports)
    return {"f": sw.function, "base": sw.base, "params": list(sw.sampled), "n": sw.n_samples,
            "seed": sw.seed, "outputs": sw.outputs, "orbit_output": uq.get("orbit_output"),
            "sites": uq.get("sites", {}) if uq.get("sites") == "all" else dict(uq.get("sites", {})), "rtol": float(uq.get("rtol", 0.01)),
            "n_batches": int(uq.get("batches", 20)), "chunk_size": sw.chunk_size,
            "name": sw.name}


def default_study_params(provenance: Mapping | None = None, path=None) -> dict:
    """The default uncertainty study (`DEFAULT_STUDY`, or ``path``) as
    [`load_uncertainty`][orbitalcompute.engine.uncertainty.load_uncertainty] keyword arguments, its ``[sample]`` axes rebuilt
    from ``provenance`` (another scenario's catalogue ranges) in the file's
    order, so that for the file's own scenario the axes, and hence the draws
    for a given ``n`` and ``seed``, are exactly those of
    ``orbitalcompute uncertainty FILE``.

    An axis the file draws from the catalogue (``"catalog"``) whose path has
    no catalogue range in ``provenance`` (e.g. a site that scenario does not
    have) is dropped; an axis with explicit bounds in the file is kept as is.
    """
    st = load_uncertainty(DEFAULT_STUDY if path is None else path)
    if provenance is not None:
        axes = []
        for a in st["params"]:
            if a.source is None:  # explicit low/high in the file
                axes.append(a)
                continue
            r = provenance.get(a.path)
            if r is not None and r.low is not None and r.high is not None and r.low < r.high:
                axes.append(Sampled.from_provenance(a.path, r))
        st["params"] = axes
    return st
