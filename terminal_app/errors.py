"""The one place that shows backend errors to the cashier.

Every refusal carries the backend's message in Japanese and English. The presenter shows
the message in the current language with the other language below it, adds what to do
next where the backend's message does not already say it, beeps, and logs the code. It
writes into the message banner of whatever is on top: the main window, or a dialog that
pushed its own banner while it is open.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QVBoxLayout, QWidget

from terminal_app.client import TRANSPORT_FAILED, BackendError

logger = logging.getLogger(__name__)


def next_step_for(code: str) -> str:
    """Return what the cashier should do next for codes whose message does not say it."""
    translate = QCoreApplication.translate
    hints: dict[str, str] = {
        "operation_not_allowed_in_state": translate(
            "ErrorPresenter", "Finish or cancel the current step, then try again."
        ),
        "line_already_voided": translate("ErrorPresenter", "Select another line."),
        "line_not_found": translate("ErrorPresenter", "Select a line in the list, then try again."),
        "cart_empty": translate("ErrorPresenter", "Scan an item first."),
        "tender_not_found": translate("ErrorPresenter", "Select a payment in the list."),
        "permission_required": translate(
            "ErrorPresenter", "Ask a supervisor to approve with their code and PIN."
        ),
        "approval_failed": translate("ErrorPresenter", "Check the supervisor code and PIN, then try again."),
        "printer_fault": translate(
            "ErrorPresenter", "Fix the printer, then press Reprint. The sale is saved."
        ),
        "device_fault": translate("ErrorPresenter", "Check the device cable and power, then try again."),
        "transaction_not_found": translate(
            "ErrorPresenter", "Check the receipt number, or search the journal."
        ),
        "transaction_already_voided": translate("ErrorPresenter", "Search for another receipt."),
        "item_inactive": translate("ErrorPresenter", "Ask a supervisor about this item."),
        "idempotency_key_conflict": translate("ErrorPresenter", "Start a new sale."),
        "internal_error": translate("ErrorPresenter", "Tell store IT; the log has the details."),
        "app_error": translate("ErrorPresenter", "Tell store IT; the log has the details."),
        "http_error": translate("ErrorPresenter", "Try again. If it repeats, restart the app."),
    }
    return hints.get(code, "")


def display_message(error: BackendError, language: str) -> str:
    """Return the backend's message in ``language``, with a permission code replaced by
    its screen word (the backend's Japanese message names e.g. "transaction_void", and
    sends 取引取消 in details["label"])."""
    text = error.text(language)
    label = error.details.get("label")
    permission = error.details.get("permission")
    if language.startswith("ja") and label and permission:
        text = text.replace(str(permission), str(label))
    return text


class MessageBanner(QFrame):
    """A message area: the message in the current language, the other language, next step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MessageBanner")
        self.primary = QLabel(self)
        self.primary.setObjectName("BannerPrimary")
        self.primary.setWordWrap(True)
        self.secondary = QLabel(self)
        self.secondary.setObjectName("BannerSecondary")
        self.secondary.setWordWrap(True)
        self.hint = QLabel(self)
        self.hint.setObjectName("BannerHint")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(2)
        for label in (self.primary, self.secondary, self.hint):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            layout.addWidget(label)
        self.code = ""
        self.hide()

    def show_message(
        self, kind: str, primary: str, secondary: str = "", hint: str = "", code: str = ""
    ) -> None:
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self.code = code
        self.primary.setText(primary)
        self.secondary.setText(secondary)
        self.secondary.setVisible(bool(secondary))
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self.show()

    def clear(self) -> None:
        self.code = ""
        self.primary.clear()
        self.secondary.clear()
        self.hint.clear()
        self.hide()

    def text(self) -> str:
        return "\n".join(
            part for part in (self.primary.text(), self.secondary.text(), self.hint.text()) if part
        )


class ErrorPresenter(QObject):
    """Shows backend errors and short notices in the banner on top."""

    error_shown = Signal(object)

    def __init__(self, language: Callable[[], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self._banners: list[MessageBanner] = []
        self.last_error: BackendError | None = None
        self._unshown: BackendError | None = None

    def push_banner(self, banner: MessageBanner) -> None:
        self._banners.append(banner)
        if self._unshown is not None:
            # An error that came before any banner existed (during start-up) is shown now.
            unshown, self._unshown = self._unshown, None
            self.show_error(unshown)

    def pop_banner(self, banner: MessageBanner) -> None:
        if banner in self._banners:
            self._banners.remove(banner)

    @property
    def banner(self) -> MessageBanner | None:
        return self._banners[-1] if self._banners else None

    def show_error(self, error: BackendError) -> None:
        language = self._language()
        primary = display_message(error, language)
        secondary = error.message_en if language.startswith("ja") else error.message
        if secondary == primary:
            secondary = ""
        hint = next_step_for(error.code)
        level = (
            logging.ERROR if error.code in (TRANSPORT_FAILED, "internal_error", "app_error") else logging.INFO
        )
        logger.log(level, "error shown code=%s status=%s details=%s", error.code, error.status, error.details)
        self.last_error = error
        banner = self.banner
        if banner is not None:
            banner.show_message("error", primary, secondary, hint, error.code)
        else:
            self._unshown = error
        QApplication.beep()
        self.error_shown.emit(error)

    def show_notice(self, text: str) -> None:
        banner = self.banner
        if banner is not None:
            banner.show_message("info", text)

    def clear(self) -> None:
        banner = self.banner
        if banner is not None:
            banner.clear()
