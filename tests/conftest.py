"""Shared test configuration.

Strict dtype promotion for the core kernels: the tests of
``orbitalcompute.core`` kernels (the modules listed in
``STRICT_PROMOTION_MODULES``, and any test marked ``strict_promotion``) run
inside ``jax.numpy_dtype_promotion("strict")``, so a kernel that silently mixes
dtypes (an int32 array with a float64 one, a float32 constant) raises instead
of promoting, as diffrax and jax-md test.  Python scalars stay weakly typed, so
``kernel(650.0, ...)`` is still allowed.

Compiled programs are shared: the test processes (both xdist workers) and the
CLI processes the tests start all use one JAX persistent compilation cache
(`orbitalcompute.cli._compile_cache`), in ``.cache/jax-tests`` at the checkout's
root unless ``ORBITALCOMPUTE_JAX_CACHE_DIR`` names another, so a program compiled
once (the default pipeline, the report's kernels) is not compiled again by the
next process.  ``ORBITALCOMPUTE_JAX_CACHE=0`` turns it off.
"""

from __future__ import annotations

import os
from pathlib import Path

import jax
import pytest

os.environ.setdefault("ORBITALCOMPUTE_JAX_CACHE_DIR",
                      str(Path(__file__).resolve().parents[1] / ".cache" / "jax-tests"))
# only compiles of a second or more go to disk: the thousands of small op-by-op kernels
# cost more to serialise than to compile (measured: 196 s against 215 s for
# tests/test_pipeline.py + test_when.py + test_trajectories.py, cold cache, -n 2)
os.environ.setdefault("ORBITALCOMPUTE_JAX_CACHE_MIN_S", "1")
from orbitalcompute.cli import _compile_cache  # noqa: E402

_compile_cache.enable()

#: test modules whose tests run under strict dtype promotion (core-kernel tests)
STRICT_PROMOTION_MODULES = frozenset({
    "test_solar", "test_thermal", "test_radiation", "test_spacecraft", "test_core_strict_promotion",
    "test_launch", "test_orbit", "test_illumination", "test_latency_geometry", "test_economics",
})


def pytest_configure(config):
    config.addinivalue_line("markers", "strict_promotion: run the test under "
                            "jax.numpy_dtype_promotion('strict')")


@pytest.fixture(autouse=True)
def _strict_dtype_promotion(request):
    module = request.module.__name__.rsplit(".", 1)[-1]
    if module in STRICT_PROMOTION_MODULES or request.node.get_closest_marker("strict_promotion"):
        with jax.numpy_dtype_promotion("strict"):
            yield
    else:
        yield


@pytest.fixture(scope="session")
def default_report(tmp_path_factory):
    """The default scenario's report (quick, 64 draws, London and Tokyo), computed
    once per test session and shared by the report tests (``test_cli``,
    ``test_report_decision``): the first xdist worker to ask computes it under a
    file lock in the session's shared temporary folder (the pattern pytest-xdist
    documents), the other reads the pickle."""
    from orbitalcompute.cli import report

    def compute():
        return report.compute_report("default", users=["london", "tokyo"], quick=True, samples=64)

    try:
        import fcntl
    except ImportError:  # no advisory locks (Windows): each worker computes its own
        return compute()
    import pickle

    shared = tmp_path_factory.getbasetemp().parent
    path, lock = shared / "default_report.pkl", shared / "default_report.lock"
    with open(lock, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        if path.exists():
            return pickle.loads(path.read_bytes())
        rep = compute()
        path.write_bytes(pickle.dumps(rep))
        return rep
