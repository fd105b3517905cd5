"""Master-data routes: items, tenders, preset keys and store settings."""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from backend.api.deps import ContextDep, ServicesDep
from backend.domain.errors import ErrorCode, PosError
from backend.domain.money import RoundingMode
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


class StoreSettingsChange(BaseModel):
    """Store settings to change; fields left out keep their value."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, max_length=40)
    address: str | None = Field(default=None, max_length=80)
    phone: str | None = Field(default=None, max_length=20)
    registration_number: str | None = Field(default=None, max_length=14)
    receipt_header: list[str] | None = Field(default=None, max_length=5)
    receipt_footer: list[str] | None = Field(default=None, max_length=5)
    rounding_mode: RoundingMode | None = None
    business_day_cutover: str | None = Field(default=None, max_length=5)
    time_zone: str | None = Field(default=None, max_length=40)


SETTINGS_ROLES = ("supervisor", "manager")


@router.put("/store")
def save_store(body: StoreSettingsChange, services: ServicesDep) -> dict[str, Any]:
    """Validate and save store settings; only a signed-in supervisor or manager may."""
    context = services.context
    lifecycle = services.extra.get("lifecycle")
    role = lifecycle.terminal.status().get("staff_role") if lifecycle is not None else None
    if role not in SETTINGS_ROLES:
        raise PosError(ErrorCode.PERMISSION_REQUIRED, permission="store_settings", label="店舗設定")
    changes: dict[str, Any] = body.model_dump(exclude_none=True)
    for key in ("receipt_header", "receipt_footer"):
        if key in changes:
            changes[key] = tuple(changes[key])
    updated = replace(context.store_settings(), **changes)
    context.master.save_store_settings(updated)  # raises settings_invalid and saves nothing
    context.invalidate()
    data = asdict(context.store_settings())
    data["terminal_id"] = context.terminal_id
    return data
