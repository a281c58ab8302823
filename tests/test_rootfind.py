"""`orbitalcompute.core.rootfind.bracketed_root` against closed forms and finite differences."""

import jax
import jax.numpy as jnp
import numpy as np

from orbitalcompute.core.rootfind import bracketed_root

jax.config.update("jax_enable_x64", True)


def test_closed_form_roots():
    r, ok, brk = bracketed_root(lambda x: jnp.cos(x) - x, 0.0, 1.0)
    assert bool(ok) and bool(brk)
    assert abs(float(r) - 0.7390851332151607) < 1e-12  # Dottie number; measured error ~1e-16
    r, ok, _ = bracketed_root(lambda x: jnp.exp(x) - 10.0, 0.0, 5.0)
    assert abs(float(r) - np.log(10.0)) < 1e-9 * np.log(10.0)
    # root at an end of the bracket
    r, ok, _ = bracketed_root(lambda x: x - 2.0, 2.0, 5.0)
    assert float(r) == 2.0 and bool(ok)


def test_vmap_many_brackets_and_broadcast():
    a = jnp.linspace(0.5, 50.0, 1000)
    r, ok, brk = bracketed_root(lambda x, a: x**3 - a, 0.0, 10.0, a)
    assert bool(jnp.all(ok))
    np.testing.assert_allclose(r, np.cbrt(np.asarray(a)), rtol=1e-9)
    r2 = jax.jit(jax.vmap(lambda a: bracketed_root(lambda x, a: x**3 - a, 0.0, 10.0, a)[0]))(a)
    np.testing.assert_allclose(r2, r, rtol=1e-12)


def test_no_root_flag():
    r, ok, brk = bracketed_root(lambda x: x**2 + 1.0, jnp.array([-1.0, 0.0]), jnp.array([1.0, 2.0]))
    assert np.all(np.isnan(r)) and not np.any(brk) and not np.any(ok)
    r, ok, brk = bracketed_root(lambda x: jnp.log(x), -1.0, 2.0)  # NaN end: no bracket
    assert np.isnan(float(r)) and not bool(brk)


def test_gradient_matches_finite_differences():
    def root(theta):
        return bracketed_root(lambda x, a, b: jnp.tanh(a * x) - b, -5.0, 5.0, theta[0], theta[1])[0]

    th = jnp.array([1.3, 0.4])
    g = jax.grad(root)(th)
    h = 1e-6
    fd = [(root(th.at[i].add(h)) - root(th.at[i].add(-h))) / (2 * h) for i in range(2)]
    np.testing.assert_allclose(g, fd, rtol=1e-7)  # central differences, measured ~1e-10
    # closed form x* = atanh(b)/a
    np.testing.assert_allclose(root(th), np.arctanh(0.4) / 1.3, rtol=1e-12)
