"""The figure catalogue: one function per figure type.

Each function draws already-computed numbers; see the module docstring of
[`orbitalcompute.plots`][orbitalcompute.plots].  Array arguments are anything
`numpy.asarray` accepts (NumPy or JAX arrays, lists).
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
from matplotlib.ticker import MaxNLocator

from .style import CATEGORY_COLORS, ORBIT_COLOR, SITE_COLORS, new_figure, note

__all__ = [
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


def _arr(name: str, x) -> np.ndarray:
    a = np.asarray(x, dtype=float)
    if a.size == 0:
        raise ValueError(f"{name} is empty: nothing to plot")
    return a


def cost_breakdown(breakdowns: Mapping[str, Mapping[str, float]], *, unit: str = "USD per GPU-hour",
                   title: str = "What one delivered GPU-hour costs, by category",
                   source_note: str = ""):
    """Stacked bars: one bar per option (orbit, each site), one colour per cost category.

    Parameters
    ----------
    breakdowns : mapping of str to mapping of str to float
        ``{option: {category: cost}}``; categories missing from an option count
        as zero.  Options are drawn in the given order.
    unit : str
        Unit of the costs (axis label).
    title, source_note : str
        Figure title and a small note (sources, assumptions) at the bottom.
    """
    if not breakdowns:
        raise ValueError("breakdowns is empty: give at least one option")
    options = list(breakdowns)
    categories: list[str] = []
    for parts in breakdowns.values():
        for c in parts:
            if c not in categories:
                categories.append(c)
    fig, ax = new_figure(max(6.0, 1.1 * len(options) + 3.0), 4.8)
    bottom = np.zeros(len(options))
    for i, cat in enumerate(categories):
        vals = np.array([float(breakdowns[o].get(cat, 0.0)) for o in options])
        # past the palette, repeat colours with a hatch so no two categories look alike
        cycle, col = divmod(i, len(CATEGORY_COLORS))
        ax.bar(options, vals, bottom=bottom, label=cat.replace("_", " "),
               color=CATEGORY_COLORS[col], edgecolor="white", linewidth=0.5,
               hatch=(None, "//", "..", "xx")[cycle % 4])
        bottom += vals
    for x, total in enumerate(bottom):
        ax.annotate(f"{total:.3g}", (x, total), ha="center", va="bottom", fontsize=8,
                    xytext=(0, 2), textcoords="offset points")
    ax.set_ylabel(unit)
    ax.set_title(title)
    ax.tick_params(axis="x", rotation=20)
    ax.legend(fontsize=7, ncols=2, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    note(fig, source_note)
    return fig


def cost_vs_launch_price(launch_price_usd_per_kg, orbit_cost, site_costs: Mapping[str, float], *,
                         breakeven_usd_per_kg: Mapping[str, float | None] | None = None,
                         unit: str = "USD per GPU-hour",
                         title: str = "Orbital cost per GPU-hour against launch price",
                         source_note: str = ""):
    """Orbital cost as a function of launch price, each site as a horizontal line,
    and a marker where the orbital curve crosses each site (break-even).

    Parameters
    ----------
    launch_price_usd_per_kg : array, shape (n,)
        Launch prices [USD/kg] (drawn on a log axis).
    orbit_cost : array, shape (n,)
        Orbital cost at each launch price [``unit``].
    site_costs : mapping of str to float
        Terrestrial cost per site [``unit``].
    breakeven_usd_per_kg : mapping of str to float or None, optional
        Break-even launch price per site [USD/kg]; ``None``/NaN means no
        break-even (not drawn, said in the legend).
    """
    x = _arr("launch_price_usd_per_kg", launch_price_usd_per_kg)
    y = _arr("orbit_cost", orbit_cost)
    if x.shape != y.shape:
        raise ValueError(f"launch_price_usd_per_kg {x.shape} and orbit_cost {y.shape} differ in shape")
    fig, ax = new_figure(7.5, 4.8)
    ax.plot(x, y, color=ORBIT_COLOR, lw=2.2, label="orbit")
    be = breakeven_usd_per_kg or {}
    for i, (site, c) in enumerate(site_costs.items()):
        col = SITE_COLORS[i % len(SITE_COLORS)]
        p = be.get(site)
        ok = p is not None and np.isfinite(p) and p > 0
        lab = f"{site}: break-even {p:,.0f} USD/kg" if ok else f"{site}: no break-even"
        ax.axhline(float(c), color=col, lw=1.4, ls="--", label=lab)
        if ok:
            ax.plot([p], [float(c)], marker="o", color=col, ms=7, mec="black", zorder=5)
    ax.set_xscale("log")
    ax.set_xlabel("launch price [USD/kg]")
    ax.set_ylabel(unit)
    ax.set_title(title)
    ax.legend(fontsize=7, loc="upper left")
    note(fig, source_note)
    return fig


def launch_price_vs_year(year, price_usd_per_kg, *, breakeven_band_usd_per_kg: tuple[float, float] | None = None,
                         breakeven_year: float | None = None, curve_label: str = "launch price curve",
                         points: Mapping[str, tuple[float, float]] | None = None,
                         title: str = "Launch price by year and the break-even band",
                         source_note: str = ""):
    """A launch-price projection by calendar year with the band of break-even
    prices (lowest to highest over the sites) shaded.

    Parameters
    ----------
    year : array, shape (n,)
        Calendar years.
    price_usd_per_kg : array, shape (n,)
        Launch price [USD/kg] (log axis).
    breakeven_band_usd_per_kg : (float, float), optional
        Lowest and highest break-even launch price [USD/kg].
    breakeven_year : float, optional
        Year the curve first enters the band (vertical marker).
    points : mapping of str to (year, price), optional
        Published anchor points drawn as labelled markers.
    """
    x = _arr("year", year)
    y = _arr("price_usd_per_kg", price_usd_per_kg)
    fig, ax = new_figure(7.5, 4.6)
    ax.plot(x, y, color=ORBIT_COLOR, lw=2.2, label=curve_label)
    if breakeven_band_usd_per_kg is not None:
        lo, hi = sorted(float(v) for v in breakeven_band_usd_per_kg)
        if np.isfinite(lo) and np.isfinite(hi) and hi > 0:
            ax.axhspan(max(lo, 1e-3), hi, color="#009e73", alpha=0.18,
                       label=f"break-even band {lo:,.0f}-{hi:,.0f} USD/kg")
    if breakeven_year is not None and np.isfinite(breakeven_year):
        ax.axvline(float(breakeven_year), color="#d55e00", ls=":", lw=1.5,
                   label=f"enters band in {breakeven_year:.0f}")
    for i, (lab, (yr, pr)) in enumerate((points or {}).items()):
        ax.plot([yr], [pr], marker="D", ls="none", color=SITE_COLORS[i % len(SITE_COLORS)],
                mec="black", label=lab)
    ax.set_yscale("log")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("year")
    ax.set_ylabel("launch price to LEO [USD/kg]")
    ax.set_title(title)
    ax.legend(fontsize=7)
    note(fig, source_note)
    return fig


def tornado(names: Sequence[str], low_values, high_values, base_value: float, *,
            unit: str = "USD per GPU-hour", low_label: str = "low end of range",
            high_label: str = "high end of range", max_bars: int = 15,
            title: str = "Which inputs move the answer most", source_note: str = ""):
    """Tornado chart: the output with each input at the low and high end of its
    range (others at base), sorted by swing, largest on top.

    Parameters
    ----------
    names : sequence of str
        Input names (one per bar).
    low_values, high_values : array, shape (n,)
        Output with the input at its low / high end [``unit``].
    base_value : float
        Output at the base case [``unit``].
    max_bars : int
        Keep only the largest swings.
    """
    lo = _arr("low_values", low_values)
    hi = _arr("high_values", high_values)
    if not (len(names) == lo.size == hi.size):
        raise ValueError(f"names ({len(names)}), low_values ({lo.size}) and high_values ({hi.size}) "
                         "must have the same length")
    swing = np.abs(hi - lo)
    order = np.argsort(swing)[::-1][:max_bars][::-1]
    fig, ax = new_figure(7.5, max(3.0, 0.38 * len(order) + 1.5))
    ypos = np.arange(len(order))
    ax.barh(ypos, lo[order] - base_value, left=base_value, color="#56b4e9", label=low_label)
    ax.barh(ypos, hi[order] - base_value, left=base_value, color="#d55e00", alpha=0.8, label=high_label)
    ax.axvline(base_value, color="black", lw=1)
    ax.set_yticks(ypos, [names[i].replace("_", " ") for i in order], fontsize=8)
    ax.set_xlabel(unit)
    ax.set_title(title)
    ax.legend(fontsize=7, loc="lower right")
    note(fig, source_note)
    return fig


def uncertainty_histogram(samples, *, unit: str = "USD per GPU-hour", label: str = "orbit",
                          reference_lines: Mapping[str, float] | None = None, bins: int = 50,
                          title: str = "Uncertainty of the orbital cost per GPU-hour",
                          source_note: str = "", nominal: float | None = None):
    """Histogram of Monte Carlo samples with percentiles and reference lines
    (e.g. each terrestrial site); the legend states the probability that the
    sample is below each reference.

    Parameters
    ----------
    samples : array, shape (n,)
        Monte Carlo results [``unit``]; NaN (infeasible) samples are dropped and counted.
    reference_lines : mapping of str to float, optional
        Values to compare with [``unit``]; the legend's probability counts
        infeasible draws as not cheaper (as `orbitalcompute.engine.uncertainty.probability_below`).
    nominal : float, optional
        The deterministic value at the default inputs [``unit``], marked beside the median.
    """
    s = _arr("samples", samples).ravel()
    finite = s[np.isfinite(s)]
    if finite.size == 0:
        raise ValueError("samples holds no finite value (every draw infeasible?)")
    fig, ax = new_figure(7.5, 4.5)
    ax.hist(finite, bins=bins, color=ORBIT_COLOR, alpha=0.75,
            label=f"{label} ({finite.size} feasible of {s.size} draws)")
    p5, p50, p95 = np.percentile(finite, [5, 50, 95])
    for v, ls in ((p5, ":"), (p50, "-"), (p95, ":")):
        ax.axvline(v, color="black", ls=ls, lw=1)
    ax.plot([], [], color="black", lw=1, label=f"median {p50:.3g}; 5-95 %: {p5:.3g}-{p95:.3g}")
    if nominal is not None and np.isfinite(nominal):
        ax.axvline(float(nominal), color="black", lw=2, ls="-.",
                   label=f"nominal (default inputs) {nominal:.3g}; median {p50 / nominal - 1:+.0%}")
    for i, (name, v) in enumerate((reference_lines or {}).items()):
        frac = float(np.sum(finite < v) / s.size)
        ax.axvline(float(v), color=SITE_COLORS[i % len(SITE_COLORS)], lw=2, ls="--",
                   label=f"{name}: {v:.3g} (P[{label} cheaper] = {frac:.0%})")
    ax.set_xlabel(unit)
    ax.set_ylabel("number of draws")
    ax.set_title(title)
    ax.legend(fontsize=7)
    note(fig, source_note)
    return fig


def illumination_year(day_of_year, sunlit_fraction, longest_eclipse_min=None, *, beta_deg=None,
                      title: str = "Illumination over a year", source_note: str = ""):
    """Sunlit fraction per day (and optionally the day's longest eclipse and
    the beta angle) over a year.

    Parameters
    ----------
    day_of_year : array, shape (n,)
        Day number (or fractional day) in the year.
    sunlit_fraction : array, shape (n,)
        Fraction of each day in sunlight, 0..1.
    longest_eclipse_min : array, shape (n,), optional
        Longest eclipse of each day [min].
    beta_deg : array, shape (n,), optional
        Beta angle [deg].
    """
    d = _arr("day_of_year", day_of_year)
    f = _arr("sunlit_fraction", sunlit_fraction)
    fig, ax = new_figure(7.5, 4.5)
    ax.plot(d, 100.0 * f, color=ORBIT_COLOR, lw=1.8, label="sunlit [% of time]")
    ax.set_ylabel("sunlit [% of time]")
    ax.set_xlabel("day of year")
    ax.set_ylim(min(50.0, float(np.nanmin(100 * f)) - 2), 100.5)
    handles = ax.get_lines()[:]
    if longest_eclipse_min is not None:
        ax2 = ax.twinx()
        ax2.plot(d, _arr("longest_eclipse_min", longest_eclipse_min), color="#d55e00", lw=1.4,
                 label="longest eclipse [min]")
        ax2.set_ylabel("longest eclipse [min]")
        handles += ax2.get_lines()
    if beta_deg is not None:
        ax3 = ax.twinx()
        ax3.spines["right"].set_position(("axes", 1.12))
        ax3.plot(d, _arr("beta_deg", beta_deg), color="0.5", lw=1, ls="--", label="beta angle [deg]")
        ax3.set_ylabel("beta angle [deg]")
        handles += ax3.get_lines()
    ax.legend(handles=handles, labels=[h.get_label() for h in handles], fontsize=7, loc="lower left")
    ax.set_title(title)
    note(fig, source_note)
    return fig


def eclipse_fraction_map(altitude_km, beta_deg, eclipse_fraction, *, critical_beta_deg=None,
                         title: str = "Fraction of each orbit in Earth's shadow", source_note: str = ""):
    """Filled contours of eclipse fraction over altitude and beta angle, with
    the critical beta (above which there is no eclipse) as a line.

    Parameters
    ----------
    altitude_km : array, shape (na,)
        Altitudes [km] (x axis).
    beta_deg : array, shape (nb,)
        Beta angles [deg] (y axis).
    eclipse_fraction : array, shape (nb, na)
        Fraction of the orbit in shadow, 0..1.
    critical_beta_deg : array, shape (na,), optional
        Critical beta angle at each altitude [deg].
    """
    a = _arr("altitude_km", altitude_km)
    b = _arr("beta_deg", beta_deg)
    z = _arr("eclipse_fraction", eclipse_fraction)
    if z.shape != (b.size, a.size):
        raise ValueError(f"eclipse_fraction has shape {z.shape}; expected (len(beta_deg), "
                         f"len(altitude_km)) = {(b.size, a.size)}")
    fig, ax = new_figure(7.5, 4.8)
    levels = np.linspace(0.0, max(0.45, float(np.nanmax(z))), 19)
    cs = ax.contourf(a, b, 100.0 * z, levels=100.0 * levels, cmap="viridis")
    cl = ax.contour(a, b, 100.0 * z, levels=[5, 10, 20, 30, 35], colors="white", linewidths=0.6)
    ax.clabel(cl, fmt="%.0f %%", fontsize=7)
    fig.colorbar(cs, ax=ax, label="time in shadow [% of orbit]")
    if critical_beta_deg is not None:
        ax.plot(a, _arr("critical_beta_deg", critical_beta_deg), color="#d55e00", lw=2,
                label="critical beta (no eclipse above)")
        ax.legend(fontsize=7, loc="lower right")
    ax.set_xlabel("altitude [km]")
    ax.set_ylabel("beta angle [deg]")
    ax.set_title(title)
    note(fig, source_note)
    return fig


def eclipse_seasons(day_of_year, series: Mapping[str, object], *, ylabel: str = "time in shadow [% of orbit]",
                    title: str = "Eclipse seasons over a year", scale: float = 100.0, source_note: str = ""):
    """Several daily curves (e.g. eclipse fraction of dawn-dusk orbits at
    different altitudes or LTAN) over a year.

    Parameters
    ----------
    day_of_year : array, shape (n,)
        Day of year.
    series : mapping of str to array, shape (n,)
        One curve per label (fractions; multiplied by ``scale`` for the axis).
    """
    d = _arr("day_of_year", day_of_year)
    fig, ax = new_figure(7.5, 4.5)
    for i, (lab, y) in enumerate(series.items()):
        ax.plot(d, scale * _arr(lab, y), lw=1.6, color=CATEGORY_COLORS[i % len(CATEGORY_COLORS)], label=lab)
    ax.set_xlabel("day of year")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=7)
    note(fig, source_note)
    return fig


def rtt_over_day(time_h, rtt_ms: Mapping[str, object], *, title: str = "Round-trip time over a day",
                 source_note: str = ""):
    """RTT time series, one line per path; NaN (unreachable) shows as gaps and
    is counted in the legend.

    Parameters
    ----------
    time_h : array, shape (n,)
        Time since start [h].
    rtt_ms : mapping of str to array, shape (n,)
        RTT per label [ms]; NaN where unreachable.
    """
    t = _arr("time_h", time_h)
    fig, ax = new_figure(7.5, 4.5)
    for i, (lab, y) in enumerate(rtt_ms.items()):
        y = _arr(lab, y)
        miss = float(np.mean(~np.isfinite(y)))
        extra = f" (unreachable {miss:.0%} of the time)" if miss > 0 else ""
        ax.plot(t, y, lw=1.3, color=CATEGORY_COLORS[i % len(CATEGORY_COLORS)], label=lab + extra)
    ax.set_xlabel("time [h]")
    ax.set_ylabel("round-trip time [ms]")
    ax.set_title(title)
    ax.legend(fontsize=7)
    note(fig, source_note)
    return fig


def rtt_cdf(rtt_ms: Mapping[str, object], *, title: str = "Distribution of round-trip time",
            source_note: str = ""):
    """Empirical CDF of RTT per path; unreachable samples (NaN) count as
    infinitely slow, so a curve that ends below 1 says how often the endpoint
    was unreachable.

    Parameters
    ----------
    rtt_ms : mapping of str to array
        RTT samples per label [ms].
    """
    fig, ax = new_figure(7.5, 4.5)
    for i, (lab, y) in enumerate(rtt_ms.items()):
        y = _arr(lab, y).ravel()
        fin = np.sort(y[np.isfinite(y)])
        if fin.size == 0:
            ax.plot([], [], label=f"{lab}: never reachable")
            continue
        frac = np.arange(1, fin.size + 1) / y.size
        p50 = np.percentile(fin, 50)
        ax.step(fin, frac, where="post", lw=1.6, color=CATEGORY_COLORS[i % len(CATEGORY_COLORS)],
                label=f"{lab} (median {p50:.1f} ms)")
    ax.set_xlabel("round-trip time [ms]")
    ax.set_ylabel("fraction of time at or below")
    ax.set_ylim(0, 1.02)
    ax.set_title(title)
    ax.legend(fontsize=7, loc="lower right")
    note(fig, source_note)
    return fig


def heatmap_feasibility(x, y, z, feasible, *, xlabel: str, ylabel: str, zlabel: str,
                        log_color: bool = False, optimum: tuple[float, float] | None = None,
                        title: str = "Design space", source_note: str = ""):
    """A 2-D slice of the design space: colour = output, hatched = infeasible,
    a black line on the feasibility boundary and an optional optimum marker.

    Parameters
    ----------
    x : array, shape (nx,)
        First design variable (x axis).
    y : array, shape (ny,)
        Second design variable (y axis).
    z : array, shape (ny, nx)
        Output (e.g. USD per GPU-hour); NaN where infeasible.
    feasible : array of bool, shape (ny, nx)
        Feasibility mask from the engine.
    optimum : (float, float), optional
        ``(x, y)`` of the best feasible design.
    """
    xa, ya, za = _arr("x", x), _arr("y", y), _arr("z", z)
    fm = np.asarray(feasible, dtype=bool)
    if za.shape != (ya.size, xa.size) or fm.shape != za.shape:
        raise ValueError(f"z {za.shape} and feasible {fm.shape} must both have shape (len(y), len(x)) = "
                         f"{(ya.size, xa.size)}")
    from matplotlib.colors import LogNorm

    fig, ax = new_figure(7.5, 4.8)
    zm = np.where(fm & np.isfinite(za), za, np.nan)
    finite = zm[np.isfinite(zm)]
    norm = None
    if log_color and finite.size and finite.min() > 0:
        norm = LogNorm(vmin=finite.min(), vmax=finite.max())
    mesh = ax.pcolormesh(xa, ya, np.ma.masked_invalid(zm), shading="auto", cmap="viridis_r", norm=norm)
    fig.colorbar(mesh, ax=ax, label=zlabel)
    if (~fm).any():
        ax.contourf(xa, ya, (~fm).astype(float), levels=[0.5, 1.5], colors="none", hatches=["////"])
        if fm.any():
            ax.contour(xa, ya, fm.astype(float), levels=[0.5], colors="black", linewidths=1.5)
        ax.plot([], [], color="black", lw=1.5, label="feasibility boundary (hatched: infeasible)")
    if optimum is not None:
        ax.plot([optimum[0]], [optimum[1]], marker="*", ms=14, color="#d55e00", mec="black",
                ls="none", label="optimum")
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=7, loc="upper right")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    note(fig, source_note)
    return fig


def ours_vs_published(labels: Sequence[str], ours, published, *, unit: str = "",
                      title: str = "Ours beside the published value", log: bool = False,
                      source_note: str = ""):
    """Paired bars: our number beside the published one for each quantity
    (missing values are left out and said in the label).

    Parameters
    ----------
    labels : sequence of str
        Quantity names.
    ours, published : array, shape (n,)
        Values [``unit``]; NaN where not available.
    """
    o = np.asarray(ours, dtype=float)
    p = np.asarray(published, dtype=float)
    if not (len(labels) == o.size == p.size):
        raise ValueError("labels, ours and published must have the same length")
    fig, ax = new_figure(max(6.0, 1.0 * len(labels) + 3.0), 4.6)
    xs = np.arange(len(labels))
    ax.bar(xs - 0.2, np.nan_to_num(p), width=0.4, color="0.6", label="published")
    ax.bar(xs + 0.2, np.nan_to_num(o), width=0.4, color=ORBIT_COLOR, label="orbitalcompute")
    ax.set_xticks(xs, [lab if np.isfinite(p[i]) else lab + "\n(no published value)"
                       for i, lab in enumerate(labels)], rotation=20, fontsize=8)
    if log:
        ax.set_yscale("log")
    ax.set_ylabel(unit)
    ax.set_title(title)
    ax.legend(fontsize=7)
    note(fig, source_note)
    return fig
