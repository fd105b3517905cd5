"""Rewrite the golden byte files on purpose: python -m tests.devices.regenerate_golden

Run it only after a deliberate change to the encoders, then review the diff of the
.txt previews and commit the new files with the change. The receipts use the built-in
logo, so a resources/receipt_logo.png added later changes the golden logo bytes.
"""

from __future__ import annotations

from pathlib import Path

from devices.config import PrinterConfig, PrinterDialect
from devices.dialects import encode_receipt
from devices.text_render import render_text
from tests.devices.receipts import SAMPLES

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
DIALECTS = (PrinterDialect.EPSON_JP, PrinterDialect.STAR_LINE, PrinterDialect.STARPRNT)
PAPERS = ((80, 48), (58, 32))


def golden_cases() -> list[tuple[str, PrinterConfig]]:
    """Return (file stem, printer config) for every golden file."""
    cases = []
    for sample in SAMPLES:
        for dialect in DIALECTS:
            for paper_mm, columns in PAPERS:
                config = PrinterConfig(dialect=dialect, paper_mm=paper_mm, columns=columns)
                cases.append((f"{sample}-{dialect.value}-{paper_mm}mm", config))
    return cases


def main() -> int:
    GOLDEN_DIR.mkdir(exist_ok=True)
    for stem, config in golden_cases():
        sample = SAMPLES[stem.split("-")[0]]()
        (GOLDEN_DIR / f"{stem}.bin").write_bytes(encode_receipt(sample, config))
    for name, factory in SAMPLES.items():
        for paper_mm, columns in PAPERS:
            text = render_text(factory(), columns)
            (GOLDEN_DIR / f"{name}-{paper_mm}mm.txt").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
