"""The prescription as a terminal table and as printable Markdown."""

from __future__ import annotations

from itertools import zip_longest

from prescriber.models import Item, Prescription
from prescriber.render import safe
from prescriber.render.text import pad, width, wrap
from prescriber.render.words import (
    Words,
    asked,
    clean,
    evidence,
    headline,
    named,
    notes,
    paren,
    policy_line,
    service_name,
)

__all__ = ["COLUMNS", "markdown", "table"]

COLUMNS = 100
"""The width of the table when it does not go to a terminal (a file, a pipe)."""


def _why(item: Item, w: Words, staff: bool) -> str:
    return clean(item.rules[0].reason, staff) if item.rules else w.core_reason


def _score(item: Item, w: Words) -> str:
    """A core item shows 核心, never a score that would look smaller than the others'."""
    return w.core if item.core else f"{item.score:g}"


def table(rx: Prescription, w: Words, explain: bool = False, columns: int = COLUMNS) -> str:
    """One row per service, aligned by display width and fitted to ``columns``: a long service name
    or reason wraps onto the next lines, nothing is cut. With ``explain``, every fired rule, its
    source and its facts below it."""
    head = [f"{safe.terminal(rx.enterprise)} — {w.title}{paren(str(rx.as_of), w)}", headline(rx, w), ""]
    rank_w, score_w = 4, max(6, *(width(_score(i, w)) for i in rx.items)) if rx.items else 6
    longest = max((width(service_name(i, w)) for i in rx.items), default=8)
    room = (
        columns - rank_w - score_w - 3 - max(40, columns // 2)
    )  # the reason keeps half the line, 40 at least
    name_w = max(min(longest, max(16, room)), width(w.service))
    reason_w = max(columns - rank_w - name_w - score_w - 3, 16)
    widths = (rank_w, name_w, score_w, reason_w)
    out = _row((w.rank, w.service, w.score, w.why), widths)
    for item in rx.items:
        out += _row((str(item.rank), service_name(item, w), _score(item, w), _why(item, w, explain)), widths)
        if explain:
            for r in item.rules:
                out.append(f"{'':5}+{r.points:g}  {r.title}（{r.id}）")  # a Chinese title: Chinese brackets
                if r.source:
                    out.append(f"{'':11}{w.source}{w.colon}{r.source}")
                out += [f"{'':11}· {evidence(e, w.lang)}" for e in r.evidence]
    tail = [""]
    tail += [
        f"{w.excluded_line}{w.colon}{named(e.service, e.name, w)} — {clean(e.reason, explain)}"
        for e in rx.excluded
        if e.overrides
    ]
    if rx.questions:
        tail.append(w.questions_line)
        tail += [f"  {k}. {asked(q, w)}" for k, q in enumerate(rx.questions, 1)]
    tail += [f"{w.warning}{w.colon}{x}" for x in notes(rx, w)]
    tail += (
        [
            f"{_lapsed(x.status, w)}{w.colon}{named(x.service, x.name, w)}"
            f"{paren(w.semicolon.join(x.policies), w)}"
            for x in rx.lapsed
        ]
        if explain
        else []
    )
    tail.append(w.footer.format(fp=rx.rulebase, engine=rx.engine))
    return "\n".join(head + out + tail) + "\n"


def _lapsed(status: str, w: Words) -> str:
    """A lapsed service's status as the library wrote it (Chinese), or in the words of the language."""
    return status if w.lang == "zh" else w.lapsed


def _row(cells: tuple[str, str, str, str], widths: tuple[int, ...]) -> list[str]:
    """One table row: each cell wrapped to its column, the lines side by side."""
    wrapped = [wrap(text, cols) for text, cols in zip(cells, widths, strict=True)]
    lines = []
    for parts in zip_longest(*wrapped, fillvalue=""):
        line = " ".join(pad(p, cols) for p, cols in zip(parts[:-1], widths, strict=False)) + " " + parts[-1]
        lines.append(line.rstrip())
    return lines


def markdown(rx: Prescription, w: Words, explain: bool = False) -> str:
    """A printable 个性化服务清单 for an enterprise visit."""
    out = [
        f"# {safe.markdown(rx.enterprise)} {w.title}",
        "",
        f"- {w.date}{w.colon}{rx.as_of}",
        f"- {w.profile}{w.colon}{headline(rx, w)}",
        "",
    ]
    core = [i for i in rx.items if i.core]
    rest = [i for i in rx.items if not i.core]
    out += [f"## {w.core_section}", ""]
    for item in core:
        out += _md_item(item, w, explain)
    out += [f"## {w.x_section}", ""]
    for item in rest:
        out += _md_item(item, w, explain)
    if not rest:
        out += [w.none, ""]
    if any(e.overrides for e in rx.excluded):
        out += [f"## {w.excluded}", ""]
        out += [
            f"- {named(e.service, e.name, w)}{w.colon}{clean(e.reason, explain)}"
            for e in rx.excluded
            if e.overrides
        ] + [""]
    if rx.questions:
        out += [f"## {w.needs}", "", w.questions_intro, ""]
        out += [f"{k}. {asked(q, w)}" for k, q in enumerate(rx.questions, 1)] + [""]
    if rx.warnings:
        out += [f"## {w.warnings}", ""] + [f"- {x}" for x in notes(rx, w)] + [""]
    out += [
        "---",
        "",
        w.footer.format(fp=f"`{rx.rulebase}`", engine=rx.engine)
        + f" · prescriber {rx.versions.get('prescriber', '')}",
        "",
    ]
    return "\n".join(out)


def _md_item(item: Item, w: Words, explain: bool) -> list[str]:
    score = w.core if item.core else f"{w.score} {item.score:g}"
    lines = [f"### {item.rank}. {service_name(item, w)}{paren(score, w)}", "", item.summary, ""]
    for r in item.rules:
        source = paren(f"{w.source}{w.colon}{clean(r.source, explain)}", w) if r.source else ""
        lines.append(
            f"- **{r.title}**{paren(f'+{r.points:g}', w)}{w.colon}{clean(r.reason, explain)}{source}"
        )
        if explain:
            lines += [f"  - {evidence(e, w.lang)}" for e in r.evidence]
    if not item.rules:
        lines.append(f"- {w.core_reason}")
    c = w.colon
    lines += [
        "",
        f"- {w.basis}{c}{w.semicolon.join(policy_line(p, w, explain) for p in item.policy_basis)}",
        f"- {w.by}{c}{item.delivered_by}",
        f"- {w.channel}{c}{item.channel}",
        f"- {w.benefit}{c}{item.benefit}",
        "",
    ]
    return lines
