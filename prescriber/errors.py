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
from dataclasses import asdict, dataclass, replace
from typing import Any

from prescriber.codes import CODES, Code, Severity, did_you_mean

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
    """

    file: str
    line: int
    column: int
    path: str
    code: Code
    message: str
    hint: str = ""
    severity: Severity = "error"

    def at(self, file: str, line: int, column: int) -> Problem:
        """Return a copy of this problem placed at ``file:line:column``."""
        return replace(self, file=file, line=line, column=column)

    def location(self) -> str:
        """``file:line:col``, or the cell ``book.xlsx!sheet!C12`` (or less, when the position is unknown)."""
        if self.line <= 0:
            return self.file
        return place(self.file, self.line, self.column)

    def to_dict(self) -> dict[str, str | int]:
        """A JSON-ready mapping with every field."""
        return asdict(self)

    @classmethod
    def from_dict(cls, stored: Mapping[str, Any]) -> Problem:
        """A problem read back from :meth:`to_dict` (e.g. kept in the register): not a new one."""
        return cls(**stored)

    def __str__(self) -> str:
        where = f" [{self.path}]" if self.path else ""
        text = f"{self.location()}: {self.severity}: {self.message}{where}"
        if not self.hint:
            return text
        # A problem with a position gets its hint on the next line; a whole-file problem (missing,
        # a directory, not UTF-8 …) stays one line.
        return f"{text}\n  hint: {self.hint}" if self.line > 0 else f"{text} — {self.hint}"


def problem(
    code: Code, /, *, file: str = "", line: int = 0, column: int = 0, path: str = "", **params: object
) -> Problem:
    """The one way to make a :class:`Problem`: ``code``'s severity, and its message and hint templates
    (:mod:`prescriber.codes`) filled with ``params``. Without a place it is a draft, placed later
    (``Document.locate``, ``dataclasses.replace``). A missing or unknown keyword raises ``TypeError``."""
    spec = CODES[code]
    message, hint = spec.text(code, params)
    return Problem(
        file=file,
        line=line,
        column=column,
        path=path,
        code=code,
        message=message,
        hint=hint,
        severity=spec.severity,
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
        if expected > current:  # a version that never existed: mistyped, not someone else's change
            super().__init__(f"事项 {item} 没有版本 {expected}（当前版本 {current}）：请核对版本号后再改")
        else:
            super().__init__(
                f"事项 {item} 已被他人修改（您读取的版本 {expected}，当前版本 {current}）：请重新读取后再改"
            )

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
