"""Batched reverse-mode gradients of the full pipeline (issue 6).

``orbitalcompute.engine.sensitivity.gradient_function`` builds one design per
row of values and differentiates one output with respect to every numeric
parameter.  References:

* central finite differences of the forward pipeline (a second, independent
  method: no autodiff), for every one of the scenario's numeric parameters;
* ``orbitalcompute.pipeline.gradients`` (``jax.jacrev`` on the scenario pytree
  itself: a second construction path of the same derivative).
"""

import jax
import jax.extend
import jax.numpy as jnp
import numpy as np
import pytest

from orbitalcompute import pipeline
from orbitalcompute.engine import numeric_paths
from orbitalcompute.engine.evaluate import with_values
from orbitalcompute.engine.paths import get_path
from orbitalcompute.engine.sensitivity import gradient_function
from orbitalcompute.scenario import load_scenario

OUTPUT = "orbital_cost_usd_per_gpu_h"

#: Relative finite-difference step.  For a smooth output y the central difference
#: has truncation error ~ y''' h^3 / 6 and rounding error ~ eps |y| in y' h, both far
#: below the tolerance on y' h used here (1e-9 |y|).
REL_STEP = 1e-6
#: Step in the tropical year [days]: inside the illumination table's tolerance
#: (``TABLE_TROPICAL_YEAR_TOLERANCE_DAYS`` = 1e-3 days), where the output is flat.
TABLE_YEAR_STEP_DAYS = 1e-4


@pytest.fixture(scope="module")
def setup():
    base = load_scenario("default")
    paths = numeric_paths(base)
    x0 = np.array([float(get_path(base, p)) for p in paths])
    rng = np.random.default_rng(6)
    x1 = x0 * (1.0 + 0.01 * rng.standard_normal(x0.size))  # a neighbour of the base design
    k = paths.index("environment.tropical_year_days")  # the stored illumination table's year:
    x1[k] = x0[k]  # 1 % off it the design is outside the table (NaN, reason bit 512)
    for i, p in enumerate(paths):  # calendar dates: 1 % of 2030 is 20 years, past the launch curve's
        if p.endswith("date_yr") or p.endswith("base_yr"):  # horizon (reason bit 1024): move by 0.37 yr
            x1[i] = x0[i] + 0.37
        if p.startswith(("workloads.", "comm_links.")):  # feed only workload_<w>_* outputs; fractions
            x1[i] = x0[i]                                   # such as 0.99 availability would leave (0, 1]
    rows = np.stack([x0, x1])
    vg = gradient_function(pipeline.evaluate, base, OUTPUT, paths, batch_size=2)
    vals, grads = vg(jnp.asarray(rows))
    return base, paths, rows, np.asarray(vals), np.asarray(grads)


def test_values_match_the_forward_pipeline(setup):
    base, paths, rows, vals, _ = setup
    for r, v in zip(rows, vals):
        y = float(pipeline.evaluate(with_values(base, paths, list(r)))[OUTPUT])
        assert np.isfinite(y) and v == pytest.approx(y, rel=1e-13)


def test_gradients_match_central_finite_differences(setup):
    base, paths, rows, vals, grads = setup
    fwd = jax.jit(jax.vmap(lambda row: pipeline.evaluate(
        with_values(base, paths, list(jnp.unstack(row))))[OUTPUT]))
    n = len(paths)
    kinks = []
    for x, y, g in zip(rows, vals, grads):
        h = REL_STEP * np.where(x != 0.0, np.abs(x), 1.0)
        h[paths.index("environment.tropical_year_days")] = TABLE_YEAR_STEP_DAYS

        def slopes(step):
            yp = np.asarray(fwd(jnp.asarray(np.tile(x, (n, 1)) + np.diag(step))))
            ym = np.asarray(fwd(jnp.asarray(np.tile(x, (n, 1)) - np.diag(step))))
            return (yp - ym) / (2.0 * step), (yp - y) / step, (y - ym) / step

        central, right, left = slopes(h)
        _, right10, left10 = slopes(h / 10.0)
        assert np.all(np.isfinite(g)) and np.all(np.isfinite(central))
        # Compared as the output's change over the step, g * h [USD/GPU-h]: within
        # 1e-9 of y (about 1e-8 USD/GPU-h here), far below any cost that matters and
        # far above the finite-difference error.  On a kink (a parameter exactly on
        # a node of a linearly interpolated table: the base design's LTAN 18 h and
        # 10 mm shielding) the one-sided slopes differ by an amount that does not
        # shrink with the step (curvature alone gives a difference proportional to
        # it), and reverse mode gives the right-hand slope, that of the cell the
        # interpolation picks.
        tol = 1e-9 * abs(y)
        jump = np.abs(right - left)
        kink = (jump * h > tol) & (np.abs(right10 - left10) > 0.5 * jump)
        np.testing.assert_allclose(np.where(kink, right10, central) * h, g * h, rtol=0, atol=tol)
        kinks.append({paths[k] for k in np.flatnonzero(kink)})
        assert np.count_nonzero(g) > 20  # the check covers many live parameters
    assert kinks == [{"orbit.ltan_h", "spacecraft.shielding_thickness_mm"}, set()]


def test_gradients_match_jacrev_on_the_scenario(setup):
    base, paths, _, _, grads = setup
    ref = pipeline.gradients(base, OUTPUT)
    np.testing.assert_allclose(grads[0], [float(ref[p]) for p in paths], rtol=1e-11, atol=0)


def test_no_per_parameter_padding_in_the_backward_pass():
    # Differentiating row[k] once per parameter transposes into one zero-padded
    # vector per parameter (O(P^2) per design); unstacking the row transposes
    # into one concatenation.  Structural check with P = 40 parameters.
    base = {"x": {f"p{k:02d}": float(k + 1) for k in range(40)}}
    paths = numeric_paths(base)

    def f(p):
        return {"y": sum(v * v for v in p["x"].values())}

    vg = gradient_function(f, base, "y", paths, batch_size=None)
    rows = jnp.asarray(np.arange(80.0).reshape(2, 40))
    prims = set()

    def walk(jaxpr):
        for e in jaxpr.eqns:
            prims.add(e.primitive.name)
            for sub in jax.extend.core.jaxprs_in_params(e.params):
                walk(sub)

    walk(jax.make_jaxpr(vg)(rows).jaxpr)
    assert "pad" not in prims and "scatter-add" not in prims
    _, g = vg(rows)
    np.testing.assert_allclose(np.asarray(g), 2.0 * np.asarray(rows), rtol=1e-15)
