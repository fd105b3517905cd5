"""Benchmark the cashier app against its embedded backend and print a table.

    python bench/bench_app.py                 # all three, offscreen
    python bench/bench_app.py --sales 200     # fewer sales for the memory figure

Figures:

- scan to line painted: from the first key of a wedge scan typed into the code field to
  the paint of the lines table showing the new cart. It reports p50 and p99 over --scans
  scans, and the budget is p99 under 50 ms;
- start to ready: a fresh Python process, from its first line to the sign-in screen ready
  for input, imports included. The first start on an empty data folder also creates the
  demo store; the later starts (median and max over --starts runs; budget 2 s) open it;
- resident memory: the process's RSS (app and backend share it) after --sales complete
  sales made through the screens.

The machine, Python and Qt versions are printed with the table.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Demo items rung up in turn, so each scan adds a line or raises a quantity.
ITEMS = ("4547883011595", "4582819908129", "4547883271074", "4547883297852", "4547883190252")
SCANS_PER_CART = 25

CHILD_START = """
import time
started = time.perf_counter()
import os, sys, tempfile
sys.path.insert(0, {root!r})
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from backend.settings import Settings
from terminal_app.controller import TerminalApp
from terminal_app.i18n import LanguageManager
from terminal_app.style import apply_style
languages = LanguageManager()
languages.set_language("ja")
apply_style(app)
folder = Path({folder!r})
terminal = TerminalApp(Settings(data_dir=folder / "data", config_file=folder / "none.toml"), languages)
def ready():
    print(f"READY {{time.perf_counter() - started:.4f}}", flush=True)
    app.quit()
terminal.ready.connect(ready)
terminal.start_failed.connect(lambda failure: (print("FAILED", failure.message_en), app.quit()))
terminal.start()
app.exec()
terminal.window.close() if terminal.window else None
terminal.stop()
"""


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def wait_until(app: Any, condition: Callable[[], bool], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not reach the expected state")
        app.processEvents()


# ----- start to ready -----


def measure_starts(runs: int) -> tuple[float, list[float]]:
    """Return the first start on an empty data folder and ``runs`` later starts on it."""
    folder = tempfile.mkdtemp()
    seconds = []
    for _ in range(runs + 1):
        result = subprocess.run(
            [sys.executable, "-c", CHILD_START.format(root=str(ROOT), folder=folder)],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            check=False,
        )
        line = next((line for line in result.stdout.splitlines() if line.startswith("READY")), None)
        if line is None:
            raise RuntimeError(f"start run failed: {result.stdout[-500:]} {result.stderr[-2000:]}")
        seconds.append(float(line.split()[1]))
    return seconds[0], seconds[1:]


# ----- the running app -----


def start_app() -> tuple[Any, Any]:
    from PySide6.QtWidgets import QApplication

    from backend.settings import Settings
    from terminal_app.controller import TerminalApp
    from terminal_app.i18n import LanguageManager
    from terminal_app.style import apply_style

    app = QApplication.instance() or QApplication([])
    languages = LanguageManager()
    languages.set_language("ja")
    apply_style(app)
    folder = Path(tempfile.mkdtemp())
    settings = Settings(data_dir=folder / "data", config_file=folder / "none.toml")
    terminal = TerminalApp(settings, languages)
    terminal.start()
    wait_until(app, lambda: terminal.is_ready or terminal.failure is not None, 60)
    if terminal.failure is not None:
        raise RuntimeError(terminal.failure.message_en)
    terminal.window.resize(1280, 800)
    return app, terminal


def sign_in_and_open(app: Any, terminal: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    flows = terminal.navigator.flows
    QTest.keyClicks(flows.sign_in.code_field, "1001")
    QTest.keyClicks(flows.sign_in.pin_field, "1234")
    QTest.keyClick(flows.sign_in.pin_field, Qt.Key.Key_Return)
    wait_until(app, lambda: terminal.window.current_name == "open")
    QTest.keyClicks(flows.open_screen.count.fields[1000], "20")
    flows.open_screen.open_button.click()
    wait_until(app, lambda: terminal.window.current_name == "sale" and terminal.ctx.runner.pending == 0)


class PaintProbe:
    """Records the first paint of the lines table after the cart of the current scan arrived."""

    def __init__(self, terminal: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        sale = terminal.navigator.sale_screen
        self.applied = False
        self.painted_at: float | None = None
        probe = self
        terminal.ctx.sale.on_cart_applied = lambda _cart: setattr(probe, "applied", True)

        class Filter(QObject):
            def eventFilter(self, watched: Any, event: Any) -> bool:
                if event.type() == QEvent.Type.Paint and probe.applied and probe.painted_at is None:
                    probe.painted_at = time.perf_counter()
                return False

        self.filter = Filter()
        sale.table.viewport().installEventFilter(self.filter)

    def arm(self) -> None:
        self.applied = False
        self.painted_at = None


def measure_scans(app: Any, terminal: Any, scans: int) -> list[float]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    sale = terminal.navigator.sale_screen
    session = terminal.ctx.sale
    probe = PaintProbe(terminal)
    timings = []
    for index in range(scans):
        if index % SCANS_PER_CART == 0 and session.has_items:
            sale.cancel_sale()
            wait_until(app, lambda: terminal.ctx.runner.pending == 0 and session.cart_id is not None)
            wait_until(app, lambda: session.cart is not None)
        probe.arm()
        code = ITEMS[index % len(ITEMS)]
        started = time.perf_counter()
        QTest.keyClicks(sale.code_field, code)
        QTest.keyClick(sale.code_field, Qt.Key.Key_Return)
        wait_until(app, lambda: probe.painted_at is not None, 10)
        if terminal.window.banner.isVisible():
            raise RuntimeError(f"scan of {code} failed: {terminal.window.banner.text()}")
        assert probe.painted_at is not None
        timings.append((probe.painted_at - started) * 1000)
    wait_until(app, lambda: terminal.ctx.runner.pending == 0)
    return timings


def make_sales(app: Any, terminal: Any, count: int) -> float:
    """Complete ``count`` sales through the screens; return the seconds taken."""
    nav = terminal.navigator
    sale = nav.sale_screen
    started = time.perf_counter()
    for number in range(count):
        for code in ITEMS[: 1 + number % 3]:
            sale.on_scan(code)
        sale.subtotal()
        wait_until(app, lambda: terminal.window.current_name == "payment")
        nav.payment_screen.pay_exact()
        wait_until(app, lambda: terminal.window.current_name == "complete")
        nav.go("sale")
        wait_until(app, lambda: terminal.ctx.runner.pending == 0 and terminal.ctx.sale.cart is not None)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the cashier app; prints a table.")
    parser.add_argument("--scans", type=int, default=500, help="scans timed for scan-to-line (default 500)")
    parser.add_argument("--starts", type=int, default=5, help="starts timed after the first one (default 5)")
    parser.add_argument("--sales", type=int, default=1000, help="sales before reading RSS (default 1000)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    no_config = Path(tempfile.gettempdir()) / "openregi-bench-none.toml"
    os.environ.setdefault("OPENREGI_CONFIG_FILE", str(no_config))
    import logging

    logging.disable(logging.INFO)
    build = [sys.executable, str(ROOT / "tools" / "build_translations.py")]
    subprocess.run(build, check=True, capture_output=True)

    first_start, starts = measure_starts(args.starts)
    app, terminal = start_app()
    try:
        sign_in_and_open(app, terminal)
        rss_ready = rss_mib()
        scans = measure_scans(app, terminal, args.scans)
        terminal.navigator.sale_screen.cancel_sale()
        wait_until(app, lambda: terminal.ctx.runner.pending == 0)
        sales_seconds = make_sales(app, terminal, args.sales)
        rss_after = rss_mib()
    finally:
        terminal.window.close()
        terminal.stop()

    import PySide6

    print(f"machine: {platform.machine()} {os.cpu_count()} CPUs, {platform.system()} {platform.release()}")
    qpa = os.environ["QT_QPA_PLATFORM"]
    print(f"python {platform.python_version()}, PySide6 {PySide6.__version__}, QT_QPA_PLATFORM={qpa}")
    print()
    rows = [
        ("scan to line painted p50", f"{percentile(scans, 0.50):.1f} ms", ""),
        (f"scan to line painted p99 ({len(scans)} scans)", f"{percentile(scans, 0.99):.1f} ms", "< 50 ms"),
        ("scan to line painted max", f"{max(scans):.1f} ms", ""),
        (
            f"start to ready-to-sign-in median ({len(starts)} runs)",
            f"{statistics.median(starts):.2f} s",
            "< 2 s",
        ),
        ("start to ready-to-sign-in max", f"{max(starts):.2f} s", ""),
        ("first start (creates the demo store)", f"{first_start:.2f} s", ""),
        ("RSS after sign-in and open", f"{rss_ready:.0f} MiB", ""),
        (f"RSS after {args.sales} sales", f"{rss_after:.0f} MiB", ""),
        (f"time for {args.sales} sales through the screens", f"{sales_seconds:.1f} s", ""),
    ]
    width = max(len(row[0]) for row in rows)
    print(f"{'figure':<{width}}  {'value':>10}  budget")
    print(f"{'-' * width}  {'-' * 10}  ------")
    for name, value, budget in rows:
        print(f"{name:<{width}}  {value:>10}  {budget}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
