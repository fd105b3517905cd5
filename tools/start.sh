#!/usr/bin/env bash
# Install OpenRegi into ./.venv and start the terminal on the embedded default:
# SQLite terminal store, simulated devices and the demo store.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install_system_deps.sh
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
.venv/bin/python tools/build_translations.py 2>/dev/null || true
exec .venv/bin/openregi "$@"
