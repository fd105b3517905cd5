"""Preview files of the simulated printer: numbering continues across printers on one folder."""

from __future__ import annotations

from pathlib import Path

from backend.domain.receipt import ReceiptDocument, Text
from devices.config import PrinterConfig
from devices.simulators import SimulatedPrinter, highest_preview_number

FIRST = ReceiptDocument((Text("おにぎり 鮭 ※"), Text("合計 ¥150")))
SECOND = ReceiptDocument((Text("ビール 350ml"), Text("合計 ¥228")))
THIRD = ReceiptDocument((Text("幕の内弁当 ※"), Text("合計 ¥598")))


def _printer(output_dir: Path) -> SimulatedPrinter:
    printer = SimulatedPrinter(PrinterConfig(simulator_output_dir=str(output_dir)))
    printer.open_claim_enable()
    return printer


def _text_of(output_dir: Path, number: int) -> str:
    return (output_dir / f"receipt-{number:04d}.txt").read_text(encoding="utf-8")


def _numbers(output_dir: Path, suffix: str) -> list[str]:
    return sorted(path.name for path in output_dir.glob(f"*{suffix}"))


def test_second_printer_continues_numbering(tmp_path: Path):
    first = _printer(tmp_path)
    first.print_document(FIRST)
    first.print_document(SECOND)
    first.close()

    second = _printer(tmp_path)
    second.print_document(THIRD)

    assert _numbers(tmp_path, ".bin") == ["receipt-0001.bin", "receipt-0002.bin", "receipt-0003.bin"]
    assert _numbers(tmp_path, ".txt") == ["receipt-0001.txt", "receipt-0002.txt", "receipt-0003.txt"]
    assert "おにぎり 鮭 ※" in _text_of(tmp_path, 1)
    assert "ビール 350ml" in _text_of(tmp_path, 2)
    assert "幕の内弁当 ※" in _text_of(tmp_path, 3)
    assert (tmp_path / "receipt-0002.bin").read_bytes() == first.encoder.encode(SECOND)
    assert (tmp_path / "receipt-0003.bin").read_bytes() == second.encoder.encode(THIRD)


def test_printers_interleaved_on_one_folder(tmp_path: Path):
    first = _printer(tmp_path)
    second = _printer(tmp_path)

    first.print_document(FIRST)
    second.print_document(SECOND)
    first.print_document(THIRD)

    assert _numbers(tmp_path, ".bin") == ["receipt-0001.bin", "receipt-0002.bin", "receipt-0003.bin"]
    assert "おにぎり 鮭 ※" in _text_of(tmp_path, 1)
    assert "ビール 350ml" in _text_of(tmp_path, 2)
    assert "幕の内弁当 ※" in _text_of(tmp_path, 3)


def test_numbering_starts_after_highest_file(tmp_path: Path):
    (tmp_path / "receipt-0007.bin").write_bytes(b"old")
    (tmp_path / "receipt-0041.png").write_bytes(b"old")
    (tmp_path / "receipt-0999.log").write_text("not a preview", encoding="utf-8")
    (tmp_path / "receipt-draft.txt").write_text("not a preview", encoding="utf-8")

    printer = _printer(tmp_path)
    printer.print_document(FIRST)

    assert (tmp_path / "receipt-0042.bin").read_bytes() == printer.encoder.encode(FIRST)
    assert (tmp_path / "receipt-0007.bin").read_bytes() == b"old"
    assert (tmp_path / "receipt-0041.png").read_bytes() == b"old"


def test_highest_preview_number_cases(tmp_path: Path):
    assert highest_preview_number(tmp_path / "missing") == 0
    assert highest_preview_number(tmp_path) == 0

    (tmp_path / "receipt-0009.txt").write_text("", encoding="utf-8")
    (tmp_path / "receipt-10000.bin").write_bytes(b"")
    (tmp_path / "receipt-0123.bin.tmp").write_bytes(b"")

    assert highest_preview_number(tmp_path) == 10000
