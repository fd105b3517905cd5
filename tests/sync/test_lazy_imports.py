"""PyMongo stays unloaded while the store tier is off, because its import slows every start.

Each check runs in a fresh interpreter, because other tests in this process import PyMongo.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CREATE_APP = """\
import sys
from backend.api.app import create_app
from backend.settings import Settings
create_app(Settings(data_dir=sys.argv[1], config_file=sys.argv[2]))
print('pymongo' in sys.modules)
"""

IMPORT_SYNC_MODULES = """\
import importlib
import pkgutil
import sys
import backend.sync
names = sorted(info.name for info in pkgutil.iter_modules(backend.sync.__path__, 'backend.sync.'))
for name in names:
    importlib.import_module(name)
print(' '.join(names))
print(sorted(name for name in sys.modules if name.split('.')[0] in ('pymongo', 'bson', 'gridfs')))
"""

# The modules that call PyMongo, so the import loop cannot pass by finding no modules.
PYMONGO_USERS = (
    "backend.sync.cli",
    "backend.sync.client",
    "backend.sync.indexes",
    "backend.sync.master_pull",
    "backend.sync.master_push",
    "backend.sync.relay",
    "backend.sync.reports",
    "backend.sync.routes",
    "backend.sync.service",
)


def run_python(code: str, *args: str) -> str:
    """Run ``code`` in a new interpreter from the repository root and return its output."""
    # An OPENREGI_ variable such as OPENREGI_MONGO__URL would switch the store tier on.
    env = {name: value for name, value in os.environ.items() if not name.startswith("OPENREGI_")}
    completed = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def test_backend_start_skips_pymongo(tmp_path: Path) -> None:
    output = run_python(CREATE_APP, str(tmp_path / "data"), str(tmp_path / "none.toml"))

    assert output == "False\n"


def test_sync_modules_import_without_pymongo() -> None:
    output = run_python(IMPORT_SYNC_MODULES)

    imported, loaded = output.splitlines()
    assert set(PYMONGO_USERS) <= set(imported.split())
    assert loaded == "[]"
