"""Reproductions of published results: ours beside theirs, every difference explained.

Each reproduction is a module in this package holding the logic; the command
line (``orbitalcompute reproduce NAME``), the scripts in ``examples/``, the
documentation gallery and the tests all call the same [`run`][orbitalcompute.reproductions.run].  The
inputs taken from each publication live in ``models/`` with their source
(e.g. ``models/mccalip2025.toml``); published *results* that we compare with
are stored there too, so no published number is typed into code.

Examples
--------
>>> from orbitalcompute import reproductions
>>> "mccalip" in reproductions.names()
True
>>> rep = reproductions.run("mccalip")
>>> rep.comparisons[0].published is not None
True
"""

from __future__ import annotations

import difflib
import importlib
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Comparison", "Reproduction", "names", "describe", "run", "format_table", "json_safe", "REGISTRY"]

#: reproduction name -> module (in ``orbitalcompute.reproductions``) holding it
REGISTRY: dict[str, str] = {
    "suncatcher": "suncatcher",
    "starcloud": "starcloud",
    "mccalip": "mccalip",
    "spacex_anthropic": "spacex_anthropic",
    "starlink_unit_cost": "starlink_unit_cost",
    "starlink_latency": "starlink_latency",
    "eclipse": "eclipse",
}


@dataclass(frozen=True)
class Comparison:
    """One quantity: our value beside the published one.

    ``published`` is ``None`` when the publication gives no such number (the
    reason is in ``explanation``); ``ours`` is ``None`` when we cannot compute
    it (missing model; also explained).  ``tolerance_fraction`` is set for
    quantities we claim to reproduce exactly (same formulas, same inputs):
    tests check ``|ours/published - 1| <= tolerance_fraction``.
    """

    quantity: str
    ours: float | None
    published: float | None
    unit: str
    explanation: str = ""
    tolerance_fraction: float | None = None
    #: a calendar date (interval scale): the difference is shown in the unit, not in percent
    is_date: bool = False

    @property
    def difference(self) -> float | None:
        """``ours - published`` [unit], or ``None`` if either is missing."""
        if self.ours is None or self.published is None:
            return None
        return float(self.ours) - float(self.published)

    @property
    def relative_difference(self) -> float | None:
        """``ours / published - 1``, or ``None`` if undefined."""
        d = self.difference
        if d is None or self.published == 0:
            return None
        return d / abs(float(self.published))

    @property
    def within_tolerance(self) -> bool | None:
        """Whether an exact reproduction agrees within ``tolerance_fraction``."""
        r = self.relative_difference
        if self.tolerance_fraction is None or r is None:
            return None
        return abs(r) <= self.tolerance_fraction


@dataclass
class Reproduction:
    """The result of one reproduction."""

    name: str
    title: str
    publication: str
    target: str
    inputs: list[str]
    comparisons: list[Comparison]
    findings: list[str] = field(default_factory=list)
    figures: list[Path] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["figures"] = [str(p) for p in self.figures]
        for c, row in zip(self.comparisons, d["comparisons"]):
            row["difference"] = c.difference
            row["relative_difference"] = c.relative_difference
            row["within_tolerance"] = c.within_tolerance
        return json_safe(d)

    def comparison(self, quantity: str) -> Comparison:
        """The row named ``quantity`` (``KeyError`` lists the names)."""
        for c in self.comparisons:
            if c.quantity == quantity:
                return c
        raise KeyError(f"no row {quantity!r}; rows: {', '.join(c.quantity for c in self.comparisons)}")


def json_safe(obj):
    """``obj`` with every non-finite float replaced by ``None`` (strict JSON has
    no NaN or Infinity) and NumPy scalars turned into Python numbers."""
    if isinstance(obj, dict):
        return {k: json_safe(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [json_safe(v) for v in obj]
    if hasattr(obj, "item") and getattr(obj, "ndim", 1) == 0:
        obj = obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


def names() -> list[str]:
    """Names of every reproduction (what ``orbitalcompute reproduce --list`` shows)."""
    return list(REGISTRY)


def _module(name: str):
    if name not in REGISTRY:
        close = difflib.get_close_matches(name, list(REGISTRY), n=3)
        hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
        raise ValueError(f"unknown reproduction {name!r}; valid names: {', '.join(REGISTRY)}.{hint}")
    return importlib.import_module(f".{REGISTRY[name]}", __name__)


def describe(name: str) -> dict[str, str]:
    """Title, publication and target (table/figure) of a reproduction, without running it."""
    m = _module(name)
    return {"name": name, "title": m.TITLE, "publication": m.PUBLICATION, "target": m.TARGET}


def run(name: str, outdir: str | Path | None = None, *, quick: bool = False,
        overrides=None) -> Reproduction:
    """Run one reproduction.

    Parameters
    ----------
    name : str
        One of [`names`][orbitalcompute.reproductions.names].
    outdir : str or Path, optional
        Folder for its figures (PNG and SVG); no figures when ``None``.
    quick : bool
        Coarser grids/time steps (for tests and docs builds); the published
        comparison rows are the same, only figure resolution and sampled
        statistics change.
    overrides : dict or list of str, optional
        Change assumptions: ``{"finance.wacc": 0.08}``, ``{"orbit.altitude_km": 0.7 * u.Mm}``
        or ``["finance.wacc=8%"]``, applied to every scenario the reproduction
        evaluates (`orbitalcompute.scenario.overriding`).  The published rows
        are unchanged; our rows are re-computed, the unchanged run's value is
        kept in each row's explanation, and an override that changes none of our
        rows warns (`orbitalcompute.analysis.overrides.NoEffectWarning`).

    Raises
    ------
    ValueError
        Unknown name (lists the valid ones); overrides on a reproduction that
        evaluates no scenario (e.g. ``eclipse``), or bad override paths/values.
    """
    mod = _module(name)
    out = None if outdir is None else Path(outdir)
    if not overrides:
        return mod.run(outdir=out, quick=quick)
    import warnings

    from ..analysis.overrides import NoEffectWarning, _items
    from ..scenario import overriding

    items = _items(overrides)
    applied: list = []
    if _uses_scenario(name):
        with overriding(items) as applied:
            rep = mod.run(outdir=out, quick=quick)
    if not applied:
        raise ValueError(f"reproduction {name!r} evaluates no scenario, so overrides "
                         f"({', '.join(p for p, _ in items)}) cannot change it; the reproductions that "
                         f"evaluate one: {', '.join(n for n in names() if _uses_scenario(n))}")
    base = mod.run(outdir=None, quick=quick)
    before = {c.quantity: c.ours for c in base.comparisons}
    rows, moved = [], 0
    for c in rep.comparisons:
        b = before.get(c.quantity)
        same = b == c.ours or (b is not None and c.ours is not None and math.isclose(
            float(b), float(c.ours), rel_tol=1e-12, abs_tol=0.0))
        moved += not same
        note = "" if same or b is None else f" (unchanged assumptions: {_fmt(b, c.unit)} {c.unit})"
        rows.append(Comparison(**{**asdict(c), "explanation": c.explanation + note,
                                  "tolerance_fraction": None if not same else c.tolerance_fraction}))
    rep.comparisons = rows
    text = ", ".join(f"{p} = {v}" for p, v in items)
    rep.inputs = rep.inputs + [f"Changed assumptions (overrides): {text}"]
    rep.title = f"{rep.title} [with {text}]"
    if not moved:
        warnings.warn(f"reproduce {name}: the overrides ({text}) change none of our rows",
                      NoEffectWarning, stacklevel=2)
    rep.findings = rep.findings + [f"With {text}: {moved} of {len(rows)} of our rows change "
                                   f"(the published rows do not)."]
    return rep


def _uses_scenario(name: str) -> bool:
    """Whether a reproduction's module loads a scenario (so overrides can act)."""
    import inspect

    return "load_scenario" in inspect.getsource(_module(name))


def _fmt(x: float | None, unit: str) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    ax = abs(x)
    if unit == "yr" and 1000 < ax < 10000:
        return f"{x:.1f}"
    if ax != 0 and (ax >= 1e7 or ax < 1e-3):
        return f"{x:.4g}"
    if ax >= 100:
        return f"{x:,.0f}"
    return f"{x:.4g}"


def format_table(rep: Reproduction, width: int = 100) -> str:
    """Plain-text report: header, the ours-vs-published table, explanations, findings."""
    import textwrap

    lines = [rep.title, "=" * min(len(rep.title), width),
             f"Publication: {rep.publication}", f"Reproduces:  {rep.target}", "Inputs:"]
    lines += [f"  - {i}" for i in rep.inputs]
    lines.append("")
    qw = max([len("quantity")] + [len(c.quantity) for c in rep.comparisons])
    qw = min(qw, 46)
    hdr = f"{'quantity':<{qw}}  {'ours':>14}  {'published':>14}  {'diff':>8}  unit"
    lines += [hdr, "-" * len(hdr)]
    for i, c in enumerate(rep.comparisons, 1):
        r = c.relative_difference
        if c.is_date:
            diff = "" if c.difference is None else f"{c.difference:+.1f}"
        else:
            diff = "" if r is None else f"{100 * r:+.1f}%"
        q = c.quantity if len(c.quantity) <= qw else c.quantity[: qw - 1] + "~"
        lines.append(f"{q:<{qw}}  {_fmt(c.ours, c.unit):>14}  {_fmt(c.published, c.unit):>14}  "
                     f"{diff:>8}  {c.unit}  [{i}]")
    lines.append("")
    lines.append("Why they differ:")
    first_seen: dict[str, int] = {}
    for i, c in enumerate(rep.comparisons, 1):
        if not c.explanation:
            continue
        if c.explanation in first_seen:
            continue
        same = [j for j, d in enumerate(rep.comparisons, 1) if d.explanation == c.explanation]
        first_seen[c.explanation] = i
        ref = f"[{same[0]}]" if len(same) == 1 else f"[{', '.join(map(str, same))}]"
        if len(same) > 6:
            ref = f"[{same[0]}-{same[-1]}, {len(same)} rows]"
        lines += textwrap.wrap(f"{ref} {c.explanation}", width, subsequent_indent="    ")
    if rep.findings:
        lines.append("")
        lines.append("Findings:")
        for f in rep.findings:
            lines += textwrap.wrap(f"- {f}", width, subsequent_indent="  ")
    if rep.figures:
        lines.append("")
        lines.append("Figures: " + ", ".join(str(p) for p in rep.figures))
    return "\n".join(lines)
