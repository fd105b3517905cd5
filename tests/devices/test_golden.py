"""Every dialect's bytes for the sample receipts match the reviewed golden files."""

from __future__ import annotations

import pytest

from devices.dialects import encode_receipt
from devices.text_render import render_text
from tests.devices.receipts import SAMPLES
from tests.devices.regenerate_golden import GOLDEN_DIR, PAPERS, golden_cases


@pytest.mark.parametrize(("stem", "config"), golden_cases(), ids=[stem for stem, _ in golden_cases()])
def test_bytes_match_golden_file(stem, config):
    document = SAMPLES[stem.split("-")[0]]()
    expected = (GOLDEN_DIR / f"{stem}.bin").read_bytes()

    assert encode_receipt(document, config) == expected


@pytest.mark.parametrize("name", sorted(SAMPLES))
@pytest.mark.parametrize(("paper_mm", "columns"), PAPERS)
def test_text_preview_matches_golden_file(name, paper_mm, columns):
    expected = (GOLDEN_DIR / f"{name}-{paper_mm}mm.txt").read_text(encoding="utf-8")

    assert render_text(SAMPLES[name](), columns) == expected


def test_golden_bytes_contain_no_utf8_or_gb18030_kanji():
    # 鮭 is 8D F8 in CP932; UTF-8 and GB18030 use other bytes.
    data = (GOLDEN_DIR / "sale-epson_jp-80mm.bin").read_bytes()

    assert "鮭".encode("cp932") in data
    assert "鮭".encode() not in data
    assert "鮭".encode("gb18030") not in data
