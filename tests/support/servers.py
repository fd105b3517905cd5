"""Start real FerretDB, Redis and daprd processes on loopback ports for tests.

tools/build_services.sh builds the FerretDB and daprd binaries into
``$OPENREGI_CACHE_DIR/bin`` (default ``~/.cache/openregi/bin``) and installs
redis-server. When a binary is missing, the start function raises
ServiceBinaryMissingError with the build command, so a test that needs a server
fails instead of skipping.

Every server listens on 127.0.0.1 only, on a port picked from the free ports at
start, and writes its output to a log file that start errors quote.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import string
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Self, TypeVar

import pymongo
from pymongo.errors import PyMongoError

logger = logging.getLogger(__name__)

LOOPBACK_HOST = "127.0.0.1"
BUILD_COMMAND = "bash tools/build_services.sh"
FERRETDB_BINARY_NAME = "openregi-ferretdb"
DAPRD_BINARY_NAME = "daprd"

COMPONENTS_DIR = Path(__file__).parent / "components"
IN_MEMORY_COMPONENTS_DIR = COMPONENTS_DIR / "in-memory"
REDIS_COMPONENTS_TEMPLATE_DIR = COMPONENTS_DIR / "redis"

DEFAULT_START_TIMEOUT_SECONDS = 30.0
DEFAULT_STOP_TIMEOUT_SECONDS = 15.0
# Another process can take a port between the free-port check and the server's bind,
# so a start that fails with "address already in use" is retried on new ports.
START_ATTEMPTS = 3
LOG_TAIL_CHARS = 4000
POLL_INTERVAL_SECONDS = 0.1

# daprd's default name resolver in standalone mode is mDNS, which announces the app id
# with multicast packets (components-contrib v1.16.5, nameresolution/mdns). The kubernetes
# resolver with this template sends nothing and resolves every app id to a loopback address.
DAPRD_LOOPBACK_CONFIG = """\
apiVersion: dapr.io/v1alpha1
kind: Configuration
metadata:
  name: openregi-test-loopback
spec:
  nameResolution:
    component: kubernetes
    configuration:
      template: "127.0.0.1:{{.Port}}"
"""


class ServiceBinaryMissingError(FileNotFoundError):
    """A server binary that a test needs is not installed."""


class ServiceStartError(RuntimeError):
    """A server process exited or did not become ready in time."""

    def __init__(self, message: str, *, port_in_use: bool = False) -> None:
        super().__init__(message)
        self.port_in_use = port_in_use


def cache_dir() -> Path:
    """Return the cache root that tools/build_services.sh builds into."""
    configured = os.environ.get("OPENREGI_CACHE_DIR")
    if configured:
        return Path(configured).expanduser()
    return Path.home() / ".cache" / "openregi"


def service_binary(name: str) -> Path:
    """Return the path of a binary built by tools/build_services.sh, or raise if it is missing."""
    path = cache_dir() / "bin" / name
    if not path.is_file() or not os.access(path, os.X_OK):
        raise ServiceBinaryMissingError(
            f"{name} binary not found at {path}. Build it from the repository root with "
            f"`{BUILD_COMMAND}`, which writes to $OPENREGI_CACHE_DIR/bin "
            "(default ~/.cache/openregi/bin)."
        )
    return path


def free_ports(count: int) -> list[int]:
    """Return `count` distinct TCP ports that are free on 127.0.0.1 at the time of the call."""
    sockets: list[socket.socket] = []
    try:
        # Each socket stays bound until all ports are picked, so no port is returned twice.
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sockets.append(sock)
            sock.bind((LOOPBACK_HOST, 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


@dataclass(eq=False, kw_only=True)
class RunningServer:
    """A server process started by this module, stopped with stop()."""

    name: str
    host: str
    port: int
    uri: str
    process: subprocess.Popen[bytes]
    log_path: Path
    cleanups: list[Callable[[], None]] = field(default_factory=list, repr=False)

    def stop(self, timeout: float = DEFAULT_STOP_TIMEOUT_SECONDS) -> int:
        """Stop the server with SIGTERM (SIGKILL after `timeout` seconds) and return its exit code.

        Calling stop() again returns the same exit code.
        """
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                logger.warning(
                    "%s pid %d did not stop within %.0f s of SIGTERM, sending SIGKILL",
                    self.name,
                    self.process.pid,
                    timeout,
                )
                self.process.kill()
                self.process.wait()
            logger.info(
                "stopped %s pid %d, exit code %d", self.name, self.process.pid, self.process.returncode
            )

        while self.cleanups:
            self.cleanups.pop()()
        return self.process.returncode

    def log_tail(self) -> str:
        """Return the end of the server's log, for error messages."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""
        return text[-LOG_TAIL_CHARS:]

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


@dataclass(eq=False, kw_only=True)
class RunningDaprd(RunningServer):
    """A daprd sidecar. `port` and `uri` are its Dapr HTTP API."""

    app_id: str
    grpc_port: int
    internal_grpc_port: int
    public_port: int
    metrics_port: int
    work_dir: Path

    @property
    def grpc_address(self) -> str:
        return f"{self.host}:{self.grpc_port}"

    def sdk_environment(self) -> dict[str, str]:
        """Return the DAPR_* variables that point the Dapr Python SDK at this sidecar."""
        return {
            "DAPR_RUNTIME_HOST": self.host,
            "DAPR_HTTP_PORT": str(self.port),
            "DAPR_GRPC_PORT": str(self.grpc_port),
        }


def _launch(
    name: str, argv: Sequence[str | Path], log_path: Path, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as log_file:
        process = subprocess.Popen(
            [str(arg) for arg in argv],
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            env=env,
        )
    logger.info("started %s pid %d, log %s", name, process.pid, log_path)
    return process


def _wait_until_ready(server: RunningServer, is_ready: Callable[[], bool], timeout: float) -> None:
    """Poll `is_ready` until it returns True; stop the server and raise if it exits or times out."""
    deadline = time.monotonic() + timeout
    while True:
        exit_code = server.process.poll()
        if exit_code is not None:
            server.stop()
            tail = server.log_tail()
            raise ServiceStartError(
                f"{server.name} exited with code {exit_code} before it became ready on "
                f"{server.uri}. End of its log {server.log_path}:\n{tail}",
                port_in_use="address already in use" in tail.lower(),
            )

        if is_ready():
            return

        if time.monotonic() >= deadline:
            server.stop()
            raise ServiceStartError(
                f"{server.name} did not become ready on {server.uri} within {timeout:.0f} s. "
                f"End of its log {server.log_path}:\n{server.log_tail()}"
            )
        time.sleep(POLL_INTERVAL_SECONDS)


ServerT = TypeVar("ServerT", bound=RunningServer)


def _start_with_retries(start_once: Callable[[], ServerT]) -> ServerT:
    for attempt in range(1, START_ATTEMPTS + 1):
        try:
            return start_once()
        except ServiceStartError as error:
            if not error.port_in_use or attempt == START_ATTEMPTS:
                raise
            logger.warning("port in use at start (attempt %d of %d), retrying", attempt, START_ATTEMPTS)
    raise AssertionError("unreachable: the last attempt returns or raises")


# FerretDB ---------------------------------------------------------------------------------------


def _ferretdb_ping_succeeds(uri: str) -> bool:
    client: pymongo.MongoClient[dict[str, object]] = pymongo.MongoClient(
        uri, directConnection=True, serverSelectionTimeoutMS=500, connectTimeoutMS=500
    )
    try:
        client.admin.command("ping")
        return True
    except PyMongoError:
        return False
    finally:
        client.close()


def start_ferretdb(
    tmp_dir: Path,
    *,
    state_dir: Path | None = None,
    log_level: str = "info",
    timeout: float = DEFAULT_START_TIMEOUT_SECONDS,
) -> RunningServer:
    """Start FerretDB with the SQLite backend and wait until a ping succeeds.

    The SQLite files go to `state_dir`, by default `tmp_dir / "ferretdb-state"`, so a
    second call with the same `tmp_dir` serves the data that the first one stored.
    """
    binary = service_binary(FERRETDB_BINARY_NAME)
    state_dir = state_dir if state_dir is not None else tmp_dir / "ferretdb-state"

    def start_once() -> RunningServer:
        (port,) = free_ports(1)
        log_path = tmp_dir / f"ferretdb-{port}.log"
        argv: list[str | Path] = [
            binary,
            "-host", LOOPBACK_HOST,
            "-port", str(port),
            "-state-dir", state_dir,
            "-log-level", log_level,
        ]  # fmt: skip
        uri = f"mongodb://{LOOPBACK_HOST}:{port}/"
        server = RunningServer(
            name="FerretDB",
            host=LOOPBACK_HOST,
            port=port,
            uri=uri,
            process=_launch("FerretDB", argv, log_path),
            log_path=log_path,
        )
        _wait_until_ready(server, lambda: _ferretdb_ping_succeeds(uri), timeout)
        return server

    return _start_with_retries(start_once)


# Redis ------------------------------------------------------------------------------------------


def _redis_ping_succeeds(port: int) -> bool:
    try:
        with socket.create_connection((LOOPBACK_HOST, port), timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(64) == b"+PONG\r\n"
    except OSError:
        return False


def start_redis(tmp_dir: Path, *, timeout: float = DEFAULT_START_TIMEOUT_SECONDS) -> RunningServer:
    """Start redis-server without persistence and wait until PING returns PONG."""
    found = shutil.which("redis-server")
    if found is None:
        raise ServiceBinaryMissingError(
            f"redis-server not found on PATH. Install it with `{BUILD_COMMAND}` "
            "(which runs apt-get install redis-server) or `apt-get install redis-server`."
        )
    binary = Path(found)
    data_dir = tmp_dir / "redis-data"
    data_dir.mkdir(parents=True, exist_ok=True)

    def start_once() -> RunningServer:
        (port,) = free_ports(1)
        log_path = tmp_dir / f"redis-{port}.log"
        argv: list[str | Path] = [
            binary,
            "--port", str(port),
            "--bind", LOOPBACK_HOST,
            "--protected-mode", "yes",
            "--save", "",
            "--appendonly", "no",
            "--dir", data_dir,
            "--daemonize", "no",
            "--logfile", "",
        ]  # fmt: skip
        server = RunningServer(
            name="redis-server",
            host=LOOPBACK_HOST,
            port=port,
            uri=f"redis://{LOOPBACK_HOST}:{port}/0",
            process=_launch("redis-server", argv, log_path),
            log_path=log_path,
        )
        _wait_until_ready(server, lambda: _redis_ping_succeeds(port), timeout)
        return server

    return _start_with_retries(start_once)


def write_redis_components(dest_dir: Path, redis_port: int) -> Path:
    """Write the Redis pub/sub and state store components for `redis_port` into `dest_dir`."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    for template_path in sorted(REDIS_COMPONENTS_TEMPLATE_DIR.glob("*.yaml")):
        template = string.Template(template_path.read_text(encoding="utf-8"))
        rendered = template.substitute(redis_port=redis_port)
        (dest_dir / template_path.name).write_text(rendered, encoding="utf-8")
    return dest_dir


# daprd ------------------------------------------------------------------------------------------

# Requests to our own servers must never go through an HTTP proxy from the environment.
_DIRECT_HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _daprd_is_healthy(http_port: int) -> bool:
    url = f"http://{LOOPBACK_HOST}:{http_port}/v1.0/healthz"
    try:
        with _DIRECT_HTTP.open(url, timeout=1.0) as response:
            return bool(response.status == 204)
    except (urllib.error.URLError, OSError):
        return False


def _daprd_environment() -> dict[str, str]:
    # DAPR_* variables can point daprd at a scheduler, placement or API token. Without
    # DAPR_HOST_IP, daprd v1.16.5 finds its host address by opening a UDP socket towards
    # 8.8.8.8 (utils/host.go).
    env = {key: value for key, value in os.environ.items() if not key.startswith("DAPR_")}
    env.pop("APP_API_TOKEN", None)
    env["DAPR_HOST_IP"] = LOOPBACK_HOST
    return env


def start_daprd(
    app_id: str,
    components_dir: Path,
    app_port: int | None = None,
    *,
    work_dir: Path | None = None,
    log_level: str = "info",
    timeout: float = DEFAULT_START_TIMEOUT_SECONDS,
    extra_args: Sequence[str] = (),
) -> RunningDaprd:
    """Start a standalone daprd sidecar and wait until /v1.0/healthz returns 204.

    Every daprd listener is bound to 127.0.0.1. mTLS, placement (actors) and the
    scheduler stay off. With `app_port`, daprd calls the app over HTTP on 127.0.0.1 and
    does not report healthy until the app accepts connections, so start the app first.
    The log and daprd configuration go to `work_dir`. Without one, a temporary directory
    is created and removed by stop().
    """
    binary = service_binary(DAPRD_BINARY_NAME)
    if not components_dir.is_dir():
        raise FileNotFoundError(f"Dapr components directory not found: {components_dir}")

    owns_work_dir = work_dir is None
    if work_dir is None:
        resolved_work_dir = Path(tempfile.mkdtemp(prefix=f"openregi-daprd-{app_id}-"))
    else:
        resolved_work_dir = work_dir
    resolved_work_dir.mkdir(parents=True, exist_ok=True)
    config_path = resolved_work_dir / "daprd-config.yaml"
    config_path.write_text(DAPRD_LOOPBACK_CONFIG, encoding="utf-8")

    def start_once() -> RunningDaprd:
        http_port, grpc_port, internal_grpc_port, public_port, metrics_port = free_ports(5)
        log_path = resolved_work_dir / f"daprd-{app_id}-{http_port}.log"
        argv: list[str | Path] = [
            binary,
            "--app-id", app_id,
            "--mode", "standalone",
            "--dapr-listen-addresses", LOOPBACK_HOST,
            "--dapr-http-port", str(http_port),
            "--dapr-grpc-port", str(grpc_port),
            "--dapr-internal-grpc-listen-address", LOOPBACK_HOST,
            "--dapr-internal-grpc-port", str(internal_grpc_port),
            "--dapr-public-listen-address", LOOPBACK_HOST,
            "--dapr-public-port", str(public_port),
            "--metrics-listen-address", LOOPBACK_HOST,
            "--metrics-port", str(metrics_port),
            "--enable-mtls=false",
            "--resources-path", components_dir,
            "--config", config_path,
            "--log-level", log_level,
        ]  # fmt: skip
        if app_port is not None:
            argv += [
                "--app-port", str(app_port),
                "--app-protocol", "http",
                "--app-channel-address", LOOPBACK_HOST,
            ]  # fmt: skip
        argv += list(extra_args)

        server = RunningDaprd(
            name=f"daprd {app_id}",
            host=LOOPBACK_HOST,
            port=http_port,
            uri=f"http://{LOOPBACK_HOST}:{http_port}",
            process=_launch(f"daprd {app_id}", argv, log_path, env=_daprd_environment()),
            log_path=log_path,
            app_id=app_id,
            grpc_port=grpc_port,
            internal_grpc_port=internal_grpc_port,
            public_port=public_port,
            metrics_port=metrics_port,
            work_dir=resolved_work_dir,
        )
        _wait_until_ready(server, lambda: _daprd_is_healthy(http_port), timeout)
        return server

    try:
        server = _start_with_retries(start_once)
    except BaseException:
        if owns_work_dir:
            shutil.rmtree(resolved_work_dir, ignore_errors=True)
        raise

    if owns_work_dir:
        server.cleanups.append(lambda: shutil.rmtree(resolved_work_dir, ignore_errors=True))
    return server
