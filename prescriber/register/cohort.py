"""The yearly cohort (每市每年约十家重点企业): proposed from the register by influence first and need
second, confirmed by staff. The influence points are :mod:`prescriber.influence` (the report's formula),
read from the facts each prescription carries (size class, ownership, 链主, 规上/四上, harmonious level)
and the linked suppliers its profile lists."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import sessionmaker

from prescriber import influence as influence_points
from prescriber.codes import Code, listed
from prescriber.errors import CaseError, problem
from prescriber.register.case_schema import Case, CohortMember
from prescriber.register.profiles import suppliers_of
from prescriber.register.schema import Record
from prescriber.register.store import Register

__all__ = ["Candidate", "Cohorts", "Standing", "influence", "rank"]

# The points are :mod:`prescriber.influence` (the report's shortlist ranks by the same formula). Need (how
# many services its latest prescription offers) only breaks ties: the cohort is chosen for the firms that
# carry others.


@dataclass(frozen=True)
class Candidate:
    """An enterprise of the city and year, with its latest record and why it ranks where it does."""

    record_id: int
    enterprise: str
    enterprise_key: str
    influence: int
    need: int
    reasons: tuple[str, ...]
    """Why, in Chinese (``链主+25``): the pages and the API show these."""
    confirmed: bool = False
    terms: tuple[tuple[str, int, int], ...] = ()
    """Why, by id: (term of :data:`prescriber.influence.POINTS` or ``suppliers``, points, count)."""


def influence(facts: Mapping[str, Any], suppliers: int = 0) -> tuple[int, tuple[str, ...]]:
    """The influence points of a prescription's facts and its profile's linked suppliers, and which facts
    gave them."""
    return influence_points.points(facts, suppliers)


def rank(candidates: Sequence[Candidate]) -> list[Candidate]:
    """Influence first, need second, then the name (a stable order for equal firms)."""
    return sorted(candidates, key=lambda c: (-c.influence, -c.need, c.enterprise, c.record_id))


@dataclass(frozen=True)
class Standing:
    """How a city's cohort stands: how many were chosen, how many of them have a case (一企一案), and
    their labour disputes (``metrics.disputes_last_year``) in the record they were chosen on and in
    their latest record, summed over the ``disputes_known`` members whose two records both say."""

    members: int
    with_case: int
    disputes_known: int = 0
    disputes_before: int = 0
    disputes_now: int = 0


class Cohorts:
    """The cohorts in ``register``'s database."""

    def __init__(self, register: Register, clock: Callable[[], datetime] | None = None) -> None:
        self._sessions = sessionmaker(register.engine, expire_on_commit=False)
        self._now = clock or (lambda: datetime.now(UTC))

    def candidates(self, city: str, year: int) -> list[Candidate]:
        """Every enterprise with a record of ``city`` written for ``year`` (its latest record), ranked."""
        stmt = (
            select(
                Record.id,
                Record.enterprise,
                Record.credit_code,
                Record.prescription_json,
                Record.profile_text,
            )
            .where(Record.as_of >= date(year, 1, 1), Record.as_of <= date(year, 12, 31))
            .order_by(Record.id)
        )
        latest: dict[str, Candidate] = {}
        with self._sessions() as s:
            chosen = set(
                s.scalars(
                    select(CohortMember.enterprise_key).where(
                        CohortMember.city == city, CohortMember.year == year
                    )
                )
            )
            for rid, name, code, body, text in s.execute(stmt):
                rx = json.loads(body)
                if rx["facts"].get("region") != city:
                    continue
                linked = len(suppliers_of(text))
                points, why = influence(rx["facts"], linked)
                key = code or name
                terms = influence_points.terms(rx["facts"], linked)
                latest[key] = Candidate(rid, name, key, points, len(rx["items"]), why, key in chosen, terms)
        return rank(list(latest.values()))

    def propose(self, city: str, year: int, size: int = 10) -> list[Candidate]:
        """The ``size`` most influential enterprises not yet confirmed, after those already confirmed."""
        ranked = self.candidates(city, year)
        return [c for c in ranked if c.confirmed] + [c for c in ranked if not c.confirmed][: max(0, size)]

    def confirm(self, city: str, year: int, record_ids: Sequence[int], by: str) -> list[Candidate]:
        """Add these records' enterprises to the city's cohort for the year (staff's decision)."""
        by_record = {c.record_id: c for c in self.candidates(city, year)}
        unknown = [r for r in record_ids if r not in by_record]
        if unknown:
            raise CaseError(
                [
                    problem(
                        Code.COHORT_RECORD,
                        path="records",
                        records=listed(unknown),
                        city=city,
                        year=year,
                    )
                ]
            )
        with self._sessions.begin() as s:
            for rid in dict.fromkeys(record_ids):
                c = by_record[rid]
                if not c.confirmed:
                    s.add(
                        CohortMember(
                            city=city,
                            year=year,
                            enterprise_key=c.enterprise_key,
                            enterprise=c.enterprise,
                            record_id=rid,
                            influence=c.influence,
                            confirmed_by=by,
                            confirmed_at=self._now(),
                        )
                    )
        return [c for c in self.candidates(city, year) if c.confirmed]

    def standing(self, city: str, year: int) -> Standing:
        """The cohort's size, how many of its enterprises have a case for the year, and their disputes."""
        with self._sessions() as s:
            members = list(
                s.execute(
                    select(CohortMember.enterprise_key, CohortMember.record_id).where(
                        CohortMember.city == city, CohortMember.year == year
                    )
                )
            )
            cases = set(s.scalars(select(Case.enterprise_key).where(Case.year == year)))
            pairs = [
                (
                    _disputes(s.scalar(select(Record.prescription_json).where(Record.id == rid))),
                    _disputes(
                        s.scalar(
                            select(Record.prescription_json)
                            .where(_same_enterprise(key))
                            .order_by(Record.id.desc())
                            .limit(1)
                        )
                    ),
                )
                for key, rid in members
            ]
        known = [(b, n) for b, n in pairs if b is not None and n is not None]
        return Standing(
            len(members),
            len({k for k, _ in members} & cases),
            len(known),
            sum(b for b, _ in known),
            sum(n for _, n in known),
        )

    def cities(self, year: int | None = None) -> set[str]:
        """Every city that has chosen a cohort (in ``year``, when given)."""
        stmt = select(CohortMember.city).distinct()
        with self._sessions() as s:
            return set(s.scalars(stmt if year is None else stmt.where(CohortMember.year == year)))


def _same_enterprise(key: str) -> ColumnElement[bool]:
    # A case's key is the credit code, or the name when the profile gave no code.
    return or_(Record.credit_code == key, and_(Record.credit_code.is_(None), Record.enterprise == key))


def _disputes(prescription_json: str | None) -> int | None:
    value = (
        json.loads(prescription_json)["facts"].get("metrics.disputes_last_year")
        if prescription_json
        else None
    )
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
