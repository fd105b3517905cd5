"""Fonts and the style sheet: large, high-contrast type for a register screen."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

logger = logging.getLogger(__name__)

FONT_FAMILIES = ("Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic UI", "Meiryo", "Hiragino Sans")
BASE_PIXEL_SIZE = 18

STYLE_SHEET = """
QWidget { color: #111; }
QMainWindow, QDialog, QStackedWidget > QWidget { background: #f4f5f7; }
QPushButton {
    background: #ffffff; border: 1px solid #9aa3ad; border-radius: 6px;
    padding: 4px 10px; min-height: 40px; font-size: 18px;
}
QPushButton:pressed { background: #d8e4f0; }
QPushButton:disabled { color: #888; background: #e9eaec; }
QPushButton[role="function"] { background: #e7eef7; font-size: 16px; min-height: 52px; }
QPushButton[role="primary"] {
    background: #1f6feb; color: white; border-color: #1a5fc8; font-weight: bold; min-width: 120px;
}
QPushButton[role="primary"]:disabled { background: #9db8e0; color: #eef2f8; }
QPushButton[role="danger"] { background: #fbe9e9; border-color: #c0392b; color: #8e1c12; }
QPushButton[role="tender"] { background: #fff7e0; border-color: #c99a1b; font-size: 20px; min-height: 54px; }
QPushButton[role="preset"] { background: #ffffff; font-size: 17px; min-height: 56px; text-align: center; }
QPushButton[role="numpad"] { font-size: 24px; min-height: 48px; min-width: 64px; }
QLineEdit {
    background: white; border: 2px solid #5b6b7b; border-radius: 6px; padding: 4px 8px; font-size: 22px;
}
QLineEdit#CountField { font-size: 18px; padding: 1px 6px; border-width: 1px; }
QLabel#CountTotal { font-size: 30px; font-weight: bold; }
QLineEdit#CodeField { font-size: 28px; min-height: 52px; border-color: #1f6feb; }
QLabel#ScreenTitle { font-size: 26px; font-weight: bold; }
QLabel#TotalLabel { font-size: 22px; }
QLabel#TotalAmount { font-size: 48px; font-weight: bold; }
QLabel#ChangeAmount { font-size: 72px; font-weight: bold; color: #0b6b2f; }
QLabel#RemainingAmount { font-size: 48px; font-weight: bold; color: #8e1c12; }
QLabel#Multiplier { font-size: 22px; color: #1a5fc8; font-weight: bold; }
QLabel#TrainingBanner {
    background: #ff9800; color: black; font-size: 20px; font-weight: bold; padding: 4px 12px;
}
QLabel#HeaderInfo { font-size: 17px; color: #333; }
QFrame#MessageBanner { border-radius: 6px; border: 2px solid #c0392b; background: #fdecea; }
QFrame#MessageBanner[kind="info"] { border-color: #1a5fc8; background: #e8f0fd; }
QFrame#MessageBanner[kind="success"] { border-color: #0b6b2f; background: #e6f4ea; }
QLabel#BannerPrimary { font-size: 20px; font-weight: bold; }
QLabel#BannerSecondary { font-size: 15px; color: #444; }
QLabel#BannerHint { font-size: 17px; }
QTableView { background: white; font-size: 19px; gridline-color: #d0d4d9; selection-background-color: #cfe0f7;
    selection-color: black; }
QHeaderView::section { background: #e2e6ea; font-size: 16px; padding: 4px; border: 0; }
QStatusBar QLabel { font-size: 15px; padding: 0 8px; }
QStatusBar QLabel[fault="true"] { color: #8e1c12; font-weight: bold; }
QPlainTextEdit#ReceiptPreview { font-family: "Noto Sans Mono CJK JP", "Noto Sans CJK JP", monospace;
    font-size: 15px; background: white; }
QTabBar::tab { font-size: 17px; min-height: 40px; padding: 4px 14px; }
QWidget#CustomerDisplay { background: #0e2a47; }
QWidget#CustomerDisplay QLabel { color: white; }
QLabel#CustomerItem { font-size: 34px; }
QLabel#CustomerTotal { font-size: 64px; font-weight: bold; }
QLabel#CustomerThanks { font-size: 48px; font-weight: bold; }
"""


def pick_font_family() -> str:
    families = set(QFontDatabase.families())
    for family in FONT_FAMILIES:
        if family in families:
            return family
    logger.warning("no Japanese font found among %s; characters may show as boxes", ", ".join(FONT_FAMILIES))
    return QApplication.font().family()


def apply_style(app: QApplication) -> None:
    font = QFont(pick_font_family())
    font.setPixelSize(BASE_PIXEL_SIZE)
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)
