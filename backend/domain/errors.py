"""Error codes and the one catalogue of messages shown to cashiers.

Every rejected operation in OpenRegi raises a :class:`PosError` carrying a stable
:class:`ErrorCode` and the values that caused it. The API sends the code, both messages and
the values, and the Qt app shows the message in the cashier's language. Each message states
what was wrong and what to do next.
"""

from __future__ import annotations

import enum
from typing import Any


class ErrorCode(enum.StrEnum):
    # request and authentication
    UNAUTHORIZED = "unauthorized"
    HOST_NOT_ALLOWED = "host_not_allowed"
    VALIDATION_FAILED = "validation_failed"
    NOT_FOUND = "not_found"
    INTERNAL = "internal_error"
    # sale engine
    ITEM_NOT_FOUND = "item_not_found"
    ITEM_INACTIVE = "item_inactive"
    INVALID_BARCODE = "invalid_barcode"
    CART_NOT_FOUND = "cart_not_found"
    CART_STATE = "operation_not_allowed_in_state"
    CART_CONFLICT = "cart_conflict"
    LINE_NOT_FOUND = "line_not_found"
    LINE_VOIDED = "line_already_voided"
    INVALID_QUANTITY = "invalid_quantity"
    INVALID_PRICE = "invalid_price"
    INVALID_DISCOUNT = "invalid_discount"
    DISCOUNT_TOO_LARGE = "discount_exceeds_amount"
    TENDER_UNKNOWN = "tender_unknown"
    TENDER_INVALID_AMOUNT = "tender_invalid_amount"
    TENDER_OVERPAYMENT = "tender_overpayment_not_allowed"
    ALREADY_PAID = "already_fully_paid"
    NOT_FULLY_PAID = "not_fully_paid"
    EMPTY_CART = "cart_empty"
    TENDER_NOT_FOUND = "tender_not_found"
    IDEMPOTENCY_CONFLICT = "idempotency_key_conflict"
    # master data
    MASTER_IMPORT_FAILED = "master_import_failed"
    SETTINGS_INVALID = "settings_invalid"
    # terminal lifecycle, staff, approvals
    TERMINAL_NOT_OPEN = "terminal_not_open"
    TERMINAL_ALREADY_OPEN = "terminal_already_open"
    NOT_SIGNED_IN = "not_signed_in"
    TRAINING_MODE_OFF = "training_mode_off"
    SIGN_IN_FAILED = "sign_in_failed"
    PIN_LOCKED = "pin_attempts_locked"
    PERMISSION_REQUIRED = "permission_required"
    APPROVAL_FAILED = "approval_failed"
    TRANSACTION_NOT_FOUND = "transaction_not_found"
    ALREADY_VOIDED = "transaction_already_voided"
    RETURN_EXCEEDS_SOLD = "return_exceeds_sold"
    SUSPENDED_NOT_FOUND = "suspended_sale_not_found"
    SUSPENDED_TAKEN = "suspended_sale_already_resumed"
    REASON_UNKNOWN = "reason_unknown"
    SUSPENDED_PENDING = "suspended_sales_pending"
    # devices
    DEVICE_FAULT = "device_fault"
    PRINTER_FAULT = "printer_fault"
    DRAWER_NOT_ALLOWED = "drawer_open_not_allowed"


_MESSAGES: dict[ErrorCode, tuple[str, str]] = {
    ErrorCode.UNAUTHORIZED: (
        "起動時のトークンがないか、正しくありません。Authorization: Bearer <トークン> を付けてください"
        "（レジのアプリでこの表示が出たときは、アプリを再起動してください）。",
        "The request has no valid launch token. Send Authorization: Bearer <token> with the token"
        " printed at start (if the register app shows this, restart the app).",
    ),
    ErrorCode.HOST_NOT_ALLOWED: (
        "ホスト {host} への接続は許可されていません。",
        "Requests for host {host} are not allowed.",
    ),
    ErrorCode.VALIDATION_FAILED: (
        "入力内容が正しくありません: {detail}",
        "The request is invalid: {detail}",
    ),
    ErrorCode.NOT_FOUND: ("見つかりません: {what}", "Not found: {what}"),
    ErrorCode.INTERNAL: (
        "内部エラーが発生しました。ログを確認してください。",
        "An internal error occurred. Check the log.",
    ),
    ErrorCode.ITEM_NOT_FOUND: (
        "商品コード {code} は登録されていません。コードを確認してください。",
        "Item code {code} is not registered. Check the code.",
    ),
    ErrorCode.ITEM_INACTIVE: (
        "商品コード {code} は販売停止中です。",
        "Item {code} is not on sale.",
    ),
    ErrorCode.INVALID_BARCODE: (
        "バーコード {code} のチェックデジットが正しくありません。再スキャンしてください。",
        "Barcode {code} has a wrong check digit. Scan it again.",
    ),
    ErrorCode.CART_NOT_FOUND: ("取引 {cart_id} が見つかりません。", "Sale {cart_id} not found."),
    ErrorCode.CART_STATE: (
        "現在の状態（{state}）では「{operation}」はできません。",
        "'{operation}' is not allowed while the sale is {state}.",
    ),
    ErrorCode.CART_CONFLICT: (
        "取引が他の操作で更新されました。もう一度お試しください。",
        "The sale was changed by another request. Try again.",
    ),
    ErrorCode.LINE_NOT_FOUND: (
        "明細 {line} はありません。",
        "Line {line} does not exist.",
    ),
    ErrorCode.LINE_VOIDED: ("明細 {line} は取消済みです。", "Line {line} is already voided."),
    ErrorCode.INVALID_QUANTITY: (
        "数量 {quantity} は使えません。1〜{maximum} を入力してください。",
        "Quantity {quantity} is invalid. Enter 1 to {maximum}.",
    ),
    ErrorCode.INVALID_PRICE: (
        "価格 {price} は使えません。1 円から {maximum:,} 円までの金額を入力してください。",
        "Price {price} is invalid. Enter an amount from 1 to {maximum:,} yen.",
    ),
    ErrorCode.INVALID_DISCOUNT: (
        "値引 {value} は使えません: {detail}",
        "Discount {value} is invalid: {detail}",
    ),
    ErrorCode.DISCOUNT_TOO_LARGE: (
        "値引額 {discount} 円が対象金額 {amount} 円を超えています。",
        "Discount of {discount} yen exceeds the amount of {amount} yen.",
    ),
    ErrorCode.TENDER_UNKNOWN: (
        "支払方法 {tender} は使えません。",
        "Tender {tender} is not available.",
    ),
    ErrorCode.TENDER_INVALID_AMOUNT: (
        "支払金額 {amount} は使えません。1 円から 99,999,999 円までで入力してください。",
        "Tender amount {amount} is invalid. Enter 1 to 99,999,999 yen.",
    ),
    ErrorCode.TENDER_OVERPAYMENT: (
        "{tender} では残額 {remaining} 円を超えて支払えません。",
        "{tender} cannot pay more than the remaining {remaining} yen.",
    ),
    ErrorCode.ALREADY_PAID: (
        "支払いは完了しています。会計してください。",
        "The sale is fully paid. Complete it.",
    ),
    ErrorCode.NOT_FULLY_PAID: (
        "残額 {remaining} 円が未払いです。",
        "{remaining} yen is still due.",
    ),
    ErrorCode.EMPTY_CART: ("商品が登録されていません。", "The sale has no items."),
    ErrorCode.TENDER_NOT_FOUND: ("支払 {index} はありません。", "Tender {index} does not exist."),
    ErrorCode.IDEMPOTENCY_CONFLICT: (
        "同じ会計キーが別の取引で使われています。",
        "The completion key was already used for another sale.",
    ),
    ErrorCode.MASTER_IMPORT_FAILED: (
        "マスタの取込に失敗しました（{count} 件のエラー）。何も取り込んでいません。",
        "Master import failed with {count} errors. Nothing was imported.",
    ),
    ErrorCode.SETTINGS_INVALID: ("設定が正しくありません: {detail}", "Invalid settings: {detail}"),
    ErrorCode.TERMINAL_NOT_OPEN: (
        "レジが開局されていません。開局してください。",
        "The terminal is not open. Open it first.",
    ),
    ErrorCode.TERMINAL_ALREADY_OPEN: ("レジは開局済みです。", "The terminal is already open."),
    ErrorCode.NOT_SIGNED_IN: (
        "担当者がサインインしていません。",
        "No staff member is signed in.",
    ),
    ErrorCode.TRAINING_MODE_OFF: (
        "トレーニングモードではないため、練習用の取引は作れません。先にトレーニングモードをオンにしてください。",
        "Training mode is off, so a training sale cannot be started. Switch training mode on first.",
    ),
    ErrorCode.SIGN_IN_FAILED: (
        "担当者コードまたは暗証番号が違います。",
        "Wrong staff code or PIN.",
    ),
    ErrorCode.PIN_LOCKED: (
        "暗証番号の誤りが多すぎます。{seconds} 秒後に再度お試しください。",
        "Too many wrong PINs. Try again in {seconds} seconds.",
    ),
    ErrorCode.PERMISSION_REQUIRED: (
        "「{label}」には責任者の承認が必要です。",
        "'{permission}' needs a supervisor's approval.",
    ),
    ErrorCode.APPROVAL_FAILED: (
        "承認できません: {detail}",
        "Approval failed: {detail}",
    ),
    ErrorCode.TRANSACTION_NOT_FOUND: (
        "取引 {reference} が見つかりません。",
        "Transaction {reference} not found.",
    ),
    ErrorCode.ALREADY_VOIDED: (
        "取引 {reference} は取消済みです。",
        "Transaction {reference} is already voided.",
    ),
    ErrorCode.RETURN_EXCEEDS_SOLD: (
        "明細 {line} の返品可能数は {available} です。",
        "Line {line} has only {available} left to return.",
    ),
    ErrorCode.SUSPENDED_NOT_FOUND: (
        "保留取引 {reference} がありません。",
        "Suspended sale {reference} not found.",
    ),
    ErrorCode.SUSPENDED_TAKEN: (
        "保留取引 {reference} は他のレジで呼び出されました。",
        "Suspended sale {reference} was resumed on another register.",
    ),
    ErrorCode.REASON_UNKNOWN: ("理由 {reason} は登録されていません。", "Reason {reason} is not configured."),
    ErrorCode.SUSPENDED_PENDING: (
        "保留中の取引が {count} 件あります。処理してから精算してください。",
        "{count} suspended sales are pending. Resolve them before the Z report.",
    ),
    ErrorCode.DEVICE_FAULT: ("機器エラー: {detail}", "Device fault: {detail}"),
    ErrorCode.PRINTER_FAULT: (
        "プリンタエラー: {detail}",
        "Printer fault: {detail}",
    ),
    ErrorCode.DRAWER_NOT_ALLOWED: (
        "ドロアを開けるには承認が必要です。",
        "Opening the drawer needs approval.",
    ),
}

HTTP_STATUS: dict[ErrorCode, int] = {
    ErrorCode.UNAUTHORIZED: 401,
    ErrorCode.HOST_NOT_ALLOWED: 400,
    ErrorCode.VALIDATION_FAILED: 422,
    ErrorCode.TRAINING_MODE_OFF: 409,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.INTERNAL: 500,
    ErrorCode.ITEM_NOT_FOUND: 404,
    ErrorCode.CART_NOT_FOUND: 404,
    ErrorCode.TRANSACTION_NOT_FOUND: 404,
    ErrorCode.SUSPENDED_NOT_FOUND: 404,
    ErrorCode.CART_CONFLICT: 409,
    ErrorCode.CART_STATE: 409,
    ErrorCode.IDEMPOTENCY_CONFLICT: 409,
    ErrorCode.SUSPENDED_TAKEN: 409,
    ErrorCode.SIGN_IN_FAILED: 401,
    ErrorCode.PIN_LOCKED: 429,
    ErrorCode.PERMISSION_REQUIRED: 403,
    ErrorCode.APPROVAL_FAILED: 403,
    ErrorCode.DRAWER_NOT_ALLOWED: 403,
    ErrorCode.PRINTER_FAULT: 503,
    ErrorCode.DEVICE_FAULT: 503,
}


# Japanese words for the values some errors name in English (a cart's state, the operation).
_JAPANESE_VALUES: dict[str, dict[str, str]] = {
    "state": {
        "idle": "未登録",
        "entering": "商品登録中",
        "paying": "支払中",
        "paying with tenders": "支払の入力後",
        "completed": "会計済み",
        "cancelled": "中止済み",
        "suspended": "保留中",
    },
    "operation": {
        "new sale": "新しい取引",
        "add item": "商品登録",
        "change quantity": "数量変更",
        "price override": "売価変更",
        "line void": "明細取消",
        "line discount": "単品値引",
        "subtotal": "小計",
        "return to item entry": "商品登録に戻る",
        "subtotal discount": "小計値引",
        "tender": "支払",
        "remove tender": "支払の取消",
        "cancel": "取引中止",
        "complete": "会計",
        "suspend": "保留",
        "resume": "呼出",
        "cancel suspended": "保留の取消",
    },
}


class _SafeFormat(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render_message(code: ErrorCode, language: str, params: dict[str, Any]) -> str:
    """Return the message for a code in "ja" or "en", filled with the error's values.

    In Japanese, a value ``name_ja`` (a Japanese wording of ``detail``, say) takes the
    place of ``name``.
    """
    japanese, english = _MESSAGES.get(code, (code.value, code.value))
    if language.startswith("ja"):
        words = {
            key: _JAPANESE_VALUES[key].get(value, value)
            for key, value in params.items()
            if key in _JAPANESE_VALUES and isinstance(value, str)
        }
        wordings = {key.removesuffix("_ja"): value for key, value in params.items() if key.endswith("_ja")}
        return japanese.format_map(_SafeFormat({**params, **words, **wordings}))
    return english.format_map(_SafeFormat(params))


class PosError(Exception):
    """A refused operation with a stable code and the values that caused it."""

    def __init__(self, error_code: ErrorCode, /, **params: Any) -> None:
        self.code = error_code
        self.params = params
        super().__init__(render_message(error_code, "en", params))

    @property
    def http_status(self) -> int:
        return HTTP_STATUS.get(self.code, 400)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code.value,
            "message": render_message(self.code, "ja", self.params),
            "message_en": render_message(self.code, "en", self.params),
            "details": {key: _jsonable(value) for key, value in self.params.items()},
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, str | int | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    return str(value)
