"""Located documents: parsed data plus the position of every node in it."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from prescriber.errors import Problem
from prescriber.limits import FILE_BYTES

__all__ = ["Document", "Limits", "Mark", "PathT", "format_path"]

PathT = tuple[str | int, ...]


@dataclass(frozen=True)
class Limits:
    """Caps that keep hostile or accidental input cheap to reject."""

    max_bytes: int = FILE_BYTES
    max_depth: int = 64
    max_nodes: int = 500_000  # 1.5 s and 150 MB at most; 500 generated rules are 25,000
    max_alias_nodes: int = 100_000


class Mark(NamedTuple):
    """A 1-based position in a file."""

    line: int
    column: int


@dataclass(frozen=True)
class Document:
    """Parsed data plus the position of every node in it."""

    file: str
    data: Any
    marks: dict[PathT, Mark] = field(default_factory=dict, repr=False)
    key_marks: dict[PathT, Mark] = field(default_factory=dict, repr=False)

    def real_path(self, loc: Sequence[Hashable]) -> PathT:
        """Follow ``loc`` (e.g. a pydantic error location) through the data, skipping elements that
        are not in the document (union tags, model names), and return the part that exists."""
        node: Any = self.data
        path: list[str | int] = []
        for part in loc:
            if isinstance(node, dict) and str(part) in node:
                path.append(str(part))
                node = node[str(part)]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                path.append(part)
                node = node[part]
        return tuple(path)

    def mark(self, path: PathT, *, key: bool = False) -> Mark:
        """Position of the value at ``path`` (or of its key), falling back to the nearest parent."""
        for end in range(len(path), -1, -1):
            sub = path[:end]
            if key and sub in self.key_marks:
                return self.key_marks[sub]
            if sub in self.marks:
                return self.marks[sub]
        return Mark(1, 1)

    def locate(self, problem: Problem, loc: Sequence[Hashable], *, key: bool = False) -> Problem:
        """Place ``problem`` (found at ``loc``) in this file."""
        path = self.real_path(loc)
        m = self.mark(path, key=key)
        return replace(problem, file=self.file, line=m.line, column=m.column, path=format_path(path))


def format_path(path: Sequence[Hashable]) -> str:
    """``('rules', 3, 'when')`` → ``rules[3].when``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
