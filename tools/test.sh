#!/usr/bin/env bash
# Install everything the tests need and run the whole suite: lint, type check and pytest.
# The MongoDB-protocol server (FerretDB) and daprd are built once from the Go module proxy
# and cached outside the repository (see tools/build_services.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install_system_deps.sh
bash tools/build_services.sh

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
(cd tools && npm ci --silent --no-audit --no-fund)
.venv/bin/python tools/build_translations.py

.venv/bin/ruff check .
.venv/bin/mypy
export QT_QPA_PLATFORM=offscreen
.venv/bin/python -m pytest -q "$@"
