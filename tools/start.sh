#!/usr/bin/env bash
# Install OpenRegi into ./.venv and start the terminal on the embedded default:
# SQLite terminal store, simulated devices and the demo store.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install_system_deps.sh
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
if ! .venv/bin/python tools/build_translations.py; then
  # The app still starts, with its English source texts in place of the translations.
  echo "start.sh: 画面の翻訳（.qm）を作れませんでした。上のエラーを確認してください。" >&2
  echo "start.sh: building the screen translations (.qm) failed; see the error above." >&2
fi
exec .venv/bin/openregi "$@"
