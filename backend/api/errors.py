"""One place that turns errors into API responses with a stable code and both messages."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from backend.domain.errors import ErrorCode, PosError

logger = logging.getLogger(__name__)


def error_response(error: PosError) -> JSONResponse:
    return JSONResponse({"error": error.to_dict()}, status_code=error.http_status)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(PosError)
    async def _pos_error(request: Request, error: PosError) -> JSONResponse:
        logger.info("request refused path=%s code=%s", request.url.path, error.code.value)
        return error_response(error)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item['loc'][1:])}: {item['msg']}" for item in error.errors()
        )
        return error_response(PosError(ErrorCode.VALIDATION_FAILED, detail=problems))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        if error.status_code == 404:
            return error_response(PosError(ErrorCode.NOT_FOUND, what=request.url.path))
        return JSONResponse(
            {
                "error": {
                    "code": "http_error",
                    "message": str(error.detail),
                    "message_en": str(error.detail),
                    "details": {},
                }
            },
            status_code=error.status_code,
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        logger.exception("unexpected error path=%s", request.url.path)
        return error_response(PosError(ErrorCode.INTERNAL))
