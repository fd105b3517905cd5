from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

from backend.domain.gtin import is_valid_gtin
from backend.domain.master import (
    PriceMode,
    Role,
    TaxClass,
    TenderKind,
    is_valid_registration_number,
)
from backend.masterdata.csv_import import is_in_store_code
from backend.masterdata.demo import load_demo_store
from backend.masterdata.pins import verify_pin
from backend.masterdata.repository import MasterRepository
from backend.storage.db import Database

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]


def test_demo_store_loads_once(db: Database, repository: MasterRepository) -> None:
    first = load_demo_store(db)
    version = repository.master_version()
    second = load_demo_store(db)

    assert first.loaded is True
    assert (first.items, first.categories, first.preset_pages, first.promotions) == (300, 13, 3, 3)
    assert second.loaded is False
    assert repository.count_items() == 300
    assert repository.master_version() == version


def test_demo_codes_are_gtin_or_in_store(db: Database, repository: MasterRepository) -> None:
    load_demo_store(db)
    items = list(repository.iter_items())

    bad = [item.code for item in items if not (is_valid_gtin(item.code) or is_in_store_code(item.code))]
    assert bad == []
    jan = [item.code for item in items if not item.code.startswith("2")]
    assert all(code.startswith(("45", "49")) and len(code) == 13 for code in jan)
    assert len({item.code for item in items}) == 300


def test_demo_mixes_tax_classes_and_price_modes(db: Database, repository: MasterRepository) -> None:
    load_demo_store(db)
    items = list(repository.iter_items())

    tax_classes = Counter(item.tax_class for item in items)
    price_modes = Counter(item.price_mode for item in items)
    assert set(tax_classes) == {TaxClass.STANDARD, TaxClass.REDUCED, TaxClass.EXEMPT}
    assert set(price_modes) == {PriceMode.INCLUSIVE, PriceMode.EXCLUSIVE}
    assert Counter(item.active for item in items)[False] == 2

    by_name = {item.name: item for item in items}
    assert by_name["ビール 350ml"].tax_class is TaxClass.STANDARD
    assert by_name["ノンアルコールビール 350ml"].tax_class is TaxClass.REDUCED
    assert by_name["本みりん 500ml"].tax_class is TaxClass.STANDARD
    assert by_name["みりん風調味料 1L"].tax_class is TaxClass.REDUCED
    assert by_name["郵便切手 110円"].tax_class is TaxClass.EXEMPT
    assert by_name["アルカリ乾電池 単3形 4本"].price_mode is PriceMode.EXCLUSIVE
    assert by_name["おにぎり 鮭"].price_mode is PriceMode.INCLUSIVE
    assert by_name["おにぎり 鮭"].code == "4901234567894"


def test_demo_settings_tenders_and_staff(db: Database, repository: MasterRepository) -> None:
    load_demo_store(db)

    settings = repository.store_settings()
    assert settings.registration_number == "T6012345678901"
    assert is_valid_registration_number(settings.registration_number)
    assert settings.validate() == []
    assert settings.extra == {"allow_in_store_codes": "true"}
    assert [(t.code, t.name, t.kind) for t in repository.tender_types()] == [
        ("cash", "現金", TenderKind.CASH),
        ("credit", "クレジット", TenderKind.CASHLESS),
        ("emoney", "電子マネー", TenderKind.CASHLESS),
        ("qr", "QR決済", TenderKind.CASHLESS),
        ("voucher", "商品券", TenderKind.VOUCHER),
    ]
    staff = {member.code: member for member in repository.staff()}
    assert {code: member.role for code, member in staff.items()} == {
        "1001": Role.CASHIER,
        "9001": Role.SUPERVISOR,
        "9901": Role.MANAGER,
    }
    assert verify_pin("1234", staff["1001"].pin_hash) is True
    assert verify_pin("9999", staff["9001"].pin_hash) is True
    assert verify_pin("0000", staff["9901"].pin_hash) is True
    assert verify_pin("1234", staff["9001"].pin_hash) is False


def test_demo_presets_use_in_store_codes(db: Database, repository: MasterRepository) -> None:
    load_demo_store(db)
    pages = repository.preset_pages()

    assert [(page.page, page.name, len(page.keys)) for page in pages] == [
        (1, "パン", 12),
        (2, "惣菜", 14),
        (3, "野菜", 20),
    ]
    assert all(is_in_store_code(key.item_code) for page in pages for key in page.keys)
    assert pages[1].keys[0].label == "コロッケ"
    assert pages[1].keys[0].price == 80


def test_demo_promotions_build(db: Database, repository: MasterRepository) -> None:
    load_demo_store(db)
    definitions = repository.promotion_definitions()

    assert [(d.promotion_id, d.kind) for d in definitions] == [
        ("P001", "category_percent_off"),
        ("P002", "mix_and_match"),
        ("P003", "time_window_price"),
    ]
    assert definitions[1].params["price"] == 300
    assert definitions[1].params["quantity"] == 2


def test_demo_files_match_generator() -> None:
    result = subprocess.run(
        [sys.executable, str(REPOSITORY_ROOT / "tools" / "make_demo_data.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
