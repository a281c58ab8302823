"""The compiled single-design path of `orbitalcompute.pipeline.evaluate` (issue 15.4).

A regression check against the same chain traced op by op (no external
reference): the compiled copy must give the same numbers to rounding.
Measured: at most 1 ulp (relative 2e-16) on the default scenario; the
tolerance is 1e-12 relative (the issue's bound for the float64 path).
"""

import jax
import numpy as np
import pytest

from orbitalcompute import pipeline
from orbitalcompute.engine import set_path
from orbitalcompute.scenario import load_scenario


@pytest.fixture(scope="module")
def default():
    return load_scenario("default")


def _close(a, b):
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype.kind in "biu":
        return np.array_equal(a, b)
    return np.allclose(a, b, rtol=1e-12, atol=0.0, equal_nan=True)


def test_compiled_matches_op_by_op_and_is_cached(default):
    s = set_path(default, "orbit.altitude_km", 712.5)
    pipeline._CALLS.clear()
    pipeline._compiled.cache_clear()  # other tests in this process may have compiled the structure
    misses = pipeline._compiled.cache_info().misses
    first = pipeline._evaluate_traced(s, "table", None)  # op by op
    second = pipeline.evaluate(s)  # compiles this structure (COMPILE_AFTER_CALLS = 1)
    assert pipeline._compiled.cache_info().misses == misses + 1
    bad = [k for k in first if not _close(first[k], second[k])]
    assert not bad, bad
    assert all(isinstance(v, jax.Array) for v in second.values())
    # a new value with the same structure reuses the compiled code and changes the answer
    hits = pipeline._compiled.cache_info().hits
    third = pipeline.evaluate(set_path(default, "orbit.altitude_km", 800.0))
    assert pipeline._compiled.cache_info().hits == hits + 1
    assert float(third["satellite_mass_kg"]) != float(second["satellite_mass_kg"])
    ref = pipeline._evaluate_traced(set_path(default, "orbit.altitude_km", 800.0), "table", None)
    assert all(_close(ref[k], third[k]) for k in ref)


def test_traced_callers_are_inline(default):
    """Under jit (the engine's kernels) evaluate traces the chain, no nested cache entry."""
    misses = pipeline._compiled.cache_info().misses
    jax.eval_shape(lambda s: pipeline.evaluate(s)["orbital_cost_usd_per_gpu_h"], default)
    assert pipeline._compiled.cache_info().misses == misses
