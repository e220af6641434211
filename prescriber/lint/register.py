"""Lint over the policy register: money without an end date, services resting only on instruments
that have lapsed on a given date, and document numbers a rule writes that the register does not hold."""

from __future__ import annotations

import re
from datetime import date
from typing import Protocol

from prescriber.codes import Code, Phrase, listed, phrases
from prescriber.compiler import RuleBook
from prescriber.errors import Problem
from prescriber.lint.traps import Finding

__all__ = ["NUMBER", "lapsed_services", "money_without_end", "unregistered_numbers"]

NUMBER = re.compile(r"[\u4e00-\u9fa5]+〔\d{4}〕\d+号|[\u4e00-\u9fa5]*令第\d+号")
"""A Chinese document number: 人社部发〔2025〕18号, 国务院令第724号."""


class At(Protocol):
    """A problem about what the catalogue declares as ``(section, key)``, shown at ``path``."""

    def __call__(self, section: str, key: str, path: str, code: Code, /, **params: object) -> Problem: ...


def money_without_end(book: RuleBook, at: At) -> list[Problem]:
    """A service that pays money while nothing says when the money ends: the service has no
    ``valid_until`` and none of its instruments has one or is declared ``open_ended``."""
    out = []
    catalog = book.catalog
    for s in catalog.services:
        if not s.money or s.valid_until is not None:
            continue
        cited = catalog.instruments(s.id)
        if not any(p.valid_until is not None or p.open_ended for p in cited):
            names = listed(p.id for p in cited) or phrases.INLINE_DOCUMENTS
            out.append(
                at(
                    "services",
                    s.id,
                    s.id,
                    Code.LINT_MONEY_WITHOUT_END,
                    service=s.id,
                    name=Phrase(s.name, s.name_en),
                    cited=names,
                )
            )
    return out


def lapsed_services(book: RuleBook, day: date, at: At) -> list[Problem]:
    """Services whose every instrument has ended by ``day``: from then on they are not offered."""
    out = []
    catalog = book.catalog
    for s in catalog.services:
        if catalog.lapsed(s.id, day):
            ends = listed(
                phrases.ENDS.fill(document=p.label(), day=p.valid_until)
                for p in catalog.instruments(s.id)
                if p.valid_until
            )
            out.append(
                at(
                    "services",
                    s.id,
                    s.id,
                    Code.LINT_LAPSED_SERVICE,
                    service=s.id,
                    name=Phrase(s.name, s.name_en),
                    day=day,
                    ends=ends,
                )
            )
    return out


def unregistered_numbers(book: RuleBook, finding: Finding) -> list[Problem]:
    """A document number written in a rule's title or reason that the register does not hold."""
    registered = [p.number for p in book.catalog.policies if p.number]
    if not registered:
        return []
    out = []
    for r in book.rules:
        for number in dict.fromkeys(NUMBER.findall(f"{r.title} {r.reason}")):
            if not any(number in n or n in number for n in registered):
                out.append(finding(r, Code.LINT_UNREGISTERED_NUMBER, rule=r.id, number=number))
    return out
