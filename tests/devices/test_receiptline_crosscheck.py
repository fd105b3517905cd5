"""Japanese text bytes cross-checked against receiptline, an independent implementation.

receiptline (npm, pinned in tools/package.json) turns receipt markdown into ESC/POS and
Star commands. Command choices differ between the two projects, so the test compares
the CP932 text runs: each line's bytes followed by LF must appear in receiptline's output.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from devices.charset import CP932Encoder
from devices.config import KanjiRange

TOOLS = Path(__file__).resolve().parents[2] / "tools"
SCRIPT = TOOLS / "receiptline_encode.js"
TEXTS = ("おにぎり 鮭 ※", "ｺｰﾋｰ", "¥1,080")


@pytest.fixture(scope="module")
def node() -> str:
    path = shutil.which("node")
    assert path, "node is required for the receiptline cross-check (apt-get install nodejs)"
    if not (TOOLS / "node_modules" / "receiptline").is_dir():
        npm = shutil.which("npm")
        assert npm, "npm is required to install receiptline (apt-get install npm)"
        result = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"], cwd=TOOLS, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, f"npm ci in tools/ failed:\n{result.stderr}"
    return path


def _receiptline(node: str, target: str, encoding: str, text: str) -> bytes:
    result = subprocess.run(
        [node, str(SCRIPT), target, encoding, "42"],
        input=(text + "\n").encode("utf-8"),
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    return result.stdout


def _openregi(text: str) -> bytes:
    return CP932Encoder((KanjiRange.JIS_X0208,)).encode(text)


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize(
    ("target", "encoding"),
    [("escpos", "shiftjis"), ("escpos", "cp932"), ("starmbcs", "cp932"), ("starlinembcs", "shiftjis")],
)
def test_text_bytes_match_receiptline(node, target, encoding, text):
    theirs = _receiptline(node, target, encoding, text)

    assert _openregi(text) + b"\n" in theirs


def test_expected_text_bytes_are_cp932(node):
    # The runs both projects agree on, written out so a shared mistake would show.
    assert _openregi(TEXTS[0]) == bytes.fromhex("82a8 82c9 82ac 82e8 20 8df8 20 81a6")
    assert _openregi(TEXTS[1]) == bytes.fromhex("bab0cbb0")
    assert _openregi(TEXTS[2]) == b"\x5c1,080"


def test_receiptline_escpos_selects_same_japanese_tables(node):
    theirs = _receiptline(node, "escpos", "shiftjis", TEXTS[0])

    assert b"\x1bt\x01" in theirs  # Katakana table
    assert b"\x1cC1" in theirs  # Shift_JIS Kanji code system (ASCII "1" form)
    assert b"\x1bR\x08" in theirs  # Japan international character set
