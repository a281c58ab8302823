"""Bad inputs and faults (issue 16): cases derived from every parameter set's
declared ranges and every CLI option, kill -9 at each stage of a grid and a
sampled sweep (resumed bitwise equal to an uninterrupted run), the store lock,
safe sweep files, and one clear line per anticipated CLI failure."""

import argparse
import dataclasses
import errno
import math
import os
import subprocess
import sys
import textwrap
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from orbitalcompute import catalog
from orbitalcompute.catalog import validate_params
from orbitalcompute.cli import build_parser, main
from orbitalcompute.engine import Grid, Sampled, StoreError, Sweep, parse_sweep, run_sweep
from orbitalcompute.engine.paths import iter_paths
from orbitalcompute.engine.spec import check_design_values, file_references
from orbitalcompute.engine.store import FAULT_ENV, LOCK_NAME, StoreLockedError, SweepStore
from orbitalcompute.engine.testfunctions import quadratic, quadratic_base

REPO = Path(__file__).resolve().parents[1]


# ------------------------------------------------ derived from the metadata

def _bad_values(m):
    """Values just outside a field's declared range (and NaN), with the bound
    each one violates."""
    out = [float("nan")]
    for key in ("ge", "gt"):
        if m.get(key) is not None:
            b = float(m[key])
            out.append(b - max(1.0, abs(b)) if key == "ge" else b)
    for key in ("le", "lt"):
        if m.get(key) is not None:
            b = float(m[key])
            out.append(b + max(1.0, abs(b)) if key == "le" else b)
    return out


def _field_cases():
    """(class name, entry, field, bad value) for one catalogue entry per
    parameter-set class and every bounded quantity field of it."""
    seen, cases = set(), []
    for e in catalog.iter_entries():
        cls = type(e.params)
        if cls in seen:
            continue
        seen.add(cls)
        for f in catalog.quantity_fields(cls):
            for bad in _bad_values(f.metadata):
                cases.append(pytest.param(e, f, bad, id=f"{cls.__name__}.{f.name}={bad:g}"))
    return cases


@pytest.mark.parametrize("entry, fld, bad", _field_cases())
def test_every_declared_range_is_enforced_on_params_objects(entry, fld, bad):
    obj = dataclasses.replace(entry.params, **{fld.name: bad})
    with pytest.raises(ValueError) as exc:
        validate_params(obj, type(entry.params))
    msg = str(exc.value)
    assert fld.name in msg and f"{bad:g}" in msg
    if not math.isnan(bad):
        assert catalog._range_text(fld.metadata) in msg


def test_params_object_of_the_wrong_type_is_named():
    with pytest.raises(ValueError, match="params must be a"):
        validate_params({"learning_rate": 0.5}, catalog.Parameter)


def _scenario_cases():
    from orbitalcompute.scenario import load_scenario

    scen = load_scenario("default")
    cases = []
    for path, value, meta in iter_paths(scen):
        if meta.get("kind") != "quantity" or value is None:
            continue
        bads = [b for b in _bad_values(meta) if not math.isnan(b)]
        if bads:
            cases.append((path, bads[0], meta))
    return scen, cases


def test_evaluate_designs_refuses_every_out_of_range_design_value():
    # every bounded numeric path of the default scenario, one value beyond a bound
    from orbitalcompute.engine.evaluate import evaluate_designs

    scen, cases = _scenario_cases()
    assert len(cases) > 20
    for path, bad, meta in cases:
        with pytest.raises(ValueError) as exc:
            check_design_values(scen, [path], np.array([[bad]]))
        msg = str(exc.value)
        assert path in msg and f"{bad:g}" in msg and "valid range" in msg, msg
    # through the public function: a negative electricity price is refused
    site = next(p for p, _, _ in cases if p.endswith("electricity_price_usd_per_kwh"))
    with pytest.raises(ValueError, match=r"electricity_price_usd_per_kwh = \[-"):
        evaluate_designs(lambda s: {"y": 0.0}, scen, [site], np.array([[0.05], [-0.01]]))


def _options():
    """(verb, option string, action) for every option of every sub-command."""
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    out = []
    for verb, p in sub.choices.items():
        positional = [a for a in p._actions if not a.option_strings and a.nargs != "?"]
        for a in p._actions:
            if a.option_strings and a.type is not None or a.option_strings and a.choices:
                out.append(pytest.param(verb, ["x"] * len(positional), a,
                                        id=f"{verb} {a.option_strings[-1]}"))
    return out


@pytest.mark.parametrize("verb, pos, action", _options())
def test_every_typed_cli_option_rejects_a_bad_value_naming_it(verb, pos, action, capsys):
    opt = action.option_strings[-1]
    bads = ["big"] if action.type is not None else ["no-such-choice"]
    if getattr(action.type, "__name__", "") in ("_workers_arg", "_grid_check_arg", "parse"):
        bads += ["0", "-1"]
    for bad in bads:
        with pytest.raises(SystemExit) as exc:
            build_parser().parse_args([verb, *pos, opt, bad])
        assert exc.value.code == 2
        err = capsys.readouterr().err
        assert opt in err and bad in err, err


@pytest.mark.parametrize("argv", [
    ["sweep", "examples/sweeps/testfunction_grid.toml", "-o", "x", "--workers", "0"],
    ["sweep", "examples/sweeps/testfunction_grid.toml", "-o", "x", "--workers", "-3"],
    ["optimize", "examples/sweeps/testfunction_optimize.toml", "--grid-check", "0"],
])
def test_zero_counts_are_rejected_not_replaced(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "valid range [1," in err and argv[-1] in err


def test_uncertainty_zero_samples_rejected(capsys):
    assert main(["uncertainty", "examples/sweeps/testfunction_uncertainty.toml", "-n", "0"]) == 2
    assert "n_samples = 0" in capsys.readouterr().err


@pytest.mark.parametrize("body, match", [
    ('chunk_size = "big"', r"\[sweep\].chunk_size = 'big' is not an integer"),
    ("chunk_size = 0", r"\[sweep\].chunk_size = 0 is outside the valid range \[1,"),
    ('seed = "x"', r"\[sweep\].seed = 'x' is not an integer"),
    ("samples = 1e12", r"\[sweep\].samples = 1,000,000,000,000 is outside the valid range"),
])
def test_bad_numbers_in_files_name_the_key(tmp_path, body, match, capsys):
    f = tmp_path / "s.toml"
    if "samples" not in body:
        body += "\nsamples = 10"
    f.write_text(f'[sweep]\nbase = "quadratic_base"\nfunction = "quadratic"\n{body}\n'
                 '[sample]\n"design.y" = {low = 0, high = 1}\n')
    assert main(["sweep", str(f), "--check"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    import re

    assert re.search(match, err), err


def test_sizes_are_checked_before_allocating():
    with pytest.raises(ValueError, match=r"grid points = 1,000,000,000,000 exceeds the limit"):
        Grid.linspace("design.x", 0, 1, 10**12)
    with pytest.raises(ValueError, match=r"number of chunks = .* exceeds the limit 100,000,000"):
        Sweep(base=quadratic_base(), grid=[Grid.linspace("design.x", 0, 1, 10**6),
                                           Grid.linspace("design.y", 0, 1, 10**6)],
              function=quadratic, chunk_size=1)


def test_planning_a_1e9_design_sweep_allocates_nothing_per_design():
    tracemalloc.start()
    sw = Sweep(base=quadratic_base(), grid=[Grid.linspace(p, 0, 1, 1000) for p in
                                            ("design.x", "design.y", "target.x")],
               function=quadratic, chunk_size=4096)
    assert sw.size == 10**9 and sw.n_chunks == 250_000  # 4 rows of 1000 per chunk
    sw.fingerprint()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20 * 2**20  # one float64 per design would be 8 GB


# ------------------------------------------------------------- safe files

def test_files_cannot_import_outside_the_registry(tmp_path):
    # in a subprocess: if a reference were imported and called, os.abort would kill it
    files = []
    for key, ref in [("base", "os:abort"), ("function", "os:abort"), ("base", "os:getcwd"),
                     ("base", "subprocess:getoutput")]:
        head = {"base": 'base = "quadratic_base"', "function": 'function = "quadratic"'}
        head[key] = f'{key} = "{ref}"'
        f = tmp_path / f"{key}_{ref.replace(':', '_')}.toml"
        f.write_text(f"[sweep]\n{head['base']}\n{head['function']}\n"
                     '[grid]\n"design.x" = [0.0, 1.0]\n')
        files.append(["sweep", str(f), "--check"])
    o = tmp_path / "opt.toml"
    o.write_text('[optimize]\nbase = "os:abort"\nobjective = "objective"\n'
                 '[variables]\n"design.x" = [0, 1]\n')
    files.append(["optimize", str(o)])
    script = textwrap.dedent(f"""
        import sys
        from orbitalcompute.cli import main
        for argv in {files!r}:
            print("rc", main(argv), flush=True)
    """)
    r = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["rc", "2"] * len(files)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == len(files)
    for line in lines:
        assert "not one of the package's registered functions" in line
        assert "quadratic_base" in line and "--allow-imports" in line


def test_allow_imports_is_the_explicit_opt_in():
    doc = {"sweep": {"base": "collections:OrderedDict"}, "grid": {"design.x": [0.0]}}
    with pytest.raises(ValueError, match="registered"):
        parse_sweep(doc)
    with pytest.raises(ValueError) as exc:  # imported and called: an empty dict has no design.x
        parse_sweep(doc, allow_imports=True)
    assert "registered" not in str(exc.value)
    assert set(file_references()) >= {"pipeline", "quadratic", "quadratic_base"}


# ----------------------------------------------------------- kill -9 stages

_SWEEPS = """
from orbitalcompute.engine import Grid, Sampled, Sweep
from orbitalcompute.engine.testfunctions import quadratic_base


def _grid_sweep():
    return Sweep(base=quadratic_base(), grid=[Grid.linspace("design.x", -1, 2, 30),
                                              Grid.linspace("design.y", 0, 4, 8)],
                 function="orbitalcompute.engine.testfunctions:quadratic", chunk_size=24)


def _sampled_sweep():
    return Sweep(base=quadratic_base(), grid=[Grid.linspace("design.x", -1, 2, 5)],
                 sampled=[Sampled("design.y", 0.0, 4.0, "triangular", nominal=1.0)],
                 method="lhs", n_samples=40, seed=3,
                 function="orbitalcompute.engine.testfunctions:quadratic", chunk_size=40)
"""
exec(_SWEEPS)  # the same two sweeps here and in the subprocesses that are killed

_SCRIPT = _SWEEPS + """
import sys
from orbitalcompute.engine import run_sweep
sw = {"grid": _grid_sweep, "sampled": _sampled_sweep}[sys.argv[1]]()
run_sweep(sw, sys.argv[2], quiet=True)
"""

_STAGES = [("grid", "create"), ("grid", "arrays"), ("grid", "chunk:3"), ("grid", "flag:4"),
           ("grid", "complete"), ("sampled", "samples"), ("sampled", "running"),
           ("sampled", "flag:2")]


def _files(path):
    return {str(p.relative_to(path)): p.read_bytes()
            for sub in ("outputs", "samples") for p in sorted((path / sub).rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="module")
def killed(tmp_path_factory):
    """Every (sweep, stage) killed with SIGKILL, all subprocesses at once."""
    root = tmp_path_factory.mktemp("killed")
    procs = {}
    for kind, stage in _STAGES:
        store = root / f"{kind}-{stage.replace(':', '_')}.zarr"
        procs[kind, stage] = (store, subprocess.Popen(
            [sys.executable, "-c", _SCRIPT, kind, str(store)], cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO), FAULT_ENV: stage},
            stderr=subprocess.PIPE))
    refs = {}
    for kind, make in (("grid", _grid_sweep), ("sampled", _sampled_sweep)):
        refs[kind] = (root / f"{kind}-ref.zarr", run_sweep(make(), root / f"{kind}-ref.zarr",
                                                           quiet=True))
    for key, (store, p) in procs.items():
        p.wait(120)
    return procs, refs


@pytest.mark.parametrize("kind, stage", _STAGES)
def test_kill_minus_9_at_every_stage_resumes_bitwise_equal(killed, kind, stage):
    procs, refs = killed
    store, proc = procs[kind, stage]
    assert proc.returncode == -9, proc.stderr.read().decode()[-2000:]
    sw = _grid_sweep() if kind == "grid" else _sampled_sweep()
    assert (store / LOCK_NAME).exists()  # left by the killed writer: stale, taken over below
    if stage in ("create", "arrays", "samples"):
        with pytest.raises(StoreError, match="creation was interrupted"):
            run_sweep(sw, store, quiet=True)
    ds = run_sweep(sw, store, quiet=True, resume=True)
    ref_path, ref = refs[kind]
    assert ds.attrs["complete"] == 1
    for k in ref.variables:
        np.testing.assert_array_equal(ds[k].values, ref[k].values)
    assert _files(store) == _files(ref_path)
    assert SweepStore.open(store, mode="r").info["state"] == "complete"
    assert not (store / LOCK_NAME).exists()


def test_damaged_sample_table_is_refused_on_resume(tmp_path):
    sw = _sampled_sweep()
    store = tmp_path / "s.zarr"
    run_sweep(sw, store, quiet=True, max_chunks=1)
    st = SweepStore.open(store)
    st.group["design.y"][0] = 0.0  # what the old code resumed with
    with pytest.raises(StoreError, match="do not match their recorded sha256"):
        run_sweep(sw, store, quiet=True, resume=True)
    assert run_sweep(sw, store, quiet=True, overwrite=True).attrs["complete"] == 1


# ------------------------------------------------------------------ lock

def test_second_writer_is_refused_and_a_stale_lock_taken_over(tmp_path):
    sw = _grid_sweep()
    store = tmp_path / "s.zarr"
    run_sweep(sw, store, quiet=True, max_chunks=2)
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        import json
        import socket

        (store / LOCK_NAME).write_text(json.dumps({"pid": holder.pid,
                                                   "host": socket.gethostname()}))
        with pytest.raises(StoreLockedError, match=f"another process \\(pid {holder.pid}"):
            run_sweep(sw, store, quiet=True, resume=True)
    finally:
        holder.kill()
        holder.wait()
    assert run_sweep(sw, store, quiet=True, resume=True).attrs["complete"] == 1


# ------------------------------------------------------------- CLI errors

@pytest.mark.parametrize("exc, text, rc", [
    (OSError(errno.ENOSPC, "No space left on device", "/x/outputs"), "no space left", 2),
    (OSError(errno.EROFS, "Read-only file system", "/ro"), "read-only", 2),
    (PermissionError(errno.EACCES, "Permission denied", "/ro"), "permission denied", 2),
    (MemoryError(), "out of memory", 2),
    (StoreError("/s is not an orbitalcompute sweep store"), "not an orbitalcompute", 2),
    (RuntimeError("boom"), "This is a bug; please report it", 1),
])
def test_cli_turns_failures_into_one_line(monkeypatch, tmp_path, capsys, exc, text, rc):
    def fail(*a, **k):
        raise exc

    monkeypatch.setattr(SweepStore, "prepare", fail)
    argv = ["sweep", "examples/sweeps/testfunction_grid.toml", "-q", "-o", str(tmp_path / "o")]
    assert main(argv) == rc
    err = capsys.readouterr().err
    assert text in err and err.count("\n") == 1 and "Traceback" not in err
    assert main(["--debug", *argv]) == rc
    assert "Traceback" in capsys.readouterr().err


def test_output_below_a_regular_file_and_symlinked_store(tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    argv = ["sweep", "examples/sweeps/testfunction_grid.toml", "-q", "-o"]
    assert main([*argv, str(tmp_path / "file" / "s.zarr")]) == 2
    assert "is a regular file" in capsys.readouterr().err
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    assert main([*argv, str(tmp_path / "link" / "s.zarr")]) == 0
    assert SweepStore.open(real / "s.zarr", mode="r").info["state"] == "complete"
    assert main([*argv, str(tmp_path / "link" / "s.zarr"), "--resume"]) == 0


def test_catalogue_schema_names_only_package_parameter_sets(tmp_path):
    for spec in ("os:system", "subprocess:Popen", "orbitalcompute.validation:check_range"):
        with pytest.raises(catalog.CatalogError, match="schema"):
            catalog._schema({"_meta": {"schema": spec}}, tmp_path / "x.toml")
    assert all(isinstance(e.params, object) for e in catalog.iter_entries())  # all still load


@pytest.mark.parametrize("argv", [
    ["illumination", "dawn_dusk_sso_650", "--span-days", "1e9"],
    ["illumination", "dawn_dusk_sso_650", "--method", "analytic", "--span-days", "1e9"],
    ["latency", "london", "new_york", "--hours", "1e9"],
])
def test_time_spans_are_sized_before_allocating(argv, capsys):
    # a span of 1e9 days (or hours) was an attempt to allocate PiB; now one line and exit 2
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "exceeds the limit 100,000,000" in err and "1e+09" in err


def test_uncertainty_file_cannot_run_code_without_opt_in(tmp_path, capsys):
    p = tmp_path / "evil.toml"
    p.write_text('[sweep]\nbase = "os:getcwd"\nsamples = 4\n[sample]\n"finance.utilisation" = "catalog"\n')
    assert main(["uncertainty", str(p)]) == 2
    assert "registered functions" in capsys.readouterr().err


def test_quantity_for_a_unit_astropy_lacks_is_one_clear_error():
    import astropy.units as u

    from orbitalcompute.validation import as_float_array

    # astropy's 'rad' is the radian, so a dose field cannot take a Quantity
    with pytest.raises(ValueError, match=r"tid_krad_si = 5.0 m: astropy has no unit for krad\(Si\)"):
        as_float_array("tid_krad_si", 5 * u.m, "krad(Si)")
