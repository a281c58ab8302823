"""Reproduce Google's Project Suncatcher paper (Aguera y Arcas et al. 2025, arXiv:2511.19468).

Reproduces: Table 1 (USD per kW per year of launched power: a Starlink V2 mini on Falcon 9 against the
terrestrial range), the launch learning-curve projection (Falcon Heavy ~1,800 USD/kg at ~400 t, 20 % per
doubling, to ~200 USD/kg by the mid-2030s), the expected radiation dose at 650 km dawn-dusk behind ~10 mm Al
with the TPU v6e single-event rates turned into goodput, and the illumination of that orbit.

Inputs taken from the paper (with their sources): models/suncatcher2025.toml [table1_starlink_v2_mini],
models/launch_curves.toml [suncatcher_wright], models/gpus.toml [tpu_v6e], models/orbits.toml
[dawn_dusk_sso_650]. Where the paper's text could not be read, the source says "secondary".

Run:  python examples/reproduce_suncatcher.py [--out DIR] [--quick]

Prints our number beside the published one for every quantity, the difference, and why they differ;
with --out, writes the figures (PNG and SVG).  The logic lives in
orbitalcompute.reproductions.suncatcher (shared with `orbitalcompute reproduce suncatcher` and the tests).
"""

import argparse

from orbitalcompute import reproductions


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", metavar="DIR", default=None, help="write the figures (PNG and SVG) here")
    ap.add_argument("--quick", action="store_true", help="coarser time steps and grids")
    args = ap.parse_args(argv)
    rep = reproductions.run("suncatcher", args.out, quick=args.quick)
    print(reproductions.format_table(rep))
    return rep


if __name__ == "__main__":
    main()
