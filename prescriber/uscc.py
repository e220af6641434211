"""统一社会信用代码 (unified social credit code, GB 32100-2015): structure and check digit.

Position 18 is a MOD 31 check character over positions 1–17 (GB/T 17710): with the alphabet
``0123456789ABCDEFGHJKLMNPQRTUWXY`` (no I, O, Z, S, V), weights ``3**(i-1) mod 31`` and
``C18 = alphabet[(31 - S mod 31) mod 31]``.
"""

from __future__ import annotations

import re

from prescriber.codes import Phrase, phrases

__all__ = ["ALPHABET", "check_character", "reason", "validate"]

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def check_character(first17: str) -> str:
    """The check character for the first 17 characters of a code."""
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate(code: str) -> str | None:
    """Return ``None`` if ``code`` is a well-formed code with a correct check character, else the
    reason in plain Chinese."""
    said = reason(code)
    return said.zh if said is not None else None


def reason(code: str) -> Phrase | None:
    """Why ``code`` is not a well-formed code with a correct check character (Chinese and English), or
    ``None``."""
    if len(code) != 18:
        return phrases.USCC_LENGTH.fill(length=len(code))
    bad = sorted({c for c in code if c not in ALPHABET})
    if bad:
        return phrases.USCC_CHARACTERS.fill(bad="".join(bad))
    if not _SHAPE.match(code):
        return phrases.USCC_REGION
    expected = check_character(code[:17])
    if code[17] != expected:
        return phrases.USCC_CHECK.fill(expected=expected, found=code[17])
    return None
