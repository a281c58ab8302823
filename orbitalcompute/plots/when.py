"""Figure of the "when" analysis: P(orbit cheaper than each site) by year."""

from __future__ import annotations

from typing import Mapping

import numpy as np
from matplotlib.ticker import MaxNLocator

from .style import ORBIT_COLOR, SITE_COLORS, new_figure, note

__all__ = ["p_win_by_year"]


def p_win_by_year(years, p_by_site: Mapping[str, object], p_any_site=None, *,
                  title: str = "P(orbit is cheaper per GPU-hour) by launch year", source_note: str = ""):
    """Probability that orbit costs less than each site, by year (Monte Carlo).

    Parameters
    ----------
    years : array, shape (n,)
        Calendar years.
    p_by_site : mapping of str to array, shape (n,)
        P(orbit cheaper than the site) in [0, 1].
    p_any_site : array, shape (n,), optional
        P(orbit cheaper than the cheapest site), drawn thick.
    """
    x = np.asarray(years, dtype=float)
    if x.size == 0:
        raise ValueError("years is empty: nothing to plot")
    fig, ax = new_figure(7.5, 4.6)
    for i, (name, p) in enumerate(p_by_site.items()):
        ax.plot(x, 100.0 * np.asarray(p, dtype=float), color=SITE_COLORS[i % len(SITE_COLORS)], lw=1.3,
                marker="o", ms=3, label=f"vs {name}")
    if p_any_site is not None:
        ax.plot(x, 100.0 * np.asarray(p_any_site, dtype=float), color=ORBIT_COLOR, lw=2.6,
                label="vs the cheapest site")
    ax.set_ylim(-3, 103)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("launch year")
    ax.set_ylabel("P(orbit cheaper) [%]")
    ax.set_title(title)
    ax.legend(fontsize=7)
    note(fig, source_note)
    return fig
