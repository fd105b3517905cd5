"""Simulated scanner framing, drawer sensor and alarm, and the customer display bytes."""

from __future__ import annotations

import pytest

from devices.config import DisplayConfig, DrawerConfig, FrameSuffix, PrinterConfig, ScannerConfig
from devices.display import format_yen, to_display_text
from devices.drawer import Drawer, PrinterDrawerMechanism, SimulatedDrawerMechanism
from devices.errors import DeviceStateError
from devices.events import DataEvent, ErrorEvent, StatusKind, StatusUpdateEvent
from devices.scanner import FrameAssembler, SimulatedScanner
from devices.simulators import SimulatedDisplay, SimulatedPrinter


def _enabled_scanner(**settings) -> tuple[SimulatedScanner, list]:
    scanner = SimulatedScanner(ScannerConfig(**settings))
    events: list = []
    scanner.add_listener(events.append)
    scanner.open_claim_enable()
    return scanner, events


def _data(events) -> list[DataEvent]:
    return [event for event in events if isinstance(event, DataEvent)]


@pytest.mark.parametrize(
    ("suffix", "terminator"),
    [
        (FrameSuffix.CR, b"\r"),
        (FrameSuffix.LF, b"\n"),
        (FrameSuffix.CRLF, b"\r\n"),
        (FrameSuffix.ETX, b"\x03"),
    ],
)
def test_frames_split_on_each_suffix(suffix, terminator):
    assembler = FrameAssembler(suffix.terminator)

    assert assembler.feed(b"490123") == []
    assert assembler.feed(b"4567894" + terminator + b"12") == [b"4901234567894"]
    assert assembler.feed(b"3" + terminator) == [b"123"]


def test_overlong_frame_is_dropped():
    assembler = FrameAssembler(b"\r", max_frame_bytes=16)

    assert assembler.feed(b"x" * 20) == []
    assert assembler.dropped == 1
    assert assembler.feed(b"4901234567894\r") == [b"4901234567894"]


def test_simulated_scan_gives_one_data_event():
    scanner, events = _enabled_scanner()

    scanner.type_code("4901234567894")

    assert [(event.data, event.symbology) for event in _data(events)] == [("4901234567894", "jan13")]


def test_same_item_twice_gives_two_events():
    scanner, events = _enabled_scanner()

    scanner.type_code("4901234567894")
    scanner.type_code("4901234567894")

    assert [event.data for event in _data(events)] == ["4901234567894", "4901234567894"]


def test_aim_prefix_stripped_and_in_store_price_decoded():
    scanner, events = _enabled_scanner(aim_prefix=True)

    scanner.type_code("]E00212345012802")

    event = _data(events)[0]
    assert (event.data, event.item_code, event.embedded_price) == ("0212345012802", "0212345", 1280)


def test_bad_check_digit_gives_error_event_only():
    scanner, events = _enabled_scanner()

    scanner.type_code("4901234567890")

    assert _data(events) == []
    errors = [event for event in events if isinstance(event, ErrorEvent)]
    assert [(event.code, event.response.value) for event in errors] == [
        ("scanner_invalid_data", "continue_input")
    ]


def test_disabled_scanner_rejects_input():
    scanner = SimulatedScanner(ScannerConfig())
    scanner.open()

    with pytest.raises(DeviceStateError):
        scanner.type_code("4901234567894")


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _drawer(alarm_s: float = 30.0) -> tuple[Drawer, SimulatedDrawerMechanism, _Clock, list]:
    mechanism = SimulatedDrawerMechanism()
    clock = _Clock()
    drawer = Drawer(DrawerConfig(open_alarm_s=alarm_s), mechanism, clock=clock, monitor=False)
    events: list = []
    drawer.add_listener(events.append)
    drawer.open_claim_enable()
    return drawer, mechanism, clock, events


def _kinds(events) -> list[StatusKind]:
    return [event.kind for event in events if isinstance(event, StatusUpdateEvent)
            and event.kind is not StatusKind.STATE_CHANGED]


def test_drawer_open_close_events():
    drawer, mechanism, _clock, events = _drawer()
    drawer.poll()

    drawer.open_drawer()
    drawer.poll()
    mechanism.close_by_hand()
    drawer.poll()

    assert mechanism.kick_count == 1
    assert _kinds(events) == [StatusKind.DRAWER_OPENED, StatusKind.DRAWER_CLOSED]


def test_drawer_alarm_once_when_open_too_long():
    drawer, _mechanism, clock, events = _drawer(alarm_s=30)
    drawer.open_drawer()
    drawer.poll()

    clock.now = 29.9
    drawer.poll()
    clock.now = 30.0
    drawer.poll()
    clock.now = 45.0
    drawer.poll()

    assert _kinds(events) == [StatusKind.DRAWER_OPENED, StatusKind.DRAWER_OPEN_TOO_LONG]


def test_drawer_alarm_off_when_zero():
    drawer, _mechanism, clock, events = _drawer(alarm_s=0)
    drawer.open_drawer()
    drawer.poll()
    clock.now = 1000
    drawer.poll()

    assert _kinds(events) == [StatusKind.DRAWER_OPENED]


def test_drawer_via_printer_twenty_kicks():
    printer = SimulatedPrinter(PrinterConfig(drawer_pin=2, drawer_on_ms=200, drawer_off_ms=200))
    printer.open_claim_enable()
    drawer = Drawer(DrawerConfig(), PrinterDrawerMechanism(printer, DrawerConfig()), monitor=False)
    drawer.open_claim_enable()

    for _ in range(20):
        drawer.open_drawer()
        assert drawer.is_open() is True
        printer.model.close_drawer_by_hand()
        assert drawer.is_open() is False

    assert printer.model.kicks == [b"\x1bp\x00\x64\x64"] * 20


def test_display_item_and_change_lines():
    display = SimulatedDisplay(DisplayConfig())
    display.open_claim_enable()

    display.show_item("おにぎり 鮭", 150)
    item_lines = display.lines
    display.show_change(2000, 143)

    assert item_lines == ("ｵﾆｷﾞﾘ ?", "                ¥150")
    assert display.lines == ("ｵｱｽﾞｶﾘ        ¥2,000", "ｵﾂﾘ             ¥143")


def test_display_katakana_table_and_cursor():
    display = SimulatedDisplay(DisplayConfig())
    display.open_claim_enable()

    display.show_total(1080)

    writes = display.transport.writes  # type: ignore[attr-defined]
    assert writes[0] == b"\x1b@\x1bR\x08\x1bt\x01\x0c"
    assert writes[1] == (
        b"\x0c\x1f$\x01\x01" + "ｺﾞｳｹｲ".encode("cp932") + b"\x1f$\x01\x02" + b" " * 14 + b"\x5c1,080"
    )


def test_display_text_conversion():
    assert to_display_text("コーヒー ＡＢＣ１２３ ￥") == "ｺｰﾋｰ ABC123 ¥"
    assert format_yen(-100) == "-¥100"
