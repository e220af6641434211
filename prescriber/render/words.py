"""The words of the printed prescription, in Chinese and English. Rule titles, reasons and evidence
are authored in Chinese and stay Chinese; service names have an English name in the catalogue."""

from __future__ import annotations

import re

from prescriber.models import Item, PolicyBasis, Prescription, Question

__all__ = ["LANGS", "Words", "asked", "clean", "headline", "paren", "policy_line", "service_name", "words"]

LANGS = ("zh", "en")


class Words:
    """UI strings of one language."""

    def __init__(self, lang: str) -> None:
        zh = lang == "zh"
        self.lang = lang
        self.title = "个性化服务清单" if zh else "Service prescription"
        self.date = "日期" if zh else "Date"
        self.profile = "企业概况" if zh else "Enterprise"
        self.rank, self.service, self.score, self.why = (
            ("序号", "服务", "得分", "主要理由") if zh else ("#", "Service", "Score", "Main reason")
        )
        self.core = "核心" if zh else "core"
        self.core_reason = "核心服务（“1”）：每家企业必含" if zh else 'Core service (the "1"): in every plan'
        self.core_section = "“1”：构建和谐劳动关系" if zh else 'The "1": harmonious labour relations'
        self.x_section = "“X”：按需服务" if zh else 'The "X": targeted services'
        self.none = (
            "（根据现有信息，暂无其他推荐服务。）"
            if zh
            else "(No further services on the information given.)"
        )
        self.excluded = "不建议的服务" if zh else "Services not advised"
        self.excluded_line = "已排除" if zh else "Not advised"
        self.needs = "需要补充的信息" if zh else "Information that would complete the plan"
        self.lacks = "缺少" if zh else "missing "
        self.questions_line = (
            "请企业补充以下信息（回答可能改变推荐的前几项）："
            if zh
            else "Please ask (an answer could change the top items):"
        )
        self.questions_intro = (
            "以下信息企业档案中没有；回答它们可能改变推荐的前几项服务。"
            if zh
            else "The profile does not say; an answer could change the top items."
        )
        self.warnings = "注意事项" if zh else "Notes"
        self.many = "{n} 家企业" if zh else "{n} enterprises"
        self.source = "依据" if zh else "Source"
        self.colon = "：" if zh else ": "
        self.basis = "政策依据" if zh else "Policy basis"
        self.by = "承办单位" if zh else "Delivered by"
        self.channel = "办理方式" if zh else "How"
        self.benefit = "享受内容" if zh else "Benefit"
        self.evidence = "依据的事实" if zh else "Facts matched"
        self.warning = "注意" if zh else "Note"
        self.footer = "规则库 {fp} · 引擎 {engine}" if zh else "Rule base {fp} · engine {engine}"
        self.unverified = "〔文号待核实〕" if zh else " [number unverified]"


def paren(text: str, w: Words) -> str:
    """``text`` in brackets of the language: （…） or (…)."""
    return f"（{text}）" if w.lang == "zh" else f" ({text})"


def words(lang: str) -> Words:
    """The words for ``lang`` (``zh`` or ``en``)."""
    return Words(lang)


def service_name(item: Item, w: Words) -> str:
    return item.name if w.lang == "zh" else item.name_en


def headline(rx: Prescription, w: Words | None = None) -> str:
    """Region · industry · size · ownership · employees, as the profile's facts read (in English the
    facts' ids and codes: the vocabularies name them in Chinese only)."""
    if w is not None and w.lang == "en":
        f = rx.facts
        shown = [str(f[k]) for k in ("region", "industry") if k in f]
        shown += [
            f"{f[k]}{suffix}"
            for k, suffix in (("size", " enterprise"), ("ownership", " ownership"))
            if k in f
        ]
        shown += [f"{f['employees']:,} employees"] if "employees" in f else []
        return " · ".join(shown)
    keys = ("所在地区", "行业", "企业规模", "所有制", "职工人数")
    shown = [("职工 " if k == "职工人数" else "") + rx.facts_text[k] for k in keys if k in rx.facts_text]
    return " · ".join(shown)


def policy_line(p: PolicyBasis, w: Words, staff: bool = False) -> str:
    """One policy document: title (number, year); marked when the number is unverified — in the
    staff's views only (``--explain``, JSON), never on the list handed to an enterprise."""
    meta = "，".join(x for x in (p.number, str(p.year) if p.year else None) if x)
    text = f"《{p.title}》" + (f"（{meta}）" if meta else "")
    return text + (w.unverified if staff and not p.verified and p.number else "")


_REVIEW = re.compile(r"[〔（(\[【][^〔〕（）()\[\]【】]*待核实[^〔〕（）()\[\]【】]*[〕）)\]】]")


def clean(text: str, staff: bool = False) -> str:
    """Text for the enterprise: review marks such as 〔文号待核实〕 are for staff views only."""
    return text if staff else _REVIEW.sub("", text)


def asked(q: Question, w: Words) -> str:
    """A question for the enterprise (in English: the field, as the vocabularies name it only in Chinese)."""
    return q.text if w.lang == "zh" else f"{q.field}? ({q.label})"
