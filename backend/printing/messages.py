"""Plain-language messages for device faults, shown by the UI (Japanese and English)."""

from __future__ import annotations

from devices.errors import DeviceErrorCode

FAULT_MESSAGES: dict[str, tuple[str, str]] = {
    DeviceErrorCode.PRINTER_PAPER_END: (
        "用紙がありません。ロール紙をセットしてください。レシートは自動で印刷されます。",
        "The printer is out of paper. Load a new roll; the receipt then prints by itself.",
    ),
    DeviceErrorCode.PRINTER_COVER_OPEN: (
        "プリンタのカバーが開いています。カバーを閉じてください。",
        "The printer cover is open. Close it.",
    ),
    DeviceErrorCode.PRINTER_OFFLINE: (
        "プリンタがオフラインです。電源とケーブルを確認してください。",
        "The printer is offline. Check its power and cable.",
    ),
    DeviceErrorCode.PRINTER_HARDWARE_ERROR: (
        "プリンタのエラーです（カッターなど）。プリンタを確認してください。",
        "The printer reports an error (cutter or mechanism). Check the printer.",
    ),
    DeviceErrorCode.DEVICE_IO_FAILED: (
        "機器と通信できません。接続を確認してください。",
        "The device does not respond. Check its connection.",
    ),
    DeviceErrorCode.DEVICE_NOT_ENABLED: (
        "機器が使用できません。機器の設定を確認してください。",
        "The device is not available. Check the device settings.",
    ),
    "print_interrupted": (
        "印刷中に停止しました。レシートを確認し、再印刷または取消を選んでください。",
        "Printing stopped part-way. Check the receipt, then reprint or clear the job.",
    ),
}


def fault_message(code: str) -> dict[str, str]:
    japanese, english = FAULT_MESSAGES.get(code, (f"機器エラー: {code}", f"Device fault: {code}"))
    return {"code": code, "message": japanese, "message_en": english}
