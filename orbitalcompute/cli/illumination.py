"""``orbitalcompute illumination ORBIT``: annual illumination summary of an orbit."""

from __future__ import annotations


def register(sub):
    p = sub.add_parser(
        "illumination",
        help="annual sunlit fraction, longest eclipse, eclipse seasons of an orbit",
        description="Annual illumination summary of a named orbit from models/orbits.toml "
                    "(run 'orbitalcompute catalog list orbits' for the names). "
                    "'ephemeris' propagates SGP4 with Skyfield and takes the Sun from JPL DE421; "
                    "'analytic' uses the closed-form JAX shadow kernels on a day grid.")
    p.add_argument("orbit", help="orbit name, e.g. dawn_dusk_sso_650 (or orbits/NAME)")
    p.add_argument("--method", choices=["analytic", "ephemeris"], default="ephemeris",
                   help="ephemeris-grade Skyfield/DE421 path or fast analytic kernel "
                        "(default: ephemeris)")
    p.add_argument("--step-s", type=float, default=30.0,
                   help="ephemeris time step in seconds (default 30)")
    p.add_argument("--span-days", type=float, default=365.0, help="span in days (default 365)")
    p.add_argument("--start", default=None,
                   help="start of the span, ISO 8601 UTC (default: the orbit's epoch)")
    p.add_argument("--shadow-model", choices=["conical", "cylindrical"], default="conical",
                   help="analytic shadow model (ephemeris is always conical)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--plot", metavar="PATH.png", default=None,
                   help="also save a figure: daily sunlit fraction, longest eclipse and beta angle")
    p.set_defaults(func=_run)


def _run(args):
    from ..illumination import annual_summary
    from .catalog import resolve

    name = args.orbit
    if "/" in name:
        kind, _, name = name.partition("/")
        if kind != "orbits":
            raise ValueError(f"{args.orbit!r} is not an orbit; use orbits/NAME")
    else:
        kind, name = resolve(name)
        if kind != "orbits":
            raise ValueError(f"{args.orbit!r} is a {kind} entry, not an orbit")
    s = annual_summary(name, method=args.method, step_s=args.step_s, span_days=args.span_days,
                       start_utc=args.start, shadow_model=args.shadow_model)
    if args.format == "json":
        print(s.to_json())
    else:
        print(s.table())
    if args.plot:
        plot_summary(s, args.plot)
        if args.format == "table":
            print(f"figure written to {args.plot}")
    return 0


def plot_summary(summary, path: str) -> None:
    """Save a three-panel figure of ``summary.daily`` to ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    d = summary.daily
    fig, ax = plt.subplots(3, 1, sharex=True, figsize=(8, 7), constrained_layout=True)
    ax[0].plot(d.date, d.sunlit_fraction, lw=1)
    ax[0].set_ylabel("sunlit fraction")
    ax[1].plot(d.date, d.longest_eclipse_s / 60.0, lw=1, color="tab:red")
    ax[1].set_ylabel("longest eclipse [min]")
    ax[2].plot(d.date, d.beta_deg, lw=1, color="tab:green")
    ax[2].set_ylabel("beta angle [deg]")
    ax[2].set_xlabel("date (UTC)")
    ax[0].set_title(f"{summary.orbit_name or 'orbit'}: {summary.method} "
                    f"(mean sunlit {summary.mean_sunlit_fraction:.4f}, "
                    f"longest eclipse {summary.longest_eclipse_s / 60:.1f} min)")
    for a in ax:
        a.grid(alpha=0.3)
    fig.savefig(path, dpi=120)
    plt.close(fig)
