"""The durable print queue and the drawer, end to end through the API and simulators."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backend.api.app import create_app
from devices.simulators import PrinterFault, PrinterModel
from tests.conftest import TOKEN, FixedClock, make_settings, open_and_sign_in

SUPERVISOR_APPROVAL = {"approver_code": "9001", "approver_pin": "9999"}


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


def printer_model(client: TestClient) -> PrinterModel:
    service = client.app.state.services.extra["devices"]  # type: ignore[attr-defined]
    model: PrinterModel = service.manager.printer.model
    return model


def item_code(client: TestClient) -> str:
    items = client.get("/api/v1/items", params={"q": "おにぎり"}).json()
    return str(items[0]["code"])


def sell(client: TestClient, code: str, tender_code: str, amount: int | None = None) -> dict:
    """Sell one item; ``amount`` None pays the exact total."""
    cart_id = client.post("/api/v1/carts").json()["cart_id"]
    assert client.post(f"/api/v1/carts/{cart_id}/items", json={"code": code}).status_code == 200
    subtotal = client.post(f"/api/v1/carts/{cart_id}/subtotal")
    assert subtotal.status_code == 200
    if amount is None:
        amount = int(subtotal.json()["totals"]["total"])
    tender = client.post(
        f"/api/v1/carts/{cart_id}/tenders", json={"tender_code": tender_code, "amount": amount}
    )
    assert tender.status_code == 200, tender.text
    response = client.post(f"/api/v1/carts/{cart_id}/complete")
    assert response.status_code == 200, response.text
    return dict(response.json())


def sale_jobs_done(client: TestClient) -> int:
    return int(client.get("/api/v1/devices/print-jobs").json()["counts"].get("done", 0))


def test_f10_paper_end_mid_receipt_prints_exactly_one(client: TestClient):
    model = printer_model(client)
    code = item_code(client)
    wait_for(lambda: client.get("/api/v1/devices/print-jobs").json()["counts"].get("queued", 0) == 0)
    jobs_before = len(model.jobs)
    model.run_out_of_paper_after(40)

    sale = sell(client, code, "cash", 1000)

    # The sale is complete and stored whatever the printer does.
    transaction_id = sale["transaction"]["transaction_id"]
    assert client.get(f"/api/v1/transactions/{transaction_id}").status_code == 200
    wait_for(lambda: client.get("/api/v1/devices/status").json()["fault"] is not None)
    fault = client.get("/api/v1/devices/status").json()["fault"]
    assert fault["code"] == "printer_paper_end"
    assert fault["message"].startswith("用紙がありません")
    held = client.get("/api/v1/devices/print-jobs").json()["held"]
    assert [job["receipt_number"] for job in held] == [sale["transaction"]["receipt_number"]]
    assert model.buffer_clears == 1

    model.clear_fault(PrinterFault.PAPER_END)
    wait_for(lambda: client.get("/api/v1/devices/print-jobs").json()["held"] == [])
    wait_for(lambda: client.get("/api/v1/devices/status").json()["fault"] is None)

    printed = model.jobs[jobs_before:]
    assert [job.complete for job in printed] == [False, True]
    assert len(printed[0].data) == 40
    assert client.get("/api/v1/devices/print-jobs").json()["counts"].get("held", 0) == 0


@pytest.fixture
def drawer_client(tmp_path: Path, clock: FixedClock):
    """A terminal whose drawer is kicked through the printer on pin 2 (100 ms on, 200 ms off)."""
    devices = {
        "drawer": {"connection": "via_printer"},
        "printer": {"drawer_pin": 2, "drawer_on_ms": 100, "drawer_off_ms": 200},
    }
    settings = make_settings(tmp_path / "data", devices=devices)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(
        create_app(settings, clock=clock), base_url="http://127.0.0.1", headers=headers
    ) as client:
        open_and_sign_in(client)
        yield client


def test_f9_drawer_opens_for_cash_only_and_no_sale_needs_permission(drawer_client: TestClient):
    client = drawer_client
    model = printer_model(client)
    code = item_code(client)
    kicks_before = len(model.kicks)

    for _ in range(20):
        sell(client, code, "cash", 1000)
    wait_for(lambda: len(model.kicks) == kicks_before + 20)
    assert all(kick == b"\x1bp\x00\x32\x64" for kick in model.kicks[kicks_before:])

    sell(client, code, "credit")
    time.sleep(0.3)
    assert len(model.kicks) == kicks_before + 20

    refused = client.post("/api/v1/cash/no-sale", json={"reason": "両替"})
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_required"
    time.sleep(0.2)
    assert len(model.kicks) == kicks_before + 20

    approved = client.post("/api/v1/cash/no-sale", json={"reason": "両替", **SUPERVISOR_APPROVAL})
    assert approved.status_code == 200, approved.text
    wait_for(lambda: len(model.kicks) == kicks_before + 21)
    audit = client.get("/api/v1/audit", params={"action": "no_sale"}).json()
    assert audit[0]["approver_code"] == "9001"
    assert audit[0]["actor_code"] == "1001"
    assert audit[0]["outcome"] == "approved"


def test_serial_scan_reaches_event_socket(client: TestClient):
    service = client.app.state.services.extra["devices"]  # type: ignore[attr-defined]
    with client.websocket_connect("ws://127.0.0.1/api/v1/events?token=test-launch-token") as socket:
        assert socket.receive_json()["type"] == "hello"
        service.manager.scanner.type_code("4901234567894")
        event = socket.receive_json()
        while event["type"] != "scan":
            event = socket.receive_json()
    assert event["data"] == "4901234567894"
    assert event["symbology"] == "jan13"


def test_printer_test_page_prints_once(client: TestClient):
    model = printer_model(client)
    jobs_before = len(model.complete_jobs)
    response = client.post("/api/v1/devices/printer/test-page")
    assert response.status_code == 200
    wait_for(lambda: len(model.complete_jobs) == jobs_before + 1)
    page = model.complete_jobs[-1]
    assert "ﾃｽﾄ".encode("cp932") in page or "テスト".encode("cp932") in page


def test_display_test_shows_message(client: TestClient):
    response = client.post("/api/v1/devices/display/test")
    assert response.status_code == 200
    assert response.json()["lines"][0].startswith("ｵｰﾌﾟﾝﾚｼﾞ ﾃｽﾄ")
