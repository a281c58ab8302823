"""Command line: ``orbitalcompute <command> ...``.

Each sub-command lives in its own module in this package and exposes
``register(subparsers)`` (adds its parser and sets ``func``).  Exit codes:
0 success, 2 bad usage or bad input (a clear message on stderr), 1 any other
failure.
"""

from __future__ import annotations

import argparse
import importlib
import sys

#: sub-command modules, in the order ``--help`` lists them
COMMANDS = ["report", "catalog", "illumination", "latency", "sweep", "optimize", "uncertainty", "reproduce"]


def build_parser() -> argparse.ArgumentParser:
    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="orbitalcompute",
        description="When, where and for whom does a data centre in orbit beat one on the "
                    "ground, per GPU-hour?  Physics-based audit toolkit.",
    )
    parser.add_argument("--version", action="version", version=f"orbitalcompute {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f".{name}", __name__).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except ValueError as exc:  # bad input: catalogue names, ranges, files
        print(f"orbitalcompute {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
