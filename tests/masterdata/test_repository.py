from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from backend.domain.errors import ErrorCode, PosError
from backend.domain.master import (
    Category,
    Item,
    PriceMode,
    Role,
    Staff,
    StoreSettings,
    TaxClass,
    TenderKind,
    TenderType,
)
from backend.domain.money import RoundingMode
from backend.domain.tax import DEFAULT_TAX_RATES, TaxRate
from backend.masterdata.models import (
    MasterSet,
    PresetKey,
    PresetKeyDefinition,
    PresetPageDefinition,
    PromotionDefinition,
)
from backend.masterdata.pins import hash_pin
from backend.masterdata.repository import MasterRepository
from backend.storage.db import Database

TOKYO = ZoneInfo("Asia/Tokyo")
ONIGIRI = Item(
    "4901234567894", "おにぎり 鮭", 150, PriceMode.INCLUSIVE, TaxClass.REDUCED, "01", "オニギリ サケ"
)
BEER = Item("4500000000018", "ビール 350ml", 228, PriceMode.INCLUSIVE, TaxClass.STANDARD, "10", "ビール")
BATTERY = Item(
    "4500000000025",
    "乾電池 単3形 4本",
    398,
    PriceMode.EXCLUSIVE,
    TaxClass.STANDARD,
    "11",
    "カンデンチ",
    False,
)
CROQUETTE = Item("2000000000015", "コロッケ", 80, PriceMode.INCLUSIVE, TaxClass.REDUCED, "01", "コロッケ")
CATEGORIES = (
    Category("01", "食品", "ショクヒン", 10),
    Category("10", "酒類", "サケルイ", 20),
    Category("11", "日用品"),
)
PIN_HASH = hash_pin("1234")


def small_master(**overrides: object) -> MasterSet:
    values: dict[str, object] = {
        "categories": CATEGORIES,
        "items": (ONIGIRI, BEER, BATTERY, CROQUETTE),
        "tax_rates": DEFAULT_TAX_RATES,
        "tender_types": (
            TenderType("cash", "現金", TenderKind.CASH, 1),
            TenderType("qr", "QR決済", TenderKind.CASHLESS, 2),
        ),
        "staff": (Staff("1001", "山田 花子", Role.CASHIER, PIN_HASH),),
        "preset_pages": (
            PresetPageDefinition(2, "惣菜", (PresetKeyDefinition(1, CROQUETTE.code, "コロッケ"),)),
        ),
        "promotions": (
            PromotionDefinition(
                "P1", "category_percent_off", "食品 1割引", {"categories": ["01"], "percent": 10}
            ),
        ),
        "settings": StoreSettings(registration_number="T6012345678901"),
    }
    values.update(overrides)
    return MasterSet(**values)  # type: ignore[arg-type]


@pytest.fixture
def loaded(repository: MasterRepository) -> MasterRepository:
    repository.replace_master(small_master())
    return repository


# ----- items -----


def test_get_item_returns_exact_item(loaded: MasterRepository) -> None:
    assert loaded.get_item("4901234567894") == ONIGIRI
    assert loaded.get_item("4500000000025") == BATTERY


def test_get_item_missing_returns_none(loaded: MasterRepository) -> None:
    assert loaded.get_item("4901234567895") is None
    assert loaded.get_item("") is None


def test_search_by_code_prefix(loaded: MasterRepository) -> None:
    assert [item.code for item in loaded.search_items("4500")] == ["4500000000018", "4500000000025"]
    assert [item.code for item in loaded.search_items("４９０１")] == ["4901234567894"]


def test_search_by_name_and_kana(loaded: MasterRepository) -> None:
    assert loaded.search_items("鮭") == [ONIGIRI]
    assert loaded.search_items("おにぎり") == [ONIGIRI]
    assert loaded.search_items("ｺﾛｯｹ") == [CROQUETTE]
    assert loaded.search_items("かんでんち") == [BATTERY]


def test_search_limit_and_wildcards(loaded: MasterRepository) -> None:
    assert [item.code for item in loaded.search_items("4", limit=2)] == ["4500000000018", "4500000000025"]
    assert [item.code for item in loaded.search_items("0", limit=5)] == [BEER.code]
    assert loaded.search_items("%") == []
    assert loaded.search_items("_") == []
    assert loaded.search_items("   ") == []


def test_upsert_items_rejects_unknown_category(loaded: MasterRepository) -> None:
    version = loaded.master_version()
    stray = Item("4500000000032", "お茶", 138, PriceMode.INCLUSIVE, TaxClass.REDUCED, "99")
    changed = Item(ONIGIRI.code, ONIGIRI.name, 999, ONIGIRI.price_mode, ONIGIRI.tax_class, "01")

    with pytest.raises(PosError) as caught:
        loaded.upsert_items([changed, stray])

    assert caught.value.code is ErrorCode.VALIDATION_FAILED
    assert caught.value.params["problems"] == ["item '4500000000032': category '99' does not exist"]
    assert loaded.get_item(ONIGIRI.code) == ONIGIRI
    assert loaded.master_version() == version


def test_iter_items_reads_in_batches(loaded: MasterRepository) -> None:
    codes = [item.code for item in loaded.iter_items(batch_size=3)]
    assert codes == ["2000000000015", "4500000000018", "4500000000025", "4901234567894"]


# ----- categories, tenders, staff, tax -----


def test_categories_in_sort_order(loaded: MasterRepository) -> None:
    assert [category.code for category in loaded.categories()] == ["11", "01", "10"]


def test_tenders_and_staff(loaded: MasterRepository) -> None:
    assert loaded.tender_types() == [
        TenderType("cash", "現金", TenderKind.CASH, 1),
        TenderType("qr", "QR決済", TenderKind.CASHLESS, 2),
    ]
    assert loaded.get_tender("qr") == TenderType("qr", "QR決済", TenderKind.CASHLESS, 2)
    assert loaded.get_tender("credit") is None
    assert loaded.get_staff("1001") == Staff("1001", "山田 花子", Role.CASHIER, PIN_HASH)
    assert loaded.get_staff("9001") is None
    assert [member.code for member in loaded.staff()] == ["1001"]


def test_tax_table_defaults_when_empty(repository: MasterRepository) -> None:
    assert repository.tax_table().rates == tuple(
        sorted(DEFAULT_TAX_RATES, key=lambda rate: (rate.tax_class, rate.effective_from))
    )


def test_tax_table_reads_stored_rates(repository: MasterRepository) -> None:
    future = TaxRate(TaxClass.REDUCED, Fraction(0), date(2030, 4, 1))
    repository.replace_master(small_master(tax_rates=(*DEFAULT_TAX_RATES, future)))

    table = repository.tax_table()

    assert table.rate_for(TaxClass.REDUCED, date(2030, 3, 31)) == Fraction(8, 100)
    assert table.rate_for(TaxClass.REDUCED, date(2030, 4, 1)) == Fraction(0)
    assert table.rate_for(TaxClass.STANDARD, date(2019, 9, 30)) == Fraction(8, 100)
    assert table.rate_for(TaxClass.STANDARD, date(2019, 10, 1)) == Fraction(10, 100)


# ----- settings -----


def test_settings_default_when_empty(repository: MasterRepository) -> None:
    assert repository.store_settings() == StoreSettings()


def test_settings_round_trip(repository: MasterRepository) -> None:
    settings = StoreSettings(
        store_code="0042",
        name="見本スーパー 駅前店",
        address="東京都千代田区見本町1-2-3",
        phone="03-0000-0000",
        registration_number="T6012345678901",
        receipt_header=("いらっしゃいませ",),
        receipt_footer=("またお越しください", "返品はレシートをお持ちください"),
        rounding_mode=RoundingMode.HALF_UP,
        discount_rounding_mode=RoundingMode.CEILING,
        business_day_cutover="04:30",
        cashier_discount_limit_percent=5,
        extra={"allow_in_store_codes": "true"},
    )

    repository.save_store_settings(settings)

    assert repository.store_settings() == settings


def test_settings_reject_bad_registration_number(repository: MasterRepository) -> None:
    saved = StoreSettings(name="見本スーパー", registration_number="T6012345678901")
    repository.save_store_settings(saved)

    with pytest.raises(PosError) as caught:
        repository.save_store_settings(StoreSettings(name="別の店", registration_number="T6012345678902"))

    assert caught.value.code is ErrorCode.SETTINGS_INVALID
    assert caught.value.params["problems"] == [
        "registration number 'T6012345678902' is invalid: expected T and 13 digits with a valid check digit"
    ]
    assert repository.store_settings() == saved


def test_settings_list_every_problem(repository: MasterRepository) -> None:
    bad = StoreSettings(
        rounding_mode="nearest",  # type: ignore[arg-type]
        cashier_discount_limit_percent=150,
        extra={"name": "x"},
    )

    with pytest.raises(PosError) as caught:
        repository.save_store_settings(bad)

    assert caught.value.params["problems"] == [
        "cashier_discount_limit_percent must be from 0 to 100, got 150",
        "rounding_mode 'nearest' is invalid: expected one of ['floor', 'half_up', 'ceiling']",
        "extra setting 'name' has the name of a store setting field",
    ]
    assert repository.store_settings() == StoreSettings()


def test_settings_validate_problems_combined(repository: MasterRepository) -> None:
    bad = StoreSettings(name=" ", registration_number="6012345678901", business_day_cutover="25:00")

    with pytest.raises(PosError) as caught:
        repository.save_store_settings(bad)

    assert caught.value.params["problems"] == [
        "registration number '6012345678901' is invalid: expected T and 13 digits with a valid check digit",
        "invalid cut-over time '25:00': expected HH:MM, e.g. 05:00",
        "store name is missing",
    ]


def test_corrupt_stored_setting_raises(db: Database, repository: MasterRepository) -> None:
    with db.atomic() as connection:
        connection.execute("INSERT INTO store_settings(key, value) VALUES ('rounding_mode', '\"sideways\"')")

    with pytest.raises(PosError) as caught:
        repository.store_settings()

    assert caught.value.code is ErrorCode.SETTINGS_INVALID


# ----- presets and promotions -----


def test_preset_pages_carry_prices(loaded: MasterRepository) -> None:
    pages = loaded.preset_pages()

    assert [(page.page, page.name) for page in pages] == [(2, "惣菜")]
    assert pages[0].keys == (
        PresetKey(1, "コロッケ", CROQUETTE.code, "コロッケ", 80, PriceMode.INCLUSIVE, TaxClass.REDUCED, True),
    )


def test_promotions_built_and_filtered(repository: MasterRepository) -> None:
    promotions = (
        PromotionDefinition(
            "P1", "category_percent_off", "食品 1割引", {"categories": ["01"], "percent": 10}
        ),
        PromotionDefinition(
            "P2",
            "mix_and_match",
            "2点で300円",
            {"items": [ONIGIRI.code, CROQUETTE.code], "quantity": 2, "price": 300},
            ends_at=datetime(2026, 1, 1, tzinfo=TOKYO),
        ),
        PromotionDefinition(
            "P3",
            "time_window_price",
            "タイムセール",
            {"prices": {CROQUETTE.code: 60}, "daily_from": "17:00", "daily_until": "20:00"},
            starts_at=datetime(2026, 6, 1, tzinfo=TOKYO),
        ),
        PromotionDefinition(
            "P4", "category_percent_off", "停止中", {"categories": ["10"], "percent": 5}, active=False
        ),
    )
    repository.replace_master(small_master(promotions=promotions))

    before_end = repository.promotions(datetime(2025, 12, 31, 23, 59, tzinfo=TOKYO))
    after_end = repository.promotions(datetime(2026, 1, 1, 0, 0, tzinfo=TOKYO))

    assert [promotion.promotion_id for promotion in before_end] == ["P1", "P2", "P3"]
    assert [promotion.promotion_id for promotion in after_end] == ["P1", "P3"]
    assert [definition.promotion_id for definition in repository.promotion_definitions()] == [
        "P1",
        "P2",
        "P3",
        "P4",
    ]


def test_promotions_need_aware_time(loaded: MasterRepository) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        loaded.promotions(datetime(2026, 1, 1, 12, 0))


def test_broken_promotion_row_is_skipped(db: Database, loaded: MasterRepository) -> None:
    with db.atomic() as connection:
        connection.execute(
            "INSERT INTO promotions(id, kind, name, params) VALUES ('P9', 'mix_and_match', '壊れた', '{}')"
        )

    promotions = loaded.promotions(datetime(2026, 1, 1, 12, 0, tzinfo=TOKYO))

    assert [promotion.promotion_id for promotion in promotions] == ["P1"]


def test_invalid_promotion_rejected_on_write(loaded: MasterRepository) -> None:
    broken = PromotionDefinition("P5", "mix_and_match", "壊れた", {"items": [], "quantity": 1, "price": 100})

    with pytest.raises(PosError) as caught:
        loaded.replace_master(small_master(promotions=(broken,)))

    assert caught.value.params["problems"] == [
        "promotion 'P5': invalid mix_and_match params: promotion P5: quantity >= 2 and price > 0 required"
    ]
    assert [definition.promotion_id for definition in loaded.promotion_definitions()] == ["P1"]


# ----- replace_master and the version -----


def test_master_version_counts_writes(repository: MasterRepository) -> None:
    assert repository.master_version() == 0
    repository.replace_master(small_master())
    assert repository.master_version() == 1
    repository.upsert_items([ONIGIRI])
    assert repository.master_version() == 2


def test_replace_master_rolls_back_on_database_error(loaded: MasterRepository) -> None:
    version = loaded.master_version()
    # The preset key for the croquette stays (preset_pages None) while the new master drops
    # the croquette, so deleting the old items fails on the foreign key after the tenders,
    # staff, settings and promotions were already rewritten inside the transaction.
    replacement = small_master(
        items=(ONIGIRI,),
        preset_pages=None,
        tender_types=(TenderType("cash", "現金預り", TenderKind.CASH, 1),),
        staff=(),
        settings=StoreSettings(name="新しい店"),
        promotions=(),
    )

    with pytest.raises(PosError) as caught:
        loaded.replace_master(replacement)

    assert caught.value.code is ErrorCode.VALIDATION_FAILED
    assert "FOREIGN KEY constraint failed" in caught.value.params["detail"]
    assert loaded.count_items() == 4
    assert loaded.get_item(BEER.code) == BEER
    assert [tender.name for tender in loaded.tender_types()] == ["現金", "QR決済"]
    assert [member.code for member in loaded.staff()] == ["1001"]
    assert loaded.store_settings() == StoreSettings(registration_number="T6012345678901")
    assert [definition.promotion_id for definition in loaded.promotion_definitions()] == ["P1"]
    assert loaded.master_version() == version


def test_replace_master_validates_before_writing(loaded: MasterRepository) -> None:
    bad_staff = Staff("9001", "佐藤 健", Role.SUPERVISOR, "1234")
    orphan = Item("4500000000032", "お茶", 138, PriceMode.INCLUSIVE, TaxClass.REDUCED, "99")

    with pytest.raises(PosError) as caught:
        loaded.replace_master(small_master(items=(ONIGIRI, ONIGIRI, orphan, CROQUETTE), staff=(bad_staff,)))

    assert caught.value.params["problems"] == [
        "item '4500000000032': category '99' does not exist",
        "item code '4901234567894' appears more than once",
        "staff '9001': pin_hash is not a hash from hash_pin()",
    ]
    assert loaded.count_items() == 4


def test_replace_master_replaces_everything(loaded: MasterRepository) -> None:
    loaded.replace_master(
        small_master(
            categories=(Category("10", "酒類"),),
            items=(BEER,),
            preset_pages=(),
            tender_types=(),
            staff=(),
            promotions=(),
        )
    )

    assert [item.code for item in loaded.iter_items()] == [BEER.code]
    assert loaded.categories() == [Category("10", "酒類")]
    assert loaded.preset_pages() == []
    assert loaded.tender_types() == []
    assert loaded.staff() == []
    assert loaded.promotion_definitions() == []
