"""The electronic journal: every record chained, tampering named by verify, search and export."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from backend.cli import main
from backend.settings import Settings
from tests.conftest import FixedClock
from tests.lifecycle.helpers import (
    APPROVER_HEADERS,
    INCLUSIVE_550_A,
    INCLUSIVE_880,
    INCLUSIVE_1100_A,
    backend,
    ok,
    open_terminal,
    sell,
)


@pytest.fixture
def day(settings: Settings, clock: FixedClock) -> dict[str, Any]:
    """A stopped backend's store with five journal records: open, three sales, a cash in."""
    with backend(settings, clock) as client:
        open_terminal(client)
        sales = [
            sell(client, [(INCLUSIVE_550_A, 1)], [("cash", 1000)]),
            sell(client, [(INCLUSIVE_880, 1)], [("credit", 880)]),
            sell(client, [(INCLUSIVE_1100_A, 1)], [("cash", 1100)]),
        ]
        ok(client.post("/api/v1/cash/in", json={"amount": 5000, "reason_code": "change_fund"}))
    return {"sales": sales}


@pytest.fixture
def store(settings: Settings, day: dict[str, Any]) -> Iterator[sqlite3.Connection]:
    """A raw connection to the stopped store, with the append-only triggers dropped."""
    connection = sqlite3.connect(settings.database_path, isolation_level=None)
    connection.execute("DROP TRIGGER journal_no_update")
    connection.execute("DROP TRIGGER journal_no_delete")
    yield connection
    connection.close()


def verify(capsys: pytest.CaptureFixture[str], settings: Settings) -> tuple[int, str]:
    code = main(["journal", "verify", "--data-dir", str(settings.data_dir)])
    return code, capsys.readouterr().out


def test_every_record_journaled(settings: Settings, day: dict[str, Any], capsys: pytest.CaptureFixture[str]):
    code, output = verify(capsys, settings)
    assert code == 0
    assert output == "journal OK: 5 records verified\n"
    with sqlite3.connect(settings.database_path) as connection:
        rows = connection.execute(
            "SELECT seq, record_type, amount, receipt_number FROM journal ORDER BY seq"
        ).fetchall()
    assert rows == [
        (1, "open", 30000, None),
        (2, "sale", 550, 1),
        (3, "sale", 880, 2),
        (4, "sale", 1100, 3),
        (5, "cash_in", 5000, None),
    ]


def test_journal_rejects_update_without_tampering(settings: Settings, day: dict[str, Any]):
    with sqlite3.connect(settings.database_path) as connection, pytest.raises(sqlite3.IntegrityError):
        connection.execute("UPDATE journal SET amount = 1 WHERE seq = 2")


def test_edited_record_named(
    settings: Settings, day: dict[str, Any], store: sqlite3.Connection, capsys: pytest.CaptureFixture[str]
):
    store.execute("UPDATE journal SET data = replace(data, '\"total\":880', '\"total\":88') WHERE seq = 3")
    code, output = verify(capsys, settings)
    sale_id = day["sales"][1]["transaction_id"]
    assert code == 1
    assert f"seq 3 record {sale_id} [edited]" in output
    assert output.count("[") == 1


def test_edited_and_rehashed_record_named(
    settings: Settings, day: dict[str, Any], store: sqlite3.Connection, capsys: pytest.CaptureFixture[str]
):
    # Change the first hex digit of the hash, whatever it was, so the next record's link breaks.
    store.execute(
        "UPDATE journal SET amount = 88,"
        " hash = (CASE substr(hash, 1, 1) WHEN 'f' THEN '0' ELSE 'f' END) || substr(hash, 2) WHERE seq = 3"
    )
    code, output = verify(capsys, settings)
    sale_id = day["sales"][1]["transaction_id"]
    assert code == 1
    assert f"seq 3 record {sale_id} [edited]" in output
    assert f"[broken_link]: record {day['sales'][2]['transaction_id']} at seq 4 does not link" in output


def test_deleted_record_named(
    settings: Settings, day: dict[str, Any], store: sqlite3.Connection, capsys: pytest.CaptureFixture[str]
):
    store.execute("DELETE FROM journal WHERE seq = 3")
    code, output = verify(capsys, settings)
    deleted_id = day["sales"][1]["transaction_id"]
    assert code == 1
    assert f"seq 3 record {deleted_id} [missing]" in output
    assert "records at seq 3 to 3 are missing (deleted)" in output


def test_deleted_last_record_named(
    settings: Settings, day: dict[str, Any], store: sqlite3.Connection, capsys: pytest.CaptureFixture[str]
):
    last_id = store.execute("SELECT record_id FROM journal WHERE seq = 5").fetchone()[0]
    store.execute("DELETE FROM journal WHERE seq = 5")
    code, output = verify(capsys, settings)
    assert code == 1
    assert f"seq 5 record {last_id} [missing]" in output


def test_reordered_records_named(
    settings: Settings, day: dict[str, Any], store: sqlite3.Connection, capsys: pytest.CaptureFixture[str]
):
    store.execute("UPDATE journal SET seq = -1 WHERE seq = 2")
    store.execute("UPDATE journal SET seq = 2 WHERE seq = 3")
    store.execute("UPDATE journal SET seq = 3 WHERE seq = -1")
    code, output = verify(capsys, settings)
    first, second = day["sales"][0]["transaction_id"], day["sales"][1]["transaction_id"]
    assert code == 1
    assert f"seq 2 record {second} [out_of_order]: record {second} at seq 2 is out of order" in output
    assert f"seq 3 record {first} [out_of_order]" in output
    assert "[edited]" not in output


def test_tampering_reported_over_api(
    settings: Settings, clock: FixedClock, day: dict[str, Any], store: sqlite3.Connection
):
    store.execute("DELETE FROM journal WHERE seq = 4")
    with backend(settings, clock) as client:
        result = ok(client.get("/api/v1/journal/verify"))
    assert result["ok"] is False
    assert result["checked"] == 4
    assert result["problems"][0]["kind"] == "missing"
    assert result["problems"][0]["seq"] == 4
    assert result["problems"][0]["record_id"] == day["sales"][2]["transaction_id"]


def test_returns_voids_and_reports_journaled(till: TestClient):
    sale = sell(till, [(INCLUSIVE_550_A, 2)], [("cash", 1100)])
    body = {"receipt_number": sale["receipt_number"], "lines": [{"line_no": 1, "quantity": 1}]}
    ok(till.post("/api/v1/returns", json=body, headers=APPROVER_HEADERS))
    other = sell(till, [(INCLUSIVE_880, 1)], [("cash", 880)])
    ok(till.post("/api/v1/voids", json={"receipt_number": other["receipt_number"]}, headers=APPROVER_HEADERS))
    ok(till.post("/api/v1/reports/x"))
    ok(
        till.post(
            "/api/v1/reports/z",
            json={
                "denominations": {"10000": 3, "500": 1, "50": 1},
                **dict(approver_code="9001", approver_pin="9999"),
            },
        )
    )
    ok(till.post("/api/v1/terminal/sign-in", json={"staff_code": "9001", "pin": "9999"}))
    ok(till.post("/api/v1/terminal/close"))

    ok(till.post("/api/v1/terminal/sign-in", json={"staff_code": "9001", "pin": "9999"}))
    types = [record["record_type"] for record in ok(till.get("/api/v1/journal", params={"limit": 50}))]
    assert types == [
        "open",
        "sale",
        "return",
        "sale",
        "void",
        "x_report",
        "z_report",
        "sign_in",
        "close",
        "sign_in",
    ]
    assert ok(till.get("/api/v1/journal/verify"))["ok"] is True


def test_journal_search_filters(till: TestClient, clock: FixedClock):
    from datetime import timedelta

    sell(till, [(INCLUSIVE_550_A, 1)], [("cash", 550)])
    clock.moment += timedelta(hours=2)
    sell(till, [(INCLUSIVE_880, 1)], [("cash", 880)])
    ok(till.post("/api/v1/terminal/sign-in", json={"staff_code": "9001", "pin": "9999"}))
    sell(till, [(INCLUSIVE_1100_A, 1)], [("cash", 1100)])

    def receipts(**params: Any) -> list[int | None]:
        return [record["receipt_number"] for record in ok(till.get("/api/v1/journal", params=params))]

    assert receipts(record_type="sale") == [1, 2, 3]
    assert receipts(receipt_number=2) == [2]
    assert receipts(amount=880) == [2]
    assert receipts(record_type="sale", min_amount=800, max_amount=1000) == [2]
    assert receipts(record_type="sale", staff_code="9001") == [3]
    assert receipts(record_type="sale", business_date="2026-12-04") == [1, 2, 3]
    assert receipts(record_type="sale", business_date="2026-12-05") == []
    assert receipts(record_type="sale", time_from="2026-12-04T11:00:00", time_to="2026-12-04T13:00:00") == [
        2,
        3,
    ]
    assert receipts(record_type="sale", time_to="2026-12-04T10:00:01+09:00") == [1]
    assert receipts(record_type=["open", "sign_in"]) == [None, None]


def test_journal_export_for_excel_and_cp932(
    settings: Settings, day: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    target = tmp_path / "journal.csv"
    assert main(["journal", "export", str(target), "--data-dir", str(settings.data_dir)]) == 0
    assert capsys.readouterr().out == f"wrote 5 records to {target} (utf-8-sig)\n"
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:4] == ["連番(seq)", "日時(time)", "営業日(business date)", "種別(type)"]
    assert [row[3] for row in rows[1:]] == ["開局", "売上", "売上", "売上", "入金"]
    assert [row[10] for row in rows[1:]] == ["30000", "550", "880", "1100", "5000"]
    assert rows[2][12] == "現金 550 / お釣り 450"

    sjis = tmp_path / "journal-sjis.csv"
    command = [
        "journal",
        "export",
        str(sjis),
        "--data-dir",
        str(settings.data_dir),
        "--encoding",
        "cp932",
        "--type",
        "sale",
    ]
    assert main(command) == 0
    text = sjis.read_bytes().decode("cp932")
    assert not sjis.read_bytes().startswith(b"\xef\xbb\xbf")
    assert text.splitlines()[1].split(",")[3] == "売上"
    assert len(text.splitlines()) == 4


def test_journal_search_command(settings: Settings, day: dict[str, Any], capsys: pytest.CaptureFixture[str]):
    code = main(["journal", "search", "--data-dir", str(settings.data_dir), "--receipt", "2"])
    output = capsys.readouterr().out
    assert code == 0
    assert output.splitlines()[-1] == "1 records"
    assert "sale" in output.splitlines()[0]
    assert "000002" in output.splitlines()[0]


def test_journal_command_without_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["journal", "verify", "--data-dir", str(tmp_path / "none")]) == 2
    assert "no terminal store at" in capsys.readouterr().err
