"""统一社会信用代码 (unified social credit code, GB 32100-2015): structure and check digit.

Position 18 is a MOD 31 check character over positions 1–17 (GB/T 17710): with the alphabet
``0123456789ABCDEFGHJKLMNPQRTUWXY`` (no I, O, Z, S, V), weights ``3**(i-1) mod 31`` and
``C18 = alphabet[(31 - S mod 31) mod 31]``.
"""

from __future__ import annotations

import re

__all__ = ["ALPHABET", "check_character", "validate"]

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
    if len(code) != 18:
        return f"应为 18 位，实际 {len(code)} 位"
    bad = sorted({c for c in code if c not in ALPHABET})
    if bad:
        return f"含有不允许的字符 {''.join(bad)}（代码不使用字母 I、O、Z、S、V 和小写字母）"
    if not _SHAPE.match(code):
        return "第 3–8 位应为行政区划数字代码"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"校验位错误：第 18 位应为 {expected}，实际为 {code[17]}"
    return None
