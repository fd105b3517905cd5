"""The running app: starts the backend, builds the window, routes events and navigation.

Order at start: splash → backend started on a thread (polled, the GUI keeps painting) →
client, runner and event stream → master data and terminal status loaded in parallel →
the sign-in screen. Closing the window stops the event stream, lets the queued requests
finish, and stops the backend after the event loop has ended.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from terminal_app import api
from terminal_app.client import BackendClient, BackendError
from terminal_app.context import AppContext
from terminal_app.customer_display import CustomerDisplay
from terminal_app.errors import ErrorPresenter
from terminal_app.events import EventStream
from terminal_app.i18n import LanguageManager
from terminal_app.navigation import Navigator
from terminal_app.operations import Operation, OperationRunner
from terminal_app.splash import Splash
from terminal_app.startup import BackendLauncher, StartFailure
from terminal_app.window import MainWindow

logger = logging.getLogger(__name__)

Json = dict[str, Any]

STATUS_REFRESH_MS = 10_000


def _ignore_error(error: BackendError) -> None:
    logger.debug("status read failed code=%s", error.code)


class TerminalApp(QObject):
    """One cashier app instance bound to one backend."""

    # Emitted once the sign-in screen (or the first screen) is ready for input.
    ready = Signal()
    start_failed = Signal(object)

    def __init__(
        self, settings: Any, languages: LanguageManager, show_windows: bool = True, **server_options: Any
    ) -> None:
        super().__init__()
        self.settings = settings
        self.languages = languages
        self.show_windows = show_windows
        self.launcher = BackendLauncher(settings, self, **server_options)
        self.splash = Splash()
        self.ctx: AppContext | None = None
        self.window: MainWindow | None = None
        self.navigator: Navigator | None = None
        self.events: EventStream | None = None
        self.customer_display: CustomerDisplay | None = None
        self.failure: StartFailure | None = None
        self.started_at = 0.0
        self.ready_seconds = 0.0
        self.is_ready = False
        self._stopped = False

    # ----- start -----

    def start(self) -> None:
        self.started_at = time.perf_counter()
        if self.show_windows:
            self.splash.show()
        self.splash.show_stage("loading")
        self.launcher.progress.connect(self.splash.show_stage)
        self.launcher.ready.connect(self._backend_ready)
        self.launcher.failed.connect(self._backend_failed)
        self.launcher.start()

    def _backend_failed(self, failure: StartFailure) -> None:
        self.failure = failure
        self.splash.close()
        logger.error("app cannot start cause=%s", failure.cause)
        self.start_failed.emit(failure)

    def _backend_ready(self, server: Any) -> None:
        self.splash.show_stage("connecting")
        client = BackendClient(server.base_url, server.settings.token.get_secret_value())
        errors = ErrorPresenter(lambda: self.languages.language, self)
        runner = OperationRunner(client, errors, self)
        ctx = AppContext(client, runner, errors, self.languages)
        self.ctx = ctx
        # The first reads go out before the window is built, so the backend answers them
        # while the GUI thread builds the screens.
        self._load_start_data()
        self.window = MainWindow(ctx)
        self.navigator = Navigator(ctx, self.window, self)
        runner.approval_handler = self.navigator.ask_approval
        self.window.closing.connect(self.shutdown_ui)

        self.events = EventStream(client.events_url, self)
        self.events.received.connect(self._on_event)
        self.events.connection_changed.connect(self.window.status.set_linked)
        self.events.start()

        self.customer_display = CustomerDisplay(ctx)
        self._place_customer_display()

    def _load_start_data(self) -> None:
        """Read store, tenders, presets and the terminal status before the first screen."""
        ctx = self.ctx
        if ctx is None:
            return
        waiting = {"store", "tenders", "presets", "terminal"}

        def loaded(name: str) -> Callable[[Any], None]:
            def done(value: Any) -> None:
                if ctx is None:
                    return
                if name == "store":
                    ctx.master.store = value
                elif name == "tenders":
                    ctx.master.tenders = value
                elif name == "presets":
                    ctx.master.presets = value
                elif name == "terminal" and value is not None:
                    ctx.lifecycle_available = True
                    ctx.terminal.apply(value)
                waiting.discard(name)
                if not waiting:
                    self._show_first_screen()

            return done

        # What each part falls back to when its request fails, so the app still starts.
        empty: dict[str, Any] = {"store": {}, "tenders": [], "presets": [], "terminal": None}

        def failed(name: str) -> Callable[[BackendError], None]:
            def show(error: BackendError) -> None:
                if ctx is not None:
                    ctx.errors.show_error(error)
                loaded(name)(empty[name])

            return show

        runner = ctx.runner
        runner.run(Operation(api.store, loaded("store"), failed("store"), label="load store"))
        runner.run(Operation(api.tenders, loaded("tenders"), failed("tenders"), label="load tenders"))
        runner.run(Operation(api.presets, loaded("presets"), failed("presets"), label="load presets"))
        runner.run(
            Operation(
                api.terminal_status_or_none, loaded("terminal"), failed("terminal"), label="load status"
            )
        )

    def _show_first_screen(self) -> None:
        if self.window is None or self.navigator is None or self.ctx is None:
            return
        self.window.refresh_header()
        self.navigator.start()
        if self.show_windows:
            # A register runs the app on the whole screen; test and screenshot platforms
            # without a window manager keep the window at its set size.
            if QApplication.platformName() in ("offscreen", "minimal"):
                self.window.show()
            else:
                self.window.showMaximized()
        self.splash.close()
        self.ready_seconds = time.perf_counter() - self.started_at
        self.is_ready = True
        logger.info(
            "app ready seconds=%.3f backend_seconds=%.3f", self.ready_seconds, self.launcher.ready_seconds
        )
        self.refresh_status()
        self.ready.emit()

    def _place_customer_display(self) -> None:
        """Show the customer-facing window full screen on a second screen when there is one."""
        display = self.customer_display
        screens = QApplication.screens()
        if display is None or not self.show_windows or len(screens) < 2:
            return
        display.setGeometry(screens[1].geometry())
        display.showFullScreen()

    # ----- events and status -----

    def _on_event(self, event: Json) -> None:
        ctx = self.ctx
        if ctx is None or self.window is None or self.navigator is None:
            return
        kind = event.get("type")
        if kind == "cart_changed" and isinstance(event.get("cart"), dict):
            ctx.sale.apply_event(event["cart"])
        elif kind == "scan":
            code = event.get("item_code") or event.get("data")
            if code:
                self.navigator.scanned(str(code))
        elif kind in ("printer_fault", "printer_ready"):
            self.window.status.set_device(
                "printer", str(event.get("code") or "") if kind == "printer_fault" else ""
            )
            self.navigator.device_event(event)
        elif kind in ("device_status", "device_error"):
            self.window.status.apply_device_event(event)
            self.navigator.device_event(event)
        elif kind == "sync_status":
            self.window.status.apply_status({"sync": event})
        elif kind == "terminal_changed" and isinstance(event.get("terminal"), dict):
            ctx.terminal.apply(event["terminal"])

    def refresh_status(self) -> None:
        """Read GET /status (devices and sync) for the status bar, now and every 10 seconds.

        Events keep the bar current between reads; a failed read leaves it as it was.
        """
        ctx = self.ctx
        if ctx is None or self._stopped or self.window is None:
            return
        bar = self.window.status
        ctx.runner.run(Operation(api.status, bar.apply_status, _ignore_error, label="status"))
        QTimer.singleShot(STATUS_REFRESH_MS, self.refresh_status)

    # ----- stop -----

    def shutdown_ui(self) -> None:
        """Close the windows and the event stream; the backend stops in :meth:`stop`."""
        if self._stopped:
            return
        self._stopped = True
        if self.events is not None:
            self.events.stop()
        if self.customer_display is not None:
            self.customer_display.close()
        self.splash.close()

    def stop(self) -> None:
        """Wait for queued requests, then stop the backend (after the event loop ends)."""
        self.shutdown_ui()
        if self.events is not None:
            self.events.join()
        if self.ctx is not None:
            self.ctx.runner.shutdown()
            self.ctx.client.close()
        self.launcher.stop()
        logger.info("app stopped")
