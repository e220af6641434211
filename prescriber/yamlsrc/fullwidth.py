"""Mistakes a Chinese keyboard makes in YAML, named and placed where they were typed.

A full-width colon after a key (``weight：35``), a full-width space in the indentation, full-width
commas and brackets in a list, a value that starts with ``{`` — YAML reads each as something else
and reports the damage a line later, in its own words. :func:`diagnose` finds the character behind a
syntax error; :func:`scan` finds the ones that still parse (``[C，E]`` is one text, ``industry：C``
one key) before they become a puzzling "unknown value".
"""

from __future__ import annotations

import re
from typing import Any

from prescriber.codes import Code, phrases
from prescriber.errors import Problem, problem
from prescriber.yamlsrc.document import Mark, PathT, format_path

__all__ = ["diagnose", "scan"]

_NAMES = {
    "：": phrases.FULL_COLON,
    "，": phrases.FULL_COMMA,
    "、": phrases.IDEOGRAPHIC_COMMA,
    "［": phrases.FULL_BRACKET,
    "］": phrases.FULL_BRACKET,
    "｛": phrases.FULL_BRACE,
    "｝": phrases.FULL_BRACE,
    "\u3000": phrases.FULL_SPACE,
}
_FIX = {
    "：": phrases.FIX_COLON,
    "，": phrases.FIX_LIST_COMMA,
    "、": phrases.FIX_LIST_COMMA,
    "［": phrases.FIX_IN_BRACKETS,
    "］": phrases.FIX_IN_BRACKETS,
    "｛": phrases.FIX_BRACES,
    "｝": phrases.FIX_BRACES,
    "\u3000": phrases.FIX_INDENT_SPACE,
}
_LEAD = re.compile(r"^[ \t\u3000]*")
_KEY = re.compile(r"^[ \t]*(?:-[ \t]+)*[^\s:#'\"\[\]{},\-][^:#\"']*?(：)")
_VALUE_START = re.compile(r"(?:^[ \t]*(?:-[ \t]+)+|^[ \t]*[^\s:#]+:[ \t]+|[\[{,][ \t]*)([［｛])")
_BRACED_VALUE = re.compile(r"^[ \t]*(?:-[ \t]+)*[^\s:#]+:[ \t]+(\{[^{}:]*\})[ \t]*[^\s,}\]#]")
_FLOW_START = re.compile(r"^[ \t]*(?:-[ \t]+)*(?:[^\s:#]+:[ \t]+)?([\[{])")


def _problem(file: str, line: int, col: int, path: PathT, char: str, syntax: bool = False) -> Problem:
    head = phrases.SYNTAX_HEAD if syntax else ""
    return problem(
        Code.YAML_FULLWIDTH,
        file=file,
        line=line,
        column=col,
        path=format_path(path),
        head=head,
        name=_NAMES[char],
        char="　" if char == chr(0x3000) else char,
        how=_FIX[char],
    )


def _on_line(line: str) -> tuple[int, str] | None:
    """(0-based column, character or 'brace') of a keyboard mistake on one line, if any."""
    lead = _LEAD.match(line)
    if lead and "\u3000" in lead.group():
        return lead.group().index("\u3000"), "\u3000"
    if m := _KEY.match(line):
        return m.start(1), "："
    if m := _VALUE_START.search(line):
        return m.start(1), m.group(1)
    if m := _BRACED_VALUE.match(line):
        return m.start(1), "brace"
    if m := _FLOW_START.match(line):
        depth = 0
        for i in range(m.start(1), len(line)):
            c = line[i]
            depth += (c in "[{") - (c in "]}")
            if c in "，、" and depth > 0:
                return i, c
            if depth == 0 or c in "'\"#":
                break
    return None


def diagnose(file: str, text: str, line: int) -> Problem | None:
    """The keyboard mistake behind a syntax error reported at 0-based ``line``: on that line or one
    of the three before it (YAML often notices a line late)."""
    lines = text.splitlines()
    for i in range(min(line, len(lines) - 1), max(-1, line - 4), -1):
        hit = _on_line(lines[i])
        if hit is None:
            continue
        col, what = hit
        if what == "brace":
            return problem(
                Code.YAML_BRACE_VALUE,
                file=file,
                line=i + 1,
                column=col + 1,
                what=phrases.BRACE_VALUE_SYNTAX,
            )
        return _problem(file, i + 1, col + 1, (), what, syntax=True)
    return None


_FLOW_KEY = re.compile(r"[{,][ \t]*[^\s:#'\"{}\[\],]*[：\u3000]")
_FLOW_COMMA = re.compile(r"\[[^\]\n'\"]*[，、]")
_WORD = re.compile(r"\{[^{}:,：\n]*\}")


def _suspect(text: str) -> bool:
    """Whether the text may hold one of the mistakes :func:`scan` looks for (cheap: most files do not)."""
    if "［" in text or "｛" in text or _FLOW_COMMA.search(text):
        return True
    if "：" in text or "\u3000" in text:
        for line in text.splitlines():
            if ("：" in line or "\u3000" in line) and (
                _KEY.match(line) or _FLOW_KEY.search(line) or "\u3000" in line
            ):
                return True
    for m in _WORD.finditer(text):
        i = m.start() - 1
        while i >= 0 and text[i] in " \t":
            i -= 1
        if i < 0 or text[i] in "\n:-[,":
            return True
    return False


def scan(
    file: str, text: str, data: Any, marks: dict[PathT, Mark], key_marks: dict[PathT, Mark]
) -> list[Problem]:
    """Keyboard mistakes in a file that parsed: a key with a full-width colon or space, an unquoted
    value that starts with a full-width bracket, an unquoted list item with a full-width comma, a value
    ``{word}`` that YAML read as a mapping."""
    if not _suspect(text):
        return []
    lines = text.splitlines()

    def char_at(m: Mark) -> str:
        row = lines[m.line - 1] if 0 < m.line <= len(lines) else ""
        return row[m.column - 1] if 0 < m.column <= len(row) else ""

    found: list[Problem] = []
    stack: list[tuple[PathT, Any, bool]] = [((), data, False)]
    while stack:
        path, node, in_flow_list = stack.pop()
        if isinstance(node, dict):
            mark = marks.get(path)
            flow = mark is not None and char_at(mark) == "{"
            if (
                flow
                and len(node) == 1
                and None in node.values()
                and mark is not None
                and _is_braced_word(lines, mark)
            ):
                found.append(
                    problem(
                        Code.YAML_BRACE_VALUE,
                        file=file,
                        line=mark.line,
                        column=mark.column,
                        path=format_path(path),
                        what=phrases.BRACE_VALUE,
                    )
                )
                continue
            for key, value in node.items():
                sub = (*path, key)
                km = key_marks.get(sub)
                char = next((c for c in ("：", "\u3000") if c in key), None)
                if char and km is not None and char_at(km) not in "'\"":
                    found.append(_problem(file, km.line, km.column + key.index(char), sub, char))
                stack.append((sub, value, False))
        elif isinstance(node, list):
            mark = marks.get(path)
            flow = mark is not None and char_at(mark) == "["
            stack += [((*path, i), v, flow) for i, v in enumerate(node)]
        elif isinstance(node, str) and node and (path in marks):
            m = marks[path]
            if char_at(m) in "'\"":
                continue
            if node[0] in "［｛":
                found.append(_problem(file, m.line, m.column, path, node[0]))
            elif in_flow_list and (char := next((c for c in "，、" if c in node), None)):
                found.append(_problem(file, m.line, m.column + node.index(char), path, char))
    return sorted(found)


def _is_braced_word(lines: list[str], mark: Mark) -> bool:
    row = lines[mark.line - 1][mark.column - 1 :]
    return re.match(r"\{[^{}:,：\u3000]*\}", row) is not None
