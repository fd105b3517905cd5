"""Log files: launch tokens never reach them."""

from __future__ import annotations

import logging
from pathlib import Path

from backend.logging_setup import configure_logging


def test_token_in_query_redacted(tmp_path: Path):
    configure_logging(tmp_path, "INFO", console=False)
    logging.getLogger("uvicorn.error").info(
        '%s - "WebSocket %s" [accepted]', "127.0.0.1:5", "/api/v1/events?token=s3cr3t-abc"
    )
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = (tmp_path / "openregi.log").read_text(encoding="utf-8")
    for logger in (logging.getLogger(), logging.getLogger("devices")):
        for handler in [h for h in logger.handlers if getattr(h, "_openregi", False)]:
            logger.removeHandler(handler)
            handler.close()
    assert "/api/v1/events?token=***" in text
    assert "s3cr3t" not in text
