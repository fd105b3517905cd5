"""Staff PIN hashing with scrypt from the standard library.

A stored hash describes itself, ``scrypt$<n>$<r>$<p>$<salt base64>$<hash base64>``, so the
cost parameters can be raised later without breaking the hashes already stored.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
import unicodedata

SCHEME = "scrypt"
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
HASH_BYTES = 32

PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 8
_PIN = re.compile(rf"[0-9]{{{PIN_MIN_DIGITS},{PIN_MAX_DIGITS}}}")

# Limits on parameters read back from a stored hash, so a tampered row cannot make one
# sign-in allocate gigabytes (scrypt needs about 128 * n * r bytes).
_MAX_N = 2**20
_MAX_R = 32
_MAX_P = 16
_MAX_MEMORY = 256 * 1024 * 1024


class InvalidPinError(ValueError):
    """A PIN that is not 4 to 8 digits."""


class InvalidPinHashError(ValueError):
    """A stored PIN hash that is not in the ``scrypt$n$r$p$salt$hash`` format."""


def normalise_pin(pin: str) -> str:
    """Return the PIN with full-width digits turned into ASCII digits (NFKC).

    A keyboard with the Japanese input method on types full-width digits, and the cashier
    should not have to notice.
    """
    return unicodedata.normalize("NFKC", pin)


def validate_pin(pin: str) -> str:
    """Return the normalised PIN, or raise InvalidPinError unless it is 4 to 8 digits."""
    normalised = normalise_pin(pin)
    if not _PIN.fullmatch(normalised):
        raise InvalidPinError(
            f"暗証番号は {PIN_MIN_DIGITS}〜{PIN_MAX_DIGITS} 桁の数字です"
            f" / a PIN must be {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits"
        )
    return normalised


def _derive(pin: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(pin.encode("ascii"), salt=salt, n=n, r=r, p=p, maxmem=_MAX_MEMORY, dklen=length)


def hash_pin(pin: str) -> str:
    """Hash a 4 to 8 digit PIN with a new random salt; raise InvalidPinError otherwise."""
    normalised = validate_pin(pin)
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _derive(normalised, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, HASH_BYTES)
    salt_text = base64.b64encode(salt).decode("ascii")
    digest_text = base64.b64encode(digest).decode("ascii")
    return f"{SCHEME}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt_text}${digest_text}"


def _parse_stored(stored: str) -> tuple[int, int, int, bytes, bytes]:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        raise InvalidPinHashError("stored PIN hash is not in the scrypt$n$r$p$salt$hash format")
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error) as error:
        raise InvalidPinHashError(f"stored PIN hash has an invalid field: {error}") from error
    power_of_two = n > 1 and n & (n - 1) == 0
    if not power_of_two or n > _MAX_N or not 1 <= r <= _MAX_R or not 1 <= p <= _MAX_P:
        raise InvalidPinHashError(f"stored PIN hash has unsupported scrypt parameters n={n} r={r} p={p}")
    if not salt or not 16 <= len(digest) <= 64:
        raise InvalidPinHashError("stored PIN hash has an empty salt or a hash not 16 to 64 bytes long")
    return n, r, p, salt, digest


def is_pin_hash(stored: str) -> bool:
    """Check that a string is a PIN hash this module can verify."""
    try:
        _parse_stored(stored)
    except InvalidPinHashError:
        return False
    return True


def verify_pin(pin: str, stored: str) -> bool:
    """Check a PIN against a stored hash in constant time.

    A PIN that is not 4 to 8 digits returns False, because no stored hash can match it.
    A stored value that is not a hash of this module raises InvalidPinHashError.
    """
    n, r, p, salt, expected = _parse_stored(stored)
    try:
        normalised = validate_pin(pin)
    except InvalidPinError:
        return False
    actual = _derive(normalised, salt, n, r, p, len(expected))
    return hmac.compare_digest(actual, expected)
