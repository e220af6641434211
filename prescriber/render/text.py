"""Display width of text in a terminal (a CJK character takes two columns), via ``wcwidth``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from wcwidth import wcswidth, wcwidth

__all__ = ["clip", "pad", "rows", "width", "wrap"]


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


_NO_LINE_START = set("，。、；：！？）》」』】〕”’,.;:!?)%")


def wrap(text: str, columns: int) -> list[str]:
    """``text`` in lines of at most ``columns`` display columns, nothing cut: Chinese breaks between
    any two characters, a Latin word or number is kept whole where it fits, and a closing mark never
    starts a line (the character before it moves down with it)."""
    lines: list[str] = []
    line: list[str] = []
    for token in _tokens(text):
        used = sum(width(t) for t in line)
        if used + width(token) > columns and "".join(line).strip():
            carried = [line.pop()] if token[0] in _NO_LINE_START and len(line) > 1 else []
            lines.append("".join(line).rstrip())
            line = [c.lstrip() for c in carried]
            token = token if line else token.lstrip()
        while width(token) > columns:  # a Latin word longer than the line: split it
            head = clip(token, columns + 1)[:-1] or token[0]
            lines.append(head)
            token = token[len(head) :]
        line.append(token)
    if "".join(line).strip() or not lines:
        lines.append("".join(line).rstrip())
    return lines


def _tokens(text: str) -> list[str]:
    """Words to break between: each wide character alone, runs of narrow non-space characters, and a
    space kept with the word after it."""
    out: list[str] = []
    for ch in text:
        last = out[-1][-1] if out else ""
        narrow = width(ch) == 1 and not ch.isspace()
        joins = narrow and (last.isspace() or (width(last) == 1 and not last.isspace()))
        if out and (joins or (ch.isspace() and last.isspace())):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def pad(text: str, columns: int) -> str:
    """``text`` padded with spaces to ``columns`` display columns (clipped if longer)."""
    text = clip(text, columns)
    return text + " " * (columns - width(text))


def rows(values: Sequence[Sequence[Any]], widths: Sequence[int]) -> str:
    """Aligned rows; the last column is not padded. A column is widened to its longest cell: nothing
    is cut."""
    widths = [
        max([w, *(width(str(row[i])) + 1 for row in values if i < len(row) - 1)])
        for i, w in enumerate(widths)
    ]
    out = []
    for row in values:
        cells = [pad(str(v), w) for v, w in zip(row[:-1], widths, strict=False)] + [str(row[-1])]
        out.append(" ".join(cells).rstrip() + "\n")
    return "".join(out)
