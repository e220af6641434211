"""Citations of the policy register (``catalog/policies.yaml``): which instruments a service or rule
cites, how a rule's ``source`` reads, and the located problems when a cited id is not registered.

A catalogue with a register must cite it by id everywhere; a catalogue without one (small test
catalogues, older rule bases) may keep writing documents inline and sources as free text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from prescriber.codes import Code, Phrase, meant, phrases
from prescriber.dates import Window
from prescriber.errors import Problem
from prescriber.loader import CatalogSource, Origin, RuleSource
from prescriber.models import Catalog
from prescriber.shape import suggest

__all__ = ["Window", "check_citations", "cited", "cited_ids", "source_label"]


def cited(
    source: str | tuple[str, ...] | None, catalog: Catalog
) -> tuple[tuple[str, date | None, date | None], ...]:
    """The register entries a rule's ``source`` names: ``(id, valid_from, valid_until)``."""
    register = catalog.policy_by_id
    return tuple((i, register[i].valid_from, register[i].valid_until) for i in cited_ids(source, catalog))


def source_label(source: str | tuple[str, ...] | None, catalog: Catalog) -> str | None:
    """What a rule's ``source`` says to a reader: register ids become their numbers (or titles)."""
    if source is None:
        return None
    register = catalog.policy_by_id
    return "；".join(register[s].label() if s in register else s for s in _sources(source))


def check_citations(source: CatalogSource, rules: Sequence[RuleSource]) -> list[Problem]:
    """With a policy register in the catalogue, every ``policy_basis`` of a service and every ``source``
    of a rule must name one of its ids (did-you-mean by id, or by the document number written)."""
    catalog = source.catalog
    register = catalog.policy_by_id
    problems: list[Problem] = []
    for section, key, origin in source.entries:
        if section == "policies":
            replaced = register[key].replaced_by if key in register else None
            if replaced is not None and replaced not in register:
                problems.append(_unknown_policy(origin, ("replaced_by",), replaced, catalog))
        if section != "services":
            continue
        for i, b in enumerate(catalog.service_by_id[key].policy_basis):
            if isinstance(b, str) and b not in register:
                problems.append(_unknown_policy(origin, ("policy_basis", i), b, catalog))
            elif not isinstance(b, str) and register:
                problems.append(
                    origin.problem(
                        ("policy_basis", i),
                        Code.CATALOG_INLINE_BASIS,
                        how=_by_number(b.number, catalog) or phrases.REGISTER_THEN_CITE,
                    )
                )
    if not register:
        return problems
    for rs in rules:
        cited = rs.rule.source
        for i, s in enumerate(_sources(cited)):
            if s not in register:
                loc = ("source",) if isinstance(cited, str) else ("source", i)
                problems.append(_unknown_policy(rs.origin, loc, s, catalog))
    return problems


def _unknown_policy(origin: Origin, loc: tuple[str | int, ...], cited: str, catalog: Catalog) -> Problem:
    close = suggest(cited, catalog.policy_by_id)
    hint = _by_number(cited, catalog) or (meant(close) if close else phrases.REGISTER_FIRST)
    return origin.problem(loc, Code.POLICY_UNKNOWN, cited=cited, how=hint)


def _by_number(text: str | None, catalog: Catalog) -> Phrase | None:
    """A hint naming the register id of a document cited by its number or title."""
    if not text:
        return None
    found = [p.id for p in catalog.policies if (p.number and p.number in text) or p.title == text]
    return phrases.REGISTER_ID.fill(id=found[0]) if found else None


def _sources(source: str | tuple[str, ...] | None) -> tuple[str, ...]:
    if source is None:
        return ()
    return (source,) if isinstance(source, str) else source


def cited_ids(source: str | tuple[str, ...] | None, catalog: Catalog) -> tuple[str, ...]:
    return tuple(s for s in _sources(source) if s in catalog.policy_by_id)
