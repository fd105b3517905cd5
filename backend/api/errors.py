"""One place that turns errors into API responses with a stable code and both messages."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from backend.domain.errors import ErrorCode, PosError

logger = logging.getLogger(__name__)


# Japanese wording of pydantic's error types, filled from the error's context. Types not
# listed here are shown as "値が正しくありません" with pydantic's English message.
_JAPANESE_PROBLEMS: dict[str, str] = {
    "missing": "必須の項目です",
    "extra_forbidden": "この項目は指定できません",
    "string_type": "文字列で指定してください",
    "string_too_short": "{min_length} 文字以上で指定してください",
    "string_too_long": "{max_length} 文字以内で指定してください",
    "string_pattern_mismatch": "形式が正しくありません",
    "int_type": "整数で指定してください",
    "int_parsing": "整数で指定してください",
    "int_from_float": "小数は使えません。整数で指定してください",
    "bool_type": "true か false で指定してください",
    "bool_parsing": "true か false で指定してください",
    "greater_than": "{gt} より大きい値を指定してください",
    "greater_than_equal": "{ge} 以上の値を指定してください",
    "less_than": "{lt} より小さい値を指定してください",
    "less_than_equal": "{le} 以下の値を指定してください",
    "enum": "次のいずれかを指定してください: {expected}",
    "literal_error": "次のいずれかを指定してください: {expected}",
    "list_type": "リストで指定してください",
    "dict_type": "オブジェクトで指定してください",
    "model_attributes_type": "オブジェクトで指定してください",
    "json_invalid": "JSON として読み取れません",
    "date_from_datetime_parsing": "日付は YYYY-MM-DD の形式で指定してください",
    "date_parsing": "日付は YYYY-MM-DD の形式で指定してください",
}


# Japanese messages for the HTTP errors Starlette raises before a route runs.
_JAPANESE_HTTP_ERRORS: dict[int, str] = {
    400: "リクエストの本文を読み取れません。UTF-8 の JSON で送ってください。",
    405: "この URL ではメソッド {method} は使えません。",
    413: "リクエストの本文が大きすぎます。",
}


def japanese_problem(item: Mapping[str, Any]) -> str:
    """Word one pydantic validation error in Japanese."""
    template = _JAPANESE_PROBLEMS.get(str(item.get("type")))
    if template is None:
        return f"値が正しくありません（{item.get('msg')}）"
    context = {key: str(value) for key, value in (item.get("ctx") or {}).items()}
    if "expected" in context:  # pydantic lists choices as "'a', 'b' or 'c'"
        context["expected"] = context["expected"].replace(" or ", ", ")
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return f"値が正しくありません（{item.get('msg')}）"


def _field_of(item: Mapping[str, Any], language: str) -> str:
    """Name the request field of a validation error: its location without body/query, or
    the request body itself (with the character position of invalid JSON)."""
    location = item["loc"]
    if item.get("type") == "json_invalid" and len(location) > 1:
        return f"本文の {location[1]} 文字目" if language == "ja" else f"body at character {location[1]}"
    if len(location) <= 1:
        return "本文" if language == "ja" else "body"
    return ".".join(str(part) for part in location[1:])


def error_response(error: PosError) -> JSONResponse:
    return JSONResponse({"error": error.to_dict()}, status_code=error.http_status)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(PosError)
    async def _pos_error(request: Request, error: PosError) -> JSONResponse:
        logger.info("request refused path=%s code=%s", request.url.path, error.code.value)
        return error_response(error)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, error: RequestValidationError) -> JSONResponse:
        items = error.errors()
        problems = "; ".join(f"{_field_of(item, 'en')}: {item['msg']}" for item in items)
        problems_ja = "; ".join(f"{_field_of(item, 'ja')}: {japanese_problem(item)}" for item in items)
        return error_response(PosError(ErrorCode.VALIDATION_FAILED, detail=problems, detail_ja=problems_ja))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        if error.status_code == 404:
            return error_response(PosError(ErrorCode.NOT_FOUND, what=request.url.path))
        japanese = _JAPANESE_HTTP_ERRORS.get(error.status_code, str(error.detail))
        return JSONResponse(
            {
                "error": {
                    "code": "http_error",
                    "message": japanese.format(method=request.method),
                    "message_en": str(error.detail),
                    "details": {"status": error.status_code},
                }
            },
            status_code=error.status_code,
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        logger.exception("unexpected error path=%s", request.url.path)
        return error_response(PosError(ErrorCode.INTERNAL))
