"""daprd for the Dapr tests, on ports chosen before start so a sidecar can be stopped and
started again where the terminal expects it, and with Dapr's API tokens in its environment.

tests.support.servers.start_daprd picks new ports at every start and removes DAPR_API_TOKEN
and APP_API_TOKEN from daprd's environment, and these tests need both. This module reuses its
binary lookup, port picking and loopback name-resolution configuration.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.support.servers import (
    DAPRD_BINARY_NAME,
    DAPRD_LOOPBACK_CONFIG,
    LOOPBACK_HOST,
    RunningDaprd,
    free_ports,
    service_binary,
)

RESOURCES_DIR = Path(__file__).resolve().parents[2] / "resources" / "dapr"
START_TIMEOUT_SECONDS = 30.0
_DIRECT_HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass(frozen=True)
class DaprdPorts:
    http: int
    grpc: int
    internal_grpc: int
    public: int
    metrics: int

    @classmethod
    def pick(cls) -> DaprdPorts:
        return cls(*free_ports(5))


def _healthy(http_port: int) -> bool:
    try:
        with _DIRECT_HTTP.open(f"http://{LOOPBACK_HOST}:{http_port}/v1.0/healthz", timeout=1.0) as response:
            return bool(response.status == 204)
    except (urllib.error.URLError, OSError):
        return False


class Daprd:
    """One daprd configuration that can be started, stopped and started again."""

    def __init__(
        self,
        app_id: str,
        resources: list[Path],
        work_dir: Path,
        *,
        app_port: int | None = None,
        api_token: str | None = None,
        app_api_token: str | None = None,
        ports: DaprdPorts | None = None,
    ) -> None:
        self.app_id = app_id
        self.resources = resources
        self.work_dir = work_dir
        self.app_port = app_port
        self.api_token = api_token
        self.app_api_token = app_api_token
        self.ports = ports or DaprdPorts.pick()
        self.server: RunningDaprd | None = None
        self.starts = 0

    def _argv(self, config_path: Path) -> list[str]:
        ports = self.ports
        argv = [
            str(service_binary(DAPRD_BINARY_NAME)),
            "--app-id", self.app_id,
            "--mode", "standalone",
            "--dapr-listen-addresses", LOOPBACK_HOST,
            "--dapr-http-port", str(ports.http),
            "--dapr-grpc-port", str(ports.grpc),
            "--dapr-internal-grpc-listen-address", LOOPBACK_HOST,
            "--dapr-internal-grpc-port", str(ports.internal_grpc),
            "--dapr-public-listen-address", LOOPBACK_HOST,
            "--dapr-public-port", str(ports.public),
            "--metrics-listen-address", LOOPBACK_HOST,
            "--metrics-port", str(ports.metrics),
            "--enable-mtls=false",
            "--config", str(config_path),
            "--log-level", "info",
        ]  # fmt: skip
        for path in self.resources:
            argv += ["--resources-path", str(path)]
        if self.app_port is not None:
            argv += [
                "--app-port", str(self.app_port),
                "--app-protocol", "http",
                "--app-channel-address", LOOPBACK_HOST,
            ]  # fmt: skip
        return argv

    def _environment(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith("DAPR_")}
        env.pop("APP_API_TOKEN", None)
        # Without DAPR_HOST_IP, daprd finds its host address by opening a UDP socket towards
        # a public address.
        env["DAPR_HOST_IP"] = LOOPBACK_HOST
        if self.api_token:
            env["DAPR_API_TOKEN"] = self.api_token
        if self.app_api_token:
            env["APP_API_TOKEN"] = self.app_api_token
        return env

    def start(self) -> RunningDaprd:
        assert self.server is None, "daprd is already running"
        self.work_dir.mkdir(parents=True, exist_ok=True)
        config_path = self.work_dir / "daprd-config.yaml"
        config_path.write_text(DAPRD_LOOPBACK_CONFIG, encoding="utf-8")

        self.starts += 1
        log_path = self.work_dir / f"daprd-{self.app_id}-{self.starts}.log"
        with log_path.open("ab") as log_file:
            process = subprocess.Popen(
                self._argv(config_path),
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                env=self._environment(),
            )
        server = RunningDaprd(
            name=f"daprd {self.app_id}",
            host=LOOPBACK_HOST,
            port=self.ports.http,
            uri=f"http://{LOOPBACK_HOST}:{self.ports.http}",
            process=process,
            log_path=log_path,
            app_id=self.app_id,
            grpc_port=self.ports.grpc,
            internal_grpc_port=self.ports.internal_grpc,
            public_port=self.ports.public,
            metrics_port=self.ports.metrics,
            work_dir=self.work_dir,
        )

        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not _healthy(self.ports.http):
            if process.poll() is not None or time.monotonic() > deadline:
                server.stop()
                raise RuntimeError(f"daprd {self.app_id} did not start; end of its log:\n{server.log_tail()}")
            time.sleep(0.05)

        self.server = server
        return server

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def log_tail(self) -> str:
        return self.server.log_tail() if self.server else ""


def redis_resources(dest_dir: Path, redis_port: int) -> Path:
    """Copy the shipped Redis components into ``dest_dir`` with the test server's port."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    for source in sorted((RESOURCES_DIR / "redis").glob("*.yaml")):
        text = source.read_text(encoding="utf-8").replace("127.0.0.1:6379", f"127.0.0.1:{redis_port}")
        (dest_dir / source.name).write_text(text, encoding="utf-8")
    return dest_dir


IN_MEMORY_RESOURCES = RESOURCES_DIR / "in-memory"
SUBSCRIPTION_RESOURCES = RESOURCES_DIR / "subscriptions"


class RedisServer:
    """redis-server on a fixed loopback port with an append-only file, so it can be stopped
    and started again with its streams and consumer groups intact."""

    def __init__(self, work_dir: Path) -> None:
        (self.port,) = free_ports(1)
        self.work_dir = work_dir
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        assert self.process is None, "redis-server is already running"
        binary = shutil.which("redis-server")
        assert binary is not None, "redis-server not found; run `bash tools/build_services.sh`"
        self.work_dir.mkdir(parents=True, exist_ok=True)
        argv = [
            binary,
            "--port", str(self.port),
            "--bind", LOOPBACK_HOST,
            "--protected-mode", "yes",
            "--save", "",
            "--appendonly", "yes",
            "--appendfsync", "always",
            "--dir", str(self.work_dir),
            "--daemonize", "no",
        ]  # fmt: skip
        with (self.work_dir / "redis.log").open("ab") as log_file:
            self.process = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not self._answers_ping():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start; see {self.work_dir / 'redis.log'}")
            time.sleep(0.05)

    def _answers_ping(self) -> bool:
        try:
            with socket.create_connection((LOOPBACK_HOST, self.port), timeout=0.5) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(64) == b"+PONG\r\n"
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(15)
            self.process = None
