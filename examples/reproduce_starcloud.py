"""Reproduce the Starcloud (Lumen Orbit) white paper "Why we should train AI in space".

Reproduces: its 40 MW ten-year cost table (Earth: energy, chillers, backup power = $167M; space: solar array,
one launch = $8.2M) and its radiator figures (838 W/m^2 for a black plate at 20 C, 770 emitted at emissivity
0.92, ~137 absorbed, ~633 net), then the same 40 MW cluster with our physics: real array, radiator, battery,
shielding and bus masses, the launches they need, our cost laws and launch price.

Inputs taken from the paper: models/starcloud_whitepaper.toml [forty_mw_ten_years] (read through secondary
summaries; each value names its source).

Run:  python examples/reproduce_starcloud.py [--out DIR] [--quick]

Prints our number beside the published one for every quantity, the difference, and why they differ;
with --out, writes the figures (PNG and SVG).  The logic lives in
orbitalcompute.reproductions.starcloud (shared with `orbitalcompute reproduce starcloud` and the tests).
"""

import argparse

from orbitalcompute import reproductions


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", metavar="DIR", default=None, help="write the figures (PNG and SVG) here")
    ap.add_argument("--quick", action="store_true", help="coarser time steps and grids")
    args = ap.parse_args(argv)
    rep = reproductions.run("starcloud", args.out, quick=args.quick)
    print(reproductions.format_table(rep))
    return rep


if __name__ == "__main__":
    main()
