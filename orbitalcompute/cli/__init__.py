"""Command line: ``orbitalcompute <command> ...``.

Each sub-command lives in its own module in this package and exposes
``register(subparsers)`` (adds its parser and sets ``func``).  Exit codes:
0 success, 2 bad usage, bad input or an anticipated failure (one clear line
on stderr: bad values, unusable output paths, full disks, read-only
directories, memory exhausted, interrupted or foreign stores), 1 an
unexpected error (a line saying where to report it; the traceback only with
``--debug``), 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import sys

#: sub-command modules, in the order ``--help`` lists them
COMMANDS = ["report", "catalog", "illumination", "latency", "sweep", "optimize", "uncertainty", "reproduce",
            "breakeven", "whom", "when", "compare", "pareto", "scenario", "export"]


def build_parser() -> argparse.ArgumentParser:
    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="orbitalcompute",
        description="When, where and for whom does a data centre in orbit beat one on the "
                    "ground, per GPU-hour?  Physics-based audit toolkit.",
    )
    parser.add_argument("--version", action="version", version=f"orbitalcompute {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="print the full traceback of an error (for bug reports)")
    parser.add_argument("--no-compile-cache", action="store_true",
                        help="do not keep compiled kernels on disk between runs (JAX's persistent "
                             "compilation cache; also ORBITALCOMPUTE_JAX_CACHE=0)")
    from ._options import add_models_option

    add_models_option(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f".{name}", __name__).register(sub)
    return parser


#: where an unexpected error should be reported
REPORT_TO = ("the orbitalcompute issue tracker (with the command line, and the traceback that "
             "--debug prints)")


def _os_error_line(exc: OSError) -> str:
    import errno

    what = {errno.ENOSPC: "no space left on the device",
            errno.EDQUOT: "disk quota exceeded",
            errno.EROFS: "the file system is read-only",
            errno.EACCES: "permission denied",
            errno.EPERM: "operation not permitted",
            errno.ENOTDIR: "a component of the path is a regular file, not a directory",
            errno.ENOENT: "no such file or directory",
            errno.EISDIR: "is a directory"}.get(exc.errno, exc.strerror or str(exc))
    where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
    return f"{what}{where}"


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    debug = bool(getattr(args, "debug", False))
    name = f"orbitalcompute {args.command}"
    from . import _compile_cache as compile_cache

    try:
        if getattr(args, "no_compile_cache", False):
            compile_cache.disable()
        compile_cache.enable()
        from ._options import use_models

        use_models(args)
        code = int(args.func(args) or 0)
        sys.stdout.flush()
        return code
    except BrokenPipeError:  # the reader went away (``... | head``): stop quietly
        _silence_stdout()
        return 141
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - every error ends as one line
        if debug:
            import traceback

            traceback.print_exc()
        if isinstance(exc, ValueError):  # bad input: names, ranges, files, stores
            msg = str(exc)
        elif isinstance(exc, (KeyError, TypeError)) and _is_input_error(exc):
            msg = f"bad input: {exc}"
        elif isinstance(exc, OSError):
            msg = _os_error_line(exc)
        elif isinstance(exc, MemoryError):
            msg = (f"out of memory{f' ({exc})' if str(exc) else ''}; make the sweep smaller "
                   f"(fewer points, a smaller chunk_size or chunk_size = 'auto')")
        else:
            print(f"{name}: internal error: {type(exc).__name__}: {exc}. This is a bug; "
                  f"please report it to {REPORT_TO}", file=sys.stderr)
            return 1
        print(f"{name}: error: {msg}", file=sys.stderr)
        return 2


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not raise again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout without a file descriptor
        pass


def _is_input_error(exc: BaseException) -> bool:
    """Errors raised by the package's own input checks as KeyError/TypeError
    (e.g. a Quantity for a field of a unit astropy does not know)."""
    return getattr(exc, "orbitalcompute_input_error", False)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
