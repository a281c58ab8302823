"""Every public kernel in ``orbitalcompute.core`` runs under strict dtype promotion.

``tests/conftest.py`` runs this module (and the core-kernel test modules) inside
``jax.numpy_dtype_promotion("strict")``.  Each kernel in a core module's
``__all__`` is called with float64 arrays for its required arguments; kernels
that take structured inputs (tables, parameter pytrees, names) get a
representative call below.  A kernel that mixes dtypes raises
``TypePromotionError`` and fails here.
"""

import importlib
import inspect
import pkgutil

import jax
import jax.numpy as jnp
import pytest
from jax._src.dtypes import TypePromotionError

import orbitalcompute.core as core

MODULES = sorted(m.name for m in pkgutil.iter_modules(core.__path__))


def _kernels():
    for m in MODULES:
        mod = importlib.import_module(f"orbitalcompute.core.{m}")
        for name in getattr(mod, "__all__", []):
            f = getattr(mod, name)
            if inspect.isfunction(f):
                yield f"{m}.{name}", f


def _structured_calls():
    """Representative calls of kernels whose arguments are not plain arrays."""
    from orbitalcompute.core import mass_budget, radiation, thermal
    from orbitalcompute.spacecraft import dose_table, reference_design

    table = dose_table()
    a = jnp.asarray([500.0, 650.0])
    return {
        "mass_budget.design_kernel": lambda: mass_budget.design_kernel(
            reference_design("h100_sat_650"), table, jnp.asarray([0.99, 0.96]),
            jnp.asarray([0.0, 1200.0]), a, jnp.asarray([97.4, 97.9])),
        "radiation.trapped_dose_rad_si_per_yr": lambda: radiation.trapped_dose_rad_si_per_yr(
            table, a, jnp.asarray([97.4, 97.9]), jnp.asarray([5.0, 10.0])),
        "thermal.earth_view_factor": lambda: thermal.earth_view_factor(a, "edge_on"),
    }


def test_strict_promotion_is_active():
    # the conftest fixture is on: mixing int32 and float32 arrays raises
    with pytest.raises(TypePromotionError):
        jnp.asarray([1], dtype=jnp.int32) + jnp.asarray([1.0], dtype=jnp.float32)


def test_structured_kernels_under_strict_promotion():
    for name, call in _structured_calls().items():
        out = call()
        leaves = jax.tree_util.tree_leaves(out)
        assert leaves, name
        assert all(jnp.asarray(x).dtype in (jnp.float64, jnp.bool_, jnp.int32, jnp.int64) for x in leaves), name


@pytest.mark.parametrize("name, f", list(_kernels()), ids=[n for n, _ in _kernels()])
def test_kernel_under_strict_promotion(name, f):
    if name in _structured_calls():
        pytest.skip("structured inputs: called in test_structured_kernels_under_strict_promotion")
    req = [p for p in inspect.signature(f).parameters.values()
           if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    args = [jnp.asarray([0.3, 0.6]) for _ in req]
    try:
        out = f(*args)
    except TypePromotionError:
        raise
    except (TypeError, ValueError, AttributeError) as e:
        # needs structured or keyword-only inputs (tables, callables, names): its own
        # module's tests run under strict promotion too (tests/conftest.py)
        pytest.skip(f"not callable with plain arrays: {type(e).__name__}")
    for x in jax.tree_util.tree_leaves(out):
        if isinstance(x, str):  # a name (e.g. autodiff.path_of), not a number
            continue
        if jnp.issubdtype(jnp.asarray(x).dtype, jnp.floating):
            assert jnp.asarray(x).dtype == jnp.float64, name


@pytest.mark.parametrize("module", MODULES)
def test_core_docstring_examples_under_strict_promotion(module):
    # the Examples sections of the core kernels, again, under strict promotion
    import doctest

    mod = importlib.import_module(f"orbitalcompute.core.{module}")
    result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {module} under strict promotion"
