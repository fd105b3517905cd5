"""``openregi --self-test``: check that this installation starts, sells, prints and shows its window.

The checks run on a temporary data directory with the demo store, so the real terminal
store, its counters and its journal are never touched. The backend of the test sale uses
simulated devices and no MongoDB or Dapr, so nothing is printed on paper or sent to the
store server. Only the devices check opens the devices of the real configuration
(simulators unless configured otherwise), and it prints nothing. Close the cashier app
first, because a serial port can be opened by one program at a time. The last check looks
for pyusb and a libusb library.

One line per check is written with its result and time. The exit status is 0 when every
check passed and 1 otherwise. A windowed build has no console, so there the report goes
to ``selftest-report.txt`` in the log folder of the configured data directory.

The same code runs from source (``python -m backend.cli --self-test``) and in the frozen
build, where it also compares the bundle with the build record ``installer/build_info.json``
that ``installer/build.py`` writes.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

# A demo-store item with a fixed code: おにぎり 鮭, ¥150 tax-inclusive at the reduced 8% rate.
TEST_ITEM_CODE = "4901234567894"
TEST_ITEM_PRICE = 150
TEST_ITEM_TAX = 11  # floor(150 * 8 / 108)
TEST_CASH = 200
DEMO_CASHIER = {"staff_code": "1001", "pin": "1234"}
OPENING_FLOAT = 30000

BACKEND_TIMEOUT_S = 30.0
WINDOW_TIMEOUT_S = 60.0
PRINT_TIMEOUT_S = 10.0
BUILD_INFO_FILE = "build_info.json"
REPORT_FILE = "selftest-report.txt"

ESC_INIT = b"\x1b@"  # ESC @ (initialise): the Epson and Star encoders begin each job with it
TOTAL_CP932 = "合計".encode("cp932")


class CheckFailed(Exception):
    """A check found a problem; the message names it and, where known, the fix."""


@dataclass
class CheckResult:
    name: str
    passed: bool
    seconds: float
    detail: str

    def line(self) -> str:
        status = "PASS" if self.passed else "FAIL"
        return f"{status}  {self.name:<16} {self.seconds:7.3f} s  {self.detail}"


@dataclass
class SelfTest:
    """The state the checks share: settings, the temporary folder, the backend and the sale."""

    configured: Any  # Settings of the real configuration (devices, language, config file)
    scratch: Path
    settings: Any = None  # Settings of the test backend on the scratch folder
    server: Any = None
    client: Any = None
    transaction: dict[str, Any] = field(default_factory=dict)
    receipt: Any = None  # backend.domain.receipt.ReceiptDocument of the test sale

    # ----- checks -----

    def check_version(self) -> str:
        from backend import __version__

        frozen = bool(getattr(sys, "frozen", False))
        if not frozen:
            return f"{__version__} from source"
        info = read_build_info()
        if info is None:
            raise CheckFailed(f"{BUILD_INFO_FILE} missing from the bundle. Rebuild with installer/build.py")
        if __version__ != info.get("version"):
            raise CheckFailed(
                f"package metadata has version {__version__}, but the build record has"
                f" {info.get('version')}: the openregi distribution metadata is missing from the bundle"
            )
        return (
            f"{__version__} frozen, commit {info.get('commit', 'unknown')}, built {info.get('built_at', '?')}"
        )

    def check_resources(self) -> str:
        import escpos.capabilities

        from backend.storage.migrations import discover
        from terminal_app.i18n import translations_dir

        missing = [
            f"openregi_{language}.qm"
            for language in ("ja", "en")
            if not (translations_dir() / f"openregi_{language}.qm").is_file()
        ]
        if missing:
            raise CheckFailed(
                f"translations missing in {translations_dir()}: {', '.join(missing)}."
                " Run tools/build_translations.py"
            )
        profiles = escpos.capabilities.CAPABILITIES.get("profiles", {})
        if len(profiles) < 2:
            raise CheckFailed("python-escpos printer profiles (escpos/capabilities.json) not loaded")
        versions = [migration.version for migration in discover()]
        info = read_build_info()
        if info is not None and versions != info.get("migrations"):
            built = info.get("migrations")
            raise CheckFailed(f"migrations {versions} in the bundle, but {built} in the build record")
        return f"2 translations, {len(profiles)} printer profiles, migrations {versions[0]}-{versions[-1]}"

    def start_backend(self) -> str:
        import httpx

        from backend.server import BackendServer
        from backend.settings import DaprSettings, MongoSettings

        # The test backend keeps the rest of the real configuration, but runs on the
        # scratch folder with simulators and without the store server or Dapr.
        self.settings = self.configured.model_copy(
            update={
                "data_dir": self.scratch / "data",
                "host": "127.0.0.1",
                "port": 0,
                "demo": True,
                "devices": {},
                "mongo": MongoSettings(),
                "dapr": DaprSettings(),
            }
        )
        self.server = BackendServer(self.settings)
        self.server.start_in_thread()
        self.server.wait_ready(BACKEND_TIMEOUT_S)
        token = self.settings.token.get_secret_value()
        self.client = httpx.Client(
            base_url=self.server.base_url, headers={"Authorization": f"Bearer {token}"}, timeout=10.0
        )
        health = self.call("GET", "/health")
        if health.get("status") != "ok":
            raise CheckFailed(f"/api/v1/health returned {health}")
        return f"{self.server.base_url}, schema version {health.get('schema_version')}"

    def open_terminal(self) -> str:
        status = self.call("GET", "/terminal")
        if status.get("status") != "open":
            self.call("POST", "/terminal/open", {"float_amount": OPENING_FLOAT, **DEMO_CASHIER})
            status = self.call("GET", "/terminal")
        if status.get("staff_code") != DEMO_CASHIER["staff_code"]:
            self.call("POST", "/terminal/sign-in", DEMO_CASHIER)
            status = self.call("GET", "/terminal")
        if status.get("status") != "open" or status.get("staff_code") != DEMO_CASHIER["staff_code"]:
            raise CheckFailed(f"terminal not open with cashier 1001 signed in: {status}")
        return f"opened with a ¥{OPENING_FLOAT:,} float, cashier 1001 signed in"

    def ring_up_sale(self) -> str:
        cart_id = self.call("POST", "/carts")["cart_id"]
        self.call("POST", f"/carts/{cart_id}/items", {"code": TEST_ITEM_CODE})
        self.call("POST", f"/carts/{cart_id}/subtotal")
        self.call("POST", f"/carts/{cart_id}/tenders", {"tender_code": "cash", "amount": TEST_CASH})
        result = self.call("POST", f"/carts/{cart_id}/complete", {"idempotency_key": f"selftest-{cart_id}"})
        transaction = result["transaction"]
        expected = {
            "total": TEST_ITEM_PRICE,
            "tax_total": TEST_ITEM_TAX,
            "change": TEST_CASH - TEST_ITEM_PRICE,
        }
        actual = {key: transaction.get(key) for key in expected}
        if actual != expected:
            raise CheckFailed(f"sale totals {actual}, expected {expected}")
        self.transaction = transaction
        return (
            f"receipt {transaction['receipt_number']}: total ¥{transaction['total']},"
            f" tax ¥{transaction['tax_total']}, change ¥{transaction['change']}"
        )

    def wait_for_print(self) -> str:
        """Wait until the simulated printer has printed the sale's receipt."""
        deadline = time.monotonic() + PRINT_TIMEOUT_S
        counts: dict[str, Any] = {}
        while time.monotonic() < deadline:
            counts = self.call("GET", "/status").get("print_jobs", {})
            if counts and set(counts) == {"done"}:
                return f"print jobs {counts} on the simulated printer"
            time.sleep(0.05)
        raise CheckFailed(f"print queue not done after {PRINT_TIMEOUT_S:.0f} s: {counts}")

    def render_receipts(self) -> str:
        from backend.domain.receipt import document_from_dict
        from devices.config import PrinterConfig, PrinterDialect
        from devices.dialects import make_encoder
        from devices.png_render import FontNotFoundError, render_png

        receipt = self.call("GET", f"/transactions/{self.transaction['transaction_id']}/receipt")
        document = document_from_dict(receipt["document"])
        sizes = []
        for dialect in PrinterDialect:
            data = make_encoder(PrinterConfig(dialect=dialect)).encode(document)
            problem = receipt_bytes_problem(dialect.value, data)
            if problem:
                raise CheckFailed(f"{dialect.value}: {problem}")
            sizes.append(f"{dialect.value} {len(data)} B")
        try:
            image = render_png(document, columns=48, paper_mm=80)
        except FontNotFoundError as error:
            raise CheckFailed(f"png: {error}") from error
        if image.width != 576 or image.height < 200:
            raise CheckFailed(f"png: unexpected size {image.width}x{image.height} for 80 mm paper")
        sizes.append(f"png {image.width}x{image.height}")
        return ", ".join(sizes)

    def stop_backend(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None
        if self.server is not None:
            self.server.stop()
            self.server = None

    def show_window(self) -> str:
        return show_main_window(self.settings)

    def open_devices(self) -> str:
        from backend.printing.service import devices_config_from
        from devices.manager import DeviceManager

        config = devices_config_from(self.configured.devices, self.scratch / "devices")
        manager = DeviceManager(config)
        try:
            manager.start()
            status = manager.status()
        finally:
            manager.close()
        if not status:
            return "no devices configured"
        problems = [
            f"{name}: {entry.get('error') or entry.get('state')}"
            for name, entry in status.items()
            if entry.get("state") != "enabled" or entry.get("error")
        ]
        if problems:
            raise CheckFailed("; ".join(problems))
        return ", ".join(f"{name} {entry.get('location')} enabled" for name, entry in status.items())

    def check_usb_support(self) -> str:
        """Report whether USB printers can be reached. Without libusb this fails only when
        the configuration has a USB printer, because the other transports do not need it."""
        from backend.printing.service import devices_config_from
        from devices.config import TransportKind
        from devices.transports import USB_LIBUSB_MISSING, USB_PYUSB_MISSING, find_usb_backend

        try:
            backend = find_usb_backend()
        except ImportError as error:
            raise CheckFailed(f"{USB_PYUSB_MISSING} ({error})") from error
        if backend is not None:
            return f"pyusb with the {type(backend).__module__.rsplit('.', 1)[-1]} backend"
        printer = devices_config_from(self.configured.devices, self.scratch / "devices").printer
        if printer.enabled and printer.transport is TransportKind.USB:
            raise CheckFailed(f"the printer uses USB: {USB_LIBUSB_MISSING}")
        return f"no USB printer configured; USB printers would fail here: {USB_LIBUSB_MISSING}"

    # ----- helpers -----

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        if self.client is None:
            raise CheckFailed("the backend is not running")
        response = self.client.request(method, f"/api/v1{path}", json=body)
        data: dict[str, Any] = response.json() if response.content else {}
        if response.status_code >= 400:
            error = data.get("error", {})
            raise CheckFailed(
                f"{method} /api/v1{path} returned {response.status_code}"
                f" {error.get('code', '')}: {error.get('message_en', response.text[:200])}"
            )
        return data


def receipt_bytes_problem(dialect: str, data: bytes) -> str | None:
    """Return what is wrong with one dialect's bytes of the test receipt, or None."""
    if not data:
        return "no bytes"
    if dialect == "text":
        if data.startswith(b"\x1b"):
            return "plain text starts with an escape sequence"
        return None if TOTAL_CP932 in data else "合計 (total) not found as Shift_JIS"
    if not data.startswith(ESC_INIT):
        return f"does not start with ESC @: {data[:8]!r}"
    if dialect == "epson":
        # One single-byte code page: kanji are printed as substitutes, digits stay.
        return None if str(TEST_ITEM_PRICE).encode() in data else f"price {TEST_ITEM_PRICE} not found"
    return None if TOTAL_CP932 in data else "合計 (total) not found as Shift_JIS"


def has_display() -> bool:
    """Tell whether a window can be shown on a real screen."""
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def show_main_window(settings: Any) -> str:
    """Start the cashier app on ``settings``, wait for its main window, then close it.

    The app starts its own backend, as ``openregi run`` does. Without a display (and
    without QT_QPA_PLATFORM set) Qt's offscreen platform is used.
    """
    if not os.environ.get("QT_QPA_PLATFORM") and not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QEventLoop, QTimer, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from terminal_app.controller import TerminalApp
    from terminal_app.i18n import LanguageManager
    from terminal_app.style import apply_style
    from terminal_app.window import MainWindow

    # Qt's own warnings (such as the offscreen platform's "does not support
    # propagateSizeHints()") go to the self-test log instead of the report.
    qt_logger = logging.getLogger("qt")
    qInstallMessageHandler(lambda kind, context, message: qt_logger.info("qt message=%s", message))
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    languages = LanguageManager()
    for language in ("en", "ja"):
        if not languages.set_language(language):
            raise CheckFailed(f"translation openregi_{language}.qm did not load")
    apply_style(app)

    terminal = TerminalApp(settings, languages)
    loop = QEventLoop()
    terminal.ready.connect(loop.quit)
    terminal.start_failed.connect(lambda failure: loop.quit())
    QTimer.singleShot(int(WINDOW_TIMEOUT_S * 1000), loop.quit)
    terminal.start()
    if not terminal.is_ready and terminal.failure is None:
        loop.exec()
    try:
        if terminal.failure is not None:
            raise CheckFailed(f"the app did not start: {terminal.failure.message_en}")
        if not terminal.is_ready:
            raise CheckFailed(f"the main window did not appear within {WINDOW_TIMEOUT_S:.0f} s")
        window = terminal.window
        if not isinstance(window, MainWindow) or not window.isVisible():
            raise CheckFailed("the app is ready but its main window is not shown")
        platform_name = app.platformName()
        ready = terminal.ready_seconds
        window_detail = f"{type(window).__name__} shown on '{platform_name}' in {ready:.3f} s"
    finally:
        stop_started = time.perf_counter()
        if terminal.window is not None:
            terminal.window.close()
        terminal.stop()
        app.processEvents()
    # The stop time is reported because a backend that does not stop in time (BackendServer.stop
    # gives up after 10 s) shows up here and nowhere else.
    return f"{window_detail}, stopped in {time.perf_counter() - stop_started:.3f} s"


def read_build_info() -> dict[str, Any] | None:
    """Return the build record of a frozen bundle, or None from source or when missing."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is None:
        return None
    path = Path(bundle) / "installer" / BUILD_INFO_FILE
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data


def run_check(name: str, check: Callable[[], str | None]) -> CheckResult:
    started = time.perf_counter()
    try:
        detail = check() or ""
        passed = True
    except CheckFailed as error:
        detail, passed = str(error), False
    except Exception as error:  # any failure of the installation is a failed check, not a crash
        logger.exception("self-test check %s failed", name)
        detail, passed = f"{type(error).__name__}: {error}", False
    return CheckResult(name, passed, time.perf_counter() - started, detail)


def console_missing() -> bool:
    """Tell whether output would be lost: a windowed build has no console."""
    from installer.runtime import console_was_missing

    return sys.stdout is None or console_was_missing()


def write_report(lines: list[str], log_dir: Path | None) -> None:
    """Write the report to the console, or without one to REPORT_FILE in ``log_dir``."""
    text = "\n".join(lines) + "\n"
    if not console_missing():
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    if log_dir is None:
        return
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        (log_dir / REPORT_FILE).write_text(text, encoding="utf-8")
    except OSError:
        logger.exception("self-test report could not be written to %s", log_dir)


def detach_log_files() -> None:
    """Close the log files configure_logging opened, so the scratch folder can be removed."""
    for logger_name in ("", "devices"):
        target = logging.getLogger(logger_name)
        for handler in list(target.handlers):
            if getattr(handler, "_openregi", False):
                target.removeHandler(handler)
                handler.close()


def run(args: argparse.Namespace) -> int:
    """Run every check, write the report and return the exit status (0 = all passed)."""
    from backend import __version__
    from backend.cli import settings_from_args
    from backend.logging_setup import configure_logging

    try:
        configured = settings_from_args(args)
    except ValueError as error:
        write_report([f"FAIL  settings         {error}"], None)
        return 1
    scratch = Path(tempfile.mkdtemp(prefix="openregi-selftest-"))
    # Logs of the test go to the scratch folder, which is kept when a check fails.
    configure_logging(scratch / "logs", "INFO", console=False)
    build = "frozen" if getattr(sys, "frozen", False) else "source"
    lines = [f"OpenRegi self-test {__version__} ({build}, {platform.system()} {platform.machine()})"]
    test = SelfTest(configured, scratch)
    steps: list[tuple[str, Callable[[], str | None]]] = [
        ("version", test.check_version),
        ("resources", test.check_resources),
        ("backend start", test.start_backend),
        ("terminal open", test.open_terminal),
        ("sale", test.ring_up_sale),
        ("print queue", test.wait_for_print),
        ("receipt render", test.render_receipts),
    ]
    results: list[CheckResult] = []
    try:
        for name, check in steps:
            result = run_check(name, check)
            results.append(result)
            if not result.passed and name in ("backend start", "terminal open", "sale"):
                break  # the later backend checks need this one
    finally:
        test.stop_backend()
    final_steps = (
        ("main window", test.show_window),
        ("devices", test.open_devices),
        ("usb support", test.check_usb_support),
    )
    for name, check in final_steps:
        if name == "main window" and test.settings is None:
            results.append(CheckResult(name, False, 0.0, "skipped: the backend did not start"))
            continue
        results.append(run_check(name, check))

    lines += [result.line() for result in results]
    failed = [result for result in results if not result.passed]
    if failed:
        lines.append(
            f"self-test FAILED: {len(failed)} of {len(results)} checks; logs kept in {scratch / 'logs'}"
        )
    else:
        lines.append(f"self-test passed: {len(results)} checks")
        detach_log_files()
        shutil.rmtree(scratch, ignore_errors=True)
    write_report(lines, configured.log_dir)
    return 1 if failed else 0
