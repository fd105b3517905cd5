"""Selection of the Qt plugins the frozen app ships, used by the spec's PySide6 hooks.

PyInstaller's PySide6 hooks collect every plugin of each type a Qt module may use, and
then every library those plugins link. The virtual keyboard plugin alone brings Qt Quick
and QML (about 17 MB), the PDF image format brings Qt PDF, and the GTK theme brings the
GTK stack. The cashier app needs a display platform, input methods for Japanese, a few
image formats and TLS, so only the plugins listed here are kept.
"""

from __future__ import annotations

from pathlib import PurePath

# Plugin folder -> plugin names kept (file name without "lib" and extension), or None to
# keep every plugin in that folder. Folders not listed are dropped.
KEPT_PLUGINS: dict[str, frozenset[str] | None] = {
    # xcb and wayland for Linux desktops, windows and cocoa for the other systems,
    # offscreen and minimal for the self-test and machines without a display.
    "platforms": frozenset({"qxcb", "qwayland", "qwindows", "qcocoa", "qoffscreen", "qminimal"}),
    "platforminputcontexts": frozenset(
        {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"}
    ),
    "imageformats": frozenset({"qgif", "qico", "qjpeg", "qsvg"}),
    "iconengines": None,
    "styles": None,
    "tls": None,
    "xcbglintegrations": None,
    "wayland-decoration-client": None,
    "wayland-graphics-integration-client": None,
    "wayland-shell-integration": None,
}

# Qt translation files kept, by ending: the cashier app runs in Japanese or English.
KEPT_TRANSLATION_SUFFIXES = ("_ja.qm",)


def plugin_name(file_name: str) -> str:
    """Return a plugin's name as listed in KEPT_PLUGINS: ``libqxcb.so`` -> ``qxcb``."""
    stem = file_name.split(".", 1)[0]
    return stem[3:] if stem.startswith("lib") else stem


def is_kept(destination_folder: str, file_name: str) -> bool:
    """Tell whether a collected file belongs in the bundle.

    ``destination_folder`` is the file's folder inside the bundle: PySide6/Qt/plugins/TYPE
    on Linux and macOS, PySide6/plugins/TYPE on Windows. Files outside Qt's plugin folder
    are always kept.
    """
    parts = PurePath(destination_folder.replace("\\", "/")).parts
    if not parts or parts[0] != "PySide6" or "plugins" not in parts:
        return True
    if parts.index("plugins") + 1 >= len(parts):
        return True
    folder = parts[parts.index("plugins") + 1]
    if folder not in KEPT_PLUGINS:
        return False
    names = KEPT_PLUGINS[folder]
    return names is None or plugin_name(file_name) in names


def is_kept_translation(destination_folder: str, file_name: str) -> bool:
    """Keep Qt's own translations (qtbase_ja.qm and the like) for Japanese only.

    English needs none because it is Qt's source language. Other files are kept.
    """
    parts = PurePath(destination_folder.replace("\\", "/")).parts
    if not parts or parts[0] != "PySide6" or parts[-1] != "translations":
        return True
    return file_name.endswith(KEPT_TRANSLATION_SUFFIXES)


def collect_qt_module(hook_file: str) -> tuple[list[str], list[tuple[str, str]], list[tuple[str, str]]]:
    """Run PyInstaller's own collection for the module a hook file is named after, then
    drop the plugins that are not kept, before PyInstaller gathers the libraries they link.

    Returns (hiddenimports, binaries, datas) as a PyInstaller hook sets them.
    """
    from PyInstaller.utils.hooks.qt import pyside6_library_info

    module_name = PurePath(hook_file).stem.removeprefix("hook-")
    hidden_imports, binaries, datas = pyside6_library_info.collect_module(module_name)
    if module_name == "PySide6.QtNetwork":
        binaries += pyside6_library_info.collect_qtnetwork_files()  # OpenSSL on Windows
    kept_binaries = [entry for entry in binaries if is_kept(entry[1], PurePath(entry[0]).name)]
    kept_datas = [entry for entry in datas if is_kept_translation(entry[1], PurePath(entry[0]).name)]
    return hidden_imports, kept_binaries, kept_datas
