"""Terminal lifecycle flows: sign-in, open, suspend/resume, void/return, reports, settings."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject

from terminal_app.context import AppContext
from terminal_app.window import MainWindow

logger = logging.getLogger(__name__)

Json = dict[str, Any]


class LifecycleFlows(QObject):
    def __init__(self, ctx: AppContext, window: MainWindow, navigator: Any) -> None:
        super().__init__(navigator)
        self.ctx = ctx
        self.window = window
        self.navigator = navigator

    @property
    def available(self) -> bool:
        return self.ctx.has_route("/terminal")

    def start(self) -> None:
        self.navigator.enter_sale()

    def go(self, name: str) -> None:
        self.ctx.errors.show_notice(
            QCoreApplication.translate("LifecycleFlows", "This function is not available in this build.")
        )

    def scanned(self, code: str) -> None:
        logger.info("scan ignored on this screen code=%s", code)

    def device_event(self, event: Json) -> None:
        return
