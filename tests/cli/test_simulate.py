"""`openregi simulate` on a scratch copy of the terminal store."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from backend.cli import main

SCRIPT = """
steps:
  - open: {float: 30000, staff_code: "1001", pin: "1234"}
  - scan: "4901234567894"
  - scan: {code: "4901234567894", quantity: 2}
  - subtotal
  - tender: {code: cash, amount: 1000}
  - complete
"""


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_simulate_prints_document_and_receipt(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    data_dir = tmp_path / "data"
    demo_code, _, demo_err = run_cli(["master", "demo", "--data-dir", str(data_dir)], capsys)
    assert demo_code == 0, demo_err
    script = tmp_path / "sale.yaml"
    script.write_text(SCRIPT, encoding="utf-8")

    code, out, err = run_cli(["simulate", "--data-dir", str(data_dir), str(script)], capsys)

    assert code == 0, err
    document_text, receipt = out.split("\n\n", 1)
    document = json.loads(document_text)
    assert document["lines"][0]["quantity"] == 3
    assert document["total"] == 3 * document["lines"][0]["unit_price"]
    assert document["change"] == 1000 - document["total"]
    assert "お釣り" in receipt
    # The real store is untouched: no sale, no counters.
    with sqlite3.connect(data_dir / "terminal.sqlite3") as connection:
        assert connection.execute("SELECT count(*) FROM transactions").fetchone()[0] == 0


def test_simulate_refused_step_names_step(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    script = tmp_path / "bad.yaml"
    script.write_text("steps:\n  - scan: '4901234567894'\n", encoding="utf-8")
    code, _, err = run_cli(["simulate", "--data-dir", str(tmp_path / "data"), str(script)], capsys)
    assert code == 1
    assert "step 1 (scan): terminal_not_open" in err


def test_simulate_malformed_script_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    script = tmp_path / "bad.yaml"
    script.write_text("- just a list\n", encoding="utf-8")
    code, _, err = run_cli(["simulate", "--data-dir", str(tmp_path / "data"), str(script)], capsys)
    assert code == 2
    assert "mapping" in err
