"""Device routes: status and print-job recovery (the no-sale drawer open is /cash/no-sale)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from backend.api.deps import ServicesDep
from backend.domain.errors import ErrorCode, PosError
from backend.domain.receipt import document_to_dict
from backend.printing.service import DeviceService
from devices.test_page import build_test_page

router = APIRouter(prefix="/devices", tags=["devices"])


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
