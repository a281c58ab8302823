"""Figure of a scenario comparison (`orbitalcompute.analysis.compare.compare`)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .style import ORBIT_COLOR, new_figure, note, save

__all__ = ["compare_figure"]


def compare_figure(cmp: dict, outdir: str | Path, stem: str = "compare") -> list[Path]:
    """Horizontal bars of the relative change (B vs A, percent) of each output that
    changed; writes PNG + SVG and returns the files."""
    rows = [r for r in cmp["outputs"] if r["changed"] and r["relative_difference"] is not None]
    fig, ax = new_figure()
    if rows:
        rel = np.array([100.0 * r["relative_difference"] for r in rows])
        y = np.arange(len(rows))
        ax.barh(y, rel, color=[ORBIT_COLOR if v >= 0 else "0.55" for v in rel])
        ax.set_yticks(y, [r["output"] for r in rows], fontsize=7)
        ax.invert_yaxis()
        ax.axvline(0.0, color="k", linewidth=0.8)
        ax.set_xlabel(f"change of {cmp['b']} relative to {cmp['a']} [%]")
    else:
        ax.text(0.5, 0.5, "no output differs", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
    ax.set_title(f"{cmp['b']} vs {cmp['a']}: outputs that change", fontsize=10)
    changed = ", ".join(f"{r['path']}: {r['a']} -> {r['b']}" for r in cmp["inputs"][:4])
    more = f" (+{len(cmp['inputs']) - 4} more)" if len(cmp["inputs"]) > 4 else ""
    note(fig, f"Inputs that differ: {changed}{more}" if changed else "The inputs are identical.")
    return save(fig, outdir, stem)
