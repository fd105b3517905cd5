"""Store-tier documents, report pipelines and back-off, checked without a server."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

import pytest

from backend.domain.master import PriceMode, TaxClass
from backend.sync.documents import OutboxEvent, StoreIdentity, collection_for, store_document
from backend.sync.master_documents import InvalidMasterDocument, item_from_document, tax_rate_from_document
from backend.sync.relay import Backoff
from backend.sync.reports import (
    LINE_MEASURES,
    TENDER_MEASURES,
    TRANSACTION_MEASURES,
    InvalidStoreAmount,
    day_stages,
    group_pipeline,
    line_stages,
    tender_stages,
    yen,
)

IDENTITY = StoreIdentity("chain1", "0001", "T001")
PORTABLE_STAGES = {"$match", "$group", "$unwind", "$sort", "$project", "$limit", "$skip"}


def all_pipelines() -> list[list[dict[str, Any]]]:
    pipelines = []
    for stages, measures in (
        (day_stages(IDENTITY, "2026-12-04"), TRANSACTION_MEASURES),
        (line_stages(IDENTITY, "2026-12-04"), LINE_MEASURES),
        (tender_stages(IDENTITY, "2026-12-04"), TENDER_MEASURES),
    ):
        for name, operand in measures.items():
            pipelines.append(group_pipeline(stages, "$terminal_id", name, operand))
    return pipelines


def test_pipelines_use_portable_stages_only() -> None:
    for pipeline in all_pipelines():
        for stage in pipeline:
            assert len(stage) == 1
            assert set(stage) <= PORTABLE_STAGES


def test_group_has_one_sum_accumulator() -> None:
    for pipeline in all_pipelines():
        groups = [stage["$group"] for stage in pipeline if "$group" in stage]
        assert len(groups) == 1
        accumulators = {name: value for name, value in groups[0].items() if name != "_id"}
        assert len(accumulators) == 1
        assert list(next(iter(accumulators.values()))) == ["$sum"]


def test_yen_rejects_float_sum() -> None:
    assert yen(1630, "total") == 1630
    with pytest.raises(InvalidStoreAmount):
        yen(1630.0, "total")
    with pytest.raises(InvalidStoreAmount):
        yen(True, "total")


def test_store_document_envelope() -> None:
    payload = {
        "schema_version": 1,
        "transaction_id": "tx-1",
        "store_code": "0001",
        "completed_at": "2026-12-04T21:30:00+09:00",
        "total": 550,
    }
    event = OutboxEvent(7, "event-7", "T001", "transaction", payload, "2026-12-04T12:30:00.000000+00:00")
    relayed_at = datetime(2026, 12, 4, 12, 31, tzinfo=UTC)
    document = store_document(event, IDENTITY, relayed_at)
    assert document["_id"] == "event-7"
    assert document["event_id"] == "event-7"
    assert document["schema_version"] == 1
    assert document["document_schema_version"] == 1
    assert document["tenant"] == "chain1"
    assert document["store_code"] == "0001"
    assert document["terminal_id"] == "T001"
    assert document["seq"] == 7
    assert document["sales_hour"] == 21
    assert document["total"] == 550
    assert document["relayed_at"] == relayed_at
    assert "payload_store_code" not in document


def test_store_code_mismatch_kept_aside() -> None:
    event = OutboxEvent(1, "e", "T001", "cash", {"store_code": "0999", "amount": 1000}, "")
    document = store_document(event, IDENTITY, datetime.now(UTC))
    assert document["store_code"] == "0001"
    assert document["payload_store_code"] == "0999"
    assert "sales_hour" not in document


def test_topics_map_to_collections() -> None:
    assert collection_for("transaction") == "transactions"
    assert collection_for("cash") == "cash_movements"
    assert collection_for("open_close") == "open_close"
    assert collection_for("z_report") == "z_reports"
    assert collection_for("price_check") == "events"


def test_item_document_read_strictly() -> None:
    document = {
        "code": "4900000000016",
        "name": "幕の内弁当",
        "price": 550,
        "price_mode": "inclusive",
        "tax_class": "reduced",
        "category_code": "01",
    }
    item = item_from_document(document)
    assert item.price == 550
    assert item.price_mode is PriceMode.INCLUSIVE
    assert item.tax_class is TaxClass.REDUCED
    assert item.active is True
    for change in ({"price": 550.0}, {"price": "550"}, {"tax_class": "luxury"}, {"active": 1}):
        with pytest.raises(InvalidMasterDocument):
            item_from_document(document | change)
    with pytest.raises(InvalidMasterDocument, match="'name' is missing"):
        item_from_document({key: value for key, value in document.items() if key != "name"})


def test_tax_rate_never_from_float() -> None:
    rate = tax_rate_from_document(
        {"tax_class": "standard", "effective_from": "2019-10-01", "rate_percent": "10"}
    )
    assert rate.rate.numerator == 1
    assert rate.rate.denominator == 10
    with pytest.raises(InvalidMasterDocument):
        tax_rate_from_document(
            {"tax_class": "standard", "effective_from": "2019-10-01", "rate_percent": 10.0}
        )


def test_backoff_doubles_with_jitter_and_cap() -> None:
    backoff = Backoff(initial=0.5, maximum=30.0, rng=random.Random(7))
    ceilings = [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0]
    for ceiling in ceilings:
        delay = backoff.next_delay()
        assert ceiling / 2 <= delay <= ceiling
    backoff.reset()
    assert backoff.next_delay() <= 0.5
