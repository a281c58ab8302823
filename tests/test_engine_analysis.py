"""Engine analysis tools against closed forms: gradients/elasticities, tornado,
Sobol indices (Ishigami), constrained optimisation vs dense grid and published
optimum, Monte Carlo convergence and probabilities, Pareto fronts."""

import numpy as np
import pytest

from orbitalcompute.engine import Grid, Sampled, Sweep, run_sweep
from orbitalcompute.engine.optimize import Constraint, grid_search, minimize
from orbitalcompute.engine.pareto import pareto_dataset, pareto_front
from orbitalcompute.engine.sensitivity import (elasticities, gradient_function, gradients,
                                               sobol_indices, tornado_chart, tornado_swings)
from orbitalcompute.engine.testfunctions import (ishigami, ishigami_base, ishigami_sobol_indices,
                                                 quadratic, quadratic_base, rosenbrock_disc)
from orbitalcompute.engine.uncertainty import convergence, monte_carlo, probability_below


def test_gradients_and_elasticities_match_closed_form():
    # d/dx1 of sin x1 + a sin^2 x2 + b x3^4 sin x1 = cos x1 (1 + b x3^4), etc.
    base = ishigami_base()
    base["x"] = {"x1": 0.3, "x2": -1.1, "x3": 2.0}
    g = gradients(ishigami, base, "y")
    x1, x2, x3, a, b = 0.3, -1.1, 2.0, 7.0, 0.1
    ref = {"x.x1": np.cos(x1) * (1 + b * x3**4), "x.x2": 2 * a * np.sin(x2) * np.cos(x2),
           "x.x3": 4 * b * x3**3 * np.sin(x1), "a": np.sin(x2) ** 2, "b": x3**4 * np.sin(x1)}
    assert set(g) == set(ref)  # every numeric parameter, found automatically
    for k, v in ref.items():
        assert g[k] == pytest.approx(v, rel=1e-13)
    y = np.sin(x1) + a * np.sin(x2) ** 2 + b * x3**4 * np.sin(x1)
    e = elasticities(ishigami, base, "y", ["a", "x.x3"])
    assert e["a"] == pytest.approx(ref["a"] * a / y, rel=1e-13)
    assert e["x.x3"] == pytest.approx(ref["x.x3"] * x3 / y, rel=1e-13)
    # vmapped value-and-gradient over many designs agrees with the scalar one
    vg = gradient_function(ishigami, base, "y", ["x.x1", "x.x3"])
    vals, grads = vg(np.array([[0.3, 2.0], [0.3, 2.0]]))
    np.testing.assert_allclose(grads[0], [ref["x.x1"], ref["x.x3"]], rtol=1e-13)


def test_tornado_swings_and_chart(tmp_path):
    base = quadratic_base()
    sw = tornado_swings(quadratic, base, "objective",
                        {"design.x": (-1.0, 1.0), "design.y": (-3.0, 3.0)})
    # objective at base (0,0) = 1 + 4 = 5; x at -1/1 -> 4+4=8 / 0+4=4; y at -3/3 -> 1+25 / 1+1
    assert sw["base"] == 5.0
    assert sw["names"] == ["design.y", "design.x"]  # largest swing first
    np.testing.assert_array_equal(sw["low"], [26.0, 8.0])
    np.testing.assert_array_equal(sw["high"], [2.0, 4.0])
    tornado_chart(sw, tmp_path / "tornado", output="objective")
    assert (tmp_path / "tornado.png").stat().st_size > 1000
    assert (tmp_path / "tornado.svg").read_text().lstrip().startswith("<?xml")


def test_sobol_indices_of_ishigami_match_closed_form():
    # Reference: closed-form indices (Sobol' & Levitan 1999) for a = 7, b = 0.1:
    # S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).  With N = 8192
    # (40960 evaluations) the bootstrap CI half-widths are ~0.01-0.02; we require
    # every estimate within 0.03 of the exact value and half-widths < 0.05.
    params = [Sampled(f"x.x{i}", -np.pi, np.pi) for i in (1, 2, 3)]
    res = sobol_indices(ishigami, ishigami_base(), params, "y", n=8192, seed=1,
                        num_resamples=100)
    exact = ishigami_sobol_indices()
    np.testing.assert_allclose(res.S1, exact["S1"], atol=0.03)
    np.testing.assert_allclose(res.ST, exact["ST"], atol=0.03)
    assert res.trustworthy and res.n_evaluations == 8192 * 5
    assert "x.x1" in res.table()


def test_sobol_refuses_infeasible_samples():
    from orbitalcompute.engine.testfunctions import disc

    with pytest.raises(ValueError, match="infeasible"):
        sobol_indices(disc, quadratic_base(), [Sampled("design.x", -2, 2),
                                               Sampled("design.y", -2, 2)], "objective", n=64)


def test_constrained_quadratic_optimum_analytic_and_grid():
    # Analytic (Lagrange): min (x-1)^2 + (y-2)^2 s.t. x + y <= 2 -> (0.5, 1.5), 0.5.
    variables = {"design.x": (-3.0, 3.0), "design.y": (-3.0, 3.0)}
    cons = [Constraint("sum_xy", le=2.0)]
    res = minimize(quadratic, quadratic_base(), variables, "objective", cons, n_starts=3)
    assert res.success
    assert res.x["design.x"] == pytest.approx(0.5, abs=1e-6)
    assert res.x["design.y"] == pytest.approx(1.5, abs=1e-6)
    assert res.objective == pytest.approx(0.5, abs=1e-9)
    assert "sum_xy <= 2" in res.active
    grid = grid_search(quadratic, quadratic_base(), variables, "objective", cons, num=301)
    # the dense grid's best point is within one grid step of the optimiser's
    for k in variables:
        assert abs(grid["x"][k] - res.x[k]) <= grid["spacing"][k]
    assert res.objective <= grid["objective"] + 1e-12


def test_rosenbrock_in_unit_disc_matches_published_and_grid():
    # Reference: MathWorks fmincon example "Nonlinear Inequality Constraints":
    # x = (0.7864, 0.6177), f = 0.04567 (4 significant figures -> tol 1e-4).
    variables = {"design.x": (-1.5, 1.5), "design.y": (-1.5, 1.5)}
    cons = [Constraint("radius2", le=1.0)]
    base = {"design": {"x": 0.0, "y": 0.0}}
    res = minimize(rosenbrock_disc, base, variables, "objective", cons, n_starts=4, seed=2)
    assert res.x["design.x"] == pytest.approx(0.7864, abs=1e-4)
    assert res.x["design.y"] == pytest.approx(0.6177, abs=1e-4)
    assert res.objective == pytest.approx(0.04567, abs=1e-5)
    grid = grid_search(rosenbrock_disc, base, variables, "objective", cons, num=401)
    for k in variables:  # curved valley: allow two grid steps (0.015)
        assert abs(grid["x"][k] - res.x[k]) <= 2 * grid["spacing"][k]
    assert res.objective <= grid["objective"]


def test_bad_optimisation_input():
    with pytest.raises(ValueError, match="Did you mean 'design.x'"):
        minimize(quadratic, quadratic_base(), {"design.xx": (0, 1)}, "objective")
    with pytest.raises(ValueError, match="empty or inverted"):
        minimize(quadratic, quadratic_base(), {"design.x": (1, 0)}, "objective")


def test_monte_carlo_mean_probability_and_convergence():
    # y = sin x1 + 7 sin^2 x2 + 0.1 x3^4 sin x1 with x ~ U(-pi, pi)^3:
    # E[y] = a/2 = 3.5 exactly; Var = 13.8446 (closed form, ishigami_sobol_indices).
    params = [Sampled(f"x.x{i}", -np.pi, np.pi) for i in (1, 2, 3)]
    r = monte_carlo(ishigami, ishigami_base(), params, 200_000, seed=4,
                    orbit_output="y", sites={"threshold_3p5": 3.5}, rtol=0.01)
    s = r.summary["y"]
    se = np.sqrt(13.8446 / 200_000)  # standard error of the mean = 0.0083
    assert abs(s["mean"] - 3.5) < 4 * se
    assert r.convergence["y"]["converged"]
    assert abs(r.convergence["y"]["mean_halfwidth_95"] - 1.96 * se) < 0.3 * 1.96 * se
    # P(y < 3.5): by a second method (1e6-draw numpy Monte Carlo) ~0.5179; the
    # Wilson 95 % CI from 2e5 draws has half-width ~0.0022: require within 0.006
    rng = np.random.default_rng(0)
    x = rng.uniform(-np.pi, np.pi, (1_000_000, 3))
    y = np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
    p_ref = float(np.mean(y < 3.5))
    b = r.beats["threshold_3p5"]
    assert abs(b["p"] - p_ref) < 0.006 and b["low"] < b["p"] < b["high"]
    assert "P(orbit beats threshold_3p5)" in r.report()


def test_convergence_flags_too_few_draws_and_infeasible_count_as_losses():
    rng = np.random.default_rng(1)
    assert not convergence(rng.lognormal(0, 2, 100), rtol=0.01)["converged"]
    pr = probability_below([1.0, np.nan, 1.0, 5.0], 2.0, feasible=[True, True, False, True])
    assert pr["k"] == 1 and pr["n"] == 4  # NaN and infeasible draws do not "beat"


def test_pareto_front_matches_brute_force():
    rng = np.random.default_rng(3)
    a, b = rng.random(2000), rng.random(2000)
    a[::97] = np.nan
    front = pareto_front(a, b)
    ok = np.isfinite(a)
    brute = [i for i in range(a.size) if ok[i] and not np.any(
        ok & (a <= a[i]) & (b <= b[i]) & ((a < a[i]) | (b < b[i])))]
    assert sorted(front.tolist()) == brute
    # maximising the second objective = minimising its negative
    np.testing.assert_array_equal(np.sort(pareto_front(a, -b, minimize=(True, False))),
                                  np.sort(pareto_front(a, b)))


def test_pareto_dataset_from_sweep():
    sw = Sweep(base=quadratic_base(), grid=[Grid.linspace("design.x", 0, 1, 11),
                                            Grid.linspace("design.y", 0, 2, 11)],
               function=quadratic)
    ds = run_sweep(sw, quiet=True)
    # minimise both the distance objective and x + y: conflicting (best objective at
    # (1, 2) where x + y = 3; best x + y at (0, 0) where objective = 5)
    front = pareto_dataset(ds, "objective", "sum_xy")
    assert front.sizes["front"] >= 3
    assert float(front["objective"].min()) == 0.0 and float(front["sum_xy"].min()) == 0.0
    # along the front (sorted by the first objective) the second strictly decreases
    assert np.all(np.diff(front["objective"].values) > 0)
    assert np.all(np.diff(front["sum_xy"].values) < 0)
    assert "design.x" in front.coords
