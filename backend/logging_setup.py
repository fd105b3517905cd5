"""The one place that configures logging handlers.

Logs go to rotating files in the data directory as key=value lines: ``openregi.log`` for
everything and ``devices.log`` for device I/O. A console handler is added only when a
console exists (a windowed frozen app on Windows has ``sys.stderr`` set to None).
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
from pathlib import Path

FORMAT = "ts=%(asctime)s level=%(levelname)s logger=%(name)s thread=%(threadName)s %(message)s"
MAX_BYTES = 5 * 1024 * 1024
BACKUPS = 5
_TOKEN_IN_TEXT = re.compile(r"(token=)[^&\s\"']+", re.IGNORECASE)


class RedactTokens(logging.Filter):
    """Blank out launch tokens in query strings (uvicorn logs WebSocket paths with them)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "token=" in message.lower():
            record.msg = _TOKEN_IN_TEXT.sub(r"\1***", message)
            record.args = None
        return True


def configure_logging(log_dir: Path, level: str = "INFO", console: bool = True) -> None:
    log_dir.mkdir(parents=True, exist_ok=True)
    formatter = logging.Formatter(FORMAT)
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "_openregi", False):
            root.removeHandler(handler)
            handler.close()

    main_file = logging.handlers.RotatingFileHandler(
        log_dir / "openregi.log", maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    handlers: list[logging.Handler] = [main_file]
    if console and sys.stderr is not None:
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler.addFilter(RedactTokens())
        handler.setFormatter(formatter)
        handler._openregi = True  # type: ignore[attr-defined]
        root.addHandler(handler)

    device_file = logging.handlers.RotatingFileHandler(
        log_dir / "devices.log", maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    device_file.setFormatter(formatter)
    device_file.addFilter(RedactTokens())
    device_file._openregi = True  # type: ignore[attr-defined]
    devices_logger = logging.getLogger("devices")
    for handler in list(devices_logger.handlers):
        if getattr(handler, "_openregi", False):
            devices_logger.removeHandler(handler)
            handler.close()
    devices_logger.addHandler(device_file)
    # httpx logs every request at INFO; the app's status polling would fill the log.
    logging.getLogger("httpx").setLevel(logging.WARNING)
