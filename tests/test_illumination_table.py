"""Stored sun-synchronous illumination table and its interpolator.

Reference: the direct kernel ``annual_sso_illumination`` (365 days x 4 samples,
conical shadow) that generated the table, evaluated at off-grid points.  It is
the same kernel, not an independent method: these tests check the table and
its interpolation, not the physics (that is ``tests/test_illumination.py``,
against closed forms and the Skyfield ephemeris).  Tolerances: 0.05 percentage
points (5e-4) of mean sunlit fraction (the grid's design target; measured
0.019 pp over 481 points), 0.5 s of longest eclipse (measured 0.16 s; the
design target was 10 s).  The day count is a step function; its interpolation error is bounded
by a measured, stated number of days.
"""

import numpy as np
import jax
import jax.numpy as jnp
import pytest
from hypothesis import given, settings, strategies as st

from orbitalcompute import illumination, pipeline
from orbitalcompute.core import eclipse as E
from orbitalcompute.environment import default_environment

TABLE = illumination.sso_illumination_table()
YEAR_D = float(TABLE.tropical_year_days)
DIRECT = jax.jit(lambda a, lt: E.annual_sso_illumination(a, lt, tropical_year_days=YEAR_D))
MARGIN = jax.jit(lambda a, lt: E.annual_sso_shadow_margin_rad(a, lt, tropical_year_days=YEAR_D))
INTERP = jax.jit(lambda a, lt: E.annual_sso_illumination_interp(TABLE, a, lt))

SUNLIT_TOL = 5e-4          # 0.05 percentage points (design target of the grid spacing)
LONGEST_TOL_S = 0.5        # s: measured 0.16 s (the closed form from the stored margin)
DAY_COUNT_TOL = 10.0       # days: measured 5.3 here, <= 8 over 6,000 points near season edges (step function)


def _points():
    """Off-grid points: uniform over the table, plus points concentrated near the
    eclipse-season boundaries around the dawn-dusk LTANs (3.5-8.5 h, 15.5-20.5 h),
    where the annual sunlit fraction has slope breaks and the longest eclipse a
    square-root edge."""
    rng = np.random.default_rng(20261125)
    a = rng.uniform(400.0, 1200.0, 400)
    lt = np.concatenate([rng.uniform(0.0, 24.0, 120),
                         (rng.choice([6.0, 18.0], 280) + rng.uniform(-2.5, 2.5, 280)) % 24.0])
    # one dense LTAN scan across a season boundary (the worst cell found while sizing the grid)
    a = np.concatenate([a, np.full(81, 1153.6)])
    lt = np.concatenate([lt, np.linspace(15.9, 16.3, 81)])
    return a, lt


@pytest.fixture(scope="module")
def errors():
    a, lt = _points()
    d = [np.asarray(x) for x in DIRECT(a, lt)]
    i = [np.asarray(x) for x in INTERP(a, lt)]
    return {k: np.abs(i[n] - d[n]) for n, k in enumerate(("sunlit", "longest_s", "days"))}


def test_interpolation_accuracy_off_grid(errors):
    print(f"\nmax |interp - direct| over {errors['sunlit'].size} points: "
          f"sunlit {errors['sunlit'].max() * 100:.4f} pp, longest eclipse {errors['longest_s'].max():.3f} s, "
          f"eclipse days {errors['days'].max():.2f}")
    assert np.all(np.isfinite(errors["sunlit"]))
    assert errors["sunlit"].max() <= SUNLIT_TOL
    assert errors["longest_s"].max() <= LONGEST_TOL_S
    assert errors["days"].max() <= DAY_COUNT_TOL


def test_stored_cells_match_direct_kernel():
    # regenerate a few grid cells: the stored file cannot drift from the kernel
    rng = np.random.default_rng(7)
    ia = rng.integers(0, TABLE.altitude_km.size, 8)
    il = rng.integers(0, TABLE.ltan_h.size, 8)
    a, lt = np.asarray(TABLE.altitude_km)[ia], np.asarray(TABLE.ltan_h)[il]
    sun, _, days = (np.asarray(x) for x in DIRECT(a, lt))
    mu = np.asarray(MARGIN(a, lt))
    stored = np.asarray(TABLE.values)[ia, il]
    np.testing.assert_allclose(stored[:, 0], sun, rtol=0, atol=1e-9)     # stored to 9 decimals
    np.testing.assert_allclose(stored[:, 1], mu, rtol=1e-9, atol=1e-15)  # 11 significant digits
    np.testing.assert_array_equal(stored[:, 2], days)


def test_table_environment_is_the_catalogue_environment():
    env = default_environment()
    assert float(TABLE.shadow_atmosphere_height_km) == float(env.shadow_atmosphere_height_km)
    assert float(TABLE.tropical_year_days) == float(env.tropical_year_days)
    header, _ = illumination._read_sso_illumination_table()
    assert any("tools/generate_sso_illumination_table.py" in h for h in header)


def test_longest_eclipse_closed_form_at_nodes():
    # at grid nodes only the closed form (margin -> duration) separates interp and direct
    a = np.asarray(TABLE.altitude_km)[::20]
    lt = np.asarray(TABLE.ltan_h)[::240]
    A, L = (x.ravel() for x in np.meshgrid(a, lt))
    _, ld, _ = DIRECT(A, L)
    _, li, _ = INTERP(A, L)
    assert np.max(np.abs(np.asarray(li) - np.asarray(ld))) < 0.5  # s: rho_S varies +-1.7 % over the year


def test_validity_mask_and_reason_codes():
    a = jnp.array([650.0, 399.0, 1200.5, jnp.nan, 650.0, 650.0, 1200.0])
    lt = jnp.array([18.0, 18.0, 18.0, 18.0, 24.0, -0.1, 0.0])
    ok, code = E.sso_illumination_table_feasibility(TABLE, a, lt)
    assert ok.tolist() == [True, False, False, False, False, False, True]
    assert code.tolist() == [0, 4, 4, 1, 3, 3, 0]
    sun, ecl, days = E.annual_sso_illumination_interp(TABLE, a, lt)
    assert np.array_equal(np.isfinite(np.asarray(sun)), np.asarray(ok))
    assert np.array_equal(np.isfinite(np.asarray(ecl)), np.asarray(ok))
    # an environment other than the table's: NaN with code 5 (use the direct kernel)
    for kw in (dict(shadow_atmosphere_height_km=10.0), dict(tropical_year_days=365.25)):
        ok, code = E.sso_illumination_table_feasibility(TABLE, 650.0, 18.0, **kw)
        assert not bool(ok) and int(code) == E.REASON_TABLE_ENVIRONMENT
        assert np.isnan(float(E.annual_sso_illumination_interp(TABLE, 650.0, 18.0, **kw)[0]))
    env = default_environment()
    s = E.annual_sso_illumination_interp(TABLE, 650.0, 18.0,
                                         shadow_atmosphere_height_km=env.shadow_atmosphere_height_km,
                                         tropical_year_days=env.tropical_year_days)[0]
    assert np.isfinite(float(s))


def test_ltan_is_periodic():
    # the last cell wraps from 23.9875 h to 0 h: continuous across midnight
    a = jnp.array([500.0, 777.0, 1100.0])
    lo = INTERP(a, jnp.zeros(3))
    hi = INTERP(a, jnp.full(3, 24.0 - 1e-9))
    for x, y in zip(lo, hi):
        np.testing.assert_allclose(np.asarray(y), np.asarray(x), rtol=0, atol=1e-6)


def test_scalar_array_vmap_and_gradients():
    s, e, d = E.annual_sso_illumination_interp(TABLE, 650.0, 18.0)
    assert s.shape == () and e.shape == () and d.shape == ()
    out = E.annual_sso_illumination_interp(TABLE, jnp.array([[600.0], [700.0]]), jnp.array([6.0, 10.0, 18.0]))
    assert out[0].shape == (2, 3)
    vm = jax.vmap(lambda a: E.annual_sso_illumination_interp(TABLE, a, 18.0)[0])(jnp.array([600.0, 700.0]))
    np.testing.assert_allclose(np.asarray(vm), np.asarray(out[0][:, 2]), rtol=0, atol=1e-15)

    def f(a, lt):
        sun, ecl, _ = E.annual_sso_illumination_interp(TABLE, a, lt)
        return sun, ecl

    a0, l0 = 653.0, 17.3037  # inside a grid cell (nodes every 10 km, 0.0125 h)
    jac = jax.jacfwd(f, argnums=(0, 1))(a0, l0)
    for row in jac:
        for g in row:
            assert np.isfinite(float(g))
    # inside one cell the interpolant is smooth: central differences agree
    h_a, h_l = 1e-3, 1e-5
    for k in range(2):
        fd_a = (float(f(a0 + h_a, l0)[k]) - float(f(a0 - h_a, l0)[k])) / (2 * h_a)
        fd_l = (float(f(a0, l0 + h_l)[k]) - float(f(a0, l0 - h_l)[k])) / (2 * h_l)
        assert float(jac[k][0]) == pytest.approx(fd_a, rel=1e-5, abs=1e-9)
        assert float(jac[k][1]) == pytest.approx(fd_l, rel=1e-5, abs=1e-9)
    # the slope of the longest eclipse with altitude matches the direct kernel's
    # (central difference over +-5 km: the closed form follows the physics, not the grid)
    da = 5.0
    fd_direct = (float(DIRECT(a0 + da, l0)[1]) - float(DIRECT(a0 - da, l0)[1])) / (2 * da)
    assert float(jac[1][0]) == pytest.approx(fd_direct, rel=0.05)
    # grad at an out-of-range point: zero, not NaN
    g = jax.grad(lambda a: jnp.nan_to_num(E.annual_sso_illumination_interp(TABLE, a, 18.0)[0]))(300.0)
    assert float(g) == 0.0


def test_make_table_rejects_bad_grids():
    lt = 24.0 * np.arange(8) / 8
    z = np.zeros((3, 8))
    E.make_sso_illumination_table([400.0, 500.0, 600.0], lt, z, z, z, 0.0, 365.0)
    with pytest.raises(ValueError, match="uniformly"):
        E.make_sso_illumination_table([400.0, 500.0, 650.0], lt, z, z, z, 0.0, 365.0)
    with pytest.raises(ValueError, match="ltan_h"):
        E.make_sso_illumination_table([400.0, 500.0, 600.0], lt + 0.1, z, z, z, 0.0, 365.0)
    with pytest.raises(ValueError, match="shape"):
        E.make_sso_illumination_table([400.0, 500.0, 600.0], lt, z[:2], z, z, 0.0, 365.0)


def test_build_matches_direct_kernel_on_a_small_grid():
    # the builder (vmapped in batches) reproduces the kernel point by point
    t = E.build_sso_illumination_table([600.0, 700.0], 4, tropical_year_days=YEAR_D, batch_size=3)
    a, lt = np.meshgrid([600.0, 700.0], [0.0, 6.0, 12.0, 18.0], indexing="ij")
    sun, _, days = DIRECT(a.ravel(), lt.ravel())
    np.testing.assert_allclose(np.asarray(t.values[..., 0]).ravel(), np.asarray(sun), rtol=0, atol=1e-14)
    np.testing.assert_array_equal(np.asarray(t.values[..., 2]).ravel(), np.asarray(days))


@settings(max_examples=60, deadline=None)
@given(st.floats(400.0, 1200.0), st.floats(0.0, 24.0, exclude_max=True))
def test_interpolated_values_are_physical(alt, ltan):
    # invariants of any annual illumination: 0 <= sunlit <= 1, 0 <= longest eclipse <
    # half a period (the Earth hides at most half the orbit), 0 <= eclipse days <= 365
    sun, ecl, days = (float(x) for x in INTERP(alt, ltan))
    from orbitalcompute.core.orbit_kernels import period_s

    assert 0.0 <= sun <= 1.0
    assert 0.0 <= ecl < 0.5 * float(period_s(alt))
    assert 0.0 <= days <= 365.0 * (1.0 + 1e-12)  # interpolation rounds by an ulp (seen 365.00000000000006)
