"""The frozen Linux bundle: built once per source state, then run as an installer would.

The bundle is built by installer/build.py (which already fails on a failed self-test)
into a folder in the system's temporary directory named after a hash of everything that
goes into it, so later runs on unchanged sources reuse it. The build takes about a
minute of CPU time on two cores.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from installer.build import executable_path, missing_modules

ROOT = Path(__file__).resolve().parents[2]
HASHED_FOLDERS = ("backend", "devices", "terminal_app", "installer", "resources")
HASHED_FILES = ("pyproject.toml", "tools/build_translations.py")
SKIPPED_SUFFIXES = (".pyc", ".qm")
CACHE_PREFIX = "openregi-frozen-"

pytestmark = pytest.mark.slow


def source_hash() -> str:
    """Hash the files that go into the bundle, with the Python and PyInstaller versions."""
    import PyInstaller

    digest = hashlib.sha256(f"{sys.version} {PyInstaller.__version__} {platform.platform()}".encode())
    paths = [ROOT / name for name in HASHED_FILES]
    for folder in HASHED_FOLDERS:
        paths += [
            path
            for path in (ROOT / folder).rglob("*")
            if path.is_file() and "__pycache__" not in path.parts and not path.name.endswith(SKIPPED_SUFFIXES)
        ]
    for path in sorted(paths):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def build_once() -> Path:
    """Return the dist folder of a bundle built from the current sources, building it if needed."""
    cache_root = Path(tempfile.gettempdir())
    dist_dir = cache_root / f"{CACHE_PREFIX}{source_hash()}"
    if executable_path(dist_dir, onefile=False).is_file():
        return dist_dir
    scratch = Path(tempfile.mkdtemp(prefix=f"{CACHE_PREFIX}building-"))
    try:
        completed = subprocess.run(
            [
                sys.executable,
                str(ROOT / "installer" / "build.py"),
                "--dist",
                str(scratch / "dist"),
                "--work",
                str(scratch / "work"),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=1200,
            check=False,
        )
        assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-4000:]
        with contextlib.suppress(OSError):  # another run finished the same build first
            (scratch / "dist").rename(dist_dir)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for stale in cache_root.glob(f"{CACHE_PREFIX}*"):
        if stale != dist_dir and not stale.name.startswith(f"{CACHE_PREFIX}building-"):
            shutil.rmtree(stale, ignore_errors=True)
    return dist_dir


@pytest.fixture(scope="module")
def frozen() -> Path:
    """The frozen ``openregi`` executable of the onedir bundle."""
    return executable_path(build_once(), onefile=False)


def clean_environment(tmp_path: Path) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("OPENREGI_")}
    env["OPENREGI_CONFIG_FILE"] = str(tmp_path / "no-config.toml")
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def test_frozen_self_test_passes(frozen: Path, tmp_path: Path):
    completed = subprocess.run(
        [str(frozen), "--self-test", "--data-dir", str(tmp_path / "data")],
        env=clean_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    lines = completed.stdout.splitlines()
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert lines[0].startswith("OpenRegi self-test ")
    assert "(frozen, Linux " in lines[0]
    assert [line[:4] for line in lines[1:-1]] == ["PASS"] * 10
    assert lines[-1] == "self-test passed: 10 checks"
    assert lines[-2].startswith("PASS  usb support ")


def test_frozen_version_names_build(frozen: Path, tmp_path: Path):
    from backend import __version__

    completed = subprocess.run(
        [str(frozen), "--version"],
        env=clean_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    assert lines[0] == f"openregi {__version__}"
    assert lines[-1] == "build frozen (PyInstaller)"


def test_frozen_bundle_has_no_tests_or_webengine(frozen: Path):
    internal = frozen.parent / "_internal"
    names = {path.name for path in internal.rglob("*")}
    assert "tests" not in names
    assert not [name for name in names if "WebEngine" in name]
    assert not [name for name in names if name.startswith("libQt6Quick")]
    assert not [name for name in names if name.endswith(".ts")]


def test_frozen_bundle_has_printer_transports(frozen: Path):
    assert missing_modules(frozen, frozen.parent, windows=False) == []
    # The same check finds what a Windows build would lack here: pywin32.
    assert missing_modules(frozen, frozen.parent, windows=True) == [
        "pywintypes",
        "win32print (extension module)",
    ]


def test_frozen_bundle_leaves_out_pyusb_runtime_hook(frozen: Path):
    from PyInstaller.archive.readers import CArchiveReader

    scripts = set(CArchiveReader(str(frozen)).toc)
    assert "pyi_rth_pyside6" in scripts
    assert "pyi_rth_usb" not in scripts


@pytest.fixture
def frozen_server(frozen: Path, tmp_path: Path) -> Iterator[tuple[str, str]]:
    token_file = tmp_path / "token"
    process = subprocess.Popen(
        [
            str(frozen),
            "serve",
            "--port",
            "0",
            "--data-dir",
            str(tmp_path / "data"),
            "--token-file",
            str(token_file),
        ],
        env=clean_environment(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        base_url = ""
        for line in process.stdout:
            found = re.search(r"API:\s+(http://\S+)/api/v1", line)
            if found:
                base_url = found.group(1)
                break
        assert base_url, "openregi serve printed no API address"
        deadline = time.monotonic() + 30
        while not token_file.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        yield base_url, token_file.read_text(encoding="utf-8")
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_frozen_serve_answers_health(frozen_server: tuple[str, str]):
    from backend.storage.migrations import discover

    base_url, token = frozen_server
    deadline = time.monotonic() + 30
    response = None
    while time.monotonic() < deadline:
        try:
            response = httpx.get(f"{base_url}/api/v1/health", headers={"Authorization": f"Bearer {token}"})
            break
        except httpx.TransportError:
            time.sleep(0.02)
    assert response is not None, "no answer from the frozen backend within 30 s"
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["schema_version"] == discover()[-1].version
    assert httpx.get(f"{base_url}/api/v1/health").status_code == 401
