"""Reproduce the published Starlink V2 mini unit cost with the bottom-up and whole-satellite cost laws.

Reproduces: the whole-satellite unit cost of Starlink V2 mini (Quilty Space via CNBC, 2024: ~$800k at 730 kg;
A. McCalip's model: $590k, $22/W) from our bottom-up cost laws and from the whole-satellite law.

Inputs: models/starlink_unit_cost.toml [v2_mini], models/cost_laws.toml [default], models/solar_cells.toml [silicon].

Run:  python examples/reproduce_starlink_unit_cost.py [--out DIR] [--quick]

Prints our number beside the published one for every quantity, the difference, and why they differ;
with --out, writes the figures (PNG and SVG).  The logic lives in
orbitalcompute.reproductions.starlink_unit_cost (shared with `orbitalcompute reproduce starlink_unit_cost` and the tests).
"""

import argparse

from orbitalcompute import reproductions


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", metavar="DIR", default=None, help="write the figures (PNG and SVG) here")
    ap.add_argument("--quick", action="store_true", help="coarser time steps and grids")
    args = ap.parse_args(argv)
    rep = reproductions.run("starlink_unit_cost", args.out, quick=args.quick)
    print(reproductions.format_table(rep))
    return rep


if __name__ == "__main__":
    main()
