"""Shared scenario options of every verb that evaluates a scenario.

``--set PATH=VALUE`` (repeatable; values with units: ``--set finance.wacc=8%``,
``--set orbit.altitude_km="0.7 Mm"``) and ``--models DIR`` (a user catalogue
folder layered over the shipped one).  A verb adds them with
`add_scenario_options` and loads its scenario with `load` (or
applies the overrides to a base it already has with `apply`); both warn
on stderr when a set input changes none of the verb's outputs.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import warnings


def add_scenario_options(p: argparse.ArgumentParser, *, models: bool = True) -> None:
    """Add ``--set PATH=VALUE`` (and ``--models DIR``) to a verb's parser."""
    p.add_argument("--set", dest="set", action="append", default=[], metavar="PATH=VALUE",
                   help="change one scenario input, e.g. --set finance.wacc=8%% or "
                        "--set orbit.altitude_km=700 (the field's unit) or --set "
                        "orbit.altitude_km='0.7 Mm'; repeatable.  Checked against the field's "
                        "valid range; warns if it changes none of the outputs")
    if models:
        add_models_option(p)


def add_models_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--models", action="append", metavar="DIR", default=argparse.SUPPRESS,
                   help="a user catalogue folder layered over the shipped one (like models/: "
                        "KIND.toml entries and scenarios/NAME.toml); also ORBITALCOMPUTE_MODELS")


def use_models(args) -> None:
    """Layer ``--models DIR`` folders over the catalogue (called by ``main``)."""
    dirs = getattr(args, "models", None)
    if dirs:
        from ..catalog import set_user_dirs

        set_user_dirs(dirs)


@contextlib.contextmanager
def warnings_to_stderr(verb: str):
    """Print each `NoEffectWarning` raised inside as one line on stderr."""
    from ..analysis.overrides import NoEffectWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", NoEffectWarning)
        try:
            yield
        finally:
            for w in caught:
                if issubclass(w.category, NoEffectWarning):
                    print(f"orbitalcompute {verb}: warning: {w.message}", file=sys.stderr)
                else:
                    warnings.showwarning(w.message, w.category, w.filename, w.lineno)


def apply(args, base, *, outputs=None, f=None, verb: str = "", axes=None):
    """``base`` with the ``--set`` overrides of ``args`` applied (no-effect warnings on
    stderr; with ``axes``, ``{path: (low, high)}`` of a sweep, checked across them)."""
    from ..analysis.overrides import _items, apply_overrides, warn_no_effect

    items = _items(getattr(args, "set", None))
    if not items:
        return base
    changed = apply_overrides(base, items)
    with warnings_to_stderr(verb or getattr(args, "command", "") or ""):
        warn_no_effect(base, items, outputs=outputs, f=f, axes=axes)
    return changed


def load(args, scenario=None, *, outputs=None, verb: str = ""):
    """``(scenario, provenance, description)`` of the verb's scenario with its ``--set``
    overrides applied and recorded in the provenance."""
    from ..analysis.overrides import _items, record_overrides
    from ..analysis.report import load as load_scenario

    s, prov, desc = load_scenario(scenario if scenario is not None else args.scenario)
    items = _items(getattr(args, "set", None))
    if not items:
        return s, prov, desc
    s2 = apply(args, s, outputs=outputs, verb=verb)
    return s2, record_overrides(prov, s2, items), desc
