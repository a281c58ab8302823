"""Design-space engine: sweep declaration, chunked evaluation, resumable store,
bad input.  Uses functions with closed-form answers (orbitalcompute.engine.testfunctions)."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import jax.numpy as jnp
import numpy as np
import pytest

from orbitalcompute import catalog
from orbitalcompute.engine import (Categorical, Grid, Sampled, StoreError, Sweep, load_sweep,
                                   open_sweep, run_sweep, summarize)
from orbitalcompute.engine.sampling import transform, unit_samples
from orbitalcompute.engine.testfunctions import (disc, ishigami, ishigami_base, quadratic,
                                                 quadratic_base, slow_quadratic)

REPO = Path(__file__).resolve().parents[1]


def _quad_sweep(**kw):
    kw.setdefault("chunk_size", 7)
    return Sweep(base=quadratic_base(), grid=[Grid.linspace("design.x", -1, 2, 9),
                                              Grid("design.y", [0.0, 1.0, 2.5, 4.0])],
                 function=quadratic, **kw)


def test_grid_sweep_matches_closed_form_and_layout():
    # Reference: the closed form (x-1)^2 + (y-2)^2 evaluated with numpy on the
    # same grid; exact to float64 rounding (same operations), so 1e-15 relative.
    sw = _quad_sweep()
    ds = run_sweep(sw, quiet=True)
    x = np.linspace(-1, 2, 9)[:, None]
    y = np.array([0.0, 1.0, 2.5, 4.0])[None, :]
    assert ds["objective"].dims == ("design.x", "design.y")
    assert ds["objective"].dtype == np.float64
    np.testing.assert_allclose(ds["objective"].values, (x - 1) ** 2 + (y - 2) ** 2, rtol=1e-15)
    np.testing.assert_array_equal(ds["sum_xy"].values, x + y)
    assert ds.attrs["complete"] == 1 and ds.attrs["n_designs"] == 36
    assert json.loads(ds.attrs["sweep_spec_json"])["grid"][0]["path"] == "design.x"


def test_chunk_size_does_not_change_results():
    # chunking is an implementation detail: 1, 5 and 64 designs per chunk agree exactly
    ref = run_sweep(_quad_sweep(chunk_size=64), quiet=True)["objective"].values
    for cs in (1, 5):
        np.testing.assert_array_equal(run_sweep(_quad_sweep(chunk_size=cs), quiet=True)
                                      ["objective"].values, ref)


def test_nested_and_flat_layouts_agree_with_samples():
    # the same sampled sweep evaluated flat (per-design gathers) and nested
    # (whole sample axis per chunk) must give identical bits
    def sweep(cs):
        return Sweep(base=ishigami_base(), grid=[Grid("a", [7.0, 3.0, 0.5])],
                     sampled=[Sampled("x.x1", -np.pi, np.pi), Sampled("x.x3", -np.pi, np.pi)],
                     method="sobol", n_samples=64, seed=9, function=ishigami, chunk_size=cs)
    assert sweep(50).layout[0] == 2 and sweep(64).layout[:3] == (1, 64, 1)
    assert sweep(1000).layout == (0, 192, 1, 192)
    ref = run_sweep(sweep(1), quiet=True)["y"].values
    for cs in (50, 64, 130, 1000):
        np.testing.assert_array_equal(run_sweep(sweep(cs), quiet=True)["y"].values, ref)


def test_auto_chunk_size_fits_budget_and_resumes(tmp_path):
    from orbitalcompute.engine.evaluate import auto_chunk_size

    sw = _quad_sweep(chunk_size="auto")
    # 36 designs: the automatic chunk never exceeds the sweep
    assert auto_chunk_size(sw.replace(chunk_size=1)) == 36
    big = Sweep(base=quadratic_base(), grid=[Grid.linspace("design.x", 0, 1, 4000),
                                             Grid.linspace("design.y", 0, 1, 1000)],
                function=quadratic)
    # quadratic(): 2 float64 outputs + inputs -> a few tens of bytes per design;
    # a 1 MiB budget must give a power of two between 256 and 1 MiB / 16 B
    n = auto_chunk_size(big, budget_bytes=2**20)
    assert n & (n - 1) == 0 and 256 <= n <= 2**16
    ds = run_sweep(sw, tmp_path / "a.zarr", quiet=True)
    assert ds.attrs["complete"] == 1
    ds2 = run_sweep(sw, tmp_path / "a.zarr", quiet=True, resume=True)  # same stored chunking
    np.testing.assert_array_equal(ds2["objective"].values, ds["objective"].values)


def test_sampled_axes_with_grid_and_distributions():
    sw = Sweep(base=ishigami_base(), grid=[Grid("a", [7.0, 0.0])],
               sampled=[Sampled(f"x.x{i}", -np.pi, np.pi) for i in (1, 2, 3)],
               method="lhs", n_samples=257, seed=3, function=ishigami, chunk_size=100)
    ds = run_sweep(sw, quiet=True)
    assert ds["y"].dims == ("a", "sample") and ds["y"].shape == (2, 257)
    x1, x2, x3 = (ds[f"x.x{i}"].values for i in (1, 2, 3))
    # second independent evaluation: numpy closed form of the Ishigami function
    for a, row in zip((7.0, 0.0), ds["y"].values):
        ref = np.sin(x1) + a * np.sin(x2) ** 2 + 0.1 * x3**4 * np.sin(x1)
        np.testing.assert_allclose(row, ref, rtol=1e-13, atol=1e-13)
    # Latin hypercube: exactly one draw in each of the 257 strata of every axis
    for v in (x1, x2, x3):
        strata = np.floor((v + np.pi) / (2 * np.pi) * 257).astype(int)
        assert sorted(strata) == list(range(257))
    assert ds["x.x1"].attrs["sampling"] == "lhs"


@pytest.mark.parametrize("dist", ["uniform", "loguniform", "triangular", "normal", "lognormal"])
def test_distributions_stay_in_range_and_have_their_median(dist):
    u = unit_samples("montecarlo", 20000, 1, seed=1)[:, 0]
    v = transform(u, 2.0, 8.0, dist, nominal=4.0)
    assert v.min() >= 2.0 and v.max() <= 8.0
    # medians in closed form.  uniform: 5; loguniform: sqrt(2*8) = 4; triangular
    # (a,c,b) = (2,4,8): F(c) = 1/3 < 1/2 so median = b - sqrt((b-a)(b-c)/2) = 8 - sqrt(12);
    # normal truncated to [low, high], mu = 4, sigma = (8-2)/4:
    # median = mu + sigma * Phi^-1((Phi(alpha) + Phi(beta)) / 2); lognormal: same in ln.
    from scipy.special import ndtr, ndtri

    def trunc_median(mu, sd, lo, hi):
        return mu + sd * ndtri(0.5 * (ndtr((lo - mu) / sd) + ndtr((hi - mu) / sd)))

    median = {"uniform": 5.0, "loguniform": 4.0, "triangular": 8 - np.sqrt(12.0),
              "normal": trunc_median(4.0, 1.5, 2.0, 8.0),
              "lognormal": np.exp(trunc_median(np.log(4.0), np.log(4.0) / 4, np.log(2.0),
                                               np.log(8.0)))}[dist]
    # 20000 draws: the sample median's standard error is < 0.03 for these densities;
    # tolerance 0.1 (> 3 standard errors)
    assert abs(np.median(v) - median) < 0.1


def test_categorical_axes_use_catalogue_entries_and_static_fields():
    base = {"orbit": catalog.load("orbits", "iss_like_400"), "k": 2.0}

    def f(p):
        o = p["orbit"]
        # a Python branch on a static category field: each group compiles separately
        bonus = 1000.0 if o.orbit_type == "sun_synchronous" else 0.0
        return {"value_km": p["k"] * o.altitude_km + bonus}

    sw = Sweep(base=base, categorical=[Categorical("orbit", ["iss_like_400",
                                                             "starlink_shell1_550",
                                                             "dawn_dusk_sso_650"])],
               grid=[Grid("k", [1.0, 3.0])], function=f)
    ds = run_sweep(sw, quiet=True)
    assert list(ds["orbit"].values) == ["iss_like_400", "starlink_shell1_550",
                                        "dawn_dusk_sso_650"]
    np.testing.assert_array_equal(ds["value_km"].values,
                                  [[400.0, 1200.0], [550.0, 1650.0], [1650.0, 2950.0]])
    assert ds["value_km"].attrs["units"] == "km"


def test_infeasible_designs_are_masked_not_nan_poisoning():
    sw = Sweep(base=quadratic_base(), grid=[Grid.linspace("design.x", -2, 2, 41),
                                            Grid.linspace("design.y", -2, 2, 41)], function=disc)
    ds = run_sweep(sw, quiet=True)
    assert np.isnan(ds["objective"].values).any()  # infeasible points are NaN...
    s = summarize(ds)
    # ...but the summary covers only feasible ones: min of (x-0.5)^2+y^2 on the grid is 0
    assert s["objective"]["min"] == 0.0 and np.isfinite(s["objective"]["mean"])
    n_in = int(((np.linspace(-2, 2, 41)[:, None] ** 2 + np.linspace(-2, 2, 41) ** 2) <= 1).sum())
    assert s["objective"]["n"] == n_in
    assert s["reason_codes"] == {0: n_in, 1: 41 * 41 - n_in}


# --------------------------------------------------------------------- store

def _chunk_bytes(path: Path) -> dict:
    return {str(p.relative_to(path)): p.read_bytes()
            for p in sorted(path.rglob("*")) if p.is_file() and p.parent != path
            and "done_log" not in p.parts}  # the arrays' chunk files


def test_resume_after_partial_run_is_byte_identical(tmp_path):
    full, part = tmp_path / "full.zarr", tmp_path / "part.zarr"
    sw = _quad_sweep(chunk_size=5)  # 36 designs -> 8 chunks
    ref = run_sweep(sw, full, quiet=True)
    partial = run_sweep(sw, part, quiet=True, max_chunks=3)
    assert partial.attrs["chunks_done"] == 3 and partial.attrs["complete"] == 0
    before = _chunk_bytes(part)
    with pytest.raises(StoreError, match="resume"):  # refuses without resume/overwrite
        run_sweep(sw, part, quiet=True)
    assert _chunk_bytes(part) == before
    ds = run_sweep(sw, part, quiet=True, resume=True)
    assert ds.attrs["complete"] == 1
    np.testing.assert_array_equal(ds["objective"].values, ref["objective"].values)
    assert _chunk_bytes(part) == _chunk_bytes(full)
    # finished chunks were kept (not rewritten): their files are unchanged
    for k, v in before.items():
        if "/c/" in k:
            assert _chunk_bytes(part)[k] == v


def _n_done(store):
    """Chunks flagged so far (8-byte records in the store's done logs)."""
    d = store / "done_log"
    return sum(p.stat().st_size for p in d.glob("*.bin")) // 8 if d.is_dir() else 0


def test_killed_process_resumes_without_losing_finished_chunks(tmp_path):
    # A real interruption: a subprocess running a sweep is SIGKILLed once some
    # chunks are on disk; resuming completes it identically to an in-memory run.
    store = tmp_path / "killed.zarr"
    script = textwrap.dedent(f"""
        import jax.numpy as jnp, time
        import orbitalcompute
        from orbitalcompute.engine import Sweep, Grid, run_sweep
        from orbitalcompute.engine.testfunctions import quadratic_base
        from orbitalcompute.engine.testfunctions import slow_quadratic
        sw = Sweep(base=quadratic_base(), grid=[Grid.linspace("design.x", -1, 2, 400),
                   Grid.linspace("design.y", 0, 4, 50)], function=slow_quadratic,
                   chunk_size=500)
        run_sweep(sw, {str(store)!r}, quiet=True)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            if _n_done(store) >= 4:
                break
            if proc.poll() is not None:
                break
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    partial = open_sweep(store)
    assert 0 < partial.attrs["chunks_done"] < partial.attrs["chunks_total"]
    sw = Sweep(base=quadratic_base(), grid=[Grid.linspace("design.x", -1, 2, 400),
                                            Grid.linspace("design.y", 0, 4, 50)],
               function=slow_quadratic, chunk_size=500)
    ds = run_sweep(sw, store, resume=True, quiet=True)
    ref = run_sweep(sw, quiet=True)
    np.testing.assert_array_equal(ds["objective"].values, ref["objective"].values)
    assert ds.attrs["complete"] == 1


def test_store_refuses_different_sweep_and_foreign_directories(tmp_path):
    store = tmp_path / "s.zarr"
    run_sweep(_quad_sweep(), store, quiet=True)
    before = _chunk_bytes(store)
    other = _quad_sweep(chunk_size=3)
    for kw in ({}, {"resume": True}):
        with pytest.raises(StoreError, match="different sweep"):
            run_sweep(other, store, quiet=True, **kw)
    assert _chunk_bytes(store) == before  # nothing destroyed
    ds = run_sweep(other, store, quiet=True, overwrite=True)
    assert ds.attrs["chunks_total"] == 18  # 9 rows x 2 blocks of 2 (a chunk never wraps a row)
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("precious")
    with pytest.raises(StoreError, match="not an orbitalcompute sweep store"):
        run_sweep(other, foreign, quiet=True, overwrite=True)
    assert (foreign / "thesis.tex").read_text() == "precious"


# ----------------------------------------------------------------- bad input

def _write(tmp_path, text):
    p = tmp_path / "sweep.toml"
    p.write_text(textwrap.dedent(text))
    return p


def test_toml_sweep_roundtrip(tmp_path):
    p = _write(tmp_path, """
        [sweep]
        name = "bowl"
        base = "orbitalcompute.engine.testfunctions:quadratic_base"
        function = "orbitalcompute.engine.testfunctions:quadratic"
        method = "sobol"
        samples = 64
        seed = 2
        chunk_size = 50
        [grid]
        design.x = {start = -1, stop = 2, num = 4}
        [sample]
        "design.y" = {low = 0, high = 4, distribution = "uniform"}
    """)
    sw = load_sweep(p)
    assert sw.name == "bowl" and sw.dims == ("design.x", "sample")
    ds = run_sweep(sw, quiet=True)
    y = ds["design.y"].values
    np.testing.assert_allclose(ds["objective"].values,
                               (np.linspace(-1, 2, 4)[:, None] - 1) ** 2 + (y - 2) ** 2,
                               rtol=1e-14)


@pytest.mark.parametrize("body, match", [
    ('[grid]\n"design.xx" = [1, 2]', r"unknown parameter 'design.xx'.*Did you mean 'design.x'"),
    ('[grid]\n"desing.y" = [1, 2]', r"Did you mean 'design.y'"),
    ('[grid]\n"design.x" = {start = 2, stop = 1, num = 3}', "inverted"),
    ('[grid]\n"design.x" = {start = 1, stop = 1, num = 3}', "empty"),
    ('[grid]\n"design.x" = []', "empty"),
    ('[sweep]\nsamples = 8\n[sample]\n"design.x" = {low = 3, high = 1}', "inverted"),
    ('[sweep]\nsamples = 8\n[sample]\n"design.x" = {low = 1, high = 1}', "empty"),
    ('[sweep]\nsamples = 8\n[sample]\n"design.x" = {low = 0, high = 1, distribution = "gauss"}',
     "not one of"),
    ('[sweep]\nsampels = 8\n[grid]\n"design.x" = [1]', "Did you mean 'samples'"),
    ('[grd]\n"design.x" = [1]', "Did you mean 'grid'"),
    ('[sweep]\nname = "x"', "no axes"),
])
def test_bad_sweep_files_give_clear_errors(tmp_path, body, match):
    head = ('[sweep]\nbase = "orbitalcompute.engine.testfunctions:quadratic_base"\n'
            'function = "orbitalcompute.engine.testfunctions:quadratic"\n')
    if body.startswith("[sweep]"):
        body = head + body[len("[sweep]\n"):]
    else:
        body = head + body
    with pytest.raises(ValueError, match=match):
        load_sweep(_write(tmp_path, body))


def test_categorical_value_not_in_catalogue_lists_valid_names():
    base = {"orbit": catalog.load("orbits", "iss_like_400")}
    with pytest.raises(ValueError, match=r"unknown orbits entry 'iss_like_401'.*iss_like_400"):
        Sweep(base=base, categorical=[Categorical("orbit", ["iss_like_400", "iss_like_401"])],
              function=quadratic)
    with pytest.raises(ValueError, match="'polar' is not one of"):
        Sweep(base=base, categorical=[Categorical("orbit.orbit_type", ["polar"])],
              function=quadratic)
    # numbers outside a field's physical domain are refused before running
    with pytest.raises(ValueError, match=r"orbit.altitude_km .* outside the valid range"):
        Sweep(base=base, grid=[Grid("orbit.altitude_km", [50.0, 400.0])], function=quadratic)


def test_unknown_output_is_named():
    with pytest.raises(ValueError, match=r"unknown output.*'objectiv'.*did you mean 'objective'"):
        run_sweep(_quad_sweep(outputs=["objectiv"]), quiet=True)


def test_progress_bar_shows_rate_and_eta_and_quiet_is_silent():
    import io

    from orbitalcompute.engine.progress import progress_bar

    buf = io.StringIO()
    with progress_bar(1000, delay_s=0.0, file=buf, desc="t") as bar:
        for _ in range(10):
            time.sleep(0.01)
            bar.update(100)
    text = buf.getvalue()
    assert "1.00k/1.00k" in text and "design/s" in text and "<" in text  # done/total, rate, ETA
    quiet = progress_bar(1000, quiet=True)
    quiet.update(5)
    quiet.close()
