"""带动一批: a chain leader's suppliers prescribed together and followed as a group.

Opening a group from one of the leader's records (its profile lists ``suppliers``) does, for the
record's year:

- the leader's own case is opened (or brought up to date) from that record (no items until confirmed);
- each listed supplier is looked up by its 统一社会信用代码: its newest record of the same year (the
  caller may first prescribe profiles it was given, which stores such records) opens the supplier's case
  — with no work item until the supplier confirms (意愿确认), then the case is opened again and the
  confirmed services become items;
- a supplier with no record of that year is kept as **待采集** (its code and name as the leader listed
  them, no case): never dropped. Opening the group again later picks up the records collected meanwhile;
- a supplier the leader's newer profile no longer lists stays in the group, marked 不再列出.

Each member's state: 待采集 (no record), 待确认 (a case without items: nothing confirmed yet), 暂不需要
(confirmed, nothing chosen), 跟进中 (an item still open), 已办结 (every item final).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from prescriber.codes import Code
from prescriber.errors import CaseError, problem
from prescriber.models import Supplier
from prescriber.register.case_schema import CaseGroup, GroupMember
from prescriber.register.cases import CaseBook, CaseView, stored_record
from prescriber.register.flow import OPEN
from prescriber.register.profiles import profile_of, records_of, suppliers_of
from prescriber.register.schema import Record
from prescriber.register.store import Register

__all__ = ["STATES", "GroupStanding", "GroupView", "Groups", "MemberView"]

STATES = {
    "uncollected": "待采集",
    "unconfirmed": "待确认",
    "nothing": "暂不需要",
    "following": "跟进中",
    "finished": "已办结",
}


@dataclass(frozen=True)
class MemberView:
    """One supplier of a group: as the leader lists it, its record and case (when it has them)."""

    credit_code: str
    name: str
    listed: bool
    record_id: int | None
    state: str
    case: CaseView | None

    @property
    def label(self) -> str:
        """The state in Chinese."""
        return STATES[self.state] + ("（不再列出）" if not self.listed else "")

    @property
    def delivered(self) -> int:
        """Its items delivered (已办结)."""
        return sum(1 for i in self.case.items if i.status == "done") if self.case else 0

    @property
    def prescribed(self) -> int:
        """Its work items."""
        return len(self.case.items) if self.case else 0


@dataclass(frozen=True)
class GroupView:
    """A chain leader's group: the leader's case and every supplier, in the leader's order."""

    id: int
    leader: str
    city: str
    year: int
    record_id: int
    opened_by: str
    leader_case: CaseView
    members: tuple[MemberView, ...]

    def count(self, state: str) -> int:
        """How many listed suppliers are in ``state``."""
        return sum(1 for m in self.members if m.listed and m.state == state)


@dataclass(frozen=True)
class GroupStanding:
    """A city's groups in a year: how many, their listed suppliers, those with a case, those 待采集, and
    the suppliers' work items and how many of them are delivered."""

    groups: int = 0
    suppliers: int = 0
    with_case: int = 0
    uncollected: int = 0
    items: int = 0
    delivered: int = 0


class Groups:
    """The groups in ``register``'s database (the cases through :class:`CaseBook`)."""

    def __init__(self, register: Register, clock: Callable[[], datetime] | None = None) -> None:
        self.register = register
        self.book = CaseBook(register, clock)
        self._sessions = sessionmaker(register.engine, expire_on_commit=False)
        self._now = clock or (lambda: datetime.now(UTC))

    def suppliers(self, record_id: int) -> tuple[Supplier, ...]:
        """The suppliers the record's profile lists; :class:`CaseError` when there is no such record or
        it lists none."""
        record = stored_record(self.register, record_id)
        found = suppliers_of(record.profile_text)
        if not found:
            raise CaseError(
                [
                    problem(
                        Code.GROUP_NO_SUPPLIERS, path="record", record=record_id, enterprise=record.enterprise
                    )
                ]
            )
        return found

    def open(self, record_id: int, by: str, officer: str | None = None, due: date | None = None) -> GroupView:
        """Open (or bring up to date) the leader's group for the record's year; see the module text."""
        listed = self.suppliers(record_id)
        leader = self.book.open(record_id, by, officer, due, unconfirmed=True).case
        found: dict[str, tuple[int | None, int | None]] = {}
        for s in listed:
            rid = self.latest(s.credit_code, leader.year)
            case = self.book.open(rid, by, officer, due, unconfirmed=True).case.id if rid else None
            found[s.credit_code] = (rid, case)
        for attempt in range(3):  # two officers opening the same group at once: the second one updates
            try:
                return self._store(leader, record_id, listed, found, by)
            except IntegrityError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _store(
        self,
        leader: CaseView,
        record_id: int,
        listed: tuple[Supplier, ...],
        found: dict[str, tuple[int | None, int | None]],
        by: str,
    ) -> GroupView:
        key = leader.credit_code or leader.enterprise
        with self._sessions.begin() as s:
            group = s.scalar(
                select(CaseGroup).where(CaseGroup.leader_key == key, CaseGroup.year == leader.year)
            )
            if group is None:
                group = CaseGroup(
                    leader_key=key,
                    leader=leader.enterprise,
                    city=leader.city,
                    year=leader.year,
                    record_id=record_id,
                    case_id=leader.id,
                    opened_at=self._now(),
                    opened_by=by,
                )
                s.add(group)
                s.flush()
            group.record_id, group.case_id = record_id, leader.id
            members = {
                m.credit_code: m
                for m in s.scalars(select(GroupMember).where(GroupMember.group_id == group.id))
            }
            for old in members.values():
                old.listed = False
            for n, sup in enumerate(listed):
                rid, case = found[sup.credit_code]
                m = members.get(sup.credit_code) or GroupMember(
                    group_id=group.id, credit_code=sup.credit_code, record_id=None, case_id=None
                )
                s.add(m)
                m.position, m.name, m.listed = n, sup.name, True
                if rid is not None:
                    m.record_id, m.case_id = rid, case
            group_id = group.id
        view = self.group(group_id)
        assert view is not None
        return view

    def latest(self, credit_code: str, year: int) -> int | None:
        """The newest record of ``year`` whose profile is the enterprise with ``credit_code``."""
        stmt = records_of(credit_code).where(
            Record.as_of >= date(year, 1, 1), Record.as_of <= date(year, 12, 31)
        )
        with self._sessions() as s:
            for row in s.scalars(stmt):
                p = profile_of(row.profile_text)
                if p is not None and p.credit_code == credit_code:
                    return row.id
        return None

    def group(self, group_id: int) -> GroupView | None:
        """One group with the leader's case and every member's."""
        with self._sessions() as s:
            g = s.get(CaseGroup, group_id)
            if g is None:
                return None
            rows = list(
                s.scalars(
                    select(GroupMember)
                    .where(GroupMember.group_id == group_id)
                    .order_by(GroupMember.listed.desc(), GroupMember.position, GroupMember.id)
                )
            )
        leader = self.book.case(g.case_id)
        assert leader is not None
        return GroupView(
            g.id, g.leader, g.city, g.year, g.record_id, g.opened_by, leader, tuple(map(self._member, rows))
        )

    def _member(self, m: GroupMember) -> MemberView:
        case = self.book.case(m.case_id) if m.case_id is not None else None
        return MemberView(m.credit_code, m.name, m.listed, m.record_id, self._state(m, case), case)

    def _state(self, m: GroupMember, case: CaseView | None) -> str:
        if m.record_id is None or case is None:
            return "uncollected"
        if case.items:
            return "following" if any(i.status in OPEN for i in case.items) else "finished"
        record = self.register.get(case.record_id)
        return "nothing" if record is not None and record.confirmed is not None else "unconfirmed"

    def groups(self, city: str | None = None, year: int | None = None) -> list[GroupView]:
        """Every group (of ``city``, of ``year``), oldest first."""
        stmt = select(CaseGroup.id).order_by(CaseGroup.id)
        if city is not None:
            stmt = stmt.where(CaseGroup.city == city)
        if year is not None:
            stmt = stmt.where(CaseGroup.year == year)
        with self._sessions() as s:
            ids = list(s.scalars(stmt))
        return [g for g in map(self.group, ids) if g is not None]

    def standing(self, city: str, year: int) -> GroupStanding:
        """The figures of ``city``'s groups in ``year`` (suppliers the leaders no longer list left out)."""
        found = self.groups(city, year)
        members = [m for g in found for m in g.members if m.listed]
        return GroupStanding(
            len(found),
            len(members),
            sum(1 for m in members if m.case is not None),
            sum(1 for m in members if m.state == "uncollected"),
            sum(m.prescribed for m in members),
            sum(m.delivered for m in members),
        )
