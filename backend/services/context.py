"""Shared state of one terminal's services: the store, master data, clock and session."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from backend.domain.master import StoreSettings
from backend.domain.plugins import Promotion
from backend.domain.tax import TaxTable
from backend.masterdata.repository import MasterRepository
from backend.settings import Settings
from backend.storage.db import Database

Clock = Callable[[], datetime]


@dataclass
class TerminalContext:
    settings: Settings
    db: Database
    master: MasterRepository
    clock: Clock | None = None
    # Set by the terminal lifecycle service; None when no staff member is signed in.
    staff_code: str | None = None
    training: bool = False
    _cache: dict[str, object] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def terminal_id(self) -> str:
        return self.settings.terminal_id

    def now(self) -> datetime:
        """Return the current time in the store's time zone (an injected clock in tests)."""
        zone = ZoneInfo(self.store_settings().time_zone)
        moment = self.clock() if self.clock else datetime.now(zone)
        return moment.astimezone(zone)

    def store_settings(self) -> StoreSettings:
        with self._lock:
            cached = self._cache.get("store")
            if not isinstance(cached, StoreSettings):
                cached = self.master.store_settings()
                self._cache["store"] = cached
            return cached

    def tax_table(self) -> TaxTable:
        with self._lock:
            cached = self._cache.get("tax")
            if not isinstance(cached, TaxTable):
                cached = self.master.tax_table()
                self._cache["tax"] = cached
            return cached

    def promotions(self, now: datetime) -> list[Promotion]:
        with self._lock:
            cached = self._cache.get("promotions")
            if not isinstance(cached, list):
                cached = self.master.promotions(now)
                self._cache["promotions"] = cached
            return cached

    def invalidate(self) -> None:
        """Forget cached master data after an import or a sync from the store tier."""
        with self._lock:
            self._cache.clear()

    def signed_in_staff(self) -> str | None:
        return self.staff_code

    def training_mode(self) -> bool:
        return self.training
