"""Master-data routes: items, tenders, preset keys and store settings."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Query

from backend.api.deps import ContextDep
from backend.domain.errors import ErrorCode, PosError
from backend.services.sales import normalise_code

router = APIRouter(tags=["master data"])


@router.get("/items/{code}")
def get_item(code: str, context: ContextDep) -> dict[str, Any]:
    item = context.master.get_item(normalise_code(code))
    if item is None:
        raise PosError(ErrorCode.ITEM_NOT_FOUND, code=code)
    return asdict(item)


@router.get("/items")
def search_items(
    context: ContextDep, q: str = Query(min_length=1), limit: int = Query(20, le=200)
) -> list[dict[str, Any]]:
    return [asdict(item) for item in context.master.search_items(q, limit)]


@router.get("/tenders")
def tenders(context: ContextDep) -> list[dict[str, Any]]:
    return [asdict(tender) for tender in context.master.tender_types() if tender.active]


@router.get("/presets")
def presets(context: ContextDep) -> list[dict[str, Any]]:
    return [asdict(page) for page in context.master.preset_pages()]


@router.get("/store")
def store(context: ContextDep) -> dict[str, Any]:
    data = asdict(context.store_settings())
    data["terminal_id"] = context.terminal_id
    return data
