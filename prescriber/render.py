"""Prescriptions and problems → text. Renderers return strings; the formats are one explicit dict.

Tables align Chinese text by display width (a CJK character takes two columns), via ``wcwidth``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from wcwidth import wcswidth, wcwidth

from prescriber.errors import Problem
from prescriber.models import Item, PolicyBasis, Prescription

__all__ = ["FORMATS", "clip", "pad", "policy_line", "problems_text", "render", "width"]


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal."""
    w = wcswidth(text)
    return w if w >= 0 else sum(max(wcwidth(c), 0) for c in text)


def clip(text: str, columns: int) -> str:
    """``text`` cut to ``columns`` display columns, with an ellipsis when cut."""
    if width(text) <= columns:
        return text
    out, used = "", 0
    for ch in text:
        w = max(wcwidth(ch), 0)
        if used + w > columns - 1:
            break
        out, used = out + ch, used + w
    return out + "…"


def pad(text: str, columns: int) -> str:
    """``text`` padded with spaces to ``columns`` display columns (clipped if longer)."""
    text = clip(text, columns)
    return text + " " * (columns - width(text))


def policy_line(p: PolicyBasis) -> str:
    """One policy document: title (number, year), with a note when the number is unverified."""
    meta = "，".join(x for x in (p.number, str(p.year) if p.year else None) if x)
    text = f"《{p.title}》" + (f"（{meta}）" if meta else "")
    return text + ("〔文号待核实〕" if not p.verified and p.number else "")


_HEADLINE = ("所在地区", "行业", "企业规模", "所有制", "职工人数")


def _headline(rx: Prescription) -> str:
    shown = [("职工 " if k == "职工人数" else "") + rx.facts_text[k] for k in _HEADLINE if k in rx.facts_text]
    return " · ".join(shown)


def _missing(rx: Prescription, most: int = 6) -> str:
    """The missing facts that leave the most rules undecided, most first."""
    labels = {e.field: e.label for n in rx.needs_information for e in n.evidence}
    counts: dict[str, int] = {}
    for n in rx.needs_information:
        for m in n.missing:
            counts[m] = counts.get(m, 0) + 1
    ranked = sorted(counts, key=lambda m: (-counts[m], m))
    shown = "、".join(f"{labels.get(m, m)}（{counts[m]}）" for m in ranked[:most])
    return shown + (f" 等 {len(ranked)} 项" if len(ranked) > most else "")


def _why(item: Item) -> str:
    if not item.rules:
        return "核心服务（“1”）：每家企业必含"
    return item.rules[0].reason


def _score(item: Item) -> str:
    return f"{item.score:g}" if item.rules else "核心"


def table(rx: Prescription, columns: int = 100) -> str:
    """A terminal table: the enterprise, then one aligned row per service."""
    head = [f"{rx.enterprise} — 个性化服务清单（{rx.as_of}）", _headline(rx), ""]
    widths = (4, 34, 8)
    reason_w = max(columns - sum(widths) - 4, 20)
    rows = [f"{pad('序号', widths[0])} {pad('服务', widths[1])} {pad('得分', widths[2])} 主要理由"]
    for item in rx.items:
        rows.append(f"{pad(str(item.rank), widths[0])} {pad(item.name, widths[1])} "
                    f"{pad(_score(item), widths[2])} {clip(_why(item), reason_w)}")
    tail = [""]
    for e in rx.excluded:
        if e.overrides:
            tail.append(f"已排除：{e.name} — {e.reason}")
    if rx.needs_information:
        tail.append(f"待补充信息（{len(rx.needs_information)} 条规则因此未能判断）：{_missing(rx)}")
    for w in rx.warnings:
        tail.append(f"注意：{w}")
    tail.append(f"规则库 {rx.rulebase} · 引擎 {rx.engine}")
    return "\n".join(head + rows + tail) + "\n"


def markdown(rx: Prescription) -> str:
    """A printable 个性化服务清单 for an enterprise visit."""
    out = [f"# {rx.enterprise} 个性化服务清单", "", f"- 日期：{rx.as_of}", f"- 企业概况：{_headline(rx)}", ""]
    core = [i for i in rx.items if i.core]
    rest = [i for i in rx.items if not i.core]
    out += ["## “1”：构建和谐劳动关系", ""]
    for item in core:
        out += _md_item(item)
    out += ["## “X”：按需服务", ""]
    for item in rest:
        out += _md_item(item)
    if not rest:
        out += ["（根据现有信息，暂无其他推荐服务。）", ""]
    if any(e.overrides for e in rx.excluded):
        out += ["## 不建议的服务", ""] + [f"- {e.name}：{e.reason}" for e in rx.excluded if e.overrides] + [""]
    if rx.needs_information:
        out += ["## 需要补充的信息", ""]
        labels = {e.field: e.label for n in rx.needs_information for e in n.evidence}
        out += [f"- {n.title}：缺少{'、'.join(labels.get(m, m) for m in n.missing)}" for n in rx.needs_information]
        out += [""]
    out += ["---", "", f"规则库 `{rx.rulebase}` · 引擎 {rx.engine} · prescriber {rx.versions.get('prescriber', '')}", ""]
    return "\n".join(out)


def _md_item(item: Item) -> list[str]:
    score = "核心服务" if item.core and not item.rules else f"得分 {item.score:g}"
    lines = [f"### {item.rank}. {item.name}（{score}）", "", item.summary, ""]
    for r in item.rules:
        lines.append(f"- **{r.title}**（+{r.points:g}）：{r.reason}")
    if not item.rules:
        lines.append("- 核心服务（“1”），每家企业必含。")
    lines += ["", f"- 政策依据：{'；'.join(policy_line(p) for p in item.policy_basis)}",
              f"- 承办单位：{item.delivered_by}", f"- 办理方式：{item.channel}", f"- 享受内容：{item.benefit}", ""]
    return lines


def json_text(rx: Prescription) -> str:
    """The prescription as JSON (deterministic: the same input gives the same bytes)."""
    return rx.model_dump_json(indent=2) + "\n"


FORMATS: dict[str, Callable[[Prescription], str]] = {"table": table, "json": json_text, "markdown": markdown}


def render(rx: Prescription, fmt: str) -> str:
    """Render one prescription in a format of :data:`FORMATS`."""
    return FORMATS[fmt](rx)


def problems_text(problems: Iterable[Problem]) -> str:
    """Problems one per line as ``file:line:col: error: message [path]`` with an indented hint."""
    return "".join(str(p) + "\n" for p in problems)


def rows(values: Sequence[Sequence[Any]], widths: Sequence[int]) -> str:
    """Aligned rows (display width), for listings."""
    return "".join(" ".join(pad(str(v), w) for v, w in zip(row, widths, strict=False)).rstrip() + "\n"
                   for row in values)
