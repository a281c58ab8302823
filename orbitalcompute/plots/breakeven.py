"""Figure of a 2-D break-even frontier (`orbitalcompute.analysis.breakeven.breakeven_frontier`)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .style import ORBIT_COLOR, SITE_COLORS, new_figure, note, save

__all__ = ["frontier_figure"]


def frontier_figure(fr: dict, outdir: str | Path, stem: str = "breakeven_frontier") -> list[Path]:
    """Plot the break-even frontier against every site (thin) and the cheapest (thick),
    mark the nominal point, and write PNG + SVG; returns the files written.

    Below/right of a curve is not implied: the side on which orbit wins depends on
    the signs of the two inputs' effects, so the figure only draws the equality lines.
    """
    fig, ax = new_figure()
    x = np.asarray(fr["x"])
    for k, (name, y) in enumerate(fr["y_by_site"].items()):
        y = np.asarray(y, dtype=float)
        if not np.any(np.isfinite(y)):
            continue
        if name == "cheapest":
            ax.plot(x, y, color=ORBIT_COLOR, linewidth=2.4, label="cheapest site", zorder=3)
        else:
            ax.plot(x, y, color=SITE_COLORS[k % len(SITE_COLORS)], linewidth=1.0, label=name)
    ax.plot([fr["nominal_x"]], [fr["nominal_y"]], marker="*", markersize=12, color="k",
            linestyle="none", label="nominal", zorder=4)
    ax.set_xlabel(f"{fr['path_x']} [{fr['unit_x']}]")
    ax.set_ylabel(f"{fr['path_y']} [{fr['unit_y']}]")
    ax.set_title("Break-even frontier: orbital cost = site cost per delivered GPU-hour")
    ax.legend(fontsize=7, loc="best")
    note(fig, f"Curves absent where no break-even lies in {fr['path_y']} in "
              f"[{fr['range_y'][0]:g}, {fr['range_y'][1]:g}].")
    return save(fig, outdir, stem)
