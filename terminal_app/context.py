"""What every screen shares: the runner, error presenter, language, sale and terminal state."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

from terminal_app.client import BackendClient
from terminal_app.errors import ErrorPresenter
from terminal_app.i18n import LanguageManager
from terminal_app.operations import OperationRunner
from terminal_app.sale import SaleSession

logger = logging.getLogger(__name__)

Json = dict[str, Any]


@dataclass
class MasterData:
    """Master data the screens show, loaded after start and after a settings change."""

    store: Json = field(default_factory=dict)
    tenders: list[Json] = field(default_factory=list)
    presets: list[Json] = field(default_factory=list)


class TerminalState(QObject):
    """Who is signed in, whether the terminal is open, and training mode."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.staff: Json | None = None
        self.is_open = False
        self.training = False
        self.business_date: str | None = None
        self.raw: Json = {}

    def apply(self, status: Json) -> None:
        """Take a terminal status from GET /terminal or a ``terminal_changed`` event."""
        self.raw = dict(status)
        self.is_open = status.get("status") == "open"
        self.training = bool(status.get("training", False))
        self.business_date = status.get("business_date")
        code = status.get("staff_code")
        if not code:
            self.staff = None
        else:
            known = self.staff if self.staff and self.staff.get("code") == code else {}
            self.staff = {
                "code": code,
                "name": status.get("staff_name") or known.get("name") or code,
                "role": status.get("staff_role") or known.get("role"),
            }
        self.changed.emit()

    @property
    def staff_name(self) -> str:
        return str(self.staff.get("name", self.staff.get("code", ""))) if self.staff else ""

    @property
    def is_supervisor(self) -> bool:
        return bool(self.staff and self.staff.get("role") in ("supervisor", "manager"))


class AppContext:
    def __init__(
        self,
        client: BackendClient,
        runner: OperationRunner,
        errors: ErrorPresenter,
        languages: LanguageManager,
    ) -> None:
        self.client = client
        self.runner = runner
        self.errors = errors
        self.languages = languages
        self.sale = SaleSession(runner)
        self.terminal = TerminalState()
        self.master = MasterData()
        # Whether the backend has its terminal lifecycle part (GET /terminal answered).
        self.lifecycle_available = False
        # The backend's routes as "path" and "path:method", read when a screen needs them.
        self.routes: set[str] = set()

    @property
    def language(self) -> str:
        return self.languages.language

    def has_route(self, path: str) -> bool:
        return path in self.routes
