"""Store IT settings: store details and receipt texts, tax rounding and cut-over, devices,
the store-tier connection, and the language.

The backend validates changes before it saves them. When it rejects one (for example an
invalid registration number), the error presenter shows why and nothing is saved.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from terminal_app import api
from terminal_app.context import AppContext
from terminal_app.operations import Operation
from terminal_app.screens.base import Screen, function_button
from terminal_app.screens.device_settings import DeviceSettingsBox
from terminal_app.screens.store_tier_settings import StoreTierBox

Json = dict[str, Any]

ROUNDING_MODES = ("floor", "half_up", "ceiling")
# Routes this screen saves through; without them the save buttons stay disabled.
STORE_SAVE_ROUTE = "/store"


class SettingsScreen(Screen):
    back = Signal()
    language_requested = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.title = QLabel(self)
        self.title.setObjectName("ScreenTitle")
        self.store_box = QGroupBox(self)
        self.fields: dict[str, QLineEdit] = {}
        store_form = QFormLayout(self.store_box)
        self.captions: dict[str, QLabel] = {}
        for name in (
            "store_code",
            "name",
            "address",
            "phone",
            "registration_number",
            "business_day_cutover",
            "time_zone",
        ):
            field = QLineEdit(self.store_box)
            caption = QLabel(self.store_box)
            self.fields[name] = field
            self.captions[name] = caption
            store_form.addRow(caption, field)
        self.rounding = QComboBox(self.store_box)
        self.rounding_caption = QLabel(self.store_box)
        store_form.addRow(self.rounding_caption, self.rounding)
        self.header_caption = QLabel(self.store_box)
        self.header_text = QPlainTextEdit(self.store_box)
        self.header_text.setMaximumHeight(70)
        store_form.addRow(self.header_caption, self.header_text)
        self.footer_caption = QLabel(self.store_box)
        self.footer_text = QPlainTextEdit(self.store_box)
        self.footer_text.setMaximumHeight(70)
        store_form.addRow(self.footer_caption, self.footer_text)
        self.save_store_button = QPushButton(self.store_box)
        self.save_store_button.setProperty("role", "primary")
        self.save_store_button.clicked.connect(self.save_store)
        self.save_note = QLabel(self.store_box)
        self.save_note.setWordWrap(True)
        store_form.addRow(self.save_note, self.save_store_button)

        self.device_box = DeviceSettingsBox(ctx, self)
        self.sync_box = StoreTierBox(ctx, self)

        self.language_box = QGroupBox(self)
        language_row = QHBoxLayout(self.language_box)
        self.japanese_button = QPushButton("日本語", self.language_box)
        self.japanese_button.clicked.connect(lambda: self.language_requested.emit("ja"))
        self.english_button = QPushButton("English", self.language_box)
        self.english_button.clicked.connect(lambda: self.language_requested.emit("en"))
        language_row.addWidget(self.japanese_button)
        language_row.addWidget(self.english_button)

        self.back_button = function_button(self)
        self.back_button.clicked.connect(self.back.emit)
        self.shortcut(Qt.Key.Key_Escape, self.back.emit)
        content = QWidget(self)
        columns = QHBoxLayout(content)
        left = QVBoxLayout()
        left.addWidget(self.store_box)
        left.addWidget(self.sync_box)
        left.addWidget(self.language_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.device_box)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Settings"))
        self.store_box.setTitle(self.tr("Store and receipt"))
        captions = {
            "store_code": self.tr("Store code"),
            "name": self.tr("Store name"),
            "address": self.tr("Address"),
            "phone": self.tr("Phone"),
            "registration_number": self.tr("Registration number (T + 13 digits)"),
            "business_day_cutover": self.tr("Business day starts at (HH:MM)"),
            "time_zone": self.tr("Time zone"),
        }
        for name, caption in captions.items():
            self.captions[name].setText(caption)
        self.rounding_caption.setText(self.tr("Tax rounding"))
        current = self.rounding.currentIndex()
        self.rounding.clear()
        self.rounding.addItems([self.tr("Round down"), self.tr("Round half up"), self.tr("Round up")])
        self.rounding.setCurrentIndex(max(current, 0))
        self.header_caption.setText(self.tr("Receipt header"))
        self.footer_caption.setText(self.tr("Receipt footer"))
        self.save_store_button.setText(self.tr("Save"))
        self.device_box.retranslate()
        self.sync_box.retranslate()
        self.language_box.setTitle(self.tr("Language"))
        self.back_button.setText(self.tr("Esc\nBack"))
        self._show_save_note()

    def _show_save_note(self) -> None:
        can_save = self.ctx.has_route(STORE_SAVE_ROUTE + ":put")
        self.save_store_button.setEnabled(can_save)
        self.save_note.setText(
            "" if can_save else self.tr("This backend cannot save store settings yet; edit openregi.toml.")
        )

    def activated(self) -> None:
        self.show_store(self.ctx.master.store)
        self._show_save_note()
        self.ctx.runner.run(Operation(api.route_paths, self._routes_loaded, lambda _error: None))
        self.ctx.runner.run(Operation(api.store, self.show_store, label="load store"))
        self.device_box.load()
        self.sync_box.load()

    def _routes_loaded(self, routes: list[str]) -> None:
        self.ctx.routes = set(routes)
        self._show_save_note()

    # ----- store -----

    def show_store(self, store: Json) -> None:
        for name, field in self.fields.items():
            field.setText(str(store.get(name, "")))
        mode = str(store.get("rounding_mode", "floor"))
        self.rounding.setCurrentIndex(ROUNDING_MODES.index(mode) if mode in ROUNDING_MODES else 0)
        self.header_text.setPlainText("\n".join(store.get("receipt_header", [])))
        self.footer_text.setPlainText("\n".join(store.get("receipt_footer", [])))

    def store_body(self) -> Json:
        body: Json = {name: field.text().strip() for name, field in self.fields.items()}
        body["rounding_mode"] = ROUNDING_MODES[max(self.rounding.currentIndex(), 0)]
        body["receipt_header"] = [
            line for line in self.header_text.toPlainText().splitlines() if line.strip()
        ]
        body["receipt_footer"] = [
            line for line in self.footer_text.toPlainText().splitlines() if line.strip()
        ]
        return body

    def save_store(self) -> None:
        body = self.store_body()

        def saved(store: Json) -> None:
            self.ctx.master.store = {**self.ctx.master.store, **store}
            self.ctx.errors.show_notice(self.tr("Settings saved."))

        self.ctx.runner.run_serial(
            Operation(lambda client: client.put(STORE_SAVE_ROUTE, body), saved, label="save store")
        )
