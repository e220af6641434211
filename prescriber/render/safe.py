"""Text from an enterprise (a name, an id, a value it typed) made safe to write: it must not drive the
terminal that shows it, nor change the structure of the document it is written into."""

from __future__ import annotations

import re

__all__ = ["markdown", "terminal"]

# C0 controls but tab, DEL, C1 controls (CSI is \x9b), and the marks that reorder what follows
# (bidirectional overrides and isolates: "Trojan Source")
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# the characters that open a link or image ([), raw HTML or an autolink (<), a table cell (|), emphasis
# or code anywhere in a line, and those that start a heading, list, quote or rule at its start.
# CommonMark shows a backslash-escaped ASCII punctuation character as itself.
_MARKDOWN = re.compile(r"([\\`*_\[\]<>|~])")
_MARKDOWN_START = re.compile(r"^(\s*[0-9]*)([#>+=.)-])")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """``text`` with every control character (escape sequences, carriage returns, line breaks, bidi
    overrides) shown as ``\\xNN`` / ``\\uNNNN``, so that a name cannot move the cursor, recolour or
    retitle the terminal, or hide what follows it."""
    return _CONTROL.sub(_visible, text)


def markdown(text: str) -> str:
    """``text`` for a line of Markdown: controls shown as in :func:`terminal`, and every character that
    could open a heading, a list, a link, an image, a table cell, emphasis or raw HTML escaped."""
    text = _MARKDOWN.sub(r"\\\1", terminal(text))
    return _MARKDOWN_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
