"""Build the frozen OpenRegi for this platform and check it before calling it done.

    python installer/build.py              # onedir: dist/openregi/
    python installer/build.py --onefile    # one file: dist/openregi (Windows: dist/openregi.exe)
    python installer/build.py --import-time --dist /tmp/profile   # writes import times to stderr

Steps:

1. Compile the translations.
2. Write the build record and, on Windows, the version resource.
3. Run PyInstaller on installer/openregi.spec.
4. Fail on modules of our own packages that PyInstaller could not find.
5. Check that the data files, Qt platform plugins and printer transport modules (pyusb;
   pywin32 on Windows) are in the bundle.
6. Run the frozen ``openregi --self-test`` and print its report and the bundle size.

Any failed step ends the build with exit status 1.
"""

from __future__ import annotations

import argparse
import ast
import datetime
import json
import os
import platform
import re
import shutil
import string
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC_FILE = ROOT / "installer" / "openregi.spec"
VERSION_TEMPLATE = ROOT / "installer" / "windows" / "version_info.txt.in"
APP_NAME = "openregi"
OWN_PACKAGES = ("backend", "devices", "terminal_app", "resources", "installer")
IS_WINDOWS = sys.platform == "win32"
SELF_TEST_TIMEOUT_S = 300

# Files the bundle must contain, relative to its _internal folder ("*" matches within a name).
REQUIRED_FILES = (
    "resources/translations/openregi_ja.qm",
    "resources/translations/openregi_en.qm",
    "resources/demo/store.toml",
    "resources/demo/items.csv",
    "escpos/capabilities.json",
    "fastapi_offline/static/swagger-ui-bundle.js",
    "installer/build_info.json",
    "openregi*-info",  # package metadata (dist-info, or egg-info of an editable install)
)
# Python modules the bundle must contain: the printer transports import them by name only
# when such a printer is configured, so a missing one would show up at the register only.
REQUIRED_MODULES = (
    "usb.core",
    "usb.util",
    "usb.backend.libusb1",
    "usb.backend.libusb0",
    "usb.backend.openusb",
    "escpos.printer.usb",
    "escpos.printer.win32raw",
)
# pywin32 for the Windows spooler transport: win32print is an extension module.
REQUIRED_WINDOWS_MODULES = ("pywintypes",)
REQUIRED_WINDOWS_EXTENSIONS = ("win32print",)
# Qt platform plugins the bundle must contain, per platform.
REQUIRED_QT_PLATFORMS = {
    "linux": ("qoffscreen", "qxcb"),
    "win32": ("qoffscreen", "qwindows"),
    "darwin": ("qoffscreen", "qcocoa"),
}


class BuildError(RuntimeError):
    """A build step failed; the message names the step and the cause."""


@dataclass(frozen=True)
class MissingModule:
    """One entry of PyInstaller's warn-<name>.txt."""

    name: str
    importers: tuple[tuple[str, str], ...]  # (importing module, kind such as "top-level")


# ----- steps -----


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as stream:
        version: str = tomllib.load(stream)["project"]["version"]
    return version


def git_commit() -> str:
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
        )
    except OSError:
        return "unknown"
    return completed.stdout.strip() or "unknown"


def compile_translations() -> None:
    completed = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_translations.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise BuildError(
            f"tools/build_translations.py failed: {completed.stderr.strip() or completed.stdout.strip()}"
        )


def write_build_info(work_dir: Path, onefile: bool) -> Path:
    """Write the build record the self-test compares the bundle with."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))  # run as a script, only installer/ is on the path
    import PyInstaller

    from backend.storage.migrations import discover

    info = {
        "version": project_version(),
        "commit": git_commit(),
        "built_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "platform": f"{platform.system()} {platform.machine()}",
        "python": platform.python_version(),
        "pyinstaller": PyInstaller.__version__,
        "onefile": onefile,
        "migrations": [migration.version for migration in discover()],
    }
    path = work_dir / "build_info.json"
    path.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return path


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """Turn a version such as 1.2.3 or 1.2.3rc1 into the four numbers Windows shows."""
    numbers = [int(part) for part in re.findall(r"\d+", version.split("+")[0])[:3]]
    numbers += [0] * (4 - len(numbers))
    return numbers[0], numbers[1], numbers[2], numbers[3]


def write_version_file(work_dir: Path, version: str, commit: str) -> Path:
    """Fill in the Windows version resource template and check that it parses.

    The text is a Python expression that PyInstaller evaluates. Its syntax is checked on
    every platform. On Windows, where PyInstaller's reader (it needs pefile) is
    installed, the whole structure is loaded as PyInstaller will load it.
    """
    template = string.Template(VERSION_TEMPLATE.read_text(encoding="utf-8"))
    text = template.substitute(version=version, version_tuple=repr(version_tuple(version)), commit=commit)
    path = work_dir / "version_info.txt"
    path.write_text(text, encoding="utf-8")
    try:
        expression = ast.parse(text, mode="eval").body
    except SyntaxError as error:
        raise BuildError(f"{VERSION_TEMPLATE.name} is not a valid expression: {error}") from error
    if not (isinstance(expression, ast.Call) and getattr(expression.func, "id", "") == "VSVersionInfo"):
        raise BuildError(f"{VERSION_TEMPLATE.name} must contain one VSVersionInfo(...) expression")
    if IS_WINDOWS:
        from PyInstaller.utils.win32.versioninfo import load_version_info_from_text_file

        try:
            load_version_info_from_text_file(str(path))
        except (ValueError, AssertionError) as error:
            raise BuildError(
                f"{VERSION_TEMPLATE.name} does not give a valid version resource: {error}"
            ) from error
    return path


def run_pyinstaller(
    dist_dir: Path,
    work_dir: Path,
    onefile: bool,
    build_info: Path,
    version_file: Path,
    clean: bool,
    import_time: bool = False,
) -> None:
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist_dir),
        "--workpath",
        str(work_dir),
    ]
    if clean:
        command.append("--clean")
    command += [str(SPEC_FILE), "--", "--build-info", str(build_info), "--version-file", str(version_file)]
    if onefile:
        command.append("--onefile")
    if import_time:
        command.append("--import-time")
    completed = subprocess.run(command, cwd=ROOT, check=False)
    if completed.returncode != 0:
        raise BuildError(f"PyInstaller failed with exit status {completed.returncode}")


def parse_warn_file(text: str) -> list[MissingModule]:
    """Read PyInstaller's list of modules it could not find."""
    pattern = re.compile(r"^missing module named (?P<name>\S+) - imported by (?P<importers>.*)$")
    found = []
    for line in text.splitlines():
        match = pattern.match(line.strip())
        if match is None:
            continue
        importers = tuple(
            (item.group(1), item.group(2))
            for item in re.finditer(r"([\w.]+) \(([^)]*)\)", match["importers"])
        )
        found.append(MissingModule(match["name"].strip("'"), importers))
    return found


def is_own(module_name: str) -> bool:
    return module_name.split(".")[0] in OWN_PACKAGES


def missing_own_modules(missing: Iterable[MissingModule]) -> list[str]:
    """Return the problems in a warn file that concern our own packages.

    Two kinds fail the build: a module of our packages that was not found, and a module
    our code imports unconditionally at the top level whose whole package is missing.
    A name such as ``sqlite3.Connection`` is a class imported from a found package and
    is not a problem.
    """
    missing = list(missing)
    missing_names = {module.name for module in missing}
    problems = []
    for module in missing:
        if is_own(module.name):
            problems.append(f"{module.name} (imported by {', '.join(name for name, _ in module.importers)})")
            continue
        top_level = module.name.split(".")[0]
        if top_level not in missing_names:
            continue
        unconditional = [name for name, kind in module.importers if is_own(name) and kind == "top-level"]
        if unconditional:
            problems.append(f"{module.name} (imported at top level by {', '.join(unconditional)})")
    return problems


def check_warn_file(work_dir: Path) -> None:
    warn_file = work_dir / APP_NAME / f"warn-{APP_NAME}.txt"
    if not warn_file.is_file():
        raise BuildError(f"PyInstaller's {warn_file} not found")
    problems = missing_own_modules(parse_warn_file(warn_file.read_text(encoding="utf-8")))
    if problems:
        raise BuildError("modules of OpenRegi missing from the bundle:\n  " + "\n  ".join(problems))


def bundle_data_dir(bundle: Path) -> Path:
    """Return the folder of a onedir bundle that contains everything but the executables."""
    internal = bundle / "_internal"
    return internal if internal.is_dir() else bundle


def missing_bundle_files(bundle: Path) -> list[str]:
    """Return the required files and Qt platform plugins not found in a onedir bundle."""
    data_dir = bundle_data_dir(bundle)
    missing = [pattern for pattern in REQUIRED_FILES if not any(data_dir.glob(pattern))]
    plugin_dirs = [
        data_dir / "PySide6" / "Qt" / "plugins" / "platforms",
        data_dir / "PySide6" / "plugins" / "platforms",
    ]
    plugin_names = {
        path.name.split(".")[0].removeprefix("lib")
        for folder in plugin_dirs
        if folder.is_dir()
        for path in folder.iterdir()
    }
    for plugin in REQUIRED_QT_PLATFORMS.get(sys.platform, ("qoffscreen",)):
        if plugin not in plugin_names:
            missing.append(f"Qt platform plugin {plugin}")
    return missing


def bundled_modules(executable: Path) -> set[str]:
    """Return the names of the Python modules in the PYZ archive inside an executable."""
    from PyInstaller.archive.readers import CArchiveReader

    archive = CArchiveReader(str(executable))
    names = [name for name in archive.toc if name.endswith(".pyz")]
    if not names:
        raise BuildError(f"no PYZ archive found in {executable}")
    return set(archive.open_embedded_archive(names[0]).toc)


def missing_modules(executable: Path, bundle: Path | None, windows: bool = IS_WINDOWS) -> list[str]:
    """Return the required Python modules not found in a built executable or its onedir folder.

    ``bundle`` is the onedir folder, where extension modules are files. For a onefile
    build (None) only the PYZ archive is read.
    """
    found = bundled_modules(executable)
    required = list(REQUIRED_MODULES) + (list(REQUIRED_WINDOWS_MODULES) if windows else [])
    missing = [name for name in required if name not in found]
    if windows and bundle is not None:
        data_dir = bundle_data_dir(bundle)
        for name in REQUIRED_WINDOWS_EXTENSIONS:
            if not any(data_dir.glob(f"{name}*.pyd")):
                missing.append(f"{name} (extension module)")
    return missing


def executable_path(dist_dir: Path, onefile: bool, console: bool = True) -> Path:
    """Return the executable to run: on Windows the console variant for command-line use."""
    suffix = ".exe" if IS_WINDOWS else ""
    name = f"{APP_NAME}-console" if IS_WINDOWS and console and not onefile else APP_NAME
    folder = dist_dir if onefile else dist_dir / APP_NAME
    return folder / f"{name}{suffix}"


def run_frozen_self_test(executable: Path) -> str:
    """Run ``--self-test`` on a scratch data folder with no configuration file; return its report."""
    with tempfile.TemporaryDirectory(prefix="openregi-build-selftest-") as scratch:
        environment = dict(os.environ)
        environment["OPENREGI_CONFIG_FILE"] = str(Path(scratch) / "no-config.toml")
        environment.setdefault("QT_QPA_PLATFORM", "offscreen")
        for name in list(environment):
            # Settings of this shell must not leak into the check of the bundle.
            if name.startswith("OPENREGI_") and name != "OPENREGI_CONFIG_FILE":
                del environment[name]
        try:
            completed = subprocess.run(
                [str(executable), "--self-test", "--data-dir", str(Path(scratch) / "data")],
                env=environment,
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=SELF_TEST_TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise BuildError(f"frozen self-test timed out after {SELF_TEST_TIMEOUT_S} s") from error
    report = completed.stdout.strip()
    if completed.returncode != 0:
        details = f"{report}\n{completed.stderr.strip()}"
        raise BuildError(f"frozen self-test failed with exit status {completed.returncode}:\n{details}")
    return report


def size_of(path: Path) -> tuple[int, int]:
    """Return (bytes, files) of a file or a folder tree."""
    if path.is_file():
        return path.stat().st_size, 1
    files = [item for item in path.rglob("*") if item.is_file() and not item.is_symlink()]
    return sum(item.stat().st_size for item in files), len(files)


# ----- command line -----


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Build and check the frozen OpenRegi for this platform.")
    parser.add_argument(
        "--onefile", action="store_true", help="build one self-extracting executable (starts slower)"
    )
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    parser.add_argument(
        "--work", type=Path, default=ROOT / "build", help="PyInstaller's work folder (default: build/)"
    )
    parser.add_argument(
        "--clean", action="store_true", help="empty PyInstaller's cache and work folder first"
    )
    parser.add_argument(
        "--import-time",
        action="store_true",
        help="profile start-up: the executables write Python's import times (-X importtime) to stderr",
    )
    return parser.parse_args(argv)


def build(args: argparse.Namespace) -> Path:
    """Run every step; return the built executable."""
    dist_dir: Path = args.dist.resolve()
    work_dir: Path = args.work.resolve()
    work_dir.mkdir(parents=True, exist_ok=True)
    timings: list[tuple[str, float]] = []

    def step(name: str, started: float) -> None:
        timings.append((name, time.perf_counter() - started))

    started = time.perf_counter()
    compile_translations()
    step("translations", started)

    started = time.perf_counter()
    build_info = write_build_info(work_dir, args.onefile)
    info = json.loads(build_info.read_text(encoding="utf-8"))
    version_file = write_version_file(work_dir, info["version"], info["commit"])
    if not args.onefile and (dist_dir / APP_NAME).is_dir():
        shutil.rmtree(dist_dir / APP_NAME)  # stale files of an older build would hide missing ones
    run_pyinstaller(
        dist_dir, work_dir, args.onefile, build_info, version_file, args.clean, args.import_time
    )
    step("pyinstaller", started)

    check_warn_file(work_dir)
    if not args.onefile:
        missing = missing_bundle_files(dist_dir / APP_NAME)
        if missing:
            raise BuildError("files missing from the bundle: " + ", ".join(missing))

    executable = executable_path(dist_dir, args.onefile)
    missing = missing_modules(executable, None if args.onefile else dist_dir / APP_NAME)
    if missing:
        raise BuildError(
            "printer transport modules missing from the bundle: " + ", ".join(missing)
            + ". Install the project's dependencies (pip install -e .) and build again"
        )
    started = time.perf_counter()
    report = run_frozen_self_test(executable)
    step("self-test", started)

    bundle = executable if args.onefile else dist_dir / APP_NAME
    size, files = size_of(bundle)
    sys.stdout.write(report + "\n\n")
    sys.stdout.write(
        f"built {bundle} ({'onefile' if args.onefile else 'onedir'}), version {info['version']}\n"
    )
    sys.stdout.write(f"size {size / 1_000_000:.1f} MB in {files} files\n")
    sys.stdout.write("  ".join(f"{name} {seconds:.1f} s" for name, seconds in timings) + "\n")
    return executable


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        build(args)
    except BuildError as error:
        sys.stderr.write(f"build failed: {error}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
