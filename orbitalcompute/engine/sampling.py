"""Design-of-experiments: grids, Latin hypercube, Sobol and Monte Carlo draws.

Sampled axes are drawn in the unit hypercube ([`unit_samples`][orbitalcompute.engine.sampling.unit_samples]) and then
mapped through each parameter's inverse CDF ([`transform`][orbitalcompute.engine.sampling.transform]).  The
distribution of a parameter is named in the catalogue (``distribution`` beside
``low``/``high``; see [`orbitalcompute.catalog`][orbitalcompute.catalog]) or in the sweep file.

Conventions for ``low``/``high`` (documented in ``docs/engine.md``):

``uniform``
    flat on [low, high].
``loguniform``
    flat in log on [low, high] (low > 0): for quantities known to a factor.
``triangular``
    low, mode = nominal value (midpoint if none), high.
``normal``
    mean = nominal value (midpoint if none), standard deviation
    (high - low) / 4 (so [low, high] is the +-2 sigma interval), truncated
    to [low, high] so every draw stays inside the catalogue's plausible range.
``lognormal``
    the same in log space: median = nominal (geometric midpoint if none),
    sigma_ln = ln(high / low) / 4, truncated to [low, high].

References
----------
McKay, Beckman & Conover (1979), Technometrics 21(2), 239-245,
doi:10.1080/00401706.1979.10489755 (Latin hypercube).
Sobol' (1967), USSR Comput. Math. Math. Phys. 7(4), 86-112,
doi:10.1016/0041-5553(67)90144-9; Owen (1998) scrambling, via
``scipy.stats.qmc`` (https://docs.scipy.org/doc/scipy/reference/stats.qmc.html).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
from scipy import stats
from scipy.stats import qmc

__all__ = ["DISTRIBUTIONS", "METHODS", "unit_samples", "transform", "check_distribution",
           "grid_values"]

DISTRIBUTIONS = ("uniform", "loguniform", "triangular", "normal", "lognormal")
METHODS = ("lhs", "sobol", "montecarlo")

#: number of standard deviations between the nominal value and low/high for the
#: (truncated) normal and lognormal conventions: [low, high] = +-2 sigma.
_SIGMAS_PER_HALF_RANGE = 2.0


def check_distribution(name: str, low, high, distribution: str = "uniform",
                       nominal: float | None = None) -> None:
    """Validate one sampled parameter; ``ValueError`` naming it otherwise."""
    if distribution not in DISTRIBUTIONS:
        import difflib

        close = difflib.get_close_matches(str(distribution), DISTRIBUTIONS, n=2)
        hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
        raise ValueError(f"{name}: distribution {distribution!r} is not one of "
                         f"{', '.join(DISTRIBUTIONS)}.{hint}")
    for label, v in (("low", low), ("high", high)):
        if v is None or isinstance(v, bool) or not isinstance(v, (int, float, np.floating)) \
                or not math.isfinite(v):
            raise ValueError(f"{name}: {label} = {v!r} must be a finite number")
    if not low < high:
        what = "empty" if low == high else "inverted"
        raise ValueError(f"{name}: range [low, high] = [{low:g}, {high:g}] is {what}; "
                         f"need low < high")
    if distribution in ("loguniform", "lognormal") and low <= 0:
        raise ValueError(f"{name}: {distribution} needs low > 0; got low = {low:g}")
    if nominal is not None and not (low <= nominal <= high):
        raise ValueError(f"{name}: nominal value {nominal:g} is outside [low, high] = "
                         f"[{low:g}, {high:g}]")


def unit_samples(method: str, n: int, d: int, seed: int = 0) -> np.ndarray:
    """``(n, d)`` points in the unit hypercube ``[0, 1)^d``.

    Parameters
    ----------
    method : {'lhs', 'sobol', 'montecarlo'}
        Latin hypercube (McKay 1979), scrambled Sobol' sequence (best with
        ``n`` a power of two) or plain pseudo-random draws (PCG64).
    n, d : int
        Number of samples and of sampled parameters.
    seed : int
        Seed; the same seed gives the same points.
    """
    if method not in METHODS:
        raise ValueError(f"sampling method {method!r} is not one of {', '.join(METHODS)}")
    if int(n) < 1:
        raise ValueError(f"number of samples = {n} must be >= 1")
    rng = np.random.default_rng(seed)
    if d == 0:
        return np.zeros((n, 0))
    if method == "lhs":
        return qmc.LatinHypercube(d, rng=rng).random(n)
    if method == "sobol":
        with warnings.catch_warnings():  # balance warning for n not a power of 2
            warnings.simplefilter("ignore", UserWarning)
            return qmc.Sobol(d, scramble=True, rng=rng).random(n)
    return rng.random((n, d))


def transform(u, low: float, high: float, distribution: str = "uniform",
              nominal: float | None = None) -> np.ndarray:
    """Map unit-interval draws ``u`` to parameter values (inverse CDF).

    Notes
    -----
    Truncated normal on [low, high] with mean $\\mu$ (nominal) and
    $\\sigma = (high - low)/4$:

    $$
    x = \\Phi^{-1}\\big(\\Phi(a) + u\\,[\\Phi(b) - \\Phi(a)]\\big)\\,\\sigma + \\mu,
    \\quad a = (low-\\mu)/\\sigma,\\ b = (high-\\mu)/\\sigma
    $$
    """
    u = np.asarray(u, dtype=np.float64)
    if distribution == "uniform":
        return low + u * (high - low)
    if distribution == "loguniform":
        return np.exp(np.log(low) + u * (np.log(high) - np.log(low)))
    if distribution == "triangular":
        mode = 0.5 * (low + high) if nominal is None else nominal
        return stats.triang.ppf(u, c=(mode - low) / (high - low), loc=low, scale=high - low)
    if distribution == "normal":
        mu = 0.5 * (low + high) if nominal is None else nominal
        sd = (high - low) / (2 * _SIGMAS_PER_HALF_RANGE)
        return stats.truncnorm.ppf(u, (low - mu) / sd, (high - mu) / sd, loc=mu, scale=sd)
    if distribution == "lognormal":
        lo, hi = np.log(low), np.log(high)
        mu = 0.5 * (lo + hi) if nominal is None else np.log(nominal)
        sd = (hi - lo) / (2 * _SIGMAS_PER_HALF_RANGE)
        return np.exp(stats.truncnorm.ppf(u, (lo - mu) / sd, (hi - mu) / sd, loc=mu, scale=sd))
    check_distribution("parameter", low, high, distribution)  # raises
    raise AssertionError  # pragma: no cover


#: most values one grid axis may hold (the values are stored in the sweep's description)
MAX_GRID_POINTS = 10**6


def _check_grid_size(name: str, num: int):
    from ..validation import check_size

    check_size(f"{name}: grid points", num, MAX_GRID_POINTS)


def _number(name: str, key: str, v) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name}: grid {key} = {v!r} is not a number")
    return float(v)


def grid_values(name: str, spec) -> np.ndarray:
    """Grid values from a list, or a ``{start, stop, num[, log]}`` /
    ``{start, stop, step}`` table; ``ValueError`` for empty/inverted ranges."""
    if isinstance(spec, dict):
        allowed = {"start", "stop", "num", "step", "log"}
        bad = set(spec) - allowed
        if bad:
            raise ValueError(f"{name}: unknown grid key(s) {sorted(bad)}; use values = [...] or "
                             f"start/stop/num (optionally log = true) or start/stop/step")
        if "start" not in spec or "stop" not in spec:
            raise ValueError(f"{name}: a grid range needs start and stop")
        start, stop = _number(name, "start", spec["start"]), _number(name, "stop", spec["stop"])
        if not (math.isfinite(start) and math.isfinite(stop)):
            raise ValueError(f"{name}: start/stop must be finite; got {start!r}, {stop!r}")
        if stop < start:
            raise ValueError(f"{name}: range start = {start:g} > stop = {stop:g} is inverted")
        if "step" in spec:
            step = _number(name, "step", spec["step"])
            if not step > 0:
                raise ValueError(f"{name}: step = {step:g} must be > 0")
            num = int(math.floor((stop - start) / step + 1e-9)) + 1
            _check_grid_size(name, num)
            vals = start + step * np.arange(num)
        else:
            from ..validation import check_count

            num = check_count(f"{name}: grid num", spec.get("num", 0), 0, None)
            if num < 1:
                raise ValueError(f"{name}: grid num = {num} is empty; need num >= 1")
            _check_grid_size(name, num)
            if num > 1 and start == stop:
                raise ValueError(f"{name}: range [{start:g}, {stop:g}] is empty (start == stop "
                                 f"with num = {num})")
            if spec.get("log"):
                if start <= 0:
                    raise ValueError(f"{name}: a log grid needs start > 0; got {start:g}")
                vals = np.geomspace(start, stop, num)
            else:
                vals = np.linspace(start, stop, num)
    else:
        try:
            if hasattr(spec, "__len__"):
                _check_grid_size(name, len(spec))
            vals = np.asarray(spec, dtype=np.float64).ravel()
        except (TypeError, ValueError):
            raise ValueError(f"{name}: grid values must be numbers; got {spec!r}") from None
    if vals.size == 0:
        raise ValueError(f"{name}: grid is empty; give at least one value")
    if not np.all(np.isfinite(vals)):
        raise ValueError(f"{name}: grid values must be finite; got {vals.tolist()}")
    if np.unique(vals).size != vals.size:
        raise ValueError(f"{name}: grid values repeat: {vals.tolist()}")
    return vals
