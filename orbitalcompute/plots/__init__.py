"""Figures for reports, reproductions and the documentation.

Every function takes plain numbers/arrays (already computed by the physics
and economics modules), draws one self-explanatory figure (title, axis labels
with units, legend, source note) and returns a :class:`matplotlib.figure.Figure`.
Nothing here computes physics: a figure never hides an equation.

:func:`save` writes a figure as PNG and SVG.  The functions use
:class:`matplotlib.figure.Figure` directly (no ``pyplot`` global state), so
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

from .figures import (
    cost_breakdown,
    cost_vs_launch_price,
    eclipse_fraction_map,
    eclipse_seasons,
    heatmap_feasibility,
    illumination_year,
    launch_price_vs_year,
    ours_vs_published,
    rtt_cdf,
    rtt_over_day,
    tornado,
    uncertainty_histogram,
)
from .style import save

__all__ = [
    "save",
    "cost_breakdown",
    "cost_vs_launch_price",
    "launch_price_vs_year",
    "tornado",
    "uncertainty_histogram",
    "illumination_year",
    "eclipse_fraction_map",
    "eclipse_seasons",
    "rtt_over_day",
    "rtt_cdf",
    "heatmap_feasibility",
    "ours_vs_published",
]
