"""Process set-up of the frozen executables, done by installer/entry.py before anything else.

A module of its own (not the ``__main__`` script), so that other modules such as the
self-test can ask :func:`console_was_missing` of the same module instance.
"""

from __future__ import annotations

import os
import sys

_console_missing = False


def replace_missing_streams() -> None:
    """Point ``sys.stdout`` and ``sys.stderr`` at the null device when they are None.

    A windowed executable on Windows (PyInstaller ``console=False``) starts without them,
    and any ``print`` or ``sys.stdout.write`` (ours or a library's) would then raise
    AttributeError. Output written there is discarded. The logs still go to files.
    """
    global _console_missing
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            _console_missing = True
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def console_was_missing() -> bool:
    """Tell whether the process started without a console (a windowed build)."""
    return _console_missing


def keep_escpos_cache() -> None:
    """Give python-escpos a lasting cache folder for its parsed printer profiles.

    python-escpos 3.1 otherwise creates a new temporary folder at every import, never
    removes it, and parses capabilities.json again each time.
    """
    if "ESCPOS_CAPABILITIES_PICKLE_DIR" in os.environ:
        return
    import platformdirs

    cache = platformdirs.user_cache_path("openregi", appauthor=False) / "escpos"
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # python-escpos falls back to its temporary folder
    os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(cache)


def prepare_process() -> None:
    replace_missing_streams()
    keep_escpos_cache()
