"""The ``openregi`` command.

``openregi`` alone (or ``openregi run``) starts the cashier app. Other subcommands serve the
backend headless, run a scripted sale, import master data, and manage devices and the
journal. Subcommands of optional parts are mounted when their package is present.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from backend import __version__

# Modules exposing add_parser(subparsers), mounted when importable, by the subcommand
# names they add. Only the module a command line names is imported, so starting the
# cashier app does not pay for pymongo, the CSV importer or the device CLI.
_MOUNTED: dict[str, tuple[str, ...]] = {
    "backend.masterdata.cli": ("master",),
    "backend.simulate": ("simulate",),
    "backend.lifecycle.cli": ("journal",),
    "devices.cli": ("devices",),
    "backend.sync.cli": ("master",),
}


def _out(text: str) -> None:
    # A windowed app on Windows (pythonw, frozen without console) has no stdout.
    if sys.stdout is not None:
        sys.stdout.write(text + "\n")


def write_private(path: Path, text: str) -> None:
    """Write a secret (the launch token) to a file only this user can read (mode 0600 on
    POSIX), replacing an existing file in one step, so a reader never sees it half-written."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        if os.name == "posix":
            temporary.chmod(0o600)  # a leftover file keeps its mode through O_CREAT
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def settings_from_args(args: argparse.Namespace, **overrides: Any) -> Any:
    """Build Settings from the common options (--config, --data-dir); ``overrides`` win."""
    from backend.settings import Settings

    values: dict[str, Any] = {}
    if getattr(args, "config", None):
        values["config_file"] = Path(args.config)
    if getattr(args, "data_dir", None):
        values["data_dir"] = Path(args.data_dir)
    values.update(overrides)
    return Settings(**values)


def add_common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", help="settings file (TOML); default: the platform's config directory")
    parser.add_argument("--data-dir", help="data directory for the terminal store and logs")


def _serve(args: argparse.Namespace) -> int:
    from backend.logging_setup import configure_logging
    from backend.server import BackendServer, BackendStartError

    overrides: dict[str, Any] = {}
    if args.host:
        overrides["host"] = args.host
    if args.port is not None:
        overrides["port"] = args.port
    if args.no_demo:
        overrides["demo"] = False
    if args.token:
        overrides["token"] = args.token
    settings = settings_from_args(args, **overrides)
    configure_logging(settings.log_dir, settings.log_level)
    try:
        server = BackendServer(settings)
    except BackendStartError as error:
        sys.stderr.write(f"openregi: {error}\n")
        return 1
    token = settings.token.get_secret_value()
    _out(f"OpenRegi backend {__version__} terminal {settings.terminal_id}")
    _out(f"  API:      {server.base_url}/api/v1  (header: Authorization: Bearer <token>)")
    _out(f"  API docs: {server.base_url}/docs?token={token}")
    _out(f"  data:     {settings.data_dir}")
    if args.token_file:
        write_private(Path(args.token_file), token)
    sys.stdout.flush()
    server.run()
    return 0


NO_DISPLAY_MESSAGE = (
    "openregi: 画面（ディスプレイ）がないため、レジのアプリを開けません。"
    "サーバーだけを動かすときは `openregi serve`、画面なしで試すときは QT_QPA_PLATFORM=offscreen を"
    " 指定してください。\n"
    "openregi: no display to open the cashier app on. Run `openregi serve` for the backend only,"
    " or set QT_QPA_PLATFORM=offscreen to run the app without a screen.\n"
)


def display_missing(environment: Mapping[str, str], platform: str) -> bool:
    """Tell whether Qt would find no display: on Linux and other X11 systems, none of
    DISPLAY, WAYLAND_DISPLAY or QT_QPA_PLATFORM is set (Qt then aborts the process)."""
    if platform.startswith(("win", "darwin")):
        return False
    return not any(environment.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def _run_app(args: argparse.Namespace) -> int:
    if display_missing(os.environ, sys.platform):
        sys.stderr.write(NO_DISPLAY_MESSAGE)
        return 2
    try:
        app_main = importlib.import_module("terminal_app.main")
    except ModuleNotFoundError:
        _out("The cashier app is not installed in this build; starting the backend only.")
        return _serve(
            argparse.Namespace(
                **{
                    **vars(args),
                    "host": None,
                    "port": None,
                    "no_demo": False,
                    "token": None,
                    "token_file": None,
                }
            )
        )
    result: int = app_main.main(args)
    return result


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """Build the parser; with ``command`` given, mount only the modules that provide it."""
    parser = argparse.ArgumentParser(
        prog="openregi", description="OpenRegi point-of-sale terminal (オープンレジ)"
    )
    parser.add_argument("--version", action="store_true", help="print the version and build information")
    parser.add_argument("--self-test", action="store_true", help="check this installation and exit")
    add_common_options(parser)
    subparsers = parser.add_subparsers(dest="command")

    run = subparsers.add_parser("run", help="start the cashier app (the default)")
    add_common_options(run)
    run.add_argument("--language", choices=["ja", "en"], help="user interface language")
    run.set_defaults(handler=_run_app)

    serve = subparsers.add_parser("serve", help="run the backend alone (headless)")
    add_common_options(serve)
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="TCP port (default from settings; 0 lets the OS pick)")
    serve.add_argument(
        "--no-demo", action="store_true", help="do not load the demo store into an empty store"
    )
    serve.add_argument("--token", help="launch token to require (default: a new random token)")
    serve.add_argument("--token-file", help="write the launch token to this file")
    serve.set_defaults(handler=_serve)

    version = subparsers.add_parser("version", help="print the version")
    version.set_defaults(handler=lambda args: _print_version())

    for name, commands in _MOUNTED.items():
        if command is not None and command not in commands:
            continue
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name and name.startswith(error.name):
                continue
            raise
        module.add_parser(subparsers)
    return parser


def _print_version() -> int:
    import platform

    frozen = getattr(sys, "frozen", False)
    _out(f"openregi {__version__}")
    _out(f"python {platform.python_version()} on {platform.system()} {platform.machine()}")
    _out(f"build {'frozen (PyInstaller)' if frozen else 'source'}")
    return 0


def _command_of(argv: Sequence[str]) -> str | None:
    """Return the subcommand a command line names, "" for none, or None when help is asked."""
    if any(arg in ("-h", "--help") for arg in argv):
        return None
    skip_value = False
    for arg in argv:
        if skip_value:
            skip_value = False
            continue
        if arg in ("--config", "--data-dir"):
            skip_value = True
            continue
        if not arg.startswith("-"):
            return arg
    return ""


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_command_of(arguments))
    args = parser.parse_args(arguments)
    if args.version:
        return _print_version()
    if args.self_test:
        selftest = importlib.import_module("installer.selftest")
        code: int = selftest.run(args)
        return code
    handler = getattr(args, "handler", None)
    if handler is None:
        args.language = None
        return _run_app(args)
    result: int = handler(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
