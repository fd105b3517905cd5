"""Keyboard-wedge detection: fast bursts ending in Enter are scans, typing passes on."""

from __future__ import annotations

from devices.wedge import ENTER, WedgeDecoder


def _type(decoder: WedgeDecoder, text: str, start_ms: float, gap_ms: float):
    outputs = []
    time_ms = start_ms
    for char in text:
        outputs.append(decoder.feed(char, time_ms))
        time_ms += gap_ms
    outputs.append(decoder.feed(ENTER, time_ms))
    return outputs


def test_fast_burst_with_enter_is_one_scan():
    decoder = WedgeDecoder(max_key_gap_ms=50, min_length=4)

    outputs = _type(decoder, "4901234567894", 1000, 8)

    assert [output.scan for output in outputs if output.scan] == ["4901234567894"]
    assert "".join(output.typed for output in outputs) == ""


def test_full_width_digits_from_ime_are_normalised():
    decoder = WedgeDecoder()

    outputs = _type(decoder, "４９０１２３４５６７８９４", 0, 5)

    assert outputs[-1].scan == "4901234567894"


def test_ime_commit_string_counts_as_keys():
    decoder = WedgeDecoder()

    decoder.feed("４９０１２３", 0)
    last = decoder.feed("４５６７８９４", 10)
    scan = decoder.feed(ENTER, 20)

    assert last.scan is None
    assert scan.scan == "4901234567894"


def test_slow_typing_is_passed_on_as_typing():
    decoder = WedgeDecoder(max_key_gap_ms=50)

    outputs = _type(decoder, "123", 0, 200)

    assert all(output.scan is None for output in outputs)
    assert "".join(output.typed for output in outputs) == "123"
    assert outputs[-1].enter_typed is True


def test_short_fast_burst_is_typing_not_a_scan():
    decoder = WedgeDecoder(max_key_gap_ms=50, min_length=4)

    outputs = _type(decoder, "12", 0, 5)

    assert outputs[-1].scan is None
    assert outputs[-1].typed == "12"


def test_flush_releases_held_keys_after_the_gap():
    decoder = WedgeDecoder(max_key_gap_ms=50)
    decoder.feed("a", 0)

    assert decoder.flush(30).typed == ""
    assert decoder.flush(80).typed == "a"


def test_two_scans_of_same_item_give_two_scans():
    decoder = WedgeDecoder()

    first = _type(decoder, "4901234567894", 0, 5)
    second = _type(decoder, "4901234567894", 1000, 5)

    assert [first[-1].scan, second[-1].scan] == ["4901234567894", "4901234567894"]


def test_typing_then_scan_keeps_both():
    decoder = WedgeDecoder(max_key_gap_ms=50)
    typed = decoder.feed("x", 0)
    outputs = _type(decoder, "4901234567894", 500, 5)

    assert typed.typed == ""
    assert outputs[0].typed == "x"
    assert outputs[-1].scan == "4901234567894"
