"""Entry point of the frozen executables: PyInstaller runs this file as ``__main__``.

It prepares the process for a windowed build, then hands over to ``backend.cli.main``,
so the frozen ``openregi`` takes the same arguments as the one installed by pip.
"""

from __future__ import annotations

import sys

from installer.runtime import prepare_process


def main() -> int:
    prepare_process()
    from backend.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
