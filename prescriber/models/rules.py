"""Rules as policy staff write them (shape only; meaning is checked by :mod:`prescriber.compiler`).

A rule file is a YAML list of rules::

    - id: skills.apprenticeship.manufacturing
      title: 制造业技能人才短缺 → 企业新型学徒制
      service: new-apprenticeship
      weight: 30
      when:
        all:
          - industry: {in: [C]}
          - pain_points: {contains: skill-shortage}
          - employees: {gte: 50}
        not:
          - flags.has_apprenticeship: true
      reason: 制造业企业技能人才短缺(职工 {employees} 人)……
      source: 人社部发〔2021〕39号

``when`` is a condition or a group. A condition is one ``field: test`` pair, where the test is a
bare value (equality) or a mapping of operators (all must hold). A group has ``all`` (every item
holds), ``any`` (at least one holds) and/or ``not`` (none of the items holds); several keys in one
group must all hold.
"""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import Discriminator, Field, Tag, model_validator

from prescriber.codes import phrases
from prescriber.models.base import Bool, Day, Frozen, Id, Int, Number, Scalar, Text
from prescriber.operators import NAMES, Name
from prescriber.operators import OPERATORS as REGISTRY_BY_NAME

__all__ = ["OPERATORS", "WEIGHT", "Group", "Leaf", "Node", "Rule", "Test"]

OPERATORS = NAMES  # declared once, in prescriber.operators; a test checks Test has one field for each
WEIGHT = (1, 100)
"""The points a recommending rule may add: at least, at most."""
_ATTRIBUTES = tuple((name, REGISTRY_BY_NAME[name].attribute()) for name in OPERATORS)


def _says(name: str) -> str:
    return REGISTRY_BY_NAME[name].en


class Test(Frozen):
    """Operators applied to one field; when several are given, all must hold."""

    eq: Scalar | None = Field(None, description=_says("eq"), examples=["fuzhou"])
    in_: tuple[Scalar, ...] | None = Field(
        None, alias="in", min_length=1, description=_says("in"), examples=[["C", "39"]]
    )
    not_in: tuple[Scalar, ...] | None = Field(None, min_length=1, description=_says("not_in"))
    gte: Number | None = Field(None, description=_says("gte"), examples=[50])
    gt: Number | None = Field(None, description=_says("gt"))
    lte: Number | None = Field(None, description=_says("lte"))
    lt: Number | None = Field(None, description=_says("lt"))
    between: tuple[Number, Number] | None = Field(None, description=_says("between"), examples=[[20, 300]])
    contains: Text | None = Field(None, description=_says("contains"), examples=["skill-shortage"])
    contains_any: tuple[Text, ...] | None = Field(None, min_length=1, description=_says("contains_any"))
    contains_all: tuple[Text, ...] | None = Field(None, min_length=1, description=_says("contains_all"))
    exists: Bool | None = Field(None, description=_says("exists"))
    regex: Text | None = Field(None, description=_says("regex"), examples=["^福州"])

    @model_validator(mode="after")
    def _some_operator(self) -> Test:
        if not self.operators():
            raise ValueError(phrases.SOME_OPERATOR.fill(operators=", ".join(OPERATORS)))
        return self

    def operators(self) -> list[tuple[Name, Any]]:
        """The operators that were written, in canonical order, with their values."""
        values = self.__dict__  # the fields' values
        return [(name, value) for name, attr in _ATTRIBUTES if (value := values[attr]) is not None]


def _test_kind(value: Any) -> str:
    return "operators" if isinstance(value, dict) else "value"


FieldTest = Annotated[
    Union[Annotated[Test, Tag("operators")], Annotated[Scalar, Tag("value")]],  # noqa: UP007
    Discriminator(_test_kind),
]
Leaf = Annotated[
    dict[str, FieldTest],
    Field(
        min_length=1, max_length=1, description="One condition: `field: value` or `field: {operator: value}`."
    ),
]


class Group(Frozen):
    """``all``: every item holds; ``any``: at least one holds; ``not``: none of the items holds."""

    all: tuple[Node, ...] | None = Field(None, min_length=1)
    any: tuple[Node, ...] | None = Field(None, min_length=1)
    not_: tuple[Node, ...] | None = Field(None, alias="not", min_length=1)

    @model_validator(mode="after")
    def _some_key(self) -> Group:
        if not self.model_fields_set:
            raise ValueError(phrases.SOME_GROUP)
        return self


_GROUP_KEYS = frozenset({"all", "any", "not"})


def _node_kind(value: Any) -> str:
    if isinstance(value, dict) and value and set(value) <= _GROUP_KEYS:
        return "group"
    if isinstance(value, Group):
        return "group"
    return "condition"


Node = Annotated[
    Union[Annotated[Group, Tag("group")], Annotated[Leaf, Tag("condition")]],  # noqa: UP007
    Discriminator(_node_kind),
]
Group.model_rebuild()


class Rule(Frozen):
    """One rule: when its conditions hold, it recommends (``service`` + ``weight``) or vetoes
    (``exclude``) a service."""

    id: Id = Field(examples=["skills.apprenticeship.manufacturing"])
    title: Text = Field(
        description="A short Chinese title.", examples=["制造业技能人才短缺 → 企业新型学徒制"]
    )
    service: Text | None = Field(
        None, description="The service this rule recommends: its id or its Chinese name."
    )
    weight: Int | None = Field(
        None,
        ge=WEIGHT[0],
        le=WEIGHT[1],
        description=f"Points added to the service's score ({WEIGHT[0]}–{WEIGHT[1]}).",
    )
    exclude: Text | None = Field(
        None, description="The service this rule vetoes: its id or its Chinese name."
    )
    when: Node
    reason: Text = Field(description="Why, for the enterprise; {field} is replaced by the profile's value.")
    source: Text | tuple[Text, ...] | None = Field(
        None,
        description="The policy that sets this condition: its id in the policy register (or a list of ids); "
        "free text only in a catalogue without a register.",
        examples=["mohrss-2021-39"],
    )
    valid_from: Day | None = None
    valid_until: Day | None = None
    supersedes: Id | None = Field(
        None,
        description="The id of the earlier version this rule replaces; "
        "their validity periods must not overlap.",
    )

    @model_validator(mode="after")
    def _one_effect(self) -> Rule:
        if (self.service is None) == (self.exclude is None):
            raise ValueError(phrases.ONE_EFFECT)
        if self.service is not None and self.weight is None:
            raise ValueError(phrases.NEEDS_WEIGHT.fill(low=WEIGHT[0], high=WEIGHT[1]))
        if self.exclude is not None and self.weight is not None:
            raise ValueError(phrases.NO_WEIGHT)
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError(phrases.UNTIL_BEFORE_FROM)
        return self
