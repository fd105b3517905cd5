"""The sale API over HTTP against a real SQLite terminal store with the demo store."""

from __future__ import annotations

import json
import sqlite3

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from backend.settings import Settings

ONIGIRI = "4901234567894"


def new_cart(client: TestClient) -> str:
    response = client.post("/api/v1/carts")
    assert response.status_code == 201, response.text
    return str(response.json()["cart_id"])


def add(client: TestClient, cart_id: str, code: str, quantity: int = 1) -> dict:
    response = client.post(f"/api/v1/carts/{cart_id}/items", json={"code": code, "quantity": quantity})
    assert response.status_code == 200, response.text
    return response.json()


def pay_cash(client: TestClient, cart_id: str, amount: int) -> None:
    assert client.post(f"/api/v1/carts/{cart_id}/subtotal").status_code == 200
    response = client.post(f"/api/v1/carts/{cart_id}/tenders", json={"tender_code": "cash", "amount": amount})
    assert response.status_code == 200, response.text


def first_codes(client: TestClient, count: int, **filters: str) -> list[dict]:
    items = client.get("/api/v1/items", params={"q": "4", "limit": 200}).json()
    chosen = [item for item in items if item["active"] and all(item[k] == v for k, v in filters.items())]
    return chosen[:count]


def test_request_without_token_rejected(settings: Settings, client: TestClient):
    response = client.get("/api/v1/health", headers={"Authorization": ""})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_wrong_token_rejected(client: TestClient):
    response = client.get("/api/v1/health", headers={"Authorization": "Bearer not-the-token"})
    assert response.status_code == 401


def test_foreign_host_header_rejected(client: TestClient):
    response = client.get("/api/v1/health", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "host_not_allowed"


def test_unknown_item_has_code_and_both_messages(client: TestClient):
    cart_id = new_cart(client)
    response = client.post(f"/api/v1/carts/{cart_id}/items", json={"code": "4999999999999"})
    error = response.json()["error"]
    assert response.status_code == 404
    assert error["code"] == "item_not_found"
    assert "登録されていません" in error["message"]
    assert "not registered" in error["message_en"]


def test_bad_check_digit_reported_as_invalid_barcode(client: TestClient):
    cart_id = new_cart(client)
    response = client.post(f"/api/v1/carts/{cart_id}/items", json={"code": "4901234567895"})
    assert response.json()["error"]["code"] == "invalid_barcode"


def test_float_quantity_rejected_and_cart_unchanged(client: TestClient):
    (item,) = first_codes(client, 1, price_mode="inclusive")
    cart_id = new_cart(client)
    add(client, cart_id, item["code"])
    before = client.get(f"/api/v1/carts/{cart_id}").json()
    response = client.post(f"/api/v1/carts/{cart_id}/items", json={"code": item["code"], "quantity": 1.5})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_failed"
    assert client.get(f"/api/v1/carts/{cart_id}").json() == before


def test_invalid_request_worded_in_japanese(client: TestClient):
    (item,) = first_codes(client, 1)
    cart_id = new_cart(client)
    add(client, cart_id, item["code"])
    pay_cash(client, cart_id, 100000)
    response = client.post(f"/api/v1/carts/{cart_id}/complete", json={"idempotency_key": "short"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    assert error["message"] == "入力内容が正しくありません: idempotency_key: 8 文字以上で指定してください"
    assert error["message_en"] == (
        "The request is invalid: idempotency_key: String should have at least 8 characters"
    )
    assert client.get(f"/api/v1/carts/{cart_id}").json()["state"] == "paying"


def test_training_cart_needs_training_mode(client: TestClient):
    refused = client.post("/api/v1/carts", json={"training": True})
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "training_mode_off"
    loose = client.post("/api/v1/carts", json={"training": "yes"})
    assert loose.status_code == 422
    assert loose.json()["error"]["code"] == "validation_failed"
    assert client.post("/api/v1/carts", json={"training": False}).status_code == 201


def test_refusals_name_things_in_japanese(client: TestClient):
    (item,) = first_codes(client, 1)
    cart_id = new_cart(client)
    add(client, cart_id, item["code"])
    due = client.post(f"/api/v1/carts/{cart_id}/subtotal").json()["totals"]["remaining"]
    overpaid = client.post(
        f"/api/v1/carts/{cart_id}/tenders", json={"tender_code": "credit", "amount": due + 1}
    ).json()["error"]
    assert overpaid["code"] == "tender_overpayment_not_allowed"
    assert overpaid["message"] == f"クレジット では残額 {due} 円を超えて支払えません。"
    assert overpaid["message_en"] == f"credit cannot pay more than the remaining {due} yen."
    pay_cash(client, cart_id, 100000)
    assert client.post(f"/api/v1/carts/{cart_id}/complete").status_code == 200
    late = client.post(f"/api/v1/carts/{cart_id}/items", json={"code": item["code"]}).json()["error"]
    assert late["code"] == "operation_not_allowed_in_state"
    assert late["message"] == "現在の状態（会計済み）では「商品登録」はできません。"
    assert late["message_en"] == "'add item' is not allowed while the sale is completed."


def test_unreadable_requests_worded_in_japanese(client: TestClient):
    wrong_method = client.put("/api/v1/carts").json()["error"]
    assert wrong_method["message"] == "この URL ではメソッド PUT は使えません。"
    broken = client.post(
        "/api/v1/carts", content=b'{"training": tru', headers={"Content-Type": "application/json"}
    ).json()["error"]
    assert broken["code"] == "validation_failed"
    assert broken["message"] == "入力内容が正しくありません: 本文の 13 文字目: JSON として読み取れません"
    not_utf8 = client.post(
        "/api/v1/carts", content=b'{"training": "\xff"}', headers={"Content-Type": "application/json"}
    ).json()["error"]
    assert not_utf8["message"] == "リクエストの本文を読み取れません。UTF-8 の JSON で送ってください。"


def test_bad_discount_worded_in_japanese(client: TestClient):
    (item,) = first_codes(client, 1)
    cart_id = new_cart(client)
    add(client, cart_id, item["code"])
    client.post(f"/api/v1/carts/{cart_id}/subtotal")
    error = client.post(f"/api/v1/carts/{cart_id}/discount", json={"kind": "percent", "value": 150}).json()[
        "error"
    ]
    assert error["code"] == "invalid_discount"
    assert error["message"] == "値引 150 は使えません: 割引率は 1 から 100 までで入力してください"
    assert error["message_en"] == "Discount 150 is invalid: percent must be 1 to 100"


def test_bad_transaction_filters_refused(client: TestClient):
    bad_date = client.get("/api/v1/transactions", params={"business_date": "2026-13-45"})
    assert bad_date.status_code == 422
    assert bad_date.json()["error"]["message"] == (
        "入力内容が正しくありません: business_date: 日付は YYYY-MM-DD の形式で指定してください"
    )
    bad_kind = client.get("/api/v1/transactions", params={"kind": "foo"})
    assert bad_kind.status_code == 422
    assert bad_kind.json()["error"]["message"] == (
        "入力内容が正しくありません: kind: "
        "次のいずれかを指定してください: 'sale', 'return', 'void', 'exchange'"
    )


def test_price_above_maximum_names_it(client: TestClient):
    (item,) = first_codes(client, 1)
    cart_id = new_cart(client)
    response = client.post(f"/api/v1/carts/{cart_id}/items", json={"code": item["code"], "price": 10**20})
    error = response.json()["error"]
    assert error["code"] == "invalid_price"
    assert error["message"] == (
        "価格 100000000000000000000 は使えません。1 円から 9,999,999 円までの金額を入力してください。"
    )
    assert client.get(f"/api/v1/carts/{cart_id}").json()["lines"] == []


def test_full_width_code_adds_same_item(client: TestClient):
    (item,) = first_codes(client, 1)
    full_width = item["code"].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    cart_id = new_cart(client)
    add(client, cart_id, item["code"])
    cart = add(client, cart_id, full_width)
    assert len(cart["lines"]) == 1
    assert cart["lines"][0]["quantity"] == 2


def test_f6_double_complete_is_one_sale(client: TestClient, settings: Settings):
    (item,) = first_codes(client, 1)
    numbers = []
    for attempt in range(3):
        cart_id = new_cart(client)
        add(client, cart_id, item["code"])
        pay_cash(client, cart_id, 10000)
        key = f"key-{attempt:04d}-abcdef"
        first = client.post(f"/api/v1/carts/{cart_id}/complete", json={"idempotency_key": key})
        again = client.post(f"/api/v1/carts/{cart_id}/complete", json={"idempotency_key": key})
        other_key = client.post(f"/api/v1/carts/{cart_id}/complete", json={"idempotency_key": key + "x"})
        assert first.status_code == again.status_code == other_key.status_code == 200
        assert again.json()["replayed"] is True
        assert other_key.json()["replayed"] is True
        number = first.json()["transaction"]["receipt_number"]
        assert again.json()["transaction"]["receipt_number"] == number
        assert other_key.json()["transaction"]["receipt_number"] == number
        numbers.append(number)
    assert numbers == sorted(numbers)
    assert len(set(numbers)) == 3

    with sqlite3.connect(settings.database_path) as connection:
        sales = connection.execute("SELECT count(*) FROM transactions WHERE kind = 'sale'").fetchone()[0]
        jobs = connection.execute(
            "SELECT count(*) FROM print_jobs WHERE transaction_id IN"
            " (SELECT id FROM transactions WHERE kind = 'sale')"
        ).fetchone()[0]
        events = connection.execute("SELECT count(*) FROM outbox WHERE topic = 'transaction'").fetchone()[0]
    assert sales == 3
    assert jobs == 3
    assert events == 3


def test_completion_key_reused_on_other_cart_refused(client: TestClient):
    (item,) = first_codes(client, 1)
    carts = []
    for _ in range(2):
        cart_id = new_cart(client)
        add(client, cart_id, item["code"])
        pay_cash(client, cart_id, 10000)
        carts.append(cart_id)
    assert (
        client.post(
            f"/api/v1/carts/{carts[0]}/complete", json={"idempotency_key": "same-key-123"}
        ).status_code
        == 200
    )
    response = client.post(f"/api/v1/carts/{carts[1]}/complete", json={"idempotency_key": "same-key-123"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "idempotency_key_conflict"


def test_receipt_is_qualified_simplified_invoice(client: TestClient):
    reduced = first_codes(client, 1, tax_class="reduced", price_mode="inclusive")[0]
    standard = first_codes(client, 1, tax_class="standard", price_mode="inclusive")[0]
    cart_id = new_cart(client)
    add(client, cart_id, reduced["code"])
    add(client, cart_id, standard["code"])
    pay_cash(client, cart_id, 10000)
    result = client.post(f"/api/v1/carts/{cart_id}/complete").json()
    text = result["receipt_text"]
    store = client.get("/api/v1/store").json()
    assert f"登録番号 {store['registration_number']}" in text
    assert f"※{reduced['name']}" in text
    assert "※印は軽減税率(8%)適用商品です" in text
    assert "(※8%対象" in text
    assert "(10%対象" in text
    taxes = {tax["tax_class"]: tax for tax in result["transaction"]["taxes"]}
    assert taxes["reduced"]["total"] == reduced["price"]
    assert taxes["standard"]["total"] == standard["price"]
    assert result["transaction"]["total"] == reduced["price"] + standard["price"]


def test_mixed_price_modes_taxed_once_per_rate(client: TestClient):
    exclusive = first_codes(client, 1, tax_class="standard", price_mode="exclusive")[0]
    inclusive = first_codes(client, 1, tax_class="standard", price_mode="inclusive")[0]
    cart_id = new_cart(client)
    add(client, cart_id, exclusive["code"])
    add(client, cart_id, inclusive["code"])
    pay_cash(client, cart_id, 100000)
    result = client.post(f"/api/v1/carts/{cart_id}/complete").json()
    added = exclusive["price"] // 10  # 外税 10%, floored, is added to the price
    paid = exclusive["price"] + added + inclusive["price"]
    tax = paid * 10 // 110  # rounded once on the rate's total
    assert result["transaction"]["total"] == paid
    assert sum(entry["tax"] for entry in result["transaction"]["taxes"]) == tax
    lines = result["receipt_text"].splitlines()
    rate_rows = [line for line in lines if "10%対象" in line]
    assert len(rate_rows) == 1
    assert rate_rows[0].endswith(f"¥{paid:,})")
    tax_rows = [line for line in lines if "消費税等" in line]
    assert len(tax_rows) == 1
    assert "内消費税等" not in tax_rows[0]
    assert "外消費税等" not in tax_rows[0]
    assert tax_rows[0].endswith(f"¥{tax:,})")
    added_rows = [line for line in lines if line.startswith("外税")]
    assert len(added_rows) == 1
    assert added_rows[0].endswith(f"¥{added:,}")
    assert "外印は税抜価格(外税)の商品です" in lines


def test_operation_in_wrong_state_refused(client: TestClient):
    cart_id = new_cart(client)
    response = client.post(f"/api/v1/carts/{cart_id}/tenders", json={"tender_code": "cash", "amount": 100})
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "operation_not_allowed_in_state"
    assert error["details"] == {"state": "idle", "operation": "tender"}


def test_event_socket_sends_cart_changes(client: TestClient):
    with client.websocket_connect("ws://127.0.0.1/api/v1/events?token=test-launch-token") as socket:
        assert socket.receive_json()["type"] == "hello"
        cart_id = new_cart(client)
        event = socket.receive_json()
        while event["type"] != "cart_changed":  # device status events may come first
            event = socket.receive_json()
        assert event["cart"]["cart_id"] == cart_id
        assert event["cart"]["state"] == "idle"


def test_event_socket_without_token_closed(client: TestClient):
    with (
        pytest.raises(WebSocketDisconnect) as closed,
        client.websocket_connect("ws://127.0.0.1/api/v1/events", headers={"Authorization": ""}),
    ):
        pass
    assert closed.value.code == 4401


def test_second_backend_on_same_data_dir_refused(client: TestClient, settings: Settings):
    from backend.api.app import create_app
    from backend.storage.db import StoreLockedError

    second = TestClient(create_app(settings), base_url="http://127.0.0.1")
    with pytest.raises(StoreLockedError, match="already using"), second:
        pass
    # The first backend goes on selling.
    assert client.get("/api/v1/terminal").json()["status"] == "open"


def test_tender_above_limit_refused(client: TestClient):
    (item,) = first_codes(client, 1)
    cart_id = new_cart(client)
    add(client, cart_id, item["code"])
    client.post(f"/api/v1/carts/{cart_id}/subtotal")
    before = client.get(f"/api/v1/carts/{cart_id}").json()
    response = client.post(
        f"/api/v1/carts/{cart_id}/tenders", json={"tender_code": "cash", "amount": 4901234567894}
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "tender_invalid_amount"
    assert client.get(f"/api/v1/carts/{cart_id}").json() == before


def test_docs_cookie_authorises_reads_only(client: TestClient):
    docs = client.get("/docs", params={"token": "test-launch-token"}, headers={"Authorization": ""})
    assert docs.status_code == 200
    cookie = {"Cookie": "openregi_token=test-launch-token", "Authorization": ""}
    assert client.get("/api/v1/terminal", headers=cookie).status_code == 200
    refused = client.post("/api/v1/terminal/sign-out", headers=cookie)
    assert refused.status_code == 401
    assert client.get("/api/v1/terminal").json()["staff_code"] == "1001"


def test_docs_page_served_without_network(client: TestClient):
    page = client.get("/docs", params={"token": "test-launch-token"}, headers={"Authorization": ""}).text
    assert 'src="/docs-static/swagger-ui-bundle.js"' in page
    assert "cdn." not in page
    cookie = {"Cookie": "openregi_token=test-launch-token", "Authorization": ""}
    script = client.get("/docs-static/swagger-ui-bundle.js", headers=cookie)
    assert script.status_code == 200
    assert len(script.content) > 1_000_000
    client.cookies.clear()  # the client kept the cookie the docs page set
    assert client.get("/docs-static/swagger-ui.css", headers={"Authorization": ""}).status_code == 401


def test_openapi_declares_launch_token(client: TestClient):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["components"]["securitySchemes"]["launchToken"]["scheme"] == "bearer"
    assert schema["security"] == [{"launchToken": []}]


def test_openapi_shows_error_envelope(client: TestClient):
    schema = client.get("/api/v1/openapi.json").json()
    schemas = schema["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    error = schemas["ErrorReply"]["properties"]["error"]
    assert error["required"] == ["code", "message", "message_en"]
    assert "validation_failed" in error["properties"]["code"]["enum"]
    assert "cart_not_found" in error["properties"]["code"]["enum"]
    add_item = schema["paths"]["/api/v1/carts/{cart_id}/items"]["post"]["responses"]
    envelope = {"$ref": "#/components/schemas/ErrorReply"}
    assert add_item["422"]["content"]["application/json"]["schema"] == envelope
    assert add_item["4XX"]["content"]["application/json"]["schema"] == envelope
    assert "HTTPValidationError" not in json.dumps(schema)


def test_receipt_subtotal_is_after_line_discounts(client: TestClient):
    (item,) = first_codes(client, 1, price_mode="inclusive")
    cart_id = new_cart(client)
    add(client, cart_id, item["code"])
    discount = client.post(f"/api/v1/carts/{cart_id}/lines/1/discount", json={"kind": "amount", "value": 10})
    assert discount.status_code == 200, discount.text
    pay_cash(client, cart_id, 10000)
    text = client.post(f"/api/v1/carts/{cart_id}/complete").json()["receipt_text"]
    subtotal_line = next(line for line in text.splitlines() if line.startswith("小計"))
    assert subtotal_line.endswith(f"¥{item['price'] - 10:,}")


def test_store_settings_saved_by_supervisor_only(client: TestClient):
    refused = client.put("/api/v1/store", json={"phone": "03-1111-2222"})
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_required"

    assert (
        client.post("/api/v1/terminal/sign-in", json={"staff_code": "9001", "pin": "9999"}).status_code == 200
    )
    bad = client.put("/api/v1/store", json={"registration_number": "T1234567890123"})
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "settings_invalid"
    assert client.get("/api/v1/store").json()["phone"] != "03-1111-2222"

    saved = client.put(
        "/api/v1/store", json={"phone": "03-1111-2222", "receipt_footer": ["またお越しください"]}
    )
    assert saved.status_code == 200, saved.text
    store = client.get("/api/v1/store").json()
    assert store["phone"] == "03-1111-2222"
    assert store["receipt_footer"] == ["またお越しください"]


def test_sale_stored_as_one_encoding(client: TestClient, settings: Settings):
    """The transaction row, its outbox event and its journal record contain the same JSON text,
    and that text is the completion reply's transaction."""
    (item,) = first_codes(client, 1)
    cart_id = new_cart(client)
    add(client, cart_id, item["code"])
    pay_cash(client, cart_id, 10000)
    reply = client.post(f"/api/v1/carts/{cart_id}/complete", json={"idempotency_key": "one-encoding-0001"})
    assert reply.status_code == 200, reply.text
    transaction = reply.json()["transaction"]
    transaction_id = transaction["transaction_id"]

    with sqlite3.connect(settings.database_path) as connection:
        (stored,) = connection.execute(
            "SELECT document FROM transactions WHERE id = ?", (transaction_id,)
        ).fetchone()
        (event,) = connection.execute(
            "SELECT payload FROM outbox WHERE topic = 'transaction' ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        (journaled,) = connection.execute(
            "SELECT data FROM journal WHERE record_id = ?", (transaction_id,)
        ).fetchone()
    assert stored == event
    assert stored == journaled
    assert json.loads(stored) == transaction
