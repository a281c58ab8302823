"""``orbitalcompute latency``: round-trip times through a satellite network.

Examples::

    orbitalcompute latency london new_york                       # ISL, one day at 1 min
    orbitalcompute latency london new_york --mode bent-pipe --hours 2
    orbitalcompute latency 51.5,-0.13 40.7,-74.0 --constellation kuiper
    orbitalcompute latency --to-orbit dawn_dusk_sso_650 london   # user -> orbital cluster
    orbitalcompute latency --to-orbit dawn_dusk_sso_650 london --via gateway
"""

from __future__ import annotations

import json


def register(sub):
    p = sub.add_parser(
        "latency", help="RTT between two places via a constellation, or from a user to an orbital cluster",
        description="Round-trip times (p50/p95/p99/max and fraction of time reachable) through a "
                    "LEO constellation, compared with terrestrial fibre.  Places are catalogue names "
                    "(models/ground_points.toml, models/sites.toml) or LAT,LON in degrees.")
    p.add_argument("places", nargs="+", metavar="PLACE",
                   help="CITY_A CITY_B, or one USER place with --to-orbit")
    p.add_argument("--to-orbit", metavar="ORBIT", default=None,
                   help="orbital data centre orbit (models/orbits.toml, e.g. dawn_dusk_sso_650)")
    p.add_argument("--via", choices=["isl", "gateway"], default="isl",
                   help="with --to-orbit: through the network's laser links, or fibre to a gateway")
    p.add_argument("--mode", choices=["isl", "bent-pipe"], default="isl",
                   help="ground-to-ground routing: laser ISLs or bent pipe through gateways")
    p.add_argument("--constellation", default="starlink_gen1_shell1",
                   help="constellation or shell name (models/constellations.toml)")
    p.add_argument("--hours", type=float, default=24.0, help="time span [h] (default 24)")
    p.add_argument("--step-s", type=float, default=60.0, help="time step [s] (default 60)")
    p.add_argument("--epoch", default="2026-01-01T00:00:00Z", help="start time (ISO 8601 UTC)")
    p.add_argument("--access-overhead", action="store_true",
                   help="add the documented user-terminal access overhead (measured-like RTT)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=_run)


def _place(text: str):
    from ..latency import ground_point

    if "," in text:
        try:
            lat, lon = (float(x) for x in text.split(","))
        except ValueError:
            raise ValueError(f"place {text!r}: expected NAME or LAT,LON in degrees") from None
        return text, lat, lon
    lat, lon = ground_point(text)
    return text, lat, lon


def _run(args):
    import numpy as np

    from ..latency import fibre_rtt_ms, ground_rtt_ms, orbital_cluster_rtt, vacuum_great_circle_rtt_ms

    if args.to_orbit:
        if len(args.places) != 1:
            raise ValueError("with --to-orbit give exactly one PLACE (the user)")
        name, lat, lon = _place(args.places[0])
        res, st = orbital_cluster_rtt(lat, lon, args.to_orbit, constellation=args.constellation,
                                      via=args.via, hours=args.hours, step_s=args.step_s,
                                      epoch_utc=args.epoch, access_overhead=args.access_overhead)
        title = f"{name} -> orbital cluster in {args.to_orbit} (via {args.via}, {args.constellation})"
        extra = {}
    else:
        if len(args.places) != 2:
            raise ValueError("give two places (CITY_A CITY_B), or --to-orbit ORBIT USER")
        (na, la, loa), (nb, lb, lob) = (_place(x) for x in args.places)
        res = ground_rtt_ms(la, loa, lb, lob, constellation=args.constellation, mode=args.mode,
                            hours=args.hours, step_s=args.step_s, epoch_utc=args.epoch,
                            access_overhead=args.access_overhead)
        st = res.statistics()
        title = f"{na} <-> {nb} ({args.mode}, {args.constellation})"
        extra = {"fibre_rtt_ms": float(fibre_rtt_ms(la, loa, lb, lob)),
                 "fibre_great_circle_rtt_ms": float(fibre_rtt_ms(la, loa, lb, lob,
                                                                 route_inflation_factor=1.0)),
                 "vacuum_great_circle_rtt_ms": float(vacuum_great_circle_rtt_ms(la, loa, lb, lob))}
    out = {k: float(np.ravel(v)[0]) for k, v in st.items()}
    out.update(extra)
    out["steps"] = int(res.t_s.size)
    if args.format == "json":
        print(json.dumps({"route": title, **out}, indent=2))
        return 0
    print(title)
    print(f"  {res.t_s.size} steps of {args.step_s:g} s from {args.epoch}"
          f"{' (with access overhead)' if args.access_overhead else ' (propagation only)'}")
    print(f"  reachable          {100 * out['reachable_fraction']:6.1f} % of the time")
    for k in ("p50_ms", "p95_ms", "p99_ms", "max_ms"):
        v = out[k]
        print(f"  RTT {k[:-3]:14s} {'unreachable' if np.isnan(v) else f'{v:8.2f} ms'}")
    for k, label in (("fibre_rtt_ms", "fibre (inflated route)"),
                     ("fibre_great_circle_rtt_ms", "fibre (great circle)"),
                     ("vacuum_great_circle_rtt_ms", "vacuum great circle")):
        if k in out:
            print(f"  {label:22s} {out[k]:8.2f} ms")
    return 0
