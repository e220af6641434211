"""Display width of text in a terminal (a CJK character takes two columns), via ``wcwidth``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from wcwidth import wcswidth, wcwidth

__all__ = ["clip", "pad", "rows", "width"]


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal."""
    w = wcswidth(text)
    return w if w >= 0 else sum(max(wcwidth(c), 0) for c in text)


def clip(text: str, columns: int) -> str:
    """``text`` cut to ``columns`` display columns, with an ellipsis when cut."""
    if width(text) <= columns:
        return text
    out, used = "", 0
    for ch in text:
        w = max(wcwidth(ch), 0)
        if used + w > columns - 1:
            break
        out, used = out + ch, used + w
    return out + "…"


def pad(text: str, columns: int) -> str:
    """``text`` padded with spaces to ``columns`` display columns (clipped if longer)."""
    text = clip(text, columns)
    return text + " " * (columns - width(text))


def rows(values: Sequence[Sequence[Any]], widths: Sequence[int]) -> str:
    """Aligned rows; the last column is not padded."""
    out = []
    for row in values:
        cells = [pad(str(v), w) for v, w in zip(row[:-1], widths, strict=False)] + [str(row[-1])]
        out.append(" ".join(cells).rstrip() + "\n")
    return "".join(out)
