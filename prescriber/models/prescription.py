"""What comes out: a ranked, explained prescription, and the answer to "why not this service?"."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from prescriber.models.catalog import PolicyBasis

__all__ = [
    "Evidence",
    "Exclusion",
    "FiredRule",
    "Item",
    "Lapsed",
    "NeedInfo",
    "Outcome",
    "Prescription",
    "Question",
    "RuleCheck",
    "WhyNot",
    "trusted",
]

Outcome = Literal["true", "false", "unknown"]


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True)


_V = TypeVar("_V", bound=_Value)
_new = object.__new__
# The slots every pydantic model has, set through their descriptors (what ``object.__setattr__`` finds
# after a lookup by name): a third of the cost of building one model.
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def trusted(cls: type[_V], fields: dict[str, Any]) -> _V:
    """An output model from ``fields`` given in declaration order, every one of them, each already of
    the type validation would give it (a float a float, a tuple a tuple, a model a model): what
    :meth:`BaseModel.model_construct` does, without its per-field loop — half the cost of validating.
    Only for values the engine built itself; ``tests/test_trusted.py`` checks, on generated profiles,
    that every prescription so built is the validated one, value for value and byte for byte."""
    model = _new(cls)
    _set_dict(model, fields)
    every = _EVERY.get(cls)
    if every is None or len(every) != len(fields):  # a default left out: this model's own set
        every = set(fields)
    _set_fields(model, every)
    _set_extra(model, None)
    _set_private(model, None)
    return model


_EVERY: dict[type[BaseModel], set[str]] = {}
"""Per output model, the set of all its fields: what a model built with every field says was set. One
set shared by all the models of a class, as it may be: they are frozen, and pydantic copies the set
before changing it (``model_copy``), so nothing changes it in place."""


class Evidence(_Value):
    """One condition as evaluated on the enterprise's facts."""

    field: str
    label: str
    op: str
    expected: Any
    actual: Any
    outcome: Outcome
    negated: bool = False
    text: str


class FiredRule(_Value):
    """A rule that fired, with the points it gave and the conditions that made it fire."""

    id: str
    title: str
    weight: int
    factor: float
    points: float
    reason: str
    source: str | None
    evidence: tuple[Evidence, ...]


class Item(_Value):
    """One prescribed service."""

    rank: int
    service: str
    name: str
    name_en: str
    category: str
    core: bool
    score: float
    summary: str
    benefit: str
    delivered_by: str
    channel: str
    policy_basis: tuple[PolicyBasis, ...]
    rules: tuple[FiredRule, ...]


class Exclusion(_Value):
    """A service vetoed by a rule, whatever its score. ``overrides`` lists the recommending rules that
    fired for it (empty when it would not have been prescribed anyway)."""

    service: str
    name: str
    rule: str
    title: str
    reason: str
    overrides: tuple[str, ...]
    evidence: tuple[Evidence, ...]


class Lapsed(_Value):
    """A service rules would recommend but whose every policy basis is out of force on ``as_of``: not
    offered to the enterprise, shown to staff as waiting for a new policy."""

    service: str
    name: str
    status: str
    rules: tuple[str, ...]
    policies: tuple[str, ...]
    """Each instrument as ``label（截至 YYYY-MM-DD）``."""


class NeedInfo(_Value):
    """A rule that could fire if the missing facts were known."""

    rule: str
    title: str
    service: str
    effect: Literal["recommend", "exclude"]
    missing: tuple[str, ...]
    evidence: tuple[Evidence, ...]


class Question(_Value):
    """A fact the profile left out whose answer could change the top of the list, asked as a question.
    ``services``: the services whose place the answer could change; ``weight``: how much could move."""

    field: str
    label: str
    text: str
    services: tuple[str, ...]
    weight: float
    label_en: str = ""
    text_en: str = ""
    """The label and the question in English (empty in prescriptions stored before they were written)."""


class Prescription(_Value):
    """The ranked, explained service list for one enterprise (一企一策)."""

    enterprise: str
    enterprise_id: str | None
    as_of: date
    facts: dict[str, Any]
    facts_text: dict[str, str]
    items: tuple[Item, ...]
    excluded: tuple[Exclusion, ...]
    needs_information: tuple[NeedInfo, ...]
    questions: tuple[Question, ...] = ()
    """At most five questions whose answers could change the top items (chosen from ``needs_information``)."""
    warnings: tuple[str, ...]
    rulebase: str
    engine: str
    versions: dict[str, str]
    lapsed: tuple[Lapsed, ...] = ()
    """Services withheld because their policy has lapsed (政策已到期，待新政策), for staff."""


class RuleCheck(_Value):
    """One rule about a service, evaluated: what held, what failed, what is unknown."""

    rule: str
    title: str
    effect: Literal["recommend", "exclude"]
    outcome: Outcome
    in_force: bool
    evidence: tuple[Evidence, ...]
    source: str | None = None


class WhyNot(_Value):
    """Why a service is, or is not, in an enterprise's prescription."""

    service: str
    name: str
    status: Literal["recommended", "excluded", "not-matched", "not-in-force", "beyond-top", "lapsed"]
    rank: int | None
    summary: str
    rules: tuple[RuleCheck, ...]


for _model in (
    Evidence,
    FiredRule,
    Item,
    Exclusion,
    Lapsed,
    NeedInfo,
    Question,
    Prescription,
    RuleCheck,
    WhyNot,
):
    _EVERY[_model] = set(_model.model_fields)
