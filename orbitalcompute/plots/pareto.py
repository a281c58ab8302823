"""Figure of cost-vs-latency Pareto fronts (`orbitalcompute.analysis.pareto.pareto_fronts`)."""

from __future__ import annotations

from pathlib import Path

from ..units import unit_of
from .style import ORBIT_COLOR, new_figure, note, save

__all__ = ["pareto_figure"]


def _label(name: str) -> str:
    u = unit_of(name)
    return f"{name} [{u}]" if u and u != "1" else name


def pareto_figure(fronts: list[dict], outdir: str | Path, stem: str = "pareto",
                  source: str = "") -> list[Path]:
    """One panel per front: every feasible design (grey) and the non-dominated
    ones (line, in the house orbit colour); writes PNG + SVG, returns the files."""
    n = len(fronts)
    fig, axes = new_figure(width_in=4.2 * n, height_in=4.2, ncols=n)
    axes = [axes] if n == 1 else list(axes.ravel())
    for ax, fr in zip(axes, fronts):
        ax.scatter(fr["y"], fr["x"], s=6, color="0.7", label=f"{fr['n_designs']:,} feasible designs")
        ax.plot(fr["front_y"], fr["front_x"], marker="o", markersize=3, color=ORBIT_COLOR,
                linewidth=1.6, label=f"Pareto front ({fr['front_x'].size})")
        ax.set_xlabel(_label(fr["objective"]) + ("" if fr["minimize"] else " (max)"))
        ax.set_ylabel(_label(fr["cost"]))
        ax.legend(fontsize=7, loc="best")
    fig.suptitle("Cost against latency to users: designs no other design beats on both")
    note(fig, source)
    return save(fig, outdir, stem)
