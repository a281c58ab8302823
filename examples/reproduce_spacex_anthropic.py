"""Reproduce the economics of the SpaceX-Anthropic compute agreement (2026).

Reproduces: the implied price of a GPU-hour and of a MW-year from the reported USD 1.25 billion per month for
about 220,000 NVIDIA GPUs and roughly 300 MW at Colossus (Memphis), against our modelled cost of the same
capacity in Memphis (H100 and B200 servers) and in orbit (H100 satellites, 650 km dawn-dusk, 2030 launch).

Inputs: models/spacex_anthropic2026.toml [colossus_deal_2026] (press reports of SpaceX's S-1 and of the
announcement; secondary), models/sites.toml [memphis_tn], models/gpus.toml, models/spacecraft.toml.

Run:  python examples/reproduce_spacex_anthropic.py [--out DIR] [--quick]

Prints our number beside the published one for every quantity, the difference, and why they differ;
with --out, writes the figures (PNG and SVG).  The logic lives in
orbitalcompute.reproductions.spacex_anthropic (shared with `orbitalcompute reproduce spacex_anthropic` and the tests).
"""

import argparse

from orbitalcompute import reproductions


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", metavar="DIR", default=None, help="write the figures (PNG and SVG) here")
    ap.add_argument("--quick", action="store_true", help="coarser time steps and grids")
    args = ap.parse_args(argv)
    rep = reproductions.run("spacex_anthropic", args.out, quick=args.quick)
    print(reproductions.format_table(rep))
    return rep


if __name__ == "__main__":
    main()
