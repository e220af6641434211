"""The prescription as a self-contained, printable HTML page (every value escaped)."""

from __future__ import annotations

from html import escape

from prescriber.models import Item, Prescription
from prescriber.render.words import Words, headline, policy_line, service_name

__all__ = ["html"]

_STYLE = """
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:52rem;margin:2rem auto;
color:#222;line-height:1.5}h1{font-size:1.5rem;border-bottom:2px solid #b22;padding-bottom:.3rem}
h2{font-size:1.15rem;margin-top:1.6rem;color:#b22}section{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;
margin:.8rem 0;break-inside:avoid}h3{font-size:1.05rem;margin:.2rem 0}.score{float:right;color:#555}
dl{display:grid;grid-template-columns:6rem 1fr;gap:.1rem .6rem;font-size:.9rem}dt{color:#666}
ul.ev{font-size:.85rem;color:#444}footer{margin-top:2rem;font-size:.8rem;color:#777}
@media print{body{margin:0}section{border-color:#999}}
"""


def html(rx: Prescription, w: Words, explain: bool = False) -> str:
    """A printable page: the enterprise, the core "1", the ranked "X" items, exclusions, footer."""
    lang = "zh-CN" if w.lang == "zh" else "en"
    e = escape
    body = [f"<h1>{e(rx.enterprise)} · {e(w.title)}</h1>",
            f"<p>{e(w.date)}：{e(str(rx.as_of))}<br>{e(w.profile)}：{e(headline(rx))}</p>",
            f"<h2>{e(w.core_section)}</h2>"]
    body += [_item(i, w, explain) for i in rx.items if i.core]
    body.append(f"<h2>{e(w.x_section)}</h2>")
    rest = [_item(i, w, explain) for i in rx.items if not i.core]
    body += rest or [f"<p>{e(w.none)}</p>"]
    shown = [x for x in rx.excluded if x.overrides]
    if shown:
        body.append(f"<h2>{e(w.excluded)}</h2><ul>" + "".join(
            f"<li>{e(x.name)}：{e(x.reason)}</li>" for x in shown) + "</ul>")
    footer = w.footer.format(fp=rx.rulebase, engine=rx.engine) + f" · prescriber {rx.versions.get('prescriber', '')}"
    body.append(f"<footer>{e(footer)}</footer>")
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{e(rx.enterprise)} {e(w.title)}</title><style>{_STYLE}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def _item(item: Item, w: Words, explain: bool) -> str:
    e = escape
    score = w.core if item.core and not item.rules else f"{w.score} {item.score:g}"
    reasons = "".join(
        f"<li><b>{e(r.title)}</b>（+{r.points:g}）：{e(r.reason)}"
        + ("<ul class=ev>" + "".join(f"<li>{e(x.text)}</li>" for x in r.evidence) + "</ul>" if explain else "")
        + "</li>" for r in item.rules) or f"<li>{e(w.core_reason)}</li>"
    basis = "；".join(policy_line(p, w) for p in item.policy_basis)
    return (f'<section><h3>{item.rank}. {e(service_name(item, w))}<span class="score">{e(score)}</span></h3>'
            f"<p>{e(item.summary)}</p><ul>{reasons}</ul><dl>"
            f"<dt>{e(w.basis)}</dt><dd>{e(basis)}</dd><dt>{e(w.by)}</dt><dd>{e(item.delivered_by)}</dd>"
            f"<dt>{e(w.channel)}</dt><dd>{e(item.channel)}</dd><dt>{e(w.benefit)}</dt><dd>{e(item.benefit)}</dd>"
            "</dl></section>")
