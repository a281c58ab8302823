"""Results with labels: a batch of designs in, a table out.

`evaluate_table` evaluates the one pipeline (`orbitalcompute.pipeline.evaluate`,
vectorised with ``jax.vmap``) for a batch of designs given as columns (a pandas
``DataFrame`` whose column names are dotted scenario paths, or a ``dict`` of
arrays), and `to_dataframe` turns any ``evaluate`` result (one design or a
batch) into a ``pandas.DataFrame`` with one row per design and one column per
output, the unit in each column name (``orbital_cost_usd_per_gpu_h``).

Examples
--------
>>> from orbitalcompute.analysis.tables import to_dataframe
>>> out = {"orbital_cost_usd_per_gpu_h": [6.46, 6.41], "feasible": [True, True]}
>>> to_dataframe(out, inputs={"orbit.altitude_km": [550.0, 650.0]}).index.name
'orbit.altitude_km'

``evaluate_table(load_scenario("default"), pd.DataFrame({"orbit.altitude_km": [550.0, 650.0]}))``
evaluates both designs through the pipeline and returns the same kind of table.
"""

from __future__ import annotations

from typing import Any, Mapping

import jax
import numpy as np

__all__ = ["to_dataframe", "evaluate_table"]


def _pandas():
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is optional
        raise ImportError("to_dataframe needs pandas: pip install pandas") from None
    return pd


def to_dataframe(results: Mapping[str, Any], inputs: Mapping[str, Any] | None = None,
                 outputs: list[str] | None = None):
    """A ``pandas.DataFrame`` of ``evaluate`` results: one row per design.

    Parameters
    ----------
    results : dict
        ``{output: scalar or (n,) array}``, e.g. ``jax.vmap(evaluate)(batch)``.
    inputs : dict or DataFrame, optional
        ``{dotted path: (n,) values}`` of the varied inputs; they become the
        (multi-)index, so each row is labelled by its design.
    outputs : list of str, optional
        Only these outputs (default: all).

    Returns
    -------
    pandas.DataFrame
        Columns are output names (the unit is in each name); float64 costs,
        bool ``feasible`` and flags, int ``reason_code``.

    Raises
    ------
    ValueError
        An unknown output name, or outputs/inputs of different lengths.
    """
    pd = _pandas()
    keys = list(results) if outputs is None else list(outputs)
    for k in keys:
        if k not in results:
            raise ValueError(f"unknown output {k!r}; valid outputs include "
                             f"{', '.join(sorted(results)[:8])} ...")
    cols = {k: np.atleast_1d(np.asarray(results[k])) for k in keys}
    n = max((c.shape[0] for c in cols.values()), default=0)
    for k, c in cols.items():
        if c.ndim != 1 or c.shape[0] not in (1, n):
            raise ValueError(f"output {k!r} has shape {c.shape}; expected ({n},) (one value per design)")
        if c.shape[0] == 1 and n > 1:
            cols[k] = np.repeat(c, n)
    index = None
    if inputs is not None:
        inp = {str(k): np.atleast_1d(np.asarray(v, dtype=float)) for k, v in dict(inputs).items()}
        for k, v in inp.items():
            if v.shape != (n,):
                raise ValueError(f"input {k!r} has {v.size} values but the results have {n} designs")
        index = pd.MultiIndex.from_arrays(list(inp.values()), names=list(inp)) if len(inp) > 1 \
            else pd.Index(next(iter(inp.values())), name=next(iter(inp)))
    return pd.DataFrame(cols, index=index)


def evaluate_table(scenario, designs, *, outputs: list[str] | None = None, illumination: str = "table"):
    """Evaluate a batch of designs given as columns and return a labelled table.

    Parameters
    ----------
    scenario : Scenario
        The base scenario (every input not in ``designs``).
    designs : pandas.DataFrame or dict
        Columns named by dotted paths (``orbit.altitude_km``), one row per
        design; values may be astropy Quantities (converted to each field's
        unit by `orbitalcompute.scenario.with_path`, which also checks ranges).
    outputs : list of str, optional
        Output columns to keep (default: all).
    illumination : {"table", "direct"}
        As in `orbitalcompute.pipeline.evaluate`.

    Returns
    -------
    pandas.DataFrame
        Indexed by the design columns; see `to_dataframe`.
    """
    from ..pipeline import evaluate
    from ..scenario import with_path

    cols = {str(k): designs[k] for k in (designs.columns if hasattr(designs, "columns") else designs)}
    if not cols:
        raise ValueError("designs has no columns; give at least one dotted path (e.g. 'orbit.altitude_km')")
    batch = scenario
    for path, v in cols.items():
        batch = with_path(batch, path, v if hasattr(v, "to_numpy") or hasattr(v, "unit")
                          else np.asarray(v, dtype=float))
    values = {p: np.atleast_1d(np.asarray(_leaf(batch, p), dtype=float)) for p in cols}
    n = {v.shape[0] for v in values.values()}
    if len(n) != 1:
        raise ValueError(f"design columns have different lengths: "
                         f"{ {p: v.shape[0] for p, v in values.items()} }")
    axes = jax.tree_util.tree_map(lambda x: 0 if np.ndim(x) else None, batch)
    res = jax.jit(jax.vmap(lambda sc: evaluate(sc, illumination), in_axes=(axes,)))(batch)
    return to_dataframe(res, inputs=values, outputs=outputs)


def _leaf(obj, path: str):
    for part in path.split("."):
        obj = obj[part] if isinstance(obj, dict) else getattr(obj, part)
    return obj
