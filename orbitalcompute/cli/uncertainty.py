"""``orbitalcompute uncertainty FILE``: Monte Carlo over catalogue ranges, with a
convergence check and the probability that orbit beats each site."""

from __future__ import annotations

import json

from .sweep import add_allow_imports


def register(sub):
    p = sub.add_parser("uncertainty", help="Monte Carlo: output distributions, P(orbit beats site)",
                       description="Draw every [sample] parameter from its range/distribution "
                                   "('catalog' = the catalogue's low/high), evaluate, and report "
                                   "percentiles, convergence and P(orbit beats each site).")
    p.add_argument("file", nargs="?", default=None,
                   help="uncertainty TOML file (examples: examples/sweeps/testfunction_uncertainty.toml in a "
                        "source checkout, or a copy of the default study); default: the default "
                        "uncertainty study, models/studies/default_uncertainty.toml (the report's; "
                        "installed as orbitalcompute/_models/studies/default_uncertainty.toml)")
    p.add_argument("-n", "--samples", type=_samples_arg, help="number of draws, >= 1 (overrides the file)")
    p.add_argument("-o", "--out", help="also keep the draws in this Zarr store")
    p.add_argument("--resume", action="store_true")
    p.add_argument("--overwrite", action="store_true")
    p.add_argument("--dask", metavar="local|ADDRESS")
    p.add_argument("-q", "--quiet", action="store_true")
    p.add_argument("--format", choices=["table", "json"], default="table")
    add_allow_imports(p)
    from .overrides import add_scenario_options

    add_scenario_options(p)
    p.set_defaults(func=_run)


def _samples_arg(v: str) -> int:
    from ..engine.spec import MAX_SAMPLES
    from .sweep import _int_arg

    return _int_arg("--samples", 1, MAX_SAMPLES)(v)


def _run(args):
    from ..engine.uncertainty import DEFAULT_STUDY, load_uncertainty, monte_carlo

    study = load_uncertainty(DEFAULT_STUDY if args.file is None else args.file, allow_imports=args.allow_imports)
    name = study.pop("name")
    from ..analysis.overrides import axis_no_effect
    from ..engine.spec import _import
    from .overrides import apply, warnings_to_stderr

    f = _import(study["f"]) if isinstance(study["f"], str) else study["f"]
    outputs = list(study["outputs"]) if study.get("outputs") else None
    axes = {a.path: (a.low, a.high) for a in study["params"]}
    study["base"] = apply(args, study["base"], outputs=outputs, f=f, verb="uncertainty", axes=axes)
    with warnings_to_stderr("uncertainty"):
        axis_no_effect(study["base"], axes, outputs=outputs, f=f, where="uncertainty")
    if args.samples is not None:
        study["n"] = args.samples
    res = monte_carlo(study.pop("f"), study.pop("base"), study.pop("params"), study.pop("n"),
                      store=args.out, resume=args.resume, overwrite=args.overwrite,
                      quiet=args.quiet or args.format == "json", dask=args.dask, **study)
    if args.format == "json":
        print(json.dumps({"summary": res.summary, "convergence": res.convergence,
                          "beats": res.beats}, indent=2, default=float))
    else:
        print(f"{name}: {res.dataset.sizes['sample']:,} draws")
        print(res.report())
    return 0
