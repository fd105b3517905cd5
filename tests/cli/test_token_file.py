"""The launch token written by ``openregi serve --token-file``."""

import os
import stat
import sys
from pathlib import Path

import pytest

from backend.cli import write_private


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_token_file_private_to_user(tmp_path: Path):
    path = tmp_path / "token"
    path.write_text("old", encoding="utf-8")
    os.chmod(path, 0o644)
    write_private(path, "secret-token")
    assert path.read_text(encoding="utf-8") == "secret-token"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_token_file_replaced_by_rename(tmp_path: Path):
    """A reader that opened the old file reads the old token whole, never an empty or
    half-written file, and no partial file is left beside it."""
    path = tmp_path / "token"
    path.write_text("old-token", encoding="utf-8")
    with path.open(encoding="utf-8") as reader:
        write_private(path, "new-token")
        assert reader.read() == "old-token"
    assert path.read_text(encoding="utf-8") == "new-token"
    assert sorted(item.name for item in tmp_path.iterdir()) == ["token"]
