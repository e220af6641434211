"""What one problem code declares: its severity, its message and hint (Chinese templates with named
``{placeholders}``), and an example input that produces it (run by ``tests/test_codes.py``)."""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Example", "Severity", "Spec", "did_you_mean"]

Severity = Literal["error", "warning", "info"]

ExampleKind = Literal["yaml", "rules", "lint", "catalog", "profile", "table", "call"]


@dataclass(frozen=True)
class Example:
    """An input that produces the code, run through the real loader, compiler, linter or batch reader.

    ``kind`` says how: ``yaml`` parses ``text``; ``rules`` loads it as a rule file beside the shipped
    catalogue; ``lint`` lints it (``args`` is ``--as-of`` when given); ``catalog`` adds it to a copy of the
    shipped catalogue; ``profile`` prescribes for it; ``table`` runs it as a batch table (``args`` is the
    file suffix, ``.csv`` by default); ``call`` runs the function ``text`` in ``tests/code_examples.py``,
    which does what ``note`` says (for what no file can show: the register, the engine's limits)."""

    kind: ExampleKind
    text: str
    args: str = ""
    note: str = ""


@dataclass(frozen=True)
class Spec:
    """One code: ``message`` and ``hint`` are ``str.format`` templates over the constructor's keywords."""

    severity: Severity
    message: str
    hint: str
    example: Example | None
    names: frozenset[str] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        found = {
            name
            for template in (self.message, self.hint)
            for _, name, _, _ in string.Formatter().parse(template)
            if name is not None
        }
        object.__setattr__(self, "names", frozenset(found))

    def text(self, code: str, params: dict[str, object]) -> tuple[str, str]:
        """The message and hint with ``params`` filled in; a missing or unknown keyword is a bug."""
        if params.keys() != self.names:
            missing, extra = sorted(self.names - params.keys()), sorted(params.keys() - self.names)
            raise TypeError(f"problem {code}: missing {missing}, unknown {extra}")
        return self.message.format(**params), self.hint.format(**params)


def did_you_mean(word: str, label: str = "", *, braces: bool = False, lang: str = "zh") -> str:
    """The one did-you-mean phrase: ``您是不是想写 'word'（label）？`` (a placeholder in braces), or in
    English ``did you mean 'word'?``."""
    shown = f"{{{word}}}" if braces else f"'{word}'"
    if lang == "en":
        return f"did you mean {shown}" + (f" ({label})" if label else "") + "?"
    return f"您是不是想写 {shown}" + (f"（{label}）" if label else "") + "？"
