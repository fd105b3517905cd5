"""Run the backend with uvicorn on a socket bound before start, in this or a background thread.

Binding first lets the OS pick a free port (port 0) and gives the caller the port before
any request is made. The Qt app runs the server in a background thread and waits on
:meth:`BackendServer.wait_ready`; ``openregi serve`` runs it in the main thread.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import socket
import threading
from typing import Any

import uvicorn

from backend.api.app import create_app
from backend.api.deps import Services
from backend.settings import Settings

logger = logging.getLogger(__name__)


# Allocations between young-generation collections; CPython's default is 700.
GC_YOUNG_THRESHOLD = 10_000


def tune_garbage_collector() -> None:
    """Keep the cyclic garbage collector out of the sale path, once start-up is done.

    Every object alive after start-up (modules, the app, master data) is moved out of the
    collector's generations with gc.freeze(), so a full collection no longer walks them.
    On the 2-core test machine one such collection took about 90 ms in the middle of a sale.
    A higher young threshold makes collections rarer, and reference counting still frees
    most objects at once. No gc.collect() first: it would add that pause to start-up, and
    the start-up garbage it would free is small.
    """
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, middle, old)
    logger.info(
        "garbage collector tuned frozen_objects=%d young_threshold=%d",
        gc.get_freeze_count(),
        GC_YOUNG_THRESHOLD,
    )


class BackendStartError(RuntimeError):
    """The backend could not start; the message states the cause."""


class BackendServer:
    def __init__(self, settings: Settings, **app_options: Any) -> None:
        self.settings = settings
        self._ready = threading.Event()
        self._services: Services | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
        self.socket = socket.socket(family, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Without TCP_NODELAY each small reply waits for the peer's delayed ACK (about
        # 40 ms on Linux); accepted connections inherit the option from this socket.
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            self.socket.bind((settings.host, settings.port))
        except OSError as error:
            self.socket.close()
            raise BackendStartError(f"cannot listen on {settings.host}:{settings.port}: {error}") from error
        self.port: int = self.socket.getsockname()[1]
        # Listen now, so a client that reads the announced address before uvicorn has
        # started waits in the backlog instead of being refused.
        self.socket.listen(2048)
        app = create_app(settings, on_ready=self._on_ready, **app_options)
        # A loopback backend has no proxy in front of it, so X-Forwarded-* headers are not read.
        config = uvicorn.Config(
            app,
            log_config=None,
            access_log=False,
            lifespan="on",
            ws="websockets-sansio",
            proxy_headers=False,
        )
        self.server = uvicorn.Server(config)

    def _on_ready(self, services: Services) -> None:
        self._services = services
        tune_garbage_collector()
        self._ready.set()

    @property
    def base_url(self) -> str:
        host = f"[{self.settings.host}]" if ":" in self.settings.host else self.settings.host
        return f"http://{host}:{self.port}"

    @property
    def services(self) -> Services | None:
        return self._services

    def run(self) -> None:
        """Serve in the calling thread until stopped."""
        try:
            self.server.run(sockets=[self.socket])
        except BaseException as error:
            self._error = error
            raise
        finally:
            if not self._ready.is_set():
                self._ready.set()

    def start_in_thread(self) -> None:
        def target() -> None:
            try:
                asyncio.run(self.server.serve(sockets=[self.socket]))
            except BaseException as error:
                self._error = error
                logger.exception("backend thread failed")
            finally:
                self._ready.set()

        self._thread = threading.Thread(target=target, name="openregi-backend", daemon=True)
        self._thread.start()

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Block until the backend serves requests, or raise BackendStartError with the cause."""
        if not self._ready.wait(timeout):
            raise BackendStartError(f"backend not ready after {timeout:.0f} s")
        if self._services is None:
            cause = self._error or (self.server.started is False and "startup failed")
            raise BackendStartError(f"backend failed to start: {cause}")
        while not self.server.started:
            if self._thread is not None and not self._thread.is_alive():
                raise BackendStartError(f"backend stopped during start: {self._error}")
            threading.Event().wait(0.005)

    def stop(self, timeout: float = 10.0) -> None:
        self.server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
        self.socket.close()
