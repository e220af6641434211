"""The words of the printed prescription, in Chinese and English. Rule titles and reasons are authored
in Chinese and stay Chinese; service names have an English name in the catalogue; a piece of evidence is
worded in English from its parts (field, operator, values) and the operator registry's English."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from prescriber.fields import LABELS
from prescriber.models import Catalog, Evidence, Item, PolicyBasis, Prescription, Question
from prescriber.operators import OPERATORS, Family

__all__ = [
    "HEADLINE",
    "LANGS",
    "WORDS",
    "Words",
    "asked",
    "clean",
    "english_name",
    "english_names",
    "evidence",
    "headline",
    "named",
    "notes",
    "paren",
    "policy_line",
    "service_name",
    "words",
]

LANGS = ("zh", "en")


WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "个性化服务清单",
        "date": "日期",
        "profile": "企业概况",
        "rank": "序号",
        "service": "服务",
        "score": "得分",
        "why": "主要理由",
        "core": "核心",
        "core_reason": "核心服务（“1”）：每家企业必含",
        "core_section": "“1”：构建和谐劳动关系",
        "x_section": "“X”：按需服务",
        "none": "（根据现有信息，暂无其他推荐服务。）",
        "excluded": "不建议的服务",
        "excluded_line": "已排除",
        "needs": "需要补充的信息",
        "lacks": "缺少",
        "questions_line": "请企业补充以下信息（回答可能改变推荐的前几项）：",
        "questions_intro": "以下信息企业档案中没有；回答它们可能改变推荐的前几项服务。",
        "warnings": "注意事项",
        "many": "{n} 家企业",
        "source": "依据",
        "colon": "：",
        "semicolon": "；",
        "basis": "政策依据",
        "by": "承办单位",
        "channel": "办理方式",
        "benefit": "享受内容",
        "warning": "注意",
        "lapsed": "政策已到期，待新政策",  # as explain.LAPSED writes it in the prescription
        "footer": "规则库 {fp} · 引擎 {engine}",
        "unverified": "〔文号待核实〕",
    },
    "en": {
        "title": "Service prescription",
        "date": "Date",
        "profile": "Enterprise",
        "rank": "#",
        "service": "Service",
        "score": "Score",
        "why": "Main reason",
        "core": "core",
        "core_reason": 'Core service (the "1"): in every plan',
        "core_section": 'The "1": harmonious labour relations',
        "x_section": 'The "X": targeted services',
        "none": "(No further services on the information given.)",
        "excluded": "Services not advised",
        "excluded_line": "Not advised",
        "needs": "Information that would complete the plan",
        "lacks": "missing ",
        "questions_line": "Please ask (an answer could change the top items):",
        "questions_intro": "The profile does not say; an answer could change the top items.",
        "warnings": "Notes",
        "many": "{n} enterprises",
        "source": "Source",
        "colon": ": ",
        "semicolon": "; ",
        "basis": "Policy basis",
        "by": "Delivered by",
        "channel": "How",
        "benefit": "Benefit",
        "warning": "Note",
        "lapsed": "Policy lapsed, awaiting a new one",
        "footer": "Rule base {fp} · engine {engine}",
        "unverified": " [number unverified]",
    },
}
"""The words of the printed prescription, one table per language, keyed by id (a test checks that both
languages have the same ids)."""


class Words:
    """UI strings of one language, as attributes (``w.title``, ``w.colon``, …)."""

    title: str
    date: str
    profile: str
    rank: str
    service: str
    score: str
    why: str
    core: str
    core_reason: str
    core_section: str
    x_section: str
    none: str
    excluded: str
    excluded_line: str
    needs: str
    lacks: str
    questions_line: str
    questions_intro: str
    warnings: str
    many: str
    source: str
    colon: str
    semicolon: str
    basis: str
    by: str
    channel: str
    benefit: str
    warning: str
    lapsed: str
    footer: str
    unverified: str

    regions: Mapping[str, str]
    """Region id → its name in this language, where the catalogue gives one (the id is shown otherwise)."""
    services: Mapping[str, str]
    """Service id → its name in this language, for what the prescription names in Chinese only (an
    excluded or lapsed service)."""
    ownerships: Mapping[str, str]
    """Ownership id → its name in this language, where the catalogue gives one."""
    sections: Mapping[str, str]
    """Industry section letter, and each division's two digits, → the section's name in this language,
    where the catalogue gives one."""
    warnings_en: Mapping[str, str]
    """A prescription's warning (Chinese text, as the prescription keeps it) → its English."""

    def __init__(
        self,
        lang: str,
        regions: Mapping[str, str] | None = None,
        services: Mapping[str, str] | None = None,
        *,
        ownerships: Mapping[str, str] | None = None,
        sections: Mapping[str, str] | None = None,
        warnings_en: Mapping[str, str] | None = None,
    ) -> None:
        self.lang = lang
        self.regions = regions or {}
        self.services = services or {}
        self.ownerships = ownerships or {}
        self.sections = sections or {}
        self.warnings_en = warnings_en if lang == "en" and warnings_en else {}
        for key, text in WORDS["zh" if lang == "zh" else "en"].items():
            setattr(self, key, text)


def paren(text: str, w: Words) -> str:
    """``text`` in brackets of the language: （…） or (…)."""
    return f"（{text}）" if w.lang == "zh" else f" ({text})"


def words(
    lang: str,
    regions: Mapping[str, str] | None = None,
    services: Mapping[str, str] | None = None,
    *,
    ownerships: Mapping[str, str] | None = None,
    sections: Mapping[str, str] | None = None,
    warnings_en: Mapping[str, str] | None = None,
) -> Words:
    """The words for ``lang`` (``zh`` or ``en``), with the names of regions, services, ownerships and
    industry sections in it when given, and the English of the prescriptions' warnings."""
    return Words(lang, regions, services, ownerships=ownerships, sections=sections, warnings_en=warnings_en)


def english_names(catalog: Catalog) -> dict[str, Mapping[str, str]]:
    """The catalogue's English names of what a prescription names by id (regions, services, ownerships,
    industry sections: each division's two digits name its section too), as :func:`words` takes them."""
    sections = {s.code: s.name_en for s in catalog.sections if s.name_en}
    return {
        "regions": {r.id: r.name_en for r in catalog.regions if r.name_en},
        "services": {s.id: s.name_en for s in catalog.services},
        "ownerships": {o.id: o.name_en for o in catalog.ownerships if o.name_en},
        "sections": sections
        | {d.code: sections[d.section] for d in catalog.divisions if d.section in sections},
    }


def named(service: str, name: str, w: Words) -> str:
    """A service the prescription names in Chinese (``name``), by its name in the language of ``w``."""
    return w.services.get(service, name)


def notes(rx: Prescription, w: Words) -> tuple[str, ...]:
    """The prescription's warnings in the language of ``w``, where it was given their English
    (:meth:`prescriber.Prescriber.notes`); as the prescription keeps them (Chinese) otherwise."""
    return tuple(w.warnings_en.get(x, x) for x in rx.warnings)


def service_name(item: Item, w: Words) -> str:
    return item.name if w.lang == "zh" else item.name_en


HEADLINE: dict[str, dict[str, str]] = {
    "zh": {"region": "{}", "industry": "{}", "size": "{}", "ownership": "{}", "employees": "职工 {}"},
    "en": {
        "region": "{}",
        "industry": "{}",
        "size": "{} enterprise",
        "ownership": "{}",
        "employees": "{:,} employees",
    },
}
"""The facts that head a printed prescription, by field id in their order, and how each reads: in Chinese
the value as the prescription shows it (``facts_text``), in English the fact itself, named as the
catalogue names it in English (:func:`english_name`)."""


def headline(rx: Prescription, w: Words | None = None) -> str:
    """Region · industry · size · ownership · employees, as far as the profile says."""
    if w is None or w.lang == "zh":
        shown = {f: rx.facts_text[LABELS[f]] for f in HEADLINE["zh"] if LABELS[f] in rx.facts_text}
        return " · ".join(HEADLINE["zh"][f].format(v) for f, v in shown.items())
    facts = {f: english_name(f, rx.facts[f], w) for f in HEADLINE["en"] if f in rx.facts}
    return " · ".join(HEADLINE["en"][f].format(v) for f, v in facts.items())


def english_name(field: str, value: Any, w: Words) -> Any:
    """A headline's fact as English names it: a region by its name, an industry code after its section's
    name (``Manufacturing (C36)``), an ownership by its name (else ``state ownership``); the value itself
    where the catalogue gives no English name."""
    if field == "region":
        return w.regions.get(value, value)
    if field == "industry":
        section = w.sections.get(value[0] if value[:1].isalpha() else value[:2])
        return f"{section} ({value})" if section else value
    if field == "ownership":
        return w.ownerships.get(value, f"{value} ownership")
    return value


def policy_line(p: PolicyBasis, w: Words, staff: bool = False) -> str:
    """One policy document: title (number, year); marked when the number is unverified — in the
    staff's views only (``--explain``, JSON), never on the list handed to an enterprise."""
    meta = ("，" if w.lang == "zh" else ", ").join(
        x for x in (p.number, str(p.year) if p.year else None) if x
    )
    title = f"《{p.title}》" if w.lang == "zh" else p.title
    text = title + (paren(meta, w) if meta else "")
    return text + (w.unverified if staff and not p.verified and p.number else "")


_REVIEW = re.compile(r"[〔（(\[【][^〔〕（）()\[\]【】]*待核实[^〔〕（）()\[\]【】]*[〕）)\]】]")


def clean(text: str, staff: bool = False) -> str:
    """Text for the enterprise: review marks such as 〔文号待核实〕 are for staff views only."""
    return text if staff else _REVIEW.sub("", text)


def asked(q: Question, w: Words) -> str:
    """A question for the enterprise, in its language (a prescription stored before questions were written
    in English too: the field and its Chinese label)."""
    if w.lang == "zh":
        return q.text
    return f"{q.text_en} [{q.field}]" if q.text_en else f"{q.field}? ({q.label})"


def evidence(e: Evidence, lang: str) -> str:
    """One condition as evaluated, for the reader: in Chinese the text the explanation wrote; in English
    the same parts worded by the operator registry (``says_en``), fields by id, values as written."""
    if lang == "zh":
        return e.text
    op, v = OPERATORS[e.op], e.expected
    match op.family:
        case Family.KNOWN:
            need = op.says_en[v == e.negated]
        case Family.RANGE:
            need = op.says_en[e.negated].format(lo=_value_en(v[0]), hi=_value_en(v[1]))
        case Family.ITEMS:  # pain points by id, each quoted
            need = op.says_en[e.negated].format(v=", ".join(f"'{x}'" for x in op.listed(v)))
        case _:
            need = op.says_en[e.negated].format(v=_value_en(v))
    if op.family is Family.ITEMS and isinstance(e.actual, list | tuple):
        hit = [x for x in op.listed(v) if x in e.actual]
        now = "reported " + ", ".join(map(str, hit)) if hit else "not reported"
    else:
        now = _value_en(e.actual)
    if e.outcome == "true":
        return f"{e.field} {need} (now: {now})"
    if e.outcome == "unknown":
        return f"{e.field} is missing; needed: {e.field} {need}"
    return f"needed: {e.field} {need}; now: {now}"


def _value_en(value: Any) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | frozenset):
        return ", ".join(_value_en(x) for x in value) or "none"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) >= 1000 else f"{value:.4g}"
    return str(value)
