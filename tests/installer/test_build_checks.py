"""The build script's checks: PyInstaller's warn file, the version resource, Qt plugin choice."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from installer import build, qt_plugins
from installer.selftest import receipt_bytes_problem

# Lines in the format of PyInstaller 6's warn-<name>.txt.
WARN_TEXT = """
This file lists modules PyInstaller was not able to find. This does not
necessarily mean these modules are required for running your program.

missing module named pyimod02_importers - imported by /venv/rthooks/pyi_rth_pkgutil.py (delayed)
missing module named 'trio.testing' - imported by anyio._backends._trio (delayed)
missing module named sqlite3.Connection - imported by sqlite3 (top-level), backend.services.sales (top-level)
missing module named winreg - imported by platformdirs.windows (optional), devices.ports (conditional)
missing module named backend.plugins.missing - imported by backend.api.app (delayed)
missing module named usb - imported by escpos.printer.usb (top-level), devices.transports (top-level)
"""


def test_warn_file_parsed_into_modules():
    modules = build.parse_warn_file(WARN_TEXT)
    assert [module.name for module in modules] == [
        "pyimod02_importers",
        "trio.testing",
        "sqlite3.Connection",
        "winreg",
        "backend.plugins.missing",
        "usb",
    ]
    assert modules[2].importers == (("sqlite3", "top-level"), ("backend.services.sales", "top-level"))
    assert modules[3].importers == (
        ("platformdirs.windows", "optional"),
        ("devices.ports", "conditional"),
    )


def test_warn_file_own_problems_only():
    problems = build.missing_own_modules(build.parse_warn_file(WARN_TEXT))
    assert problems == [
        "backend.plugins.missing (imported by backend.api.app)",
        "usb (imported at top level by devices.transports)",
    ]


def test_warn_file_clean_when_nothing_of_ours():
    text = "missing module named 'trio.testing' - imported by anyio._backends._trio (delayed)\n"
    assert build.missing_own_modules(build.parse_warn_file(text)) == []


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("1.2", (1, 2, 0, 0)),
        ("2.0.1rc1", (2, 0, 1, 0)),
        ("1.4.2+local.5", (1, 4, 2, 0)),
    ],
)
def test_version_tuple_for_windows(version: str, expected: tuple[int, int, int, int]):
    assert build.version_tuple(version) == expected


def test_version_file_filled_and_parsable(tmp_path: Path):
    path = build.write_version_file(tmp_path, "0.1.0", "abc123")
    text = path.read_text(encoding="utf-8")
    assert "$" not in text
    assert "filevers=(0, 1, 0, 0)" in text
    assert "StringStruct('ProductVersion', '0.1.0')" in text
    assert "StringStruct('Comments', 'commit abc123')" in text
    call = ast.parse(text, mode="eval").body
    assert isinstance(call, ast.Call)
    assert call.func.id == "VSVersionInfo"  # type: ignore[attr-defined]


def test_version_matches_pyproject():
    from backend import __version__

    assert build.project_version() == __version__


@pytest.mark.parametrize(
    ("folder", "file_name", "kept"),
    [
        ("PySide6/Qt/plugins/platforms", "libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms", "libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms", "libqwayland.so", True),
        ("PySide6/Qt/plugins/platforms", "libqeglfs.so", False),
        ("PySide6/Qt/plugins/platforms", "libqvnc.so", False),
        ("PySide6/plugins/platforms", "qwindows.dll", True),
        ("PySide6\\plugins\\platforms", "qoffscreen.dll", True),
        ("PySide6/plugins/platforms", "qdirect2d.dll", False),
        ("PySide6/Qt/plugins/platforminputcontexts", "libibusplatforminputcontextplugin.so", True),
        ("PySide6/Qt/plugins/platforminputcontexts", "libqtvirtualkeyboardplugin.so", False),
        ("PySide6/Qt/plugins/imageformats", "libqjpeg.so", True),
        ("PySide6/Qt/plugins/imageformats", "libqpdf.so", False),
        ("PySide6/Qt/plugins/platformthemes", "libqgtk3.so", False),
        ("PySide6/Qt/plugins/networkinformation", "libqnetworkmanager.so", False),
        ("PySide6/Qt/plugins/tls", "libqopensslbackend.so", True),
        ("PySide6/Qt/lib", "libQt6Core.so.6", True),
        ("backend/plugins", "anything.json", True),
    ],
)
def test_qt_plugin_selection(folder: str, file_name: str, kept: bool):
    assert qt_plugins.is_kept(folder, file_name) is kept


@pytest.mark.parametrize(
    ("folder", "file_name", "kept"),
    [
        ("PySide6/Qt/translations", "qtbase_ja.qm", True),
        ("PySide6/Qt/translations", "qtbase_de.qm", False),
        ("PySide6/translations", "qt_zh_CN.qm", False),
        ("resources/translations", "openregi_en.qm", True),
    ],
)
def test_qt_translation_selection(folder: str, file_name: str, kept: bool):
    assert qt_plugins.is_kept_translation(folder, file_name) is kept


def test_receipt_bytes_checks_each_dialect():
    total = "合計".encode("cp932")
    assert receipt_bytes_problem("epson_jp", b"\x1b@" + total) is None
    assert receipt_bytes_problem("star_line", b"\x1b@" + total) is None
    assert receipt_bytes_problem("epson", b"\x1b@ 150") is None
    assert receipt_bytes_problem("text", total + b"\n") is None
    assert receipt_bytes_problem("epson_jp", b"") == "no bytes"
    assert receipt_bytes_problem("epson_jp", b"\x1b@") == "合計 (total) not found as Shift_JIS"
    assert receipt_bytes_problem("starprnt", total) == "does not start with ESC @: " + repr(total)
    assert receipt_bytes_problem("epson", b"\x1b@ 100") == "price 150 not found"
    assert receipt_bytes_problem("text", b"\x1b@" + total) == "plain text starts with an escape sequence"
