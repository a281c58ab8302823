"""Reproduce published Starlink/Kuiper latency results: Handley (HotNets 2018) and Hypatia (IMC 2020).

Reproduces: Hypatia's Paris-Moscow RTT over the 550 km Starlink shell and its Kuiper Manila-Dalian and
Manila-Saint Petersburg RTTs; Handley's ~3,000 km distance beyond which laser inter-satellite links beat any
terrestrial fibre; Handley's bent-pipe Seattle-New York example. Also draws RTT over a day and its CDF for
London-New York (ISL, bent pipe, fibre) and London to an orbital data centre.

Inputs: models/starlink_latency_refs.toml (published figures), models/constellations.toml, models/ground_points.toml,
models/network.toml.

Run:  python examples/reproduce_starlink_latency.py [--out DIR] [--quick]

Prints our number beside the published one for every quantity, the difference, and why they differ;
with --out, writes the figures (PNG and SVG).  The logic lives in
orbitalcompute.reproductions.starlink_latency (shared with `orbitalcompute reproduce starlink_latency` and the tests).
"""

import argparse

from orbitalcompute import reproductions


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", metavar="DIR", default=None, help="write the figures (PNG and SVG) here")
    ap.add_argument("--quick", action="store_true", help="coarser time steps and grids")
    args = ap.parse_args(argv)
    rep = reproductions.run("starlink_latency", args.out, quick=args.quick)
    print(reproductions.format_table(rep))
    return rep


if __name__ == "__main__":
    main()
