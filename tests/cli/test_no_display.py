"""Starting the cashier app on a machine without a display."""

import os
import subprocess
import sys

import pytest

from backend.cli import display_missing


def test_display_missing_by_platform():
    assert display_missing({}, "linux")
    assert not display_missing({"DISPLAY": ":0"}, "linux")
    assert not display_missing({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not display_missing({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not display_missing({}, "win32")
    assert not display_missing({}, "darwin")


@pytest.mark.skipif(sys.platform.startswith(("win", "darwin")), reason="X11 and Wayland systems only")
def test_app_without_display_explains(tmp_path):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "-m", "backend.cli", "--data-dir", str(tmp_path / "data")],
        env={**environment, "OPENREGI_CONFIG_FILE": str(tmp_path / "none.toml")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "画面（ディスプレイ）がないため" in result.stderr
    assert "no display to open the cashier app on" in result.stderr
