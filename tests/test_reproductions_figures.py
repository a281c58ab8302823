"""Figure functions: each draws from plain arrays, labels its axes with units,
writes PNG and SVG, and rejects malformed input with a clear message."""

import numpy as np
import pytest

from orbitalcompute import plots


def _labels(fig):
    ax = fig.axes[0]
    return ax.get_xlabel(), ax.get_ylabel(), ax.get_title()


def test_every_figure_draws_and_saves(tmp_path):
    x = np.linspace(0, 1, 20)
    figs = {
        "breakdown": plots.cost_breakdown({"orbit": {"launch": 1.0, "hardware": 2.0},
                                           "Memphis": {"electricity": 0.5, "hardware": 1.5}}),
        "vs_launch": plots.cost_vs_launch_price(np.geomspace(10, 1e4, 20), 1 + np.geomspace(10, 1e4, 20) / 1e3,
                                                {"a": 2.0, "b": 30.0}, breakeven_usd_per_kg={"a": 1000.0, "b": None}),
        "by_year": plots.launch_price_vs_year(np.arange(2025, 2045), np.geomspace(3000, 100, 20),
                                              breakeven_band_usd_per_kg=(150, 400), breakeven_year=2036,
                                              points={"Falcon Heavy": (2025, 1800)}),
        "tornado": plots.tornado(["a_usd", "b_k", "c"], [1.0, 1.5, 1.9], [3.0, 2.5, 2.1], 2.0),
        "hist": plots.uncertainty_histogram(np.r_[np.random.default_rng(0).normal(5, 1, 500), np.nan],
                                            reference_lines={"site": 4.0}),
        "illum": plots.illumination_year(np.arange(365), 0.9 + 0.1 * np.cos(np.arange(365) / 58),
                                         20 * np.ones(365), beta_deg=60 * np.ones(365)),
        "eclipse_map": plots.eclipse_fraction_map(np.linspace(400, 1200, 9), np.linspace(0, 90, 10),
                                                  0.3 * np.outer(np.cos(np.radians(np.linspace(0, 90, 10))),
                                                                 np.ones(9)),
                                                  critical_beta_deg=np.linspace(70, 60, 9)),
        "seasons": plots.eclipse_seasons(np.arange(365), {"650 km": 0.01 * (np.arange(365) % 100 < 30)}),
        "rtt_day": plots.rtt_over_day(x * 24, {"London-NY": 40 + x, "gap": np.where(x > 0.5, np.nan, 30.0)}),
        "rtt_cdf": plots.rtt_cdf({"London-NY": 40 + x, "never": np.full(5, np.nan)}),
        "heat": plots.heatmap_feasibility(np.arange(5), np.arange(4), np.ones((4, 5)),
                                          np.arange(20).reshape(4, 5) > 3, xlabel="altitude [km]",
                                          ylabel="T [K]", zlabel="USD/GPU-h", optimum=(2, 2)),
        "pairs": plots.ours_vs_published(["a", "b"], [1.0, 2.0], [1.1, np.nan], unit="USD"),
    }
    for name, fig in figs.items():
        xl, yl, title = _labels(fig)
        assert title, name
        assert xl or yl, name
        paths = plots.save(fig, tmp_path, name)
        assert [p.suffix for p in paths] == [".png", ".svg"]
        assert all(p.stat().st_size > 1000 for p in paths)


def test_bad_input_is_rejected_clearly(tmp_path):
    with pytest.raises(ValueError, match="empty"):
        plots.cost_breakdown({})
    with pytest.raises(ValueError, match="shape"):
        plots.cost_vs_launch_price([1, 2, 3], [1, 2], {})
    with pytest.raises(ValueError, match="same length"):
        plots.tornado(["a"], [1, 2], [1, 2], 0.0)
    with pytest.raises(ValueError, match="no finite"):
        plots.uncertainty_histogram([np.nan, np.nan])
    with pytest.raises(ValueError, match="expected"):
        plots.eclipse_fraction_map([1, 2], [1, 2, 3], np.zeros((2, 2)))
    fig = plots.tornado(["a"], [1], [2], 1.5)
    with pytest.raises(ValueError, match="stem"):
        plots.save(fig, tmp_path, "../evil")


def test_long_titles_are_wrapped_not_clipped(tmp_path):
    from orbitalcompute.plots.style import fit_titles

    title = "A very long figure title that would run far past both edges of a seven-inch figure " * 2
    fig = plots.cost_breakdown({"orbit": {"launch": 1.0}}, title=title)
    fit_titles(fig)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    r = FigureCanvasAgg(fig).get_renderer()
    fig.draw_without_rendering()
    ext = fig.axes[0].title.get_window_extent(r)
    assert "\n" in fig.axes[0].get_title()
    assert ext.x0 >= 0 and ext.x1 <= fig.bbox.width


def test_cost_breakdown_groups_small_categories_in_distinct_colours():
    parts = {f"cat_{k}": v for k, v in enumerate([5.0, 3.0, 2.0] + [0.01] * 19)}
    fig = plots.cost_breakdown({"orbit": parts, "site": {"cat_0": 4.0, "cat_1": 1.0}})
    handles, labels = fig.axes[0].get_legend_handles_labels()
    assert len(labels) == 4 and any(lab.startswith("other (19 categories") for lab in labels)
    colours = [tuple(h.patches[0].get_facecolor()) for h in handles]
    assert len(set(colours)) == len(colours)


def test_tornado_labels_are_readable_with_units():
    from orbitalcompute.plots.style import parameter_label

    assert parameter_label("gpu.unit_price_usd", 20000, 40000) == "gpu: unit price  [20,000 to 40,000 USD]"
    assert parameter_label("sites.lulea_se.electricity_price_usd_per_kwh", 0.03, 0.08).endswith("USD/kWh]")
    assert parameter_label("finance.wacc", 0.06, 0.12) == "finance: wacc  [0.06 to 0.12]"


def test_launch_and_uncertainty_figures_mark_current_nominal_and_median():
    fig = plots.cost_vs_launch_price(np.geomspace(10, 1e4, 20), 1 + np.geomspace(10, 1e4, 20) / 1e3, {"a": 2.0},
                                     current_usd_per_kg=372.0)
    assert any("372 USD/kg" in lab for lab in fig.axes[0].get_legend_handles_labels()[1])
    fig = plots.launch_price_vs_year(np.arange(2025, 2045), np.geomspace(3000, 100, 20), current=(2030, 372.0))
    assert any("372 USD/kg in 2030" in lab for lab in fig.axes[0].get_legend_handles_labels()[1])
    fig = plots.uncertainty_histogram(np.random.default_rng(0).normal(5, 1, 500), nominal=4.8)
    labels = fig.axes[0].get_legend_handles_labels()[1]
    assert any(lab.startswith("nominal") for lab in labels) and any(lab.startswith("median") for lab in labels)


def test_rtt_over_day_one_panel_per_path():
    t = np.linspace(0, 24, 49)
    fig = plots.rtt_over_day(t, {"a -> orbit": 90 + np.sin(t), "b -> orbit": 80 + np.cos(t), "c -> orbit": 70 + t},
                             references={"a -> orbit": ("fibre to x", 25.0)})
    assert len(fig.axes) == 3 and fig.axes[0].get_title()
    assert any("fibre to x: 25.0 ms" in lab for lab in fig.axes[0].get_legend_handles_labels()[1])
