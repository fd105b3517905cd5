"""The store-tier part of the settings screen: MongoDB and Dapr connection settings.

The URL comes from GET /sync/config with its password masked. Sending it back unchanged
keeps the stored password. To change the host, type the whole URL with the password.
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from terminal_app import api
from terminal_app.client import BackendError
from terminal_app.context import AppContext
from terminal_app.operations import Operation
from terminal_app.screens.base import digits_of

Json = dict[str, Any]


class StoreTierBox(QGroupBox):
    """MongoDB URL, database, tenant and TLS, Dapr on/off and ports, Save and a connection test."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.config: Json = {}
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("mongodb://store-server:27017/")
        self.database = QLineEdit(self)
        self.tenant = QLineEdit(self)
        self.tls = QCheckBox(self)
        self.dapr_enabled = QCheckBox(self)
        self.dapr_http_port = QLineEdit(self)
        self.dapr_grpc_port = QLineEdit(self)
        self.save_button = QPushButton(self)
        self.save_button.setProperty("role", "primary")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        self.test_button = QPushButton(self)
        self.test_button.clicked.connect(self.test_connection)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        self.captions = {name: QLabel(self) for name in ("url", "database", "tenant", "http", "grpc")}
        self.dapr_caption = QLabel(self)
        caption_font = self.dapr_caption.font()
        caption_font.setBold(True)
        self.dapr_caption.setFont(caption_font)

        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.state)
        form.addRow(self.captions["url"], self.url)
        form.addRow(self.captions["database"], self.database)
        form.addRow(self.captions["tenant"], self.tenant)
        form.addRow(self.tls)
        form.addRow(self.dapr_caption)
        form.addRow(self.dapr_enabled)
        form.addRow(self.captions["http"], self.dapr_http_port)
        form.addRow(self.captions["grpc"], self.dapr_grpc_port)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)
        form.addRow(self.result)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Store server (MongoDB) and Dapr"))
        self.captions["url"].setText(self.tr("Connection URL"))
        self.captions["database"].setText(self.tr("Database"))
        self.captions["tenant"].setText(self.tr("Tenant (chain code)"))
        self.tls.setText(self.tr("Use TLS"))
        self.dapr_caption.setText(self.tr("Dapr sidecar"))
        self.dapr_enabled.setText(self.tr("Use Dapr (sharing suspended sales and events)"))
        self.captions["http"].setText(self.tr("Dapr HTTP port (empty: default)"))
        self.captions["grpc"].setText(self.tr("Dapr gRPC port (empty: default)"))
        self.save_button.setText(self.tr("Save store server settings"))
        self.test_button.setText(self.tr("Test connection"))

    # ----- loading -----

    def load(self) -> None:
        self.ctx.runner.run(Operation(api.sync_config, self.show_config, label="load sync config"))
        self.refresh_status()

    def refresh_status(self) -> None:
        self.ctx.runner.run(Operation(api.sync_status, self.show_status, lambda _error: None))

    def show_config(self, config: Json) -> None:
        self.config = copy.deepcopy(config)
        mongo = config.get("mongo", {})
        dapr = config.get("dapr", {})
        self.url.setText(str(mongo.get("url") or ""))
        self.database.setText(str(mongo.get("database") or ""))
        self.tenant.setText(str(mongo.get("tenant") or ""))
        self.tls.setChecked(bool(mongo.get("tls")))
        self.dapr_enabled.setChecked(bool(dapr.get("enabled")))
        for field, name in ((self.dapr_http_port, "http_port"), (self.dapr_grpc_port, "grpc_port")):
            value = dapr.get(name)
            field.setText("" if value is None else str(value))
        self.save_button.setEnabled(True)

    def show_status(self, status: Json) -> None:
        if not status.get("configured"):
            self.state.setText(self.tr("Not configured: this terminal works on its own."))
            return
        state = self.tr("Connected") if status.get("connected") else self.tr("Not connected")
        self.state.setText(
            self.tr("%1, %2 waiting to send")
            .replace("%1", state)
            .replace("%2", str(status.get("pending", 0)))
        )

    # ----- saving and testing -----

    def edited_config(self) -> Json:
        """Return the loaded settings with the values of the fields on screen."""
        mongo = dict(self.config.get("mongo", {}))
        dapr = dict(self.config.get("dapr", {}))
        mongo["url"] = self.url.text().strip()
        mongo["database"] = self.database.text().strip()
        mongo["tenant"] = self.tenant.text().strip()
        mongo["tls"] = self.tls.isChecked()
        dapr["enabled"] = self.dapr_enabled.isChecked()
        for field, name in ((self.dapr_http_port, "http_port"), (self.dapr_grpc_port, "grpc_port")):
            text = field.text().strip()
            number = digits_of(text)
            if not text:
                dapr[name] = None
            elif number is not None:
                dapr[name] = number
            else:
                dapr[name] = text  # sent as typed, so the backend names the invalid value
        return {"mongo": mongo, "dapr": dapr}

    def save(self) -> None:
        body = self.edited_config()

        def saved(result: Json) -> None:
            self.show_config(result)
            self.refresh_status()
            if result.get("restart_required"):
                message = self.tr("Settings saved. Restart the register to use them.")
            else:
                message = self.tr("Settings saved and in use.")
            self.result.setText(message)
            self.ctx.errors.show_notice(message)

        self.ctx.runner.run_serial(
            Operation(
                lambda client: api.save_sync_config(client, body),
                saved,
                label="save sync config",
                approvable=False,
            )
        )

    def test_connection(self) -> None:
        """Test the URL on screen, or the stored one while the field shows the masked URL."""
        body: Json = {}
        url = self.url.text().strip()
        if url and url != self.config.get("mongo", {}).get("url"):
            body["url"] = url
        if self.database.text().strip():
            body["database"] = self.database.text().strip()
        body["tls"] = self.tls.isChecked()
        self.result.setText(self.tr("Testing the connection..."))

        def shown(result: Json) -> None:
            if result.get("ok"):
                self.result.setText(
                    self.tr("Connection succeeded (server version %1, %2 ms).")
                    .replace("%1", str(result.get("server_version") or "?"))
                    .replace("%2", str(result.get("elapsed_ms")))
                )
            else:
                self.result.setText(
                    self.tr("Connection failed: %1").replace("%1", str(result.get("error")))
                )

        def failed(error: BackendError) -> None:
            self.result.setText(self.tr("Connection failed: %1").replace("%1", error.text(self.ctx.language)))
            self.ctx.errors.show_error(error)

        request = Operation(
            lambda client: api.check_sync_connection(client, body), shown, failed, label="sync test"
        )
        self.ctx.runner.run(request)
