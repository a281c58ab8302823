"""Eclipse fraction against altitude and beta angle, and the eclipse seasons of dawn-dusk orbits.

Reproduces: the maximum eclipse duration ESA's Sentinel-1 data sheet prints for its 693 km dawn-dusk orbit
(LTAN 18:00, "Max eclipse duration: 19 minutes", ESA 2013), with the analytic kernel and the Skyfield ephemeris
path; the annual sunlit fraction of the 650 km dawn-dusk orbit that orbital data-centre proposals
assume (McCalip's 0.98; Starcloud's ">95 %"), and the figures: eclipse fraction over altitude x beta, and the
June eclipse season of dawn-dusk orbits at 550-1000 km.

Inputs: models/orbits.toml [dawn_dusk_sso_650], models/environment.toml [earth], models/mccalip2025.toml [baseline].

Run:  python examples/reproduce_eclipse.py [--out DIR] [--quick]

Prints our number beside the printed one for every quantity, the difference, and why they differ;
with --out, writes the figures (PNG and SVG).  The logic lives in
orbitalcompute.reproductions.eclipse (shared with `orbitalcompute reproduce eclipse` and the tests).
"""

import argparse

from orbitalcompute import reproductions


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", metavar="DIR", default=None, help="write the figures (PNG and SVG) here")
    ap.add_argument("--quick", action="store_true", help="coarser time steps and grids")
    args = ap.parse_args(argv)
    rep = reproductions.run("eclipse", args.out, quick=args.quick)
    print(reproductions.format_table(rep))
    return rep


if __name__ == "__main__":
    main()
