"""Figures for reports, reproductions and the documentation.

Every function takes plain numbers/arrays (already computed by the physics
and economics modules), draws one self-explanatory figure (title, axis labels
with units, legend, source note) and returns a `matplotlib.figure.Figure`.
Nothing here computes physics: a figure never hides an equation.

[`save`][orbitalcompute.plots.save] writes a figure as PNG and SVG.  The functions use
`matplotlib.figure.Figure` directly (no ``pyplot`` global state), so
they are safe in scripts, tests and servers without a display.

Examples
--------
>>> from orbitalcompute import plots
>>> fig = plots.cost_breakdown({"orbit": {"launch": 1.0, "hardware": 2.0},
...                             "Memphis": {"electricity": 0.5, "hardware": 1.5}})
>>> len(fig.axes)
1
"""

from __future__ import annotations

from . import figures as _figures
from .figures import *  # noqa: F403  (the figure functions; their list is figures.__all__)
from .style import save

__all__ = ["save", *_figures.__all__]
