"""What one problem code declares: its severity, its message and hint (Chinese templates with named
``{placeholders}``, and the English beside them with the same placeholders), and an example input that
produces it (run by ``tests/test_codes.py``). A parameter that is prose rather than data is a
:class:`Phrase`: it carries its words in both languages, so that a problem can be said in either."""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Example", "Phrase", "Severity", "Spec", "did_you_mean", "field_name", "listed", "meant", "said"]

Severity = Literal["error", "warning", "info"]

ExampleKind = Literal["yaml", "rules", "lint", "catalog", "profile", "table", "call"]


@dataclass(frozen=True)
class Phrase:
    """Words in Chinese and in English: a ``{what}``, a ``{how}`` or a label that a problem quotes. Shown
    as the Chinese where a language is not asked for (``str``, ``format``), so Chinese output is what it
    always was."""

    zh: str
    en: str

    def __str__(self) -> str:
        return self.zh

    def __format__(self, spec: str) -> str:
        return format(self.zh, spec)

    def __bool__(self) -> bool:
        return bool(self.zh or self.en)

    def fill(self, **params: object) -> Phrase:
        """Both templates filled with ``params`` (each in its language when it is a phrase itself)."""
        return Phrase(
            self.zh.format(**{k: said(v, "zh") for k, v in params.items()}),
            self.en.format(**{k: said(v, "en") for k, v in params.items()}),
        )

    def __add__(self, other: object) -> Phrase:
        return Phrase(self.zh + str(said(other, "zh")), self.en + str(said(other, "en")))

    def __radd__(self, other: object) -> Phrase:
        return Phrase(str(said(other, "zh")) + self.zh, str(said(other, "en")) + self.en)


def said(value: object, lang: str) -> object:
    """``value`` as said in ``lang``: a phrase's words in that language, any other value (data) itself."""
    if isinstance(value, Phrase):
        return value.en if lang == "en" else value.zh
    return value


def listed(items: Iterable[object], *, zh: str = "、", en: str = ", ") -> Phrase:
    """Items one after the other, with each language's separator."""
    shown = list(items)
    return Phrase(zh.join(str(said(i, "zh")) for i in shown), en.join(str(said(i, "en")) for i in shown))


def field_name(ident: str, label: str, *, id_first: bool = False) -> Phrase:
    """A field quoted in a message: its vocabulary label and id in Chinese (``职工人数（employees）``, or
    ``employees（职工人数）``), the id alone in English."""
    return Phrase(f"{ident}（{label}）" if id_first else f"{label}（{ident}）", ident)


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


def _names(*templates: str) -> frozenset[str]:
    return frozenset(
        name
        for template in templates
        for _, name, _, _ in string.Formatter().parse(template)
        if name is not None
    )


@dataclass(frozen=True)
class Spec:
    """One code: ``message`` and ``hint`` are ``str.format`` templates over the constructor's keywords;
    ``en`` is the English (message, hint), over the same keywords."""

    severity: Severity
    message: str
    hint: str
    example: Example | None
    en: tuple[str, str] = field(kw_only=True)
    names: frozenset[str] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", _names(self.message, self.hint))

    @property
    def names_en(self) -> frozenset[str]:
        """The placeholders of the English templates (a test keeps them equal to :attr:`names`)."""
        return _names(*self.en)

    def text(self, code: str, params: Mapping[str, object], lang: str = "zh") -> tuple[str, str]:
        """The message and hint in ``lang`` with ``params`` filled in; a missing or unknown keyword is
        a bug."""
        if params.keys() != self.names:
            missing, extra = sorted(self.names - params.keys()), sorted(params.keys() - self.names)
            raise TypeError(f"problem {code}: missing {missing}, unknown {extra}")
        message, hint = self.en if lang == "en" else (self.message, self.hint)
        values = {k: said(v, lang) for k, v in params.items()}
        return message.format(**values), hint.format(**values)


def did_you_mean(word: str, label: str = "", *, braces: bool = False, lang: str = "zh") -> str:
    """The one did-you-mean phrase: ``您是不是想写 'word'（label）？`` (a placeholder in braces), or in
    English ``did you mean 'word'?``."""
    shown = f"{{{word}}}" if braces else f"'{word}'"
    if lang == "en":
        return f"did you mean {shown}" + (f" ({label})" if label else "") + "?"
    return f"您是不是想写 {shown}" + (f"（{label}）" if label else "") + "？"


def meant(word: str, label: str = "", *, braces: bool = False) -> Phrase:
    """The did-you-mean phrase in both languages (a hint of a problem). The English names no Chinese
    label: ``word`` is the id an English reader writes."""
    return Phrase(did_you_mean(word, label, braces=braces), did_you_mean(word, braces=braces, lang="en"))
