"""Reproduce Andrew McCalip's orbital vs terrestrial data-centre cost model (1 GW, 5 years).

Reproduces: the model's default case and its five other published set-points (orbital and terrestrial total
cost, USD per W, LCOE, satellite count, mass, Starship launches), from the formulas of static/js/math.js in
github.com/andrewmccalip/thoughts and the outputs its author committed (audit/setpoint_runs.json), then the
same 1 GW with our sunlit fraction, and the assumptions that separate the model from a GPU-hour cost.

Inputs taken from the model: models/mccalip2025.toml (one entry per published set-point, plus the later
revision's defaults).

Run:  python examples/reproduce_mccalip.py [--out DIR] [--quick]

Prints our number beside the published one for every quantity, the difference, and why they differ;
with --out, writes the figures (PNG and SVG).  The logic lives in
orbitalcompute.reproductions.mccalip (shared with `orbitalcompute reproduce mccalip` and the tests).
"""

import argparse

from orbitalcompute import reproductions


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", metavar="DIR", default=None, help="write the figures (PNG and SVG) here")
    ap.add_argument("--quick", action="store_true", help="coarser time steps and grids")
    args = ap.parse_args(argv)
    rep = reproductions.run("mccalip", args.out, quick=args.quick)
    print(reproductions.format_table(rep))
    return rep


if __name__ == "__main__":
    main()
