"""Change one assumption: parse, apply and check overrides of scenario inputs.

An *override* sets one numeric or categorical input of a scenario by its
dotted path (``finance.wacc``, ``orbit.altitude_km``, ``launch.price_model``),
as ``orbitalcompute <verb> --set PATH=VALUE`` and
``reproductions.run(name, overrides=...)`` do.  Values may carry units
(``"8%"``, ``"0.7 Mm"``, ``8 * u.percent``): `orbitalcompute.scenario.with_path`
converts them to the field's unit and checks the field's valid range.

An override (or a swept axis) that changes none of the requested outputs is
almost always a mistake -- the classic one is setting ``launch.price_usd_per_kg``
while the scenario prices launch from its cadence curve -- so `no_effect`
detects it, from the scenario's mode where the reason is known and otherwise
by evaluating the one pipeline with and without the change.

Examples
--------
>>> from orbitalcompute.analysis.overrides import parse_value
>>> parse_value("8%")
<Quantity 8. %>
>>> parse_value("700"), parse_value("fixed")
(700.0, 'fixed')
"""

from __future__ import annotations

import functools
import warnings
from typing import Any, Callable, Mapping, Sequence

import numpy as np

__all__ = ["parse_value", "parse_assignment", "apply_overrides", "mode_reason", "no_effect",
           "NoEffectWarning", "warn_no_effect", "axis_no_effect", "record_overrides"]


class NoEffectWarning(UserWarning):
    """An override or swept input changes none of the requested outputs."""


def parse_value(text: str):
    """A ``--set`` value: a plain number (in the field's unit) -> float; a number
    with a unit (``8%``, ``0.7 Mm``, ``650 km``) -> astropy Quantity; anything
    else -> the string (a categorical choice such as ``fixed``)."""
    t = str(text).strip()
    try:
        return float(t)
    except ValueError:
        pass
    if t[:1].isdigit() or t[:1] in "+-.":
        import astropy.units as u

        try:
            return u.Quantity(t)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"value {t!r} is neither a number nor a number with a unit "
                             f"(e.g. 8%, 0.7 Mm): {exc}") from None
    return t


def parse_assignment(item: str) -> tuple[str, Any]:
    """``"PATH=VALUE"`` -> ``(path, value)`` (`parse_value`)."""
    path, sep, value = str(item).partition("=")
    path, value = path.strip(), value.strip()
    if not sep or not path or not value:
        raise ValueError(f"--set {item!r}: expected PATH=VALUE (e.g. --set finance.wacc=8% or "
                         f"--set orbit.altitude_km=700)")
    return path, parse_value(value)


def apply_overrides(scenario, overrides: Mapping[str, Any] | Sequence[str] | None):
    """``scenario`` with every override applied (``{path: value}`` or ``["PATH=VALUE", ...]``).

    Raises
    ------
    ValueError
        Unknown path (naming the closest valid ones), bad unit, value outside
        the field's valid range.
    """
    from ..engine.paths import set_path

    for path, value in _items(overrides):
        try:
            scenario = set_path(scenario, path, value)
        except ValueError as exc:
            msg = str(exc)
            raise ValueError(msg if path in msg else f"--set {path}: {msg}") from None
    return scenario


def _items(overrides) -> list[tuple[str, Any]]:
    if not overrides:
        return []
    if isinstance(overrides, Mapping):
        return [(str(k), v) for k, v in overrides.items()]
    return [parse_assignment(o) if isinstance(o, str) else tuple(o) for o in overrides]


def mode_reason(scenario, path: str) -> str | None:
    """Why ``path`` cannot act in this scenario's mode (``None`` if no rule says so)."""
    lp = getattr(scenario, "launch", None)
    if lp is None:
        return None
    if path == "launch.price_usd_per_kg" and lp.price_model == "curve":
        return ("the scenario prices launch from its cadence curve (launch.price_model = 'curve'), "
                "so launch.price_usd_per_kg is not used; add --set launch.price_model=fixed to use it, "
                "or move launch.launch_date_yr or the launch.curve.* parameters")
    if path == "launch.vehicle.payload_leo_kg" and lp.destination == "sso":
        return "the scenario launches to SSO (launch.destination = 'sso'); payload_leo_kg is not used"
    if path == "launch.vehicle.payload_sso_kg" and lp.destination == "leo":
        return "the scenario launches to LEO (launch.destination = 'leo'); payload_sso_kg is not used"
    return None


@functools.lru_cache(maxsize=8)
def _jitted(f: Callable):
    import jax

    return jax.jit(f)


def _default_f():
    from ..pipeline import evaluate

    return evaluate


def _numeric(out: Mapping, outputs: Sequence[str] | None) -> dict[str, np.ndarray]:
    keys = list(out) if outputs is None else [k for k in outputs if k in out]
    return {k: np.asarray(out[k], dtype=float) for k in keys
            if np.asarray(out[k]).dtype.kind in "fiub"}


def _same(a: Mapping, b: Mapping) -> bool:
    return all(np.allclose(a[k], b[k], rtol=1e-12, atol=0.0, equal_nan=True) for k in a)


def no_effect(base, changed, outputs: Sequence[str] | None = None, f: Callable | None = None,
              base_out: Mapping | None = None, axes: Mapping[str, tuple[float, float]] | None = None,
              n_points: int = 4, seed: int = 0) -> bool:
    """True if ``f(changed)`` equals ``f(base)`` on every requested output
    (relative 1e-12; NaN equals NaN).  ``f`` defaults to the pipeline.

    With ``axes`` (``{path: (low, high)}``, the axes of a sweep or study) both
    are compared at ``n_points`` random points of that box instead of at the
    base point alone, so an input that acts only away from the base values of
    the swept inputs (an interaction) is not reported as having no effect.
    ``base_out`` reuses an evaluation of ``base`` (no ``axes`` only).
    """
    if not axes:
        g = _jitted(f or _default_f())
        a = _numeric(base_out if base_out is not None else g(base), outputs)
        b = _numeric(g(changed), outputs)
        return _same(a, b) and _informative(a)
    from ..engine.evaluate import evaluate_designs

    paths = list(axes)
    lo, hi = (np.array([axes[p][i] for p in paths], dtype=float) for i in (0, 1))
    pts = lo + (hi - lo) * np.random.default_rng(seed).random((n_points, len(paths)))
    a = _numeric(evaluate_designs(f or _default_f(), base, paths, pts, outputs=outputs), outputs)
    b = _numeric(evaluate_designs(f or _default_f(), changed, paths, pts, outputs=outputs), outputs)
    return _same(a, b) and _informative(a)


def _informative(out: Mapping) -> bool:
    """At least one finite value to compare (all-NaN, e.g. all infeasible, tells nothing)."""
    return any(np.any(np.isfinite(v)) for v in out.values())


def warn_no_effect(base, overrides, outputs: Sequence[str] | None = None,
                   f: Callable | None = None, where: str = "--set",
                   axes: Mapping[str, tuple[float, float]] | None = None) -> list[str]:
    """Warn (`NoEffectWarning`) for each override that changes none of ``outputs``.

    Each override is tried on its own against ``base`` (at random points of
    ``axes`` when given, see `no_effect`); the scenario's mode gives the
    reason where it is known (`mode_reason`).  Returns the paths that had no
    effect.
    """
    items = _items(overrides)
    if not items:
        return []
    quiet = []
    base_out = None
    for path, value in items:
        why = mode_reason(base, path)
        if why is None:
            if isinstance(value, str):
                continue  # a categorical change restructures the pipeline; it acts by construction
            changed = apply_overrides(base, [(path, value)])
            old, new = _get(base, path), _get(changed, path)
            if _equal(old, new):
                why = f"the scenario already has {path} = {_show(old)}"
            else:
                if base_out is None and not axes:
                    base_out = _jitted(f or _default_f())(base)
                if not no_effect(base, changed, outputs, f, base_out, axes=axes):
                    continue
                why = "it changes none of the requested outputs" + \
                      (f" ({', '.join(outputs)})" if outputs else "") + \
                      (" anywhere the sweep was probed" if axes else "")
        quiet.append(path)
        warnings.warn(f"{where} {path}: has no effect: {why}", NoEffectWarning, stacklevel=2)
    return quiet


def _get(obj, path: str):
    from ..engine.paths import get_path

    return get_path(obj, path)


def _equal(a, b) -> bool:
    try:
        return bool(np.array_equal(np.asarray(a, dtype=float), np.asarray(b, dtype=float)))
    except (TypeError, ValueError):
        return a == b


def _show(v) -> str:
    try:
        return f"{float(v):g}"
    except (TypeError, ValueError):
        return repr(v)


def axis_no_effect(base, axes: Mapping[str, tuple[float, float]], outputs: Sequence[str] | None = None,
                   f: Callable | None = None, where: str = "sweep", n_points: int = 4,
                   seed: int = 0) -> list[str]:
    """Warn for each swept axis ``{path: (low, high)}`` that changes none of the
    requested outputs (or that the scenario's mode ignores).

    Each axis is moved between two random values of its range at ``n_points``
    random points of the whole box (every other axis drawn too), so an axis
    whose effect shows only with another axis away from its base value (an
    interaction, e.g. ``b * x3**4 * sin(x1)`` at ``x1 = 0``) or whose effect is
    symmetric about the middle of its range is not reported.  One batched
    evaluation (`orbitalcompute.engine.evaluate.evaluate_designs`) for all axes.
    """
    quiet: list[str] = []
    paths = list(axes)
    if not paths:
        return quiet
    reasons = {p: mode_reason(base, p) for p in paths}
    probe = [p for p in paths if reasons[p] is None and float(axes[p][0]) != float(axes[p][1])]
    effect: dict[str, bool] = {}
    if probe:
        from ..engine.evaluate import evaluate_designs

        lo, hi = (np.array([axes[p][i] for p in paths], dtype=float) for i in (0, 1))
        rng = np.random.default_rng(seed)
        rows_a, rows_b = [], []
        for p in probe:
            j = paths.index(p)
            pts = lo + (hi - lo) * rng.random((n_points, len(paths)))
            a, b = pts.copy(), pts.copy()
            a[:, j] = lo[j] + (hi[j] - lo[j]) * rng.random(n_points)
            b[:, j] = lo[j] + (hi[j] - lo[j]) * rng.random(n_points)
            a[0, j], b[0, j] = lo[j], hi[j]
            rows_a.append(a)
            rows_b.append(b)
        vals = np.concatenate(rows_a + rows_b)
        try:
            out = _numeric(evaluate_designs(f or _default_f(), base, paths, vals, outputs=outputs), outputs)
        except ValueError:
            return quiet  # out-of-domain probes: the sweep itself reports them with reason codes
        half = len(probe) * n_points
        for k, p in enumerate(probe):
            sl = slice(k * n_points, (k + 1) * n_points)
            oa = {o: v[:half][sl] for o, v in out.items()}
            ob = {o: v[half:][sl] for o, v in out.items()}
            effect[p] = not (_same(oa, ob) and _informative(oa))
    which = f" ({', '.join(outputs)})" if outputs else ""
    for p in paths:
        why = reasons[p]
        if why is None:
            if effect.get(p, True):
                continue
            why = (f"the outputs{which} are the same at {n_points} random pairs of its values across "
                   f"the swept ranges")
        quiet.append(p)
        warnings.warn(f"{where}: swept input {p} has no effect: {why}", NoEffectWarning, stacklevel=2)
    return quiet


def record_overrides(prov: dict, scenario, items) -> dict:
    """``prov`` with each overridden numeric path recorded as set on the command
    line (no low/high: the report's uncertainty study and tornado hold it fixed)."""
    import datetime

    from ..catalog import Parameter
    from ..engine.paths import field_meta, get_path

    out = dict(prov)
    for path, _ in _items(items):
        v = get_path(scenario, path)
        if isinstance(v, str) or v is None:
            continue
        try:
            val = float(v)
        except (TypeError, ValueError):
            continue
        unit = field_meta(scenario, path).get("unit", "1")
        old = prov.get(path)
        out[path] = Parameter(name=path, value=val, unit=unit or "1",
                              source=f"--set on the command line (catalogue: "
                                     f"{old.value:g} {old.unit}, {old.source})" if old else
                                     "--set on the command line",
                              date=datetime.date.today().isoformat(),
                              currency_year=old.currency_year if old else None)
    return out
