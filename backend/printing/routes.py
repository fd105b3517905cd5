"""Device routes: status, print-job recovery, device tests and the device configuration.

The no-sale drawer open of a sale day is /cash/no-sale. POST /devices/drawer/test opens
the drawer for a hardware check from the settings screen.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from tomlkit.exceptions import ParseError

from backend.api.deps import ServicesDep
from backend.domain.errors import ErrorCode, PosError
from backend.domain.receipt import document_to_dict
from backend.printing.service import DeviceService, devices_config_from
from backend.settings import write_config_tables
from devices.config import DevicesConfig
from devices.manager import DeviceManager
from devices.test_page import build_test_page

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/devices", tags=["devices"])

# The roles that may change settings, as PUT /store checks them.
SETTINGS_ROLES = ("supervisor", "manager")


def _service(services: Any) -> DeviceService:
    service = services.extra.get("devices")
    if not isinstance(service, DeviceService):
        raise PosError(ErrorCode.DEVICE_FAULT, detail="devices are not started")
    return service


@router.get("/status")
def device_status(services: ServicesDep) -> dict[str, Any]:
    return _service(services).status()


@router.get("/print-jobs")
def print_jobs(services: ServicesDep) -> dict[str, Any]:
    jobs = services.sales.print_jobs
    return {
        "counts": jobs.counts(),
        "held": [
            {
                key: job[key]
                for key in ("id", "transaction_id", "receipt_number", "status", "fault", "attempts")
            }
            for job in jobs.held()
        ],
    }


@router.post("/print-jobs/{job_id}/retry")
def retry_print_job(job_id: int, services: ServicesDep) -> dict[str, Any]:
    service = _service(services)
    if services.sales.print_jobs.get(job_id) is None:
        raise PosError(ErrorCode.NOT_FOUND, what=f"print job {job_id}")
    service.retry_job(job_id)
    return {"job_id": job_id, "status": "queued"}


@router.post("/print-jobs/{job_id}/cancel")
def cancel_print_job(job_id: int, services: ServicesDep) -> dict[str, Any]:
    service = _service(services)
    if services.sales.print_jobs.get(job_id) is None:
        raise PosError(ErrorCode.NOT_FOUND, what=f"print job {job_id}")
    service.cancel_job(job_id)
    return {"job_id": job_id, "status": "cancelled"}


@router.post("/printer/test-page")
def print_test_page(services: ServicesDep) -> dict[str, Any]:
    """Queue a test page (Japanese, half-width kana, yen sign, barcodes, QR) on the printer."""
    service = _service(services)
    printer = service.manager.printer
    document = build_test_page(printer.location if printer is not None else "")
    with services.context.db.atomic() as connection:
        job_id = services.sales.print_jobs.enqueue(connection, document_to_dict(document), None, None)
    service.wake()
    return {"job_id": job_id, "status": "queued"}


@router.post("/display/test")
def test_display(services: ServicesDep) -> dict[str, Any]:
    """Show a test message on the customer display."""
    display = _service(services).manager.display
    if display is None:
        raise PosError(ErrorCode.DEVICE_FAULT, detail="no customer display is configured")
    display.show_message("ｵｰﾌﾟﾝﾚｼﾞ ﾃｽﾄ", "¥1,080")
    return {"lines": list(display.lines)}


def _require_settings_role(services: Any, permission: str, label: str) -> str:
    """Return the signed-in staff code, or raise PERMISSION_REQUIRED unless a supervisor
    or manager is signed in (the same check as PUT /store)."""
    lifecycle = services.extra.get("lifecycle")
    status = lifecycle.terminal.status() if lifecycle is not None else {}
    if status.get("staff_role") not in SETTINGS_ROLES:
        raise PosError(ErrorCode.PERMISSION_REQUIRED, permission=permission, label=label)
    return str(status.get("staff_code") or "")


@router.post("/drawer/test")
def test_drawer(services: ServicesDep) -> dict[str, Any]:
    """Open the cash drawer as a hardware check. Only a signed-in supervisor or manager may."""
    staff_code = _require_settings_role(services, "device_test", "機器テスト")
    service = _service(services)
    drawer = service.manager.drawer
    if drawer is None:
        raise PosError(ErrorCode.DEVICE_FAULT, detail="no cash drawer is configured")
    if not service.open_drawer(f"drawer test by staff {staff_code}"):
        raise PosError(ErrorCode.DEVICE_FAULT, detail=f"the drawer did not open (state {drawer.state.value})")
    return {"opened": True, "drawer": drawer.status_dict()}


@router.get("/config")
def device_config(services: ServicesDep) -> dict[str, Any]:
    """Return the device configuration with every default filled in."""
    config = DevicesConfig.model_validate(services.context.settings.devices or {})
    return config.model_dump(mode="json")


def _validation_detail(error: ValidationError) -> str:
    problems = []
    for item in error.errors():
        location = ".".join(str(part) for part in item["loc"])
        problems.append(f"{location}: {item['msg']}" if location else str(item["msg"]))
    return "; ".join(problems)


@router.put("/config", response_model=None)
def save_device_config(
    services: ServicesDep, body: Annotated[dict[str, Any], Body()]
) -> dict[str, Any] | JSONResponse:
    """Validate a device configuration, write it to the config file and restart the devices.

    The body replaces the whole ``devices`` table, so a field left out takes its default. A
    value the models of devices.config reject raises settings_invalid and writes nothing.
    Only a signed-in supervisor or manager may save.
    """
    staff_code = _require_settings_role(services, "device_settings", "機器設定")
    service = _service(services)
    try:
        config = DevicesConfig.model_validate(body)
    except ValidationError as error:
        raise PosError(ErrorCode.SETTINGS_INVALID, detail=_validation_detail(error)) from error
    stored = config.model_dump(mode="json", exclude_defaults=True)

    settings = services.context.settings
    try:
        write_config_tables(settings.config_file, {"devices": stored})
    except (OSError, ParseError) as error:
        logger.error("device configuration not saved file=%s error=%s", settings.config_file, error)
        return JSONResponse(
            {
                "error": {
                    "code": "config_write_failed",
                    "message": f"設定ファイル {settings.config_file} に書き込めません。"
                    "何も変更していません。",
                    "message_en": f"Cannot write the config file {settings.config_file}: {error}."
                    " Nothing was changed.",
                    "details": {"config_file": str(settings.config_file), "error": str(error)},
                }
            },
            status_code=500,
        )
    settings.devices = stored
    logger.info("device configuration saved file=%s staff=%s", settings.config_file, staff_code)

    service.replace_manager(DeviceManager(devices_config_from(stored, settings.data_dir)))
    return config.model_dump(mode="json")
