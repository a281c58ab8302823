"""The design-space engine: sweeps, resumable stores, Dask, sensitivities,
optimisation, uncertainty and Pareto fronts.

It evaluates any pure JAX function ``f(pytree) -> dict[str, Array]`` (by
default the full pipeline [`orbitalcompute.pipeline.evaluate`][orbitalcompute.pipeline.evaluate]) over a
base pytree and a set of axes, jit-compiled and vmapped over chunks of
designs.  See ``docs/engine.md``.

>>> from orbitalcompute.engine import Sweep, Grid, run_sweep
>>> from orbitalcompute.engine.testfunctions import quadratic, quadratic_base
>>> sw = Sweep(base=quadratic_base(), grid=[Grid("design.x", [0.0, 1.0]),
...            Grid("design.y", [0.0, 2.0])], function=quadratic)
>>> float(run_sweep(sw, quiet=True)["objective"].min())
0.0
"""

from .paths import PathError, describe, get_path, numeric_paths, set_path
from .run import draw_samples, open_sweep, run_sweep
from .spec import Categorical, Grid, Sampled, Sweep, load_sweep, parse_sweep
from .store import StoreError, SweepStore
from .summary import summarize

__all__ = [
    "Sweep", "Grid", "Sampled", "Categorical", "load_sweep", "parse_sweep",
    "run_sweep", "open_sweep", "draw_samples", "SweepStore", "StoreError",
    "summarize", "PathError", "get_path", "set_path", "numeric_paths", "describe",
]
