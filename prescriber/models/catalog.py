"""The catalogue: services (the medicine cabinet) and the vocabularies every rule and profile uses.

A catalogue directory holds any number of YAML files; each is a :class:`CatalogFile` (a mapping
whose keys are the sections below) and the loader concatenates the sections into one
:class:`Catalog`. Order in the files is the catalogue order, used to break ties in ranking.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Literal

from pydantic import Field, model_validator

from prescriber.codes import phrases
from prescriber.models.base import Bool, Code, Day, Frozen, Id, Number, Text
from prescriber.models.policy import Policy, PolicyBasis

__all__ = [
    "SIZE_LABELS",
    "AboveScaleLine",
    "Catalog",
    "CatalogFile",
    "Category",
    "Choice",
    "County",
    "Division",
    "Flag",
    "Metric",
    "Ownership",
    "PainPoint",
    "Policy",
    "PolicyBasis",
    "Region",
    "Section",
    "Service",
    "SizeBounds",
    "SizeRow",
    "SizeScope",
]


class Category(Frozen):
    """A group of services in the "1+X" menu."""

    id: Id
    name: Text
    name_en: Text


class Service(Frozen):
    """One service the department can deliver to an enterprise."""

    id: Id = Field(examples=["new-apprenticeship"])
    name: Text = Field(examples=["企业新型学徒制"])
    name_en: Text
    category: Id
    summary: Text
    core: Bool = Field(
        False, description='true for the "1" (harmonious labour relations): always prescribed, first.'
    )
    delivered_by: Text = Field(description="The unit that delivers it.", examples=["市人社局职业能力建设科"])
    channel: Text = Field(description="How an enterprise gets it.", examples=["线上申报 + 现场指导"])
    eligibility: Text
    benefit: Text
    policy_basis: tuple[Id | PolicyBasis, ...] = Field(
        min_length=1,
        description="Ids of the instruments in the policy register (catalog/policies.yaml) it rests on; "
        "a catalogue without a register may write the documents inline.",
        examples=[["mohrss-2021-39"]],
    )
    money: Bool = Field(
        False,
        description="true when the service pays money (subsidy, refund, grant): "
        "lint then asks for the date its basis ends.",
    )
    valid_from: Day | None = None
    valid_until: Day | None = None


class Section(Frozen):
    """GB/T 4754-2017 门类."""

    code: Text = Field(pattern=r"^[A-T]$")
    name: Text
    name_en: Text | None = Field(
        None,
        description="English name, as the National Bureau of Statistics gives it; shown in English output",
        examples=["Manufacturing"],
    )


class Division(Frozen):
    """GB/T 4754-2017 大类."""

    code: Code = Field(pattern=r"^[0-9]{2}$")
    section: Text = Field(pattern=r"^[A-T]$")
    name: Text


class County(Frozen):
    """A county-level unit, resolved to its region."""

    code: Code = Field(pattern=r"^[0-9]{6}$")
    name: Text


class Region(Frozen):
    """A region rules can name: a prefecture-level city or 平潭综合实验区."""

    id: Id
    name: Text
    name_en: Text | None = Field(
        None, description="English name, shown in English output (the id when absent)", examples=["Fuzhou"]
    )
    code: Code = Field(pattern=r"^[0-9]{6}$")
    aliases: tuple[Text, ...] = ()
    counties: tuple[County, ...] = ()


class Ownership(Frozen):
    """An ownership type."""

    id: Id
    name: Text
    name_en: Text | None = Field(
        None,
        description="English name, shown in English output (the id when absent)",
        examples=["state-owned enterprise"],
    )
    synonyms: tuple[Text, ...] = ()


class PainPoint(Frozen):
    """A pain point an enterprise may report."""

    id: Id
    name: Text
    name_en: Text | None = Field(None, description="English name, shown in English output")
    synonyms: tuple[Text, ...] = ()
    definition: Text


class Choice(Frozen):
    """One allowed value of a choice flag."""

    id: Id
    name: Text
    name_en: Text | None = Field(None, description="English name, shown in English output")


class Flag(Frozen):
    """A yes/no (or one-of-several) fact a profile may declare and a rule may test."""

    id: Id
    name: Text
    name_en: Text | None = Field(None, description="English name, shown in English output")
    type: Literal["bool", "choice"] = "bool"
    choices: tuple[Choice, ...] = ()
    definition: Text | None = None

    @model_validator(mode="after")
    def _choices_match_type(self) -> Flag:
        if (self.type == "choice") != bool(self.choices):
            raise ValueError(phrases.CHOICES_ONLY)
        return self


class Metric(Frozen):
    """A numeric indicator with its unit and valid range."""

    id: Id
    name: Text
    name_en: Text | None = Field(None, description="English name, shown in English output")
    unit: Text
    min: Number
    max: Number
    integer: Bool = False
    definition: Text | None = None


class SizeBounds(Frozen):
    """Lower bounds of the large, medium and small tiers for one indicator."""

    large: Number
    medium: Number
    small: Number


class SizeScope(Frozen):
    """Which industry codes a size row covers."""

    sections: tuple[Text, ...] = ()
    divisions: tuple[Code, ...] = ()
    groups: tuple[Code, ...] = ()
    classes: tuple[Code, ...] = ()


SIZE_LABELS = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"}
"""The size classes of 统计上大中小微型企业划分办法（2017）, largest first, with their Chinese names: the ids
are what ``prescriber.sizes`` derives and rules test; the names are what a caseworker reads."""


class SizeRow(Frozen):
    """One row of 统计上大中小微型企业划分办法（2017）."""

    id: Id
    name: Text
    scope: SizeScope
    thresholds: dict[Literal["employees", "revenue", "assets"], SizeBounds] = Field(min_length=1)


class AboveScaleLine(Frozen):
    """One line of the 规模以上/限额以上 thresholds: units in ``scope`` with revenue ≥ ``min_revenue``
    (or all of them, when ``min_revenue`` is absent) count as above scale."""

    name: Text
    scope: SizeScope
    min_revenue: Number | None = None


class CatalogFile(Frozen):
    """What one catalogue file may contain; every section is optional."""

    categories: tuple[Category, ...] = ()
    services: tuple[Service, ...] = ()
    sections: tuple[Section, ...] = ()
    divisions: tuple[Division, ...] = ()
    regions: tuple[Region, ...] = ()
    ownerships: tuple[Ownership, ...] = ()
    pain_points: tuple[PainPoint, ...] = ()
    flags: tuple[Flag, ...] = ()
    metrics: tuple[Metric, ...] = ()
    size_classes: tuple[SizeRow, ...] = ()
    above_scale: tuple[AboveScaleLine, ...] = ()
    policies: tuple[Policy, ...] = Field((), description="The policy register: every instrument, once.")


class Catalog(CatalogFile):
    """All catalogue files merged, with lookups by id."""

    @cached_property
    def service_by_id(self) -> dict[str, Service]:
        return {s.id: s for s in self.services}

    @cached_property
    def order(self) -> dict[str, int]:
        """Catalogue position of each service (ties in ranking break by it)."""
        return {s.id: i for i, s in enumerate(self.services)}

    @cached_property
    def section_of(self) -> dict[str, str]:
        """Division code → section letter."""
        return {d.code: d.section for d in self.divisions}

    @cached_property
    def flag_by_id(self) -> dict[str, Flag]:
        return {f.id: f for f in self.flags}

    @cached_property
    def metric_by_id(self) -> dict[str, Metric]:
        return {m.id: m for m in self.metrics}

    @cached_property
    def policy_by_id(self) -> dict[str, Policy]:
        return {p.id: p for p in self.policies}

    def basis(self, service: str) -> tuple[PolicyBasis, ...]:
        """The documents ``service`` rests on, resolved from the register (ids it does not hold are
        left out: the compiler reports them)."""
        out = []
        for b in self.service_by_id[service].policy_basis:
            if isinstance(b, PolicyBasis):
                out.append(b)
            elif b in self.policy_by_id:
                out.append(self.policy_by_id[b].basis())
        return tuple(out)

    def instruments(self, service: str) -> tuple[Policy, ...]:
        """The register entries ``service`` cites."""
        return self.cited_instruments[service]

    @cached_property
    def cited_instruments(self) -> dict[str, tuple[Policy, ...]]:
        register = self.policy_by_id
        return {
            s.id: tuple(register[b] for b in s.policy_basis if isinstance(b, str) and b in register)
            for s in self.services
        }

    def withheld(self, service: str, day: date) -> bool:
        """Whether every instrument ``service`` cites from the register is out of force on ``day``
        (not yet in force, or ended): the service is then not offered. A service that cites no
        register entry is never withheld this way."""
        cited = self.instruments(service)
        return bool(cited) and not any(p.in_force(day) for p in cited)

    def lapsed(self, service: str, day: date) -> bool:
        """Withheld on ``day`` because its policy ended (政策已到期，待新政策), not because it has not
        begun."""
        return self.withheld(service, day) and any(
            p.valid_until is not None and p.valid_until < day for p in self.instruments(service)
        )

    @staticmethod
    def merge(files: list[CatalogFile]) -> Catalog:
        """Concatenate the sections of several files, in order."""
        merged = {
            name: tuple(x for f in files for x in getattr(f, name)) for name in CatalogFile.model_fields
        }
        return Catalog.model_validate(merged)
