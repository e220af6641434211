"""Problems as located values, and the one exception tree of prescriber.

A :class:`Problem` is what an author needs to fix one mistake: where (file, 1-based line and
column, the path inside the document), what (a stable code and a plain-language message) and how
(a hint, often a did-you-mean). Loaders collect every problem of every file and raise once.

Exception tree::

    PrescriberError                 anything prescriber raises on purpose
    ├── InputError                  bad input; carries ``problems: tuple[Problem, ...]``
    │   ├── SourceError             a file that cannot be read or parsed as YAML/JSON at all
    │   ├── RuleBaseError           rules or catalogue: shape, meaning, or beyond the engine's limits
    │   ├── ProfileError            an enterprise profile
    │   └── CaseError               a follow-through change the register refuses (a transition, a field)
    ├── UnknownServiceError         a service id that is not in the catalogue (why-not, explain)
    ├── ConflictError               a work item changed since it was read (optimistic concurrency)
    └── EngineError                 the rule engine failed while matching (a bug, never bad input)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from prescriber.codes import CODES, Code, Phrase, Severity, did_you_mean, phrases

__all__ = [
    "MAX_PER_FILE",
    "CaseError",
    "ConflictError",
    "EngineError",
    "InputError",
    "PrescriberError",
    "Problem",
    "ProfileError",
    "RuleBaseError",
    "Severity",
    "SourceError",
    "UnknownServiceError",
    "capped",
    "place",
    "problem",
]

_SHEET = re.compile(r"\.xlsx!", re.IGNORECASE)


def place(file: str, line: int, column: int = 0) -> str:
    """``file:line:col`` (``file:line`` without a column). In a workbook, whose problems name the sheet
    as ``book.xlsx!sheet``, line and column are a row and a column, shown as the cell:
    ``book.xlsx!sheet!C12``."""
    if _SHEET.search(file):
        letters, n = "", max(column, 1)
        while n:
            n, r = divmod(n - 1, 26)
            letters = chr(65 + r) + letters
        return f"{file}!{letters}{line}"
    return f"{file}:{line}:{column}" if column else f"{file}:{line}"


@dataclass(frozen=True, order=True)
class Problem:
    """One located finding about an input file. Built by :func:`problem`, from its code's declaration.

    ``line`` and ``column`` are 1-based; 0 means the position is not known (for example a profile
    passed as a Python dict). ``path`` is the place inside the document, dotted (``rules[3].when``).
    ``message`` and ``hint`` are Chinese; ``message_en`` and ``hint_en`` say the same in English (they
    take no part in comparing problems): :meth:`text` and :meth:`shown` pick a language.
    """

    file: str
    line: int
    column: int
    path: str
    code: Code
    message: str
    hint: str = ""
    severity: Severity = "error"
    message_en: str = field(default="", compare=False)
    hint_en: str = field(default="", compare=False)

    def at(self, file: str, line: int, column: int) -> Problem:
        """Return a copy of this problem placed at ``file:line:column``."""
        return replace(self, file=file, line=line, column=column)

    def location(self) -> str:
        """``file:line:col``, or the cell ``book.xlsx!sheet!C12`` (or less, when the position is unknown)."""
        if self.line <= 0:
            return self.file
        return place(self.file, self.line, self.column)

    def text(self, lang: str = "zh") -> tuple[str, str]:
        """The message and the hint in ``lang`` (``zh`` or ``en``)."""
        if lang == "en":
            return self.message_en or self.message, self.hint_en if self.message_en else self.hint
        return self.message, self.hint

    def to_dict(self, lang: str | None = "zh") -> dict[str, str | int]:
        """A JSON-ready mapping: file, line, column, path, code, message, hint and severity, the message
        and hint in ``lang``; with ``lang=None`` both languages (``message_en``, ``hint_en`` too), as the
        register keeps it."""
        message, hint = self.text(lang or "zh")
        out: dict[str, str | int] = {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "code": self.code,
            "message": message,
            "hint": hint,
            "severity": self.severity,
        }
        if lang is None:
            out.update(message_en=self.message_en, hint_en=self.hint_en)
        return out

    @classmethod
    def from_dict(cls, stored: Mapping[str, Any]) -> Problem:
        """A problem read back from :meth:`to_dict` (e.g. kept in the register): not a new one. One kept
        by an earlier version has no English: a code whose texts have no placeholders gets its English
        from the registry, any other shows its Chinese in English too (its parameters were not kept)."""
        p = cls(**stored)
        spec = CODES.get(p.code) if "message_en" not in stored else None
        if spec is not None and not spec.names:
            return replace(p, message_en=spec.en[0], hint_en=spec.en[1])
        return p

    def shown(self, lang: str = "zh") -> str:
        """``file:line:col: error: message [path]``, with the hint, in ``lang``: what a terminal shows."""
        message, hint = self.text(lang)
        where = f" [{self.path}]" if self.path else ""
        text = f"{self.location()}: {self.severity}: {message}{where}"
        if not hint:
            return text
        # A problem with a position gets its hint on the next line; a whole-file problem (missing,
        # a directory, not UTF-8 …) stays one line.
        return f"{text}\n  hint: {hint}" if self.line > 0 else f"{text} — {hint}"

    def __str__(self) -> str:
        return self.shown()


def problem(
    code: Code, /, *, file: str = "", line: int = 0, column: int = 0, path: str = "", **params: object
) -> Problem:
    """The one way to make a :class:`Problem`: ``code``'s severity, and its message and hint templates
    (:mod:`prescriber.codes`) filled with ``params`` in Chinese and in English (a :class:`Phrase`
    parameter says itself in each language; any other value is data, the same in both). Without a place
    it is a draft, placed later (``Document.locate``, ``dataclasses.replace``). A missing or unknown
    keyword raises ``TypeError``."""
    spec = CODES[code]
    message, hint = spec.text(code, params)
    message_en, hint_en = spec.text(code, params, "en")
    return Problem(
        file=file,
        line=line,
        column=column,
        path=path,
        code=code,
        message=message,
        hint=hint,
        severity=spec.severity,
        message_en=message_en,
        hint_en=hint_en,
    )


class PrescriberError(Exception):
    """Base class of every error prescriber raises on purpose."""


class InputError(PrescriberError):
    """Input that prescriber cannot use; ``problems`` lists every reason, sorted by position."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = capped(sorted(set(problems)))
        # the "另有 N 个问题未列出" lines are no problems: they count the problems not listed
        listed = [p for p in self.problems if p.code != Code.PROBLEMS_MORE]
        errors = sum(1 for p in listed if p.severity == "error")
        hidden = sum(unlisted(p) for p in self.problems)
        head = str(listed[0]) if listed else "no details"
        rest = max(len(listed) - 1, 0) + hidden
        more = f" (and {rest:,} more)" if rest else ""
        super().__init__(f"{errors} error(s): {head}{more}")

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Only the problems of severity ``error``."""
        return tuple(p for p in self.problems if p.severity == "error")


MAX_PER_FILE = 100
"""Problems reported for one file; the rest are counted in one "另有 N 个问题未列出" line. An author fixes
the first hundred and runs again; a hostile file cannot make the report (or its hints) huge."""


def capped(problems: Sequence[Problem], limit: int = MAX_PER_FILE) -> tuple[Problem, ...]:
    """``problems`` (sorted) with at most ``limit`` per file; the first left out becomes a line that
    counts the rest, at its position (so it sorts after the ones shown)."""
    out: list[Problem] = []
    shown: dict[str, int] = {}
    left: dict[str, list[Problem]] = {}
    for p in problems:
        if p.code == Code.PROBLEMS_MORE or shown.get(p.file, 0) < limit:
            out.append(p)
            shown[p.file] = shown.get(p.file, 0) + (p.code != Code.PROBLEMS_MORE)
        else:
            left.setdefault(p.file, []).append(p)
    for rest in left.values():
        severity: Severity = "error" if any(p.severity == "error" for p in rest) else rest[0].severity
        first = rest[0]
        more = problem(
            Code.PROBLEMS_MORE, file=first.file, line=first.line, column=first.column, count=len(rest)
        )
        out.append(replace(more, severity=severity))
    return tuple(sorted(out)) if left else tuple(out)


_UNLISTED = re.compile(r"另有 ([\d,]+) 个问题未列出")


def unlisted(p: Problem) -> int:
    """How many problems a "另有 N 个问题未列出" line stands for (0 for any other problem)."""
    found = _UNLISTED.search(p.message) if p.code == Code.PROBLEMS_MORE else None
    return int(found.group(1).replace(",", "")) if found else 0


class SourceError(InputError):
    """A file that cannot be read, or is not well-formed YAML/JSON."""


class RuleBaseError(InputError):
    """The rule base or catalogue is wrong, or asks for more than the engine can safely take."""


class ProfileError(InputError):
    """An enterprise profile is wrong."""


class CaseError(InputError):
    """A change to a case or work item that the register refuses (a transition, a missing reason)."""


class ConflictError(PrescriberError):
    """A work item changed since the caller read it: its update is refused, not overwritten."""

    def __init__(self, item: int, expected: int, current: int) -> None:
        self.item, self.expected, self.current = item, expected, current
        # a version that never existed: mistyped, not someone else's change
        said = phrases.NO_VERSION if expected > current else phrases.CHANGED_BY_OTHERS
        self.said: Phrase = said.fill(item=item, expected=expected, current=current)
        """What happened, in Chinese (the exception's text) and in English."""
        super().__init__(self.said.zh)

    @property
    def unknown_version(self) -> bool:
        """The caller named a version the item never had (a typing slip, not a conflict)."""
        return self.expected > self.current


class UnknownServiceError(PrescriberError):
    """A service id that the catalogue does not have."""

    def __init__(self, service: str, suggestion: str | None = None) -> None:
        self.service = service
        self.suggestion = suggestion
        hint = f"; {did_you_mean(suggestion, lang='en')}" if suggestion else ""
        super().__init__(f"unknown service {service!r}{hint}")


class EngineError(PrescriberError):
    """The rule engine failed at match time. Never caused by input: the compiler rejects at load."""
