"""Master data shared through the store tier: push from head office, pull on each terminal."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pymongo.database import Database as MongoDatabase

from backend.cli import main as openregi
from backend.domain.master import Category, Item, PriceMode, Role, Staff, TaxClass, TenderKind, TenderType
from backend.masterdata.models import MasterSet
from backend.masterdata.pins import hash_pin
from tests.conftest import FixedClock
from tests.support.servers import RunningServer
from tests.sync.support import (
    BENTO,
    CASHIER,
    DATABASE,
    DETERGENT,
    STORE,
    SUPERVISOR,
    TENANT,
    run_terminal,
    seed_terminal_store,
    wait_for,
)

CATEGORIES_CSV = "code,name,sort_order\n01,弁当,10\n02,飲料,20\n"


@pytest.fixture
def push_environment(ferretdb: RunningServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point ``openregi master push`` at the test FerretDB and store."""
    monkeypatch.setenv("OPENREGI_MONGO__URL", ferretdb.uri)
    monkeypatch.setenv("OPENREGI_MONGO__DATABASE", DATABASE)
    monkeypatch.setenv("OPENREGI_MONGO__TENANT", TENANT)
    monkeypatch.setenv("OPENREGI_STORE_CODE", STORE)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def minimal_master() -> MasterSet:
    """A terminal master with only one item, cash and the cashier, as before the first pull."""
    return MasterSet(
        categories=[Category("01", "弁当")],
        items=[Item(BENTO, "幕の内弁当", 550, PriceMode.INCLUSIVE, TaxClass.REDUCED, "01")],
        tender_types=[TenderType("cash", "現金", TenderKind.CASH)],
        staff=[Staff(CASHIER[0], "山田 花子", Role.CASHIER, hash_pin(CASHIER[1]))],
    )


@pytest.mark.usefixtures("push_environment")
def test_pushed_price_used_by_new_cart(
    tmp_path: Path, clock: FixedClock, ferretdb: RunningServer, store_db: MongoDatabase[dict[str, Any]]
) -> None:
    categories = write(tmp_path / "categories.csv", CATEGORIES_CSV)
    items = write(
        tmp_path / "items.csv", f"code,name,price,tax_class,category_code\n{BENTO},幕の内弁当,550,軽減,01\n"
    )
    assert openregi(["master", "push", str(items), "--categories", str(categories)]) == 0

    with run_terminal(tmp_path / "terminal", ferretdb.uri, clock, master_pull_interval_seconds=1) as terminal:
        before = terminal.sell([(BENTO, 1)], [("cash", 1000)])
        assert before["total"] == 550

        cheaper = write(
            tmp_path / "sale.csv",
            f"code,name,price,tax_class,category_code\n{BENTO},幕の内弁当,498,軽減,01\n",
        )
        assert openregi(["master", "push", str(cheaper)]) == 0
        stored = store_db["items"].find_one({"tenant": TENANT, "store_code": STORE, "code": BENTO})
        assert stored is not None
        assert stored["price"] == 498

        wait_for(lambda: terminal.call("GET", f"/items/{BENTO}")["price"] == 498, "the new price", timeout=10)
        after = terminal.sell([(BENTO, 1)], [("cash", 1000)])
        assert after["lines"][0]["unit_price"] == 498
        assert after["total"] == 498
        assert terminal.status()["last_master_pull_error"] is None


@pytest.mark.usefixtures("push_environment")
def test_push_with_invalid_row_uploads_nothing(
    tmp_path: Path, store_db: MongoDatabase[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    categories = write(tmp_path / "categories.csv", CATEGORIES_CSV)
    wrong_check_digit = BENTO[:-1] + str((int(BENTO[-1]) + 1) % 10)
    items = write(
        tmp_path / "items.csv",
        "code,name,price,tax_class,category_code\n"
        f"{DETERGENT},洗剤,398,標準,01\n"
        f"{wrong_check_digit},幕の内弁当,550,軽減,01\n",
    )
    assert openregi(["master", "push", str(items), "--categories", str(categories)]) == 2
    assert "row 3: code" in capsys.readouterr().err
    assert store_db["items"].count_documents({}) == 0
    assert store_db["categories"].count_documents({}) == 0


def test_push_without_url_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    items = write(
        tmp_path / "items.csv", f"code,name,price,tax_class,category_code\n{BENTO},弁当,550,軽減,01\n"
    )
    assert openregi(["master", "push", str(items)]) == 1
    assert "mongo.url" in capsys.readouterr().err


@pytest.mark.usefixtures("push_environment")
def test_new_terminal_pulls_whole_master(
    tmp_path: Path, clock: FixedClock, ferretdb: RunningServer, store_db: MongoDatabase[dict[str, Any]]
) -> None:
    # Head office seeds the store tier from a fully set-up terminal store.
    source = tmp_path / "source"
    seed_terminal_store(source)
    assert openregi(["master", "push", "--from-terminal", "--data-dir", str(source)]) == 0
    scope = {"tenant": TENANT, "store_code": STORE}
    assert store_db["items"].count_documents(scope) == 4
    assert store_db["categories"].count_documents(scope) == 3
    assert store_db["tender_types"].count_documents(scope) == 2
    assert store_db["staff"].count_documents(scope) == 2
    assert store_db["tax_rates"].count_documents(scope) == 4
    assert store_db["store_settings"].count_documents(scope) == 1

    with run_terminal(tmp_path / "new", ferretdb.uri, clock, master=minimal_master()) as terminal:
        # The first pull runs when the backend starts. Cash changes too (its sort order) and so
        # does the cashier (the PIN hash has another salt); the bento item is already equal.
        pulled = wait_for(lambda: terminal.status()["last_master_pull"], "the first master pull")
        assert pulled["changed"] == {"categories": 2, "items": 3, "tender_types": 2, "staff": 2}
        assert pulled["rejected"] == []
        master = terminal.services.context.master
        assert master.get_tender("credit") is not None
        supervisor = master.get_staff(SUPERVISOR[0])
        assert supervisor is not None
        assert supervisor.role is Role.SUPERVISOR

        sale = terminal.sell([(DETERGENT, 1)], [("credit", 437)])
        assert sale["total"] == 437
        assert sale["tenders"][0]["tender_code"] == "credit"

        again = terminal.call("POST", "/sync/master/pull")
        assert again["changed"] == {}


def test_invalid_document_skipped_others_applied(
    tmp_path: Path, clock: FixedClock, ferretdb: RunningServer, store_db: MongoDatabase[dict[str, Any]]
) -> None:
    now = datetime.now(UTC)
    envelope = {"tenant": TENANT, "store_code": STORE, "schema_version": 1, "updated_at": now}
    store_db["items"].insert_many(
        [
            {
                "_id": f"{TENANT}/{STORE}/{BENTO}",
                **envelope,
                "code": BENTO,
                "name": "幕の内弁当",
                "price": 500.5,
                "price_mode": "inclusive",
                "tax_class": "reduced",
                "category_code": "01",
            },
            {
                "_id": f"{TENANT}/{STORE}/{DETERGENT}",
                **envelope,
                "code": DETERGENT,
                "name": "洗剤 大",
                "price": 598,
                "price_mode": "exclusive",
                "tax_class": "standard",
                "category_code": "03",
            },
        ]
    )
    with run_terminal(tmp_path / "terminal", ferretdb.uri, clock) as terminal:
        result = wait_for(lambda: terminal.status()["last_master_pull"], "the first master pull")
        assert result["changed"] == {"items": 1}
        assert len(result["rejected"]) == 1
        assert BENTO in result["rejected"][0]
        assert "whole number" in result["rejected"][0]
        assert terminal.call("GET", f"/items/{BENTO}")["price"] == 550
        assert terminal.call("GET", f"/items/{DETERGENT}")["price"] == 598


@pytest.mark.usefixtures("push_environment")
def test_deleted_item_becomes_inactive(
    tmp_path: Path, clock: FixedClock, ferretdb: RunningServer, store_db: MongoDatabase[dict[str, Any]]
) -> None:
    source = tmp_path / "source"
    seed_terminal_store(source)
    assert openregi(["master", "push", "--from-terminal", "--data-dir", str(source)]) == 0
    with run_terminal(tmp_path / "terminal", ferretdb.uri, clock) as terminal:
        terminal.call("POST", "/sync/master/pull")
        assert terminal.call("GET", f"/items/{DETERGENT}")["active"] is True

        store_db["items"].update_one(
            {"_id": f"{TENANT}/{STORE}/{DETERGENT}"},
            {"$set": {"deleted": True}, "$currentDate": {"updated_at": True}},
        )
        result = terminal.call("POST", "/sync/master/pull")
        assert result["changed"] == {"items": 1}
        assert terminal.call("GET", f"/items/{DETERGENT}")["active"] is False
