"""The start-up splash: name, version and the current start stage."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from backend import __version__

STAGES = ("loading", "starting", "opening", "connecting")


class Splash(QWidget):
    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("Splash")
        self.setStyleSheet("QWidget#Splash { background: #0e2a47; } QLabel { color: white; }")
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 40px; font-weight: bold;")
        self.version = QLabel(f"v{__version__}", self)
        self.stage = QLabel(self)
        self.stage.setStyleSheet("font-size: 18px;")
        self.bar = QProgressBar(self)
        self.bar.setRange(0, len(STAGES))
        self.bar.setTextVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 40, 40, 40)
        layout.addWidget(self.title)
        layout.addWidget(self.version)
        layout.addStretch(1)
        layout.addWidget(self.stage)
        layout.addWidget(self.bar)
        self.title.setText(self.tr("OpenRegi"))
        self.resize(560, 300)

    def stage_text(self, stage: str) -> str:
        texts = {
            "loading": self.tr("Loading..."),
            "starting": self.tr("Starting the backend..."),
            "opening": self.tr("Opening the terminal store..."),
            "connecting": self.tr("Connecting..."),
        }
        return texts.get(stage, stage)

    def show_stage(self, stage: str) -> None:
        self.stage.setText(self.stage_text(stage))
        if stage in STAGES:
            self.bar.setValue(STAGES.index(stage) + 1)
