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
