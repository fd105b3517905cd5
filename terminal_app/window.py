"""The main window: header, message banner, the stack of screens and the status bar."""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from terminal_app.context import AppContext
from terminal_app.errors import MessageBanner
from terminal_app.i18n import format_date, format_datetime
from terminal_app.screens.base import Screen
from terminal_app.widgets.status_bar import DeviceStatusBar

logger = logging.getLogger(__name__)


def _zone(name: object) -> ZoneInfo | None:
    """Return the store's time zone for the header clock, or None (local time) when unknown."""
    try:
        return ZoneInfo(str(name)) if name else None
    except (ValueError, ZoneInfoNotFoundError):
        return None


class MainWindow(QMainWindow):
    closing = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("MainWindow")
        self.store_label = QLabel(self)
        self.store_label.setObjectName("HeaderInfo")
        self.staff_label = QLabel(self)
        self.staff_label.setObjectName("HeaderInfo")
        self.date_label = QLabel(self)
        self.date_label.setObjectName("HeaderInfo")
        self.training_label = QLabel(self)
        self.training_label.setObjectName("TrainingBanner")
        self.training_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.training_label.hide()
        self.banner = MessageBanner(self)
        ctx.errors.push_banner(self.banner)
        self.stack = QStackedWidget(self)
        self.screens: dict[str, Screen] = {}
        self.status = DeviceStatusBar(self)
        self.setStatusBar(self.status)

        header = QHBoxLayout()
        header.setContentsMargins(10, 4, 10, 0)
        header.addWidget(self.store_label)
        header.addStretch(1)
        header.addWidget(self.staff_label)
        header.addSpacing(16)
        header.addWidget(self.date_label)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.training_label)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._clock = QTimer(self)
        self._clock.timeout.connect(self.refresh_header)
        self._clock.start(15_000)
        ctx.terminal.changed.connect(self.refresh_header)
        self.resize(1280, 800)
        self.retranslate()

    def add_screen(self, name: str, screen: Screen) -> None:
        self.screens[name] = screen
        self.stack.addWidget(screen)

    def show_screen(self, name: str) -> None:
        screen = self.screens[name]
        # A message belongs to the screen it was shown on; a printer fault stays until
        # the printer is ready again.
        banner = self.ctx.errors.banner
        if (
            banner is self.banner
            and banner.code != "printer_fault"
            and self.stack.currentWidget() is not screen
        ):
            self.ctx.errors.clear()
        if self.stack.currentWidget() is not screen:
            logger.info("screen shown name=%s", name)
        self.stack.setCurrentWidget(screen)
        screen.activated()

    @property
    def current_name(self) -> str:
        current = self.stack.currentWidget()
        for name, screen in self.screens.items():
            if screen is current:
                return name
        return ""

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("OpenRegi"))
        self.training_label.setText(self.tr("TRAINING MODE - receipts are not valid"))
        self.refresh_header()

    def refresh_header(self) -> None:
        ctx = self.ctx
        store = ctx.master.store
        store_name = str(store.get("name", ""))
        terminal_id = str(store.get("terminal_id", ""))
        self.store_label.setText(
            self.tr("%1  Register %2").replace("%1", store_name).replace("%2", terminal_id)
            if store_name
            else ""
        )
        staff = ctx.terminal.staff_name
        self.staff_label.setText(
            self.tr("Staff: %1").replace("%1", staff) if staff else self.tr("Not signed in")
        )
        language = ctx.language
        now = format_datetime(datetime.now(_zone(store.get("time_zone"))), language)
        if ctx.terminal.business_date:
            business = format_date(ctx.terminal.business_date, language)
            self.date_label.setText(
                self.tr("Business date %1  |  %2").replace("%1", business).replace("%2", now)
            )
        else:
            self.date_label.setText(now)
        training = ctx.terminal.training
        self.training_label.setVisible(training)
        self.status.set_training(training)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        super().closeEvent(event)
