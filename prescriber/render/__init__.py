"""Prescriptions and problems → text. Renderers return strings; the formats are one explicit dict."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from prescriber.errors import Problem
from prescriber.models import Prescription
from prescriber.render import safe
from prescriber.render.page import html
from prescriber.render.plain import markdown, table
from prescriber.render.text import clip, pad, rows, width
from prescriber.render.words import LANGS, Words, policy_line, words

__all__ = ["FORMATS", "LANGS", "clip", "pad", "policy_line", "problems_text", "render", "rows", "width"]


def _json(rx: Prescription, w: Words, explain: bool = False) -> str:
    return rx.model_dump_json(indent=2) + "\n"


FORMATS: dict[str, Callable[..., str]] = {"table": table, "json": _json, "markdown": markdown, "html": html}


def render(rx: Prescription, fmt: str, lang: str = "zh", explain: bool = False) -> str:
    """Render one prescription in a format of :data:`FORMATS` (JSON is always complete)."""
    return FORMATS[fmt](rx, words(lang), explain)


def problems_text(problems: Iterable[Problem]) -> str:
    """Problems one per line as ``file:line:col: error: message [path]`` with an indented hint."""
    return "".join(str(replace(p, message=safe.terminal(p.message), hint=safe.terminal(p.hint),
                               path=safe.terminal(p.path))) + "\n" for p in problems)
