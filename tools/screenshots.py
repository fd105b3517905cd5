"""Drive the cashier app through its main screens and save a PNG of each, in Japanese and English.

    python tools/screenshots.py                      # offscreen, into screenshots/out/
    xvfb-run -a python tools/screenshots.py --xcb    # on an X server (Xvfb)

Each language runs on a fresh demo store in a temporary folder, with the backend embedded
as in production. The pictures are for reading the screens (clipped Japanese, tiny type,
misaligned amounts), not for tests.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ONIGIRI = "4547883011595"
BEER = "4582819908129"
CABBAGE = "2104000000270"
WIDTH, HEIGHT = 1280, 800


def wait_until(app: Any, condition: Callable[[], bool], seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not reach the expected state")
        app.processEvents()
        time.sleep(0.005)
    for _ in range(5):
        app.processEvents()


def type_text(widget: Any, text: str, enter: bool = True) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.keyClicks(widget, text)
    if enter:
        QTest.keyClick(widget, Qt.Key.Key_Return)


class Shooter:
    def __init__(self, app: Any, terminal: Any, out_dir: Path, language: str) -> None:
        self.app = app
        self.terminal = terminal
        self.out_dir = out_dir
        self.language = language
        self.saved: list[Path] = []

    def idle(self) -> None:
        ctx = self.terminal.ctx
        wait_until(self.app, lambda: ctx.runner.pending == 0)

    def shoot(self, name: str, widget: Any = None) -> None:
        self.idle()
        target = widget or self.terminal.window
        for _ in range(10):
            self.app.processEvents()
        path = self.out_dir / f"{self.language}_{name}.png"
        target.grab().save(str(path))
        self.saved.append(path)

    def screen(self, name: str) -> None:
        wait_until(self.app, lambda: self.terminal.window.current_name == name)


def drive(app: Any, terminal: Any, shooter: Shooter) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from terminal_app.screens.cash import SuspendedDialog

    nav = terminal.navigator
    flows = nav.flows
    shooter.screen("signin")
    shooter.shoot("01_sign_in")

    type_text(flows.sign_in.code_field, "1001", enter=False)
    type_text(flows.sign_in.pin_field, "1234")
    shooter.screen("open")
    for denomination, pieces in {10000: 1, 1000: 10, 100: 20, 10: 30}.items():
        type_text(flows.open_screen.count.fields[denomination], str(pieces), enter=False)
    shooter.shoot("02_open_terminal")
    flows.open_screen.open_button.click()
    shooter.screen("sale")
    shooter.idle()

    sale = nav.sale_screen
    for code in (ONIGIRI, BEER, CABBAGE):
        type_text(sale.code_field, code)
        shooter.idle()
    type_text(sale.code_field, "3", enter=False)
    QTest.keyClick(sale, Qt.Key.Key_F1)
    shooter.idle()
    type_text(sale.code_field, "4900000000001")
    shooter.shoot("03_sale_with_error")
    type_text(sale.code_field, ONIGIRI)
    shooter.shoot("04_sale")
    shooter.shoot("05_customer_display", terminal.customer_display)

    QTest.keyClick(sale, Qt.Key.Key_F10)
    shooter.screen("payment")
    type_text(nav.payment_screen.amount_field, "500", enter=False)
    nav.payment_screen.pay_typed("credit")
    shooter.shoot("06_payment_split")
    nav.payment_screen.pay_cash(5000)
    shooter.screen("complete")
    shooter.shoot("07_complete_receipt")
    shooter.shoot("08_customer_thanks", terminal.customer_display)
    QTest.keyClick(nav.completion_screen.code_field, Qt.Key.Key_Return)
    shooter.screen("sale")
    shooter.idle()

    type_text(sale.code_field, BEER)
    shooter.idle()
    QTest.keyClick(sale, Qt.Key.Key_F6)
    shooter.idle()
    QTest.keyClick(sale, Qt.Key.Key_F7)
    wait_until(app, lambda: any(d.isVisible() for d in terminal.window.findChildren(SuspendedDialog)))
    dialog = next(d for d in terminal.window.findChildren(SuspendedDialog) if d.isVisible())
    wait_until(app, lambda: dialog.list.count() > 0)
    shooter.shoot("09_resume_dialog", dialog)
    dialog.reject()
    shooter.idle()

    QTest.keyClick(sale, Qt.Key.Key_F9)
    shooter.screen("returns")
    type_text(flows.returns.code_field, "1")
    wait_until(app, lambda: bool(flows.returns.original))
    flows.returns.void_button.click()
    wait_until(app, lambda: nav.approval_dialog is not None)
    shooter.shoot("10_returns_approval", nav.approval_dialog)
    nav.approval_dialog.reject()
    shooter.shoot("11_returns")

    flows.returns.back.emit()
    shooter.screen("menu")
    shooter.shoot("12_menu")
    flows.menu.buttons["x_report"].click()
    shooter.screen("reports")
    wait_until(app, lambda: bool(flows.reports.report))
    shooter.shoot("13_x_report")
    flows.reports.back.emit()
    flows.menu.buttons["z_report"].click()
    wait_until(app, lambda: bool(flows.reports.report))
    flows.reports.count.set_counts({10000: 1, 1000: 10, 500: 1, 100: 21, 10: 30, 5: 1})
    shooter.shoot("14_z_report_count")
    flows.reports.back.emit()
    flows.menu.buttons["journal"].click()
    shooter.screen("journal")
    wait_until(app, lambda: bool(flows.journal.records))
    flows.journal.table.selectRow(flows.journal.table.rowCount() - 1)
    shooter.shoot("15_journal")
    flows.journal.back.emit()
    flows.menu.buttons["settings"].click()
    shooter.screen("settings")
    shooter.shoot("16_settings")
    settings_screen = flows.settings
    settings_screen.scroll_area.ensureWidgetVisible(settings_screen.sync_box.save_button)
    shooter.shoot("16b_settings_store_tier")
    settings_screen.scroll_area.ensureWidgetVisible(settings_screen.device_box.save_button)
    shooter.shoot("16c_settings_devices")
    flows.settings.back.emit()
    flows.menu.buttons["training"].click()
    wait_until(app, lambda: terminal.ctx.terminal.training)
    flows.menu.buttons["back"].click()
    shooter.screen("sale")
    type_text(sale.code_field, ONIGIRI)
    shooter.shoot("17_training_sale")


def run_language(language: str, out_dir: Path) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from backend.settings import Settings
    from terminal_app.controller import TerminalApp
    from terminal_app.i18n import LanguageManager
    from terminal_app.style import apply_style

    app = QApplication.instance() or QApplication([])
    languages = LanguageManager()
    languages.set_language(language)
    apply_style(app)
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder) / "data"
        settings = Settings(data_dir=data_dir, config_file=Path(folder) / "none.toml")
        terminal = TerminalApp(settings, languages)
        terminal.start()
        wait_until(app, lambda: terminal.is_ready or terminal.failure is not None, 60)
        if terminal.failure is not None:
            raise RuntimeError(terminal.failure.message_en)
        terminal.window.resize(WIDTH, HEIGHT)
        terminal.customer_display.resize(800, 480)
        terminal.customer_display.show()
        shooter = Shooter(app, terminal, out_dir, language)
        try:
            drive(app, terminal, shooter)
        finally:
            terminal.window.close()
            terminal.stop()
    return shooter.saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Save screenshots of the cashier app's screens.")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots" / "out", help="output folder")
    parser.add_argument("--xcb", action="store_true", help="use the X server in DISPLAY (xvfb-run)")
    parser.add_argument("--language", choices=["ja", "en"], action="append", help="language (default: both)")
    args = parser.parse_args(argv)
    if not args.xcb:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("OPENREGI_CONFIG_FILE", str(args.out / "no-config.toml"))
    args.out.mkdir(parents=True, exist_ok=True)

    import subprocess

    subprocess.run([sys.executable, str(ROOT / "tools" / "build_translations.py")], check=True)
    for language in args.language or ["ja", "en"]:
        for path in run_language(language, args.out):
            sys.stdout.write(f"saved {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
