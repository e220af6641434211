"""The prescription as a terminal table and as printable Markdown."""

from __future__ import annotations

from prescriber.models import Item, Prescription
from prescriber.render import safe
from prescriber.render.text import clip, pad
from prescriber.render.words import Words, headline, missing, policy_line, service_name

__all__ = ["markdown", "table"]


def _why(item: Item, w: Words) -> str:
    return item.rules[0].reason if item.rules else w.core_reason


def table(rx: Prescription, w: Words, explain: bool = False, columns: int = 100) -> str:
    """One aligned row per service; with ``explain``, every fired rule and its facts below it."""
    head = [f"{safe.terminal(rx.enterprise)} — {w.title}（{rx.as_of}）", headline(rx), ""]
    widths = (4, 34, 8)
    reason_w = max(columns - sum(widths) - 4, 20)
    out = [f"{pad(w.rank, widths[0])} {pad(w.service, widths[1])} {pad(w.score, widths[2])} {w.why}"]
    for item in rx.items:
        score = f"{item.score:g}" if item.rules else w.core
        out.append(f"{pad(str(item.rank), widths[0])} {pad(service_name(item, w), widths[1])} "
                   f"{pad(score, widths[2])} {clip(_why(item, w), reason_w)}")
        if explain:
            for r in item.rules:
                out.append(f"{'':5}+{r.points:g}  {r.title}（{r.id}）")
                out += [f"{'':11}· {e.text}" for e in r.evidence]
    tail = [""]
    tail += [f"{w.excluded_line}：{e.name} — {e.reason}" for e in rx.excluded if e.overrides]
    if rx.needs_information:
        tail.append(f"{w.needs_line.format(n=len(rx.needs_information))}：{missing(rx, w)}")
    tail += [f"{w.warning}：{x}" for x in rx.warnings]
    tail.append(w.footer.format(fp=rx.rulebase, engine=rx.engine))
    return "\n".join(head + out + tail) + "\n"


def markdown(rx: Prescription, w: Words, explain: bool = False) -> str:
    """A printable 个性化服务清单 for an enterprise visit."""
    out = [f"# {safe.markdown(rx.enterprise)} {w.title}", "", f"- {w.date}：{rx.as_of}", f"- {w.profile}：{headline(rx)}", ""]
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
        out += [f"## {w.excluded}", ""] + [f"- {e.name}：{e.reason}" for e in rx.excluded if e.overrides] + [""]
    if rx.needs_information:
        labels = {e.field: e.label for n in rx.needs_information for e in n.evidence}
        out += [f"## {w.needs}", ""]
        out += [f"- {n.title}：{w.lacks}{'、'.join(labels.get(m, m) for m in n.missing)}" for n in rx.needs_information]
        out += [""]
    out += ["---", "", w.footer.format(fp=f"`{rx.rulebase}`", engine=rx.engine)
            + f" · prescriber {rx.versions.get('prescriber', '')}", ""]
    return "\n".join(out)


def _md_item(item: Item, w: Words, explain: bool) -> list[str]:
    score = w.core if item.core and not item.rules else f"{w.score} {item.score:g}"
    lines = [f"### {item.rank}. {service_name(item, w)}（{score}）", "", item.summary, ""]
    for r in item.rules:
        lines.append(f"- **{r.title}**（+{r.points:g}）：{r.reason}")
        if explain:
            lines += [f"  - {e.text}" for e in r.evidence]
    if not item.rules:
        lines.append(f"- {w.core_reason}")
    lines += ["", f"- {w.basis}：{'；'.join(policy_line(p, w) for p in item.policy_basis)}",
              f"- {w.by}：{item.delivered_by}", f"- {w.channel}：{item.channel}", f"- {w.benefit}：{item.benefit}", ""]
    return lines
