"""GET/PUT /devices/config and the drawer test, on a real SQLite store and a real TOML file."""

from __future__ import annotations

import stat
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from backend.api.app import create_app
from devices.simulators import PrinterFault, PrinterModel
from tests.conftest import SUPERVISOR, TOKEN, FixedClock, make_settings, open_and_sign_in

# ESC @ (initialise), ESC R 8 (Japan set), ESC $ 1 (Shift_JIS Kanji mode): a Star job's start.
STAR_START = b"\x1b@\x1bR\x08\x1b$\x01"
# ESC @, ESC R 8, ESC t 1 (half-width katakana table): an Epson Japanese job's start.
EPSON_START = b"\x1b@\x1bR\x08\x1bt\x01"

CONFIG_TEXT = """\
# Register 1 at the front door.
terminal_id = "T001"

[mongo]
# The store server; empty while the store tier is off.
database = "store_0001"

[devices.printer]
dialect = "epson_jp"  # TM-T88VII, Japanese model
columns = 42

[devices.drawer]
open_alarm_s = 45.0
"""


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "config" / "openregi.toml"
    path.parent.mkdir()
    path.write_text(CONFIG_TEXT, encoding="utf-8")
    return path


@pytest.fixture
def client(tmp_path: Path, config_file: Path) -> Iterator[TestClient]:
    """An open terminal with the demo cashier signed in, configured by ``config_file``."""
    settings = make_settings(tmp_path / "data", config_file=config_file)
    app = create_app(settings, clock=FixedClock())
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(app, base_url="http://127.0.0.1", headers=headers) as test_client:
        open_and_sign_in(test_client)
        yield test_client


def sign_in_supervisor(client: TestClient) -> None:
    response = client.post("/api/v1/terminal/sign-in", json=SUPERVISOR)
    assert response.status_code == 200, response.text


def device_service(client: TestClient) -> Any:
    return client.app.state.services.extra["devices"]  # type: ignore[attr-defined]


def printer_model(client: TestClient) -> PrinterModel:
    model: PrinterModel = device_service(client).manager.printer.model
    return model


def star_config(client: TestClient) -> dict[str, Any]:
    config: dict[str, Any] = client.get("/api/v1/devices/config").json()
    config["printer"]["dialect"] = "starprnt"
    return config


def test_get_config_reads_file_and_defaults(client: TestClient):
    config = client.get("/api/v1/devices/config").json()

    assert config["printer"]["dialect"] == "epson_jp"
    assert config["printer"]["columns"] == 42
    assert config["printer"]["transport"] == "simulator"
    assert config["printer"]["serial"]["baud"] == 38400
    assert config["drawer"]["open_alarm_s"] == 45.0
    assert config["scanner"]["suffix"] == "CR"
    assert config["display"]["columns"] == 20
    # The simulator's output folder is chosen at start, not configured, so it is not shown.
    assert config["printer"]["simulator_output_dir"] is None


def test_put_config_needs_supervisor(client: TestClient, config_file: Path):
    response = client.put("/api/v1/devices/config", json=star_config(client))

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_required"
    assert response.json()["error"]["details"]["permission"] == "device_settings"
    assert config_file.read_text(encoding="utf-8") == CONFIG_TEXT


def test_put_config_switches_printer_to_star(client: TestClient, config_file: Path):
    sign_in_supervisor(client)
    old_printer = device_service(client).manager.printer

    response = client.put("/api/v1/devices/config", json=star_config(client))

    assert response.status_code == 200, response.text
    assert response.json()["printer"]["dialect"] == "starprnt"
    assert client.get("/api/v1/devices/config").json()["printer"]["dialect"] == "starprnt"

    # The file keeps its other tables and comments. The devices table contains only the
    # values that differ from the defaults.
    text = config_file.read_text(encoding="utf-8")
    assert text.startswith("# Register 1 at the front door.\nterminal_id = \"T001\"\n")
    assert "# The store server; empty while the store tier is off." in text
    stored = tomllib.loads(text)
    assert stored["mongo"] == {"database": "store_0001"}
    assert stored["devices"] == {
        "printer": {"dialect": "starprnt", "columns": 42},
        "drawer": {"open_alarm_s": 45.0},
    }

    # The new printer is running in place of the old one.
    service = device_service(client)
    assert service.manager.printer is not old_printer
    assert old_printer.state.value == "closed"
    assert client.get("/api/v1/devices/status").json()["devices"]["printer"]["state"] == "enabled"

    model = printer_model(client)
    queued = client.post("/api/v1/devices/printer/test-page")
    assert queued.status_code == 200, queued.text
    wait_for(lambda: len(model.complete_jobs) == 1)
    assert model.complete_jobs[0].startswith(STAR_START)


def test_queued_job_prints_on_new_printer(client: TestClient):
    sign_in_supervisor(client)
    old_model = printer_model(client)
    # The open slip printed at terminal open is the old printer's only job.
    wait_for(lambda: client.get("/api/v1/devices/print-jobs").json()["counts"].get("queued", 0) == 0)
    assert len(old_model.jobs) == 1
    old_model.set_fault(PrinterFault.PAPER_END)
    queued = client.post("/api/v1/devices/printer/test-page")
    assert queued.status_code == 200, queued.text
    wait_for(lambda: client.get("/api/v1/devices/status").json()["fault"] is not None)
    assert client.get("/api/v1/devices/print-jobs").json()["counts"].get("queued") == 1

    response = client.put("/api/v1/devices/config", json=star_config(client))
    assert response.status_code == 200, response.text

    new_model = printer_model(client)
    wait_for(lambda: len(new_model.complete_jobs) == 1)
    assert new_model.complete_jobs[0].startswith(STAR_START)
    assert len(old_model.jobs) == 1
    wait_for(lambda: client.get("/api/v1/devices/print-jobs").json()["counts"].get("done") == 2)
    assert client.get("/api/v1/devices/print-jobs").json()["held"] == []
    assert client.get("/api/v1/devices/status").json()["fault"] is None
    assert client.get("/api/v1/devices/print-jobs").json()["counts"].get("queued", 0) == 0


def test_bad_baud_rate_rejected_file_unchanged(client: TestClient, config_file: Path):
    sign_in_supervisor(client)
    printer_before = device_service(client).manager.printer
    config = client.get("/api/v1/devices/config").json()
    config["printer"]["transport"] = "serial"
    config["printer"]["serial"] = {"port": "/dev/ttyUSB0", "baud": 300, "flow_control": "dsrdtr"}

    response = client.put("/api/v1/devices/config", json=config)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "settings_invalid"
    assert "printer.serial.baud" in error["message"]
    assert "printer.serial.baud" in error["message_en"]
    assert error["message"].startswith("設定が正しくありません")
    assert config_file.read_text(encoding="utf-8") == CONFIG_TEXT
    assert client.get("/api/v1/devices/config").json()["printer"]["transport"] == "simulator"
    assert device_service(client).manager.printer is printer_before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"printer": {"dialect": "citizen"}}, "printer.dialect"),
        ({"printer": {"paper_mm": 58, "columns": 48}}, "printer"),
        ({"drawer": {"serial_open_bytes": "zz"}}, "drawer.serial_open_bytes"),
        ({"scanner": {"colour": "red"}}, "scanner.colour"),
        ({"keyboard": {}}, "keyboard"),
    ],
)
def test_invalid_values_rejected(
    client: TestClient, config_file: Path, change: dict[str, Any], field: str
):
    sign_in_supervisor(client)

    response = client.put("/api/v1/devices/config", json=change)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "settings_invalid"
    assert field in response.json()["error"]["message_en"]
    assert config_file.read_text(encoding="utf-8") == CONFIG_TEXT


def test_put_config_creates_missing_file(tmp_path: Path):
    config_file = tmp_path / "new-config" / "openregi.toml"
    settings = make_settings(tmp_path / "data", config_file=config_file)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(create_app(settings), base_url="http://127.0.0.1", headers=headers) as client:
        open_and_sign_in(client)
        sign_in_supervisor(client)
        response = client.put("/api/v1/devices/config", json={"display": {"enabled": False}})

        assert response.status_code == 200, response.text
        assert "display" not in client.get("/api/v1/devices/status").json()["devices"]

    assert tomllib.loads(config_file.read_text(encoding="utf-8")) == {
        "devices": {"display": {"enabled": False}}
    }
    assert stat.S_IMODE(config_file.stat().st_mode) == 0o600


def test_drawer_test_opens_drawer(client: TestClient):
    refused = client.post("/api/v1/devices/drawer/test")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_required"
    mechanism = device_service(client).manager.drawer.mechanism
    assert mechanism.kick_count == 0

    sign_in_supervisor(client)
    response = client.post("/api/v1/devices/drawer/test")

    assert response.status_code == 200, response.text
    assert response.json()["opened"] is True
    assert mechanism.kick_count == 1


def test_drawer_test_without_drawer(client: TestClient):
    sign_in_supervisor(client)
    assert client.put("/api/v1/devices/config", json={"drawer": {"enabled": False}}).status_code == 200

    response = client.post("/api/v1/devices/drawer/test")

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "device_fault"
    assert "no cash drawer is configured" in response.json()["error"]["message_en"]
