"""Fixtures for the cashier app: the real app on a real embedded backend (demo store).

Each test gets its own temporary data directory, a backend started by the app itself on
a loopback port, and the app's main window on Qt's offscreen platform. The translations
are compiled once per session, as the test command promises.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from terminal_app.controller import TerminalApp
from terminal_app.i18n import LanguageManager
from terminal_app.style import apply_style
from tests.conftest import FixedClock, make_settings

ROOT = Path(__file__).resolve().parents[2]

# Demo items used by the tests, with their prices (all tax-inclusive).
ONIGIRI = "4547883011595"  # おにぎり 塩むすび ¥120, reduced rate 8%
BEER = "4582819908129"  # ビール 350ml ¥228, standard rate 10%
BENTO = "4547883271074"  # 幕の内弁当 ¥598, reduced rate 8%


@pytest.fixture(scope="session", autouse=True)
def compiled_translations() -> None:
    spec = importlib.util.spec_from_file_location(
        "build_translations", ROOT / "tools" / "build_translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.compile_translations()


@pytest.fixture
def languages(qapp: QApplication) -> LanguageManager:
    manager = LanguageManager()
    manager.set_language("ja")
    apply_style(qapp)
    return manager


def start_terminal(
    qtbot: Any, data_dir: Path, languages: LanguageManager, **server_options: Any
) -> TerminalApp:
    settings = make_settings(data_dir)
    terminal = TerminalApp(settings, languages, **server_options)
    terminal.start()
    qtbot.waitUntil(lambda: terminal.is_ready or terminal.failure is not None, timeout=30_000)
    assert terminal.failure is None, terminal.failure
    return terminal


CASHIER = ("1001", "1234")
SUPERVISOR = ("9001", "9999")
# The float counted at open: ten ¥1,000 notes and twenty ¥100 coins, ¥12,000.
FLOAT = {1000: 10, 100: 20}


def sign_in(qtbot: Any, terminal: TerminalApp, staff: tuple[str, str] = CASHIER) -> None:
    """Sign in on the sign-in screen by typing the staff code and PIN."""
    assert terminal.navigator is not None and terminal.window is not None
    screen = terminal.navigator.flows.sign_in
    qtbot.waitUntil(lambda: terminal.window.current_name == "signin")
    QTest.keyClicks(screen.code_field, staff[0])
    QTest.keyClicks(screen.pin_field, staff[1])
    QTest.keyClick(screen.pin_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: terminal.window.current_name in ("open", "sale"), timeout=10_000)


def open_terminal(qtbot: Any, terminal: TerminalApp) -> None:
    """Count the float on the open screen and open the terminal."""
    assert terminal.navigator is not None and terminal.window is not None
    screen = terminal.navigator.flows.open_screen
    for denomination, pieces in FLOAT.items():
        QTest.keyClicks(screen.count.fields[denomination], str(pieces))
    screen.open_button.click()
    qtbot.waitUntil(lambda: terminal.window.current_name == "sale", timeout=10_000)
    wait_idle(qtbot, terminal)


@pytest.fixture
def started(qtbot: Any, tmp_path: Path, languages: LanguageManager) -> Iterator[TerminalApp]:
    """The app at its first screen, on a fresh demo store, clock at 2026-12-04 10:00 Tokyo."""
    app = start_terminal(qtbot, tmp_path / "data", languages, clock=FixedClock())
    yield app
    if app.window is not None:
        app.window.close()
    app.stop()


@pytest.fixture
def terminal(qtbot: Any, started: TerminalApp) -> TerminalApp:
    """The app with cashier 1001 signed in and the terminal open, at the sale screen."""
    sign_in(qtbot, started)
    open_terminal(qtbot, started)
    return started


def type_into(widget: Any, text: str, enter: bool = True) -> None:
    """Type ``text`` as key presses (a wedge scanner's burst), then Enter."""
    QTest.keyClicks(widget, text)
    if enter:
        QTest.keyClick(widget, Qt.Key.Key_Return)


def wait_idle(qtbot: Any, terminal: TerminalApp) -> None:
    """Wait until every queued backend request has come back to the GUI thread."""
    assert terminal.ctx is not None
    ctx = terminal.ctx
    qtbot.waitUntil(lambda: ctx.runner.pending == 0, timeout=10_000)


@pytest.fixture
def scan(qtbot: Any, terminal: TerminalApp) -> Callable[[str], None]:
    """Scan a code into the sale screen's code field and wait for the line to appear."""

    def do_scan(code: str) -> None:
        assert terminal.navigator is not None
        type_into(terminal.navigator.sale_screen.code_field, code)
        wait_idle(qtbot, terminal)

    return do_scan
