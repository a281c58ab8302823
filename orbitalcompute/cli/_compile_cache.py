"""JAX's persistent compilation cache for the command line: compiled kernels are
written to disk and reused by the next process, so a second ``orbitalcompute
report`` (or sweep) skips the compiles (10-70 s each on two cores).

On by default for the CLI (library imports leave JAX's settings alone).  The
folder is ``$ORBITALCOMPUTE_JAX_CACHE_DIR`` if set, else ``jax/`` in the user
cache folder (``platformdirs.user_cache_dir("orbitalcompute")``, e.g.
``~/.cache/orbitalcompute/jax`` on Linux).  Turn it off with
``ORBITALCOMPUTE_JAX_CACHE=0`` (or ``off``/``false``/``no``) or the global flag
``orbitalcompute --no-compile-cache ...``.  Entries are keyed by JAX on the
program, the JAX/XLA versions and the machine, so a stale entry is never used;
deleting the folder is always safe.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ENV_SWITCH", "ENV_DIR", "ENV_MIN_S", "min_compile_time_s", "cache_dir", "is_disabled", "enable", "disable"]

#: environment variable that turns the cache off (0, off, false, no)
ENV_SWITCH = "ORBITALCOMPUTE_JAX_CACHE"
#: environment variable naming the cache folder
ENV_DIR = "ORBITALCOMPUTE_JAX_CACHE_DIR"
#: cache every compile: most of the report's kernels compile in 0.05-1 s each,
#: below JAX's default threshold (1 s), and together they cost several seconds
#: (``ORBITALCOMPUTE_JAX_CACHE_MIN_S`` sets another threshold, in seconds)
MIN_COMPILE_TIME_S = 0.0
#: environment variable with another threshold [s]
ENV_MIN_S = "ORBITALCOMPUTE_JAX_CACHE_MIN_S"


def min_compile_time_s() -> float:
    """Compiles shorter than this [s] are not written to disk: ``$ORBITALCOMPUTE_JAX_CACHE_MIN_S``
    if set (a number >= 0; anything else is a ``ValueError`` naming it), else `MIN_COMPILE_TIME_S`."""
    v = os.environ.get(ENV_MIN_S, "").strip()
    if not v:
        return MIN_COMPILE_TIME_S
    try:
        x = float(v)
    except ValueError:
        x = float("nan")
    if not x >= 0.0 or x == float("inf"):
        raise ValueError(f"{ENV_MIN_S} = {v!r} is not a number of seconds; valid range is [0, inf)")
    return x

_state = {"disabled_by_flag": False, "enabled_dir": None}


def cache_dir() -> Path:
    """The folder the cache uses (not created)."""
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env).expanduser()
    try:
        from platformdirs import user_cache_dir

        base = Path(user_cache_dir("orbitalcompute", appauthor=False))
    except ImportError:  # platformdirs is optional: the XDG default
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "orbitalcompute"
    return base / "jax"


def is_disabled() -> bool:
    """True when the user turned the cache off (flag or environment variable)."""
    v = os.environ.get(ENV_SWITCH, "").strip().lower()
    return _state["disabled_by_flag"] or v in ("0", "off", "false", "no")


def disable() -> None:
    """Turn the cache off for this process (``--no-compile-cache``)."""
    _state["disabled_by_flag"] = True
    if _state["enabled_dir"] is not None:
        import jax

        jax.config.update("jax_enable_compilation_cache", False)
        _state["enabled_dir"] = None


def enable(directory=None) -> Path | None:
    """Point JAX's persistent compilation cache at ``directory`` (default
    `cache_dir`) and cache every compile; returns the folder, or None when
    the cache is turned off or the folder cannot be created (then nothing is cached
    and the run is only slower)."""
    if is_disabled():
        return None
    min_s = min_compile_time_s()  # a bad value is an error before anything is created
    d = Path(directory).expanduser() if directory is not None else cache_dir()
    if _state["enabled_dir"] == d:
        return d
    try:
        d.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    import jax

    jax.config.update("jax_enable_compilation_cache", True)
    jax.config.update("jax_compilation_cache_dir", str(d))
    jax.config.update("jax_persistent_cache_min_compile_time_secs", min_s)
    jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)
    try:  # a cache JAX already opened elsewhere (a compile before this call) is re-opened here
        from jax._src import compilation_cache as _cc

        _cc.reset_cache()
    except Exception:  # noqa: BLE001 - private API; without it the setting applies from the next process
        pass
    _state["enabled_dir"] = d
    return d
