from __future__ import annotations

import base64
import hashlib

import pytest

from backend.masterdata.pins import (
    InvalidPinError,
    InvalidPinHashError,
    hash_pin,
    is_pin_hash,
    verify_pin,
)


def test_hash_format_is_self_describing() -> None:
    stored = hash_pin("1234")
    scheme, n, r, p, salt, digest = stored.split("$")
    assert scheme == "scrypt"
    assert (n, r, p) == ("16384", "8", "1")
    assert len(base64.b64decode(salt)) == 16
    assert len(base64.b64decode(digest)) == 32


def test_verify_accepts_right_pin() -> None:
    stored = hash_pin("0000")
    assert verify_pin("0000", stored) is True


def test_verify_rejects_wrong_pin() -> None:
    stored = hash_pin("1234")
    assert verify_pin("1235", stored) is False
    assert verify_pin("12345", stored) is False


def test_same_pin_gets_different_salts() -> None:
    first = hash_pin("9999")
    second = hash_pin("9999")
    assert first != second
    assert verify_pin("9999", first) is True
    assert verify_pin("9999", second) is True


def test_full_width_pin_matches_ascii() -> None:
    stored = hash_pin("1234")
    assert verify_pin("１２３４", stored) is True


def test_verify_reads_hash_made_elsewhere() -> None:
    salt = bytes(range(16))
    digest = hashlib.scrypt(b"24680", salt=salt, n=2**14, r=8, p=1, dklen=32)
    stored = f"scrypt$16384$8$1${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"
    assert verify_pin("24680", stored) is True
    assert verify_pin("24681", stored) is False


@pytest.mark.parametrize("pin", ["", "123", "123456789", "12a4", "12 34", "-1234", "1234\n"])
def test_hash_rejects_malformed_pin(pin: str) -> None:
    with pytest.raises(InvalidPinError, match="4 to 8 digits"):
        hash_pin(pin)


def test_verify_returns_false_for_malformed_pin() -> None:
    stored = hash_pin("1234")
    assert verify_pin("123", stored) is False
    assert verify_pin("abcd", stored) is False


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "1234",
        "bcrypt$16384$8$1$AAAA$AAAA",
        "scrypt$16384$8$1$not base64!$AAAA",
        "scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44,
        "scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44,
    ],
)
def test_verify_raises_on_malformed_hash(stored: str) -> None:
    assert is_pin_hash(stored) is False
    with pytest.raises(InvalidPinHashError):
        verify_pin("1234", stored)
