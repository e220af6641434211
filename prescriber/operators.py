"""Every condition operator, declared once: its YAML name, the kinds of field it applies to, the
shape of its value, its meaning on a known value, its family (which fixes how it is lowered to the
normal form, :mod:`prescriber.normal`), the facts lint reasons with, and its wording in Chinese and
English (its long description, the phrase an explanation cites, and the short words staff say and a
spreadsheet's column headers carry). Every stage reads this table.

Adding an operator: declare it here, its YAML name in :data:`Name` (mypy checks every name declared is
one, a test that every one is declared) and its field in :class:`prescriber.models.rules.Test`; when it
opens a new :class:`Family`, mypy lists every ``match`` that must learn it (the normal form, the
evaluator, the explanation), and the family's atoms reach durable_rules, the vectorised matcher and
lint the same way.

Three-valued meaning is generic: an operator's ``holds`` is asked only about a known value; a
missing value makes every operator but ``exists`` *unknown* (:func:`prescriber.semantics.outcome`).
"""

from __future__ import annotations

import operator as _op
import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any, Literal, TypeGuard

from prescriber.codes import Phrase, phrases

__all__ = [
    "BARE",
    "BY_KIND",
    "FLIP",
    "KINDS",
    "NAMES",
    "OPERATORS",
    "PATTERN_MAX",
    "REGISTRY",
    "SIGN",
    "SIGNS",
    "SUMMARISED",
    "WORDED",
    "YES_NO",
    "Comparison",
    "Family",
    "Kind",
    "Name",
    "Operator",
    "Shape",
    "compiled",
    "is_comparison",
    "is_name",
    "pattern_problem",
]

Kind = Literal["industry", "choice", "number", "bool", "set", "text"]
"""How a field's values compare: an industry code (section ⊃ division), one of a vocabulary, a
number, yes/no, a set of vocabulary items (pain points), or free text (the enterprise's name)."""
KINDS: tuple[Kind, ...] = ("industry", "choice", "number", "bool", "set", "text")
SUMMARISED: frozenset[Kind] = frozenset(KINDS) - {"text"}
"""The kinds whose known values a prescription lists among its facts (free text, the enterprise's name,
heads it instead)."""
WORDED: frozenset[Kind] = SUMMARISED - {"set"}
"""The kinds whose known values a caseworker reads as label → value (the pain points a set holds are
cited by the items they bring instead)."""
YES_NO = ("是", "否")
"""How a yes/no value is said in Chinese: in an explanation, a workbook's cell."""

Name = Literal[
    "eq",
    "in",
    "not_in",
    "gte",
    "gt",
    "lte",
    "lt",
    "between",
    "contains",
    "contains_any",
    "contains_all",
    "exists",
    "regex",
]
"""An operator's YAML name, as a type: a misspelt operator in code is a mypy error (the registry below
declares each, in this order; ``tests/test_operators.py`` checks the two agree)."""
Comparison = Literal["gte", "gt", "lte", "lt"]
"""The names of the comparisons (:attr:`Family.COMPARE`), each one bound of a number."""


class Family(Enum):
    """How an operator is lowered and explained; every consumer matches on it exhaustively."""

    MEMBER = "member"  # eq / in / not_in: the value is (not) one of those listed
    COMPARE = "compare"  # gte / gt / lte / lt: one bound
    RANGE = "range"  # between: both bounds, included
    ITEMS = "items"  # contains / contains_any / contains_all: items of a list field
    KNOWN = "known"  # exists: whether the value is known (never unknown itself)
    PATTERN = "pattern"  # regex: a regular expression found in a text


class Shape(Enum):
    """What the author writes after the operator."""

    ONE = "one"  # one value
    LIST = "list"  # a non-empty list of values
    PAIR = "pair"  # [low, high]
    FLAG = "flag"  # true / false
    PATTERN = "pattern"  # a regular expression (text)


@dataclass(frozen=True, slots=True)
class Operator:
    """One operator. ``holds(actual, value)`` is its meaning on a known ``actual`` (two-valued; also
    applied elementwise to numpy columns for comparisons). ``says`` is the Chinese requirement as an
    explanation cites it, positive and negated (``{v}`` the written value; ``{lo}``/``{hi}`` for a
    range; ``says_on`` words it differently on a kind, e.g. ``= {v}`` on a number, and ``{other}`` is
    the other value of a yes/no, so that a negated ``eq`` reads 为否 rather than 不为是); ``says_en`` is the
    same in English, for printing a prescription's evidence in English; ``zh``/``en``
    describe it in schemas and docs; ``words`` are what staff call it, as a spreadsheet's column header
    carries it after the field (``职工人数 ≥``, ``企业名称 符合正则``): the first is the one an export
    writes, the YAML name is accepted too."""

    name: Name
    family: Family
    kinds: tuple[Kind, ...]
    shape: Shape
    holds: Callable[[Any, Any], bool]
    zh: str
    en: str
    says: tuple[str, str] = ("", "")
    words: tuple[str, ...] = ()
    says_on: tuple[tuple[Kind, tuple[str, str]], ...] = ()
    says_en: tuple[str, str] = ("", "")
    negated: bool = False  # MEMBER: true where the value is none of those listed (not_in)
    every: bool = False  # ITEMS: every listed item must be there (contains_all)
    flip: Comparison | Literal[""] = ""  # COMPARE: the operator that holds exactly where this one fails
    mirror: Comparison | Literal[""] = ""  # COMPARE: ``a op v`` ⇔ ``v mirror a``
    sign: str = ""  # COMPARE: its mathematical sign
    bound: Literal["low", "high", ""] = ""  # COMPARE: which end of an interval it sets (lint)
    strict: bool = False  # COMPARE: the bound itself is excluded (lint)

    def listed(self, value: Any) -> tuple[Any, ...]:
        """The values or items a MEMBER / ITEMS operator names (one, or the list written)."""
        return tuple(value) if self.shape is Shape.LIST else (value,)

    def phrase(self, kind: Kind, negated: bool) -> str:
        """Its requirement as an explanation cites it on a field of ``kind``, positive or negated."""
        return next((said for k, said in self.says_on if k == kind), self.says)[negated]

    def attribute(self) -> str:
        """Its attribute on :class:`prescriber.models.rules.Test` (``in`` is a Python keyword)."""
        return "in_" if self.name == "in" else self.name


PATTERN_MAX = 200
"""Longest regular expression a rule may write (characters)."""


@lru_cache(maxsize=1024)
def compiled(pattern: str) -> re.Pattern[str]:
    """The compiled expression (checked by :func:`pattern_problem` when the rule was loaded)."""
    return re.compile(pattern)


def _search(actual: Any, pattern: Any) -> bool:
    return isinstance(actual, str) and compiled(pattern).search(actual) is not None


# A repeated group that itself holds a repetition, e.g. (a+)+ : the shape whose backtracking is
# exponential. Found on the pattern with escapes and character classes blanked out, innermost groups
# first; a group that holds a repetition stays marked as one ("x+") inside the group around it.
_ESCAPE = re.compile(r"\\.")
_CLASS = re.compile(r"\[\^?\]?[^\]]*\]")
_INNERMOST = re.compile(r"\(([^()]*)\)")
_REPEAT = re.compile(r"[*+]|\{\d*,\d*\}")  # an unbounded repetition inside a group
_REPEATED = re.compile(r"[*+]|\{\d*,?\d*\}")  # a group repeated
_BACKREF = re.compile(r"\\[1-9]|\(\?P=")


def _nested_repeat(pattern: str) -> bool:
    plain = _CLASS.sub("x", _ESCAPE.sub("x", pattern))
    while (m := _INNERMOST.search(plain)) is not None:
        risky = _REPEAT.search(m[1]) is not None
        if risky and _REPEATED.match(plain, m.end()):
            return True
        plain = plain[: m.start()] + ("x+" if risky else "x") + plain[m.end() :]
    return False


def pattern_problem(pattern: str) -> tuple[Phrase, Phrase] | None:
    """Why ``pattern`` may not be used (message, hint), or ``None``: too long, not a valid Python
    regular expression, a back-reference, or a nested quantifier (exponential backtracking)."""
    if len(pattern) > PATTERN_MAX:
        return phrases.PATTERN_TOO_LONG.fill(length=len(pattern), limit=PATTERN_MAX), phrases.PATTERN_SHORTER
    try:
        with warnings.catch_warnings():  # a construct Python warns may change meaning (e.g. "[[") is refused
            warnings.simplefilter("error", FutureWarning)
            re.compile(pattern)
    except re.error as exc:
        at = phrases.PATTERN_AT.fill(at=exc.pos + 1) if exc.pos is not None else ""
        return phrases.PATTERN_WRONG.fill(pattern=pattern, at=at, why=exc.msg), phrases.PATTERN_CHECK
    except FutureWarning as exc:
        return phrases.PATTERN_WRONG.fill(pattern=pattern, at="", why=str(exc)), phrases.PATTERN_CHECK
    if _BACKREF.search(pattern) or _nested_repeat(pattern):
        return phrases.PATTERN_SLOW.fill(pattern=pattern), phrases.PATTERN_FIX
    return None


_COMPARE: tuple[
    tuple[
        Comparison,
        Callable[[Any, Any], bool],
        Comparison,
        Comparison,
        str,
        Literal["low", "high"],
        bool,
        str,
        tuple[str, ...],
    ],
    ...,
] = (
    # name, meaning, flip, mirror, sign, bound, strict, English, staff's other words
    ("gte", _op.ge, "lt", "lte", "≥", "low", False, "≥", (">=", "不少于", "不低于")),
    ("gt", _op.gt, "lte", "lt", ">", "low", True, ">", ("大于", "高于", "多于")),
    ("lte", _op.le, "gt", "gte", "≤", "high", False, "≤", ("<=", "不超过", "不高于")),
    ("lt", _op.lt, "gte", "gt", "<", "high", True, "<", ("小于", "低于", "少于")),
)

_SIGNS = {c[0]: c[4] for c in _COMPARE}

REGISTRY: tuple[Operator, ...] = (
    Operator(
        "eq",
        Family.MEMBER,
        ("industry", "choice", "number", "bool"),
        Shape.ONE,
        _op.eq,
        "等于",
        "equal to",
        ("为{v}", "不为{v}"),
        words=("=", "＝", "等于"),
        says_en=("is {v}", "is not {v}"),
        says_on=(("number", ("= {v}", "≠ {v}")), ("bool", ("为{v}", "为{other}"))),
    ),
    Operator(
        "in",
        Family.MEMBER,
        ("industry", "choice", "number"),
        Shape.LIST,
        lambda a, v: a in v,
        "属于其中之一",
        "one of",
        ("为 {v} 之一", "不是 {v} 中的任何一个"),
        words=("属于",),
        says_en=("is one of {v}", "is none of {v}"),
    ),
    Operator(
        "not_in",
        Family.MEMBER,
        ("industry", "choice", "number"),
        Shape.LIST,
        lambda a, v: a not in v,
        "不属于其中任何一个",
        "none of",
        ("不是 {v} 中的任何一个", "为 {v} 之一"),
        words=("不属于",),
        says_en=("is none of {v}", "is one of {v}"),
        negated=True,
    ),
    *(
        Operator(
            name,
            Family.COMPARE,
            ("number",),
            Shape.ONE,
            holds,
            sign,
            en,
            (f"{sign} {{v}}", f"{_SIGNS[flip]} {{v}}"),
            words=(sign, *more),
            says_en=(f"{sign} {{v}}", f"{_SIGNS[flip]} {{v}}"),
            flip=flip,
            mirror=mirror,
            sign=sign,
            bound=bound,
            strict=strict,
        )
        for name, holds, flip, mirror, sign, bound, strict, en, more in _COMPARE
    ),
    Operator(
        "between",
        Family.RANGE,
        ("number",),
        Shape.PAIR,
        lambda a, v: v[0] <= a <= v[1],
        "在 [下限, 上限] 之间（含两端）",
        "from, to (both included)",
        ("在 {lo} 至 {hi} 之间", "不在 {lo} 至 {hi} 之间"),
        words=("介于",),
        says_en=("is from {lo} to {hi}", "is not from {lo} to {hi}"),
    ),
    Operator(
        "contains",
        Family.ITEMS,
        ("set",),
        Shape.ONE,
        lambda a, v: v in a,
        "包含这一项",
        "the list has this item",
        ("包含“{v}”", "不包含“{v}”"),
        words=("包含",),
        says_en=("includes {v}", "does not include {v}"),
    ),
    Operator(
        "contains_any",
        Family.ITEMS,
        ("set",),
        Shape.LIST,
        lambda a, v: any(x in a for x in v),
        "包含其中至少一项",
        "the list has at least one of",
        ("包含“{v}”中的至少一项", "不包含“{v}”中的任何一项"),
        words=("包含任一",),
        says_en=("includes one of {v}", "includes none of {v}"),
    ),
    Operator(
        "contains_all",
        Family.ITEMS,
        ("set",),
        Shape.LIST,
        lambda a, v: all(x in a for x in v),
        "全部包含",
        "the list has every one of",
        ("同时包含“{v}”", "不同时包含“{v}”"),
        words=("包含全部",),
        says_en=("includes all of {v}", "does not include all of {v}"),
        every=True,
    ),
    Operator(
        "exists",
        Family.KNOWN,
        KINDS,
        Shape.FLAG,
        lambda a, v: (a is not None) == v,
        "true：企业填了这项；false：没填",
        "true: the value is known; false: it is missing",
        ("已知", "未知"),
        words=("已填",),
        says_en=("is known", "is missing"),
    ),
    Operator(
        "regex",
        Family.PATTERN,
        ("text",),
        Shape.PATTERN,
        _search,
        "正则表达式：文字中有一处与之相符即成立（用 ^ 和 $ 限定开头、结尾）",
        "a regular expression found somewhere in the text (anchor it with ^ and $)",
        ("含有与 {v} 相符的文字", "不含与 {v} 相符的文字"),
        words=("符合正则", "正则"),
        says_en=("has text matching {v}", "has no text matching {v}"),
    ),
)

OPERATORS: Mapping[str, Operator] = {o.name: o for o in REGISTRY}
NAMES: tuple[Name, ...] = tuple(o.name for o in REGISTRY)
BY_KIND: Mapping[Kind, tuple[Name, ...]] = {k: tuple(o.name for o in REGISTRY if k in o.kinds) for k in KINDS}
"""The operators a field of each kind may use, in declaration order."""
FLIP: Mapping[str, str] = {o.name: o.flip for o in REGISTRY if o.family is Family.COMPARE}
"""Comparison → the comparison that holds exactly where it fails on a known value (gte → lt)."""
SIGN: Mapping[str, str] = {o.name: o.sign for o in REGISTRY if o.family is Family.COMPARE}
SIGNS = "".join(SIGN.values()) + "=≠"
"""The signs a requirement may begin with (a comparison, equality on a number): an explanation sets
them off from the field's label by a space (``职工人数 ≥ 50 人``, but ``规模为中型``)."""
BARE: Mapping[Kind, Name] = {k: "contains" if k == "set" else "eq" for k in KINDS}
"""What a bare value means (``size: medium`` is ``eq``; ``pain_points: 招工难`` is ``contains``); a kind
whose bare operator it does not take (text) needs an operator written out."""


def is_name(text: object) -> TypeGuard[Name]:
    """Whether ``text`` is an operator's YAML name (for a name read from a document: typed after it)."""
    return text in OPERATORS


def is_comparison(name: str) -> TypeGuard[Comparison]:
    """Whether ``name`` is a comparison's (one bound of a number: gte, gt, lte, lt)."""
    return name in FLIP
