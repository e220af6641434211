"""Prescriptions and problems → text. Renderers return strings; the formats are one explicit dict."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace

from prescriber.errors import Problem
from prescriber.models import Prescription
from prescriber.render import safe
from prescriber.render.page import html, html_document
from prescriber.render.plain import COLUMNS, markdown, table
from prescriber.render.text import clip, pad, rows, width, wrap
from prescriber.render.words import LANGS, Words, english_names, policy_line, words

__all__ = [
    "COLUMNS",
    "FORMATS",
    "LANGS",
    "SUFFIXES",
    "clip",
    "english_names",
    "pad",
    "policy_line",
    "problems_text",
    "render",
    "render_many",
    "rows",
    "width",
    "wrap",
]


def _json(rx: Prescription, w: Words, explain: bool = False) -> str:
    return rx.model_dump_json(indent=2) + "\n"


FORMATS: dict[str, Callable[..., str]] = {"table": table, "json": _json, "markdown": markdown, "html": html}

SUFFIXES = {
    ".txt": "table",
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}
"""The format an output file's suffix asks for."""


def render(
    rx: Prescription,
    fmt: str,
    lang: str = "zh",
    explain: bool = False,
    columns: int = COLUMNS,
    *,
    regions: Mapping[str, str] | None = None,
    services: Mapping[str, str] | None = None,
    ownerships: Mapping[str, str] | None = None,
    sections: Mapping[str, str] | None = None,
    warnings_en: Mapping[str, str] | None = None,
) -> str:
    """Render one prescription in a format of :data:`FORMATS` (JSON is always complete); a table is
    fitted to ``columns``; ``regions``, ``services``, ``ownerships`` and ``sections`` name them in
    ``lang`` (id → name, :func:`english_names`) where the prescription carries no such name; ``warnings_en``
    says its warnings in English (Chinese text → English, from :meth:`prescriber.Prescriber.notes`; the JSON
    keeps the Chinese)."""
    w = words(lang, regions, services, ownerships=ownerships, sections=sections, warnings_en=warnings_en)
    if fmt == "table":
        return table(rx, w, explain, columns)
    return FORMATS[fmt](rx, w, explain)


def render_many(
    prescriptions: Sequence[Prescription],
    fmt: str,
    lang: str = "zh",
    explain: bool = False,
    columns: int = COLUMNS,
    *,
    several: bool = False,
    regions: Mapping[str, str] | None = None,
    services: Mapping[str, str] | None = None,
    ownerships: Mapping[str, str] | None = None,
    sections: Mapping[str, str] | None = None,
    warnings_en: Mapping[str, str] | None = None,
) -> str:
    """Several prescriptions as one text: one HTML document (a page per enterprise when printed), one
    JSON value (an object for one, an array for several — or whenever ``several`` were asked for), or
    the texts one after the other."""
    if fmt == "html":
        w = words(lang, regions, services, ownerships=ownerships, sections=sections, warnings_en=warnings_en)
        return html_document(prescriptions, w, explain) if prescriptions else ""
    if fmt == "json":
        texts = [rx.model_dump_json(indent=2) for rx in prescriptions]
        if len(texts) == 1 and not several:
            return texts[0] + "\n"
        return "[\n" + ",\n".join(texts) + "\n]\n" if texts else ""
    return "\n".join(
        render(
            rx,
            fmt,
            lang,
            explain,
            columns,
            regions=regions,
            services=services,
            ownerships=ownerships,
            sections=sections,
            warnings_en=warnings_en,
        )
        for rx in prescriptions
    )


def problems_text(problems: Iterable[Problem], lang: str = "zh") -> str:
    """Problems one per line as ``file:line:col: error: message [path]`` with an indented hint, in
    ``lang``."""
    out = []
    for p in problems:
        message, hint = p.text(lang)
        safe_p = replace(
            p, message=safe.terminal(message), hint=safe.terminal(hint), path=safe.terminal(p.path)
        )
        out.append(safe_p.shown() + "\n")
    return "".join(out)
