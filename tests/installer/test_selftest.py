"""``openregi --self-test`` from source: every check passes on a fresh machine, a device
that cannot be opened fails the run, and a windowed start writes the report to a file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKS = (
    "version",
    "resources",
    "backend start",
    "terminal open",
    "sale",
    "print queue",
    "receipt render",
    "main window",
    "devices",
    "usb support",
)


def environment(config_file: Path) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("OPENREGI_")}
    env["OPENREGI_CONFIG_FILE"] = str(config_file)
    env["QT_QPA_PLATFORM"] = "offscreen"
    # A failed self-test keeps its scratch folder, so it is made inside the test's folder.
    for name in ("TMPDIR", "TEMP", "TMP"):
        env[name] = str(config_file.parent)
    return env


def run_self_test(tmp_path: Path, config_file: Path, *python_code: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "backend.cli", "--self-test", "--data-dir", str(tmp_path / "data")]
    if python_code:
        command = [sys.executable, "-c", "\n".join(python_code), str(tmp_path / "data")]
    return subprocess.run(
        command,
        cwd=ROOT,
        env=environment(config_file),
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def check_lines(report: str) -> dict[str, str]:
    """Map each check name to its report line."""
    lines = {}
    for line in report.splitlines():
        for name in CHECKS:
            if line[6:].startswith(f"{name} ") and line[:4] in ("PASS", "FAIL"):
                lines[name] = line
    return lines


def test_self_test_from_source_passes(tmp_path: Path):
    completed = run_self_test(tmp_path, tmp_path / "no-config.toml")
    report = completed.stdout
    assert completed.returncode == 0, report + completed.stderr
    lines = check_lines(report)
    assert list(lines) == list(CHECKS)
    for line in lines.values():
        assert line.startswith("PASS"), line
    assert report.splitlines()[0].startswith("OpenRegi self-test ")
    assert "(source, " in report.splitlines()[0]
    assert "receipt 1: total ¥150, tax ¥11, change ¥50" in lines["sale"]
    assert "epson_jp " in lines["receipt render"]
    assert "starprnt " in lines["receipt render"]
    assert "png 576x" in lines["receipt render"]
    assert "MainWindow shown on 'offscreen'" in lines["main window"]
    assert "printer simulator enabled" in lines["devices"]
    assert report.splitlines()[-1] == f"self-test passed: {len(CHECKS)} checks"
    # The test sale ran on a scratch folder: the configured data folder stays empty.
    assert not (tmp_path / "data" / "terminal.sqlite3").exists()


def test_self_test_fails_on_missing_serial_printer(tmp_path: Path):
    missing_port = tmp_path / "no-such-tty"
    config_file = tmp_path / "openregi.toml"
    config_file.write_text(
        f'[devices.printer]\ntransport = "serial"\nserial = {{ port = "{missing_port.as_posix()}" }}\n',
        encoding="utf-8",
    )
    completed = run_self_test(tmp_path, config_file)
    lines = check_lines(completed.stdout)
    assert completed.returncode == 1, completed.stdout
    assert lines["devices"].startswith("FAIL"), lines["devices"]
    assert "printer" in lines["devices"]
    assert str(missing_port) in lines["devices"]
    # The test sale uses simulators whatever devices the configuration sets.
    assert lines["sale"].startswith("PASS")
    assert lines["print queue"].startswith("PASS")
    assert f"self-test FAILED: 1 of {len(CHECKS)} checks; logs kept in {tmp_path}" in completed.stdout


def test_self_test_without_console_writes_report_file(tmp_path: Path):
    # A windowed build starts with sys.stdout and sys.stderr set to None.
    completed = run_self_test(
        tmp_path,
        tmp_path / "no-config.toml",
        "import sys",
        "sys.stdout = None",
        "sys.stderr = None",
        "from installer.runtime import prepare_process",
        "prepare_process()",
        "from backend.cli import main",
        "sys.exit(main(['--self-test', '--data-dir', sys.argv[1]]))",
    )
    assert completed.returncode == 0
    assert completed.stdout == ""
    report = (tmp_path / "data" / "logs" / "selftest-report.txt").read_text(encoding="utf-8")
    assert list(check_lines(report)) == list(CHECKS)
    assert report.splitlines()[-1] == f"self-test passed: {len(CHECKS)} checks"


def test_self_test_usb_printer_without_libusb(tmp_path: Path):
    config_file = tmp_path / "openregi.toml"
    config_file.write_text(
        '[devices.printer]\ntransport = "usb"\nusb_vendor_id = 0x04b8\nusb_product_id = 0x0e15\n',
        encoding="utf-8",
    )
    # A library lookup that finds nothing, as on a register without libusb.
    completed = run_self_test(
        tmp_path,
        config_file,
        "import sys",
        "import devices.transports",
        "devices.transports.find_usb_library = lambda name: None",
        "from backend.cli import main",
        "sys.exit(main(['--self-test', '--data-dir', sys.argv[1]]))",
    )
    lines = check_lines(completed.stdout)
    missing = "libusb not found, so pyusb cannot reach USB printers. Linux: apt-get install libusb-1.0-0."
    assert completed.returncode == 1, completed.stdout
    assert lines["usb support"].startswith("FAIL"), lines["usb support"]
    assert f"the printer uses USB: {missing}" in lines["usb support"]
    assert lines["devices"].startswith("FAIL"), lines["devices"]
    assert f"printer: printer (usb 04b8:0e15): {missing}" in lines["devices"]
    assert lines["sale"].startswith("PASS")
    assert f"self-test FAILED: 2 of {len(CHECKS)} checks; logs kept in {tmp_path}" in completed.stdout
