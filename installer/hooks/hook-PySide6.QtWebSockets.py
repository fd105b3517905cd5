# Replaces PyInstaller's hook of the same name to ship only the Qt plugins listed in
# installer/qt_plugins.py (the spec puts the repository on sys.path).
from installer.qt_plugins import collect_qt_module

hiddenimports, binaries, datas = collect_qt_module(__file__)
