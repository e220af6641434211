"""The questions a caseworker asks an enterprise: of the facts its profile left out, the few whose
answer could change the top of its list — not every fact some rule would read."""

from __future__ import annotations

from prescriber import sizes
from prescriber.codes import phrases
from prescriber.compiler import RuleBook, remember
from prescriber.derive import CONTRACT_MONTHS, CONTRACT_UNTIL
from prescriber.fields import FieldSpec
from prescriber.models import NeedInfo, Question
from prescriber.rank import Ranking, factor
from prescriber.semantics import Facts, IndustryCode

__all__ = ["TOP", "ask"]

TOP = 5
"""The items a visit starts with: the first five beyond the core. A question is asked only when its
answer could change them."""
_ASKED = 5
# derived facts are never asked for: the facts they are derived from are (the months a collective
# contract has left, from the day it ends: a count goes stale, the day does not)
_SOURCES = {
    "size": ("employees", "revenue", "assets"),
    "above_scale": ("revenue", "employees"),
    CONTRACT_MONTHS: (CONTRACT_UNTIL,),
}
_DAYS = {
    CONTRACT_UNTIL: (
        str(phrases.CONTRACT_UNTIL_LABEL),
        "企业现行集体合同哪天期满？（日期，如 2027-03-31）",
        "End day of the collective contract",
        "On what day does the enterprise's current collective contract end? (a date, e.g. 2027-03-31)",
    )
}
"""Profile fields that are no facts themselves (a day a fact is counted from): label, question."""


def ask(book: RuleBook, facts: Facts, ranking: Ranking, needs: tuple[NeedInfo, ...]) -> tuple[Question, ...]:
    """At most five questions about facts a profile can state, chosen because an answer could change
    the top items: for each rule left undecided for want of a fact, the points it would add (weight ×
    severity factor) are set against the list — a service outside the first :data:`TOP` that the
    points would lift past the last of them, one inside that they would lift past the one above it,
    or a veto of one of them. A fact scores the points (or, for a veto, the score) of every such rule,
    shared equally among the facts that rule misses; the five highest are asked, ties in field order."""
    if not needs:
        return ()
    rest = [i for i in ranking.items if not i.core]
    top = rest[:TOP]
    score = {i.service: i.score for i in rest}
    vetoed = {v.service for v in ranking.vetoes}
    full = len(top) == TOP or bool(ranking.beyond_top)  # the list is cut: a newcomer must pass its last
    floor = top[-1].score if full and top else 0.0
    weight: dict[str, float] = {}
    moved: dict[str, list[str]] = {}
    askable: dict[tuple[str, ...], tuple[str, ...]] = {}  # the same missing facts, the same questions
    for n in needs:
        rule = book.by_id[n.rule]
        asked = askable.get(n.missing)
        if asked is None:
            asked = askable[n.missing] = _askable(n.missing, facts, book)
        if not asked:
            continue
        if rule.effect == "exclude":
            change = score[n.service] if any(i.service == n.service for i in top) else 0.0
        elif n.service in vetoed or book.catalog.service_by_id[n.service].core:
            change = 0.0
        else:
            points = rule.weight * factor(rule, facts)
            now = score.get(n.service, 0.0)
            at = next((k for k, i in enumerate(top) if i.service == n.service), None)
            if at is None:
                change = points if now + points > floor else 0.0
            else:
                change = points if at > 0 and now + points > top[at - 1].score else 0.0
        for f in asked:
            if change > 0:
                weight[f] = weight.get(f, 0.0) + change / len(asked)
                moved.setdefault(f, []).append(n.service)
    if not weight:  # nothing to ask: the usual case
        return ()
    order = _order(book)
    chosen = sorted(weight, key=lambda f: (-weight[f], order.get(f, len(order))))[:_ASKED]
    return tuple(
        Question(
            field=f,
            label=label,
            text=text,
            services=tuple(dict.fromkeys(moved[f])),
            weight=round(weight[f], 2),
            label_en=label_en,
            text_en=text_en,
        )
        for f in chosen
        for label, text, label_en, text_en in (_words(f, book),)
    )


def _order(book: RuleBook) -> dict[str, int]:
    """Field → its place among the questions' ties (field order; a source where its derived fact is),
    once per rule book, in its memo."""
    order: dict[str, int] | None = book.memo.get("ask-order")
    if order is None:
        order = {name: k for k, name in enumerate(book.table.fields)}
        order |= {s: order[d] for d, srcs in _SOURCES.items() if d in order for s in srcs if s not in order}
        remember(book.memo, "ask-order", order)
    return order


def _words(field: str, book: RuleBook) -> tuple[str, str, str, str]:
    """The label of ``field`` and the question that asks for it, in Chinese and in English."""
    if field in _DAYS:
        return _DAYS[field]
    spec = book.table.fields[field]
    return spec.label, _ask(spec), spec.label_in("en"), _ask_en(spec)


def _askable(missing: tuple[str, ...], facts: Facts, book: RuleBook) -> tuple[str, ...]:
    """The facts to ask for: a derived fact is asked through those it is derived from — the size class
    through the indicators the enterprise's industry is measured by."""
    out: list[str] = []
    for m in missing:
        sources = _SOURCES.get(m, (m,))
        code = facts.values.get("industry")
        if m == "size" and isinstance(code, IndustryCode):  # no row (e.g. health): no answer can tell
            row = sizes.row_for(code, list(book.catalog.size_classes))
            sources = tuple(row.thresholds) if row is not None else ()
        elif m == "size":
            sources = ("industry", *sources)
        for f in sources:
            if facts.values.get(f) is None and f not in out:
                out.append(f)
    return tuple(out)


def _ask(spec: FieldSpec) -> str:
    """The fact as a question an enterprise can answer."""
    label = spec.label
    if spec.kind == "bool":
        return f"企业是否属于{label}？" if label.endswith("企业") else f"企业是否{label}？"
    if spec.kind == "industry":
        return "企业属于哪个行业（国民经济行业分类，如 C36 汽车制造业）？"
    if spec.kind == "choice":
        options = "、".join(spec.names[c] for c in spec.choices)
        return f"企业的{label}是什么？" + (f"（{options}）" if len(spec.choices) <= 6 else "")
    if spec.unit == "比例":
        return f"企业的{label}是多少？（百分比）"
    return f"企业的{label}是多少？" + (f"（单位：{spec.unit}）" if spec.unit else "")


_UNITS_EN = {"人": "persons", "万元": "10,000 yuan", "件": "cases", "小时": "hours", "月": "months"}


def _ask_en(spec: FieldSpec) -> str:
    """:func:`_ask` in English, from the vocabularies' English names (ids where they have none)."""
    label = spec.label_in("en")
    if spec.kind == "bool":
        return f"{label}: yes or no?"
    if spec.kind == "industry":
        return "Which industry is the enterprise in (GB/T 4754 code, e.g. C36 motor vehicles)?"
    if spec.kind == "choice":
        options = "; ".join(spec.names_en.get(c, c) for c in spec.choices)
        return f"{label}?" + (f" ({options})" if len(spec.choices) <= 6 else "")
    if spec.unit == "比例":
        return f"{label}? (a percentage)"
    unit = _UNITS_EN.get(spec.unit, spec.unit)
    return f"{label}?" + (f" ({unit})" if unit else "")
