"""The prescription as a self-contained, printable HTML page (every value escaped): one document for
one enterprise or many, each enterprise on its own A4 pages when printed, readable on a phone."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from prescriber.models import Item, Prescription
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

__all__ = ["html", "html_document"]

_STYLE = """
*{box-sizing:border-box}
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:52rem;\
margin:2rem auto;
padding:0 1rem;color:#222;line-height:1.5;overflow-wrap:anywhere}
h1{font-size:1.5rem;border-bottom:2px solid #b22;padding-bottom:.3rem}
h2{font-size:1.15rem;margin-top:1.6rem;color:#b22}\
section{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;
margin:.8rem 0;break-inside:avoid}h3{font-size:1.05rem;margin:.2rem 0}\
.score{float:right;color:#555;margin-left:.5rem}
.core .score{color:#b22;font-weight:bold}
dl{display:grid;grid-template-columns:6rem 1fr;gap:.1rem .6rem;font-size:.9rem}dt{color:#666}dd{margin:0}
ul.ev{font-size:.85rem;color:#444}.src{color:#666;font-size:.85rem}ol.q li{margin:.2rem 0}
.note{background:#fff6e0;border-left:4px solid #e0a000;padding:.4rem .8rem}
footer{margin-top:2rem;font-size:.8rem;color:#777}
article+article{break-before:page;margin-top:3rem;border-top:3px double #999}
@media (max-width:40rem){body{margin:1rem auto}h1{font-size:1.25rem}dl{grid-template-columns:1fr}\
dt{margin-top:.3rem}
section{padding:.5rem .7rem}ul{padding-left:1.1rem}
.score{float:none;display:block}}
@page{size:A4;margin:15mm}
@media print{body{margin:0;max-width:none;padding:0;font-size:10.5pt}section{border-color:#999}
article+article{border-top:none;margin-top:0}a{color:inherit;text-decoration:none}}
"""


def html(rx: Prescription, w: Words, explain: bool = False) -> str:
    """A printable page for one enterprise."""
    return html_document([rx], w, explain)


def html_document(prescriptions: Sequence[Prescription], w: Words, explain: bool = False) -> str:
    """One document: each enterprise an ``<article>`` that starts a new page when printed."""
    lang = "zh-CN" if w.lang == "zh" else "en"
    title = prescriptions[0].enterprise if len(prescriptions) == 1 else w.many.format(n=len(prescriptions))
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} {escape(w.title)}</title><style>{_STYLE}</style></head>\n<body>\n"
        + "\n".join(_article(rx, w, explain) for rx in prescriptions)
        + "\n</body></html>\n"
    )


def _article(rx: Prescription, w: Words, explain: bool) -> str:
    """The enterprise, the core "1", the ranked "X" items, exclusions, questions, notes, footer."""
    e = escape
    body = [
        f"<h1>{e(rx.enterprise)} · {e(w.title)}</h1>",
        f"<p>{e(w.date)}{w.colon}{e(str(rx.as_of))}<br>{e(w.profile)}{w.colon}{e(headline(rx, w))}</p>",
    ]
    if rx.warnings:
        body.append(
            '<div class="note"><b>'
            + e(w.warnings)
            + "</b><ul>"
            + "".join(f"<li>{e(x)}</li>" for x in notes(rx, w))
            + "</ul></div>"
        )
    body.append(f"<h2>{e(w.core_section)}</h2>")
    body += [_item(i, w, explain) for i in rx.items if i.core]
    body.append(f"<h2>{e(w.x_section)}</h2>")
    rest = [_item(i, w, explain) for i in rx.items if not i.core]
    body += rest or [f"<p>{e(w.none)}</p>"]
    shown = [x for x in rx.excluded if x.overrides]
    if shown:
        body.append(
            f"<h2>{e(w.excluded)}</h2><ul>"
            + "".join(
                f"<li>{e(named(x.service, x.name, w))}{w.colon}{e(clean(x.reason, explain))}</li>"
                for x in shown
            )
            + "</ul>"
        )
    if rx.questions:
        body.append(
            f"<h2>{e(w.needs)}</h2><p>{e(w.questions_intro)}</p><ol class=q>"
            + "".join(f"<li>{e(asked(q, w))}</li>" for q in rx.questions)
            + "</ol>"
        )
    footer = (
        w.footer.format(fp=rx.rulebase, engine=rx.engine)
        + f" · prescriber {rx.versions.get('prescriber', '')}"
    )
    body.append(f"<footer>{e(footer)}</footer>")
    return "<article>\n" + "\n".join(body) + "\n</article>"


def _item(item: Item, w: Words, explain: bool) -> str:
    e = escape
    score = w.core if item.core else f"{w.score} {item.score:g}"
    reasons = (
        "".join(
            f"<li><b>{e(r.title)}</b>{paren(f'+{r.points:g}', w)}{w.colon}{e(clean(r.reason, explain))}"
            + (
                f' <span class="src">{e(paren(w.source + w.colon + clean(r.source, explain), w))}</span>'
                if r.source
                else ""
            )
            + (
                "<ul class=ev>" + "".join(f"<li>{e(evidence(x, w.lang))}</li>" for x in r.evidence) + "</ul>"
                if explain
                else ""
            )
            + "</li>"
            for r in item.rules
        )
        or f"<li>{e(w.core_reason)}</li>"
    )
    basis = w.semicolon.join(policy_line(p, w, explain) for p in item.policy_basis)
    kind = ' class="core"' if item.core else ""
    return (
        f"<section{kind}><h3>{item.rank}. {e(service_name(item, w))}"
        f'<span class="score">{e(score)}</span></h3>'
        f"<p>{e(item.summary)}</p><ul>{reasons}</ul><dl>"
        f"<dt>{e(w.basis)}</dt><dd>{e(basis)}</dd><dt>{e(w.by)}</dt><dd>{e(item.delivered_by)}</dd>"
        f"<dt>{e(w.channel)}</dt><dd>{e(item.channel)}</dd><dt>{e(w.benefit)}</dt><dd>{e(item.benefit)}</dd>"
        "</dl></section>"
    )
