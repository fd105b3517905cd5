"""Device routes: status and print-job recovery (the no-sale drawer open is /cash/no-sale)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from backend.api.deps import ServicesDep
from backend.domain.errors import ErrorCode, PosError
from backend.printing.service import DeviceService

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
