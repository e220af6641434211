"""Follow-through in the register (依方取药, 一企一案): a case per enterprise and year opened from a
record's 意愿确认, one work item per confirmed service, moved along :mod:`prescriber.register.flow`.

Every change is one transaction that also writes its history row. An update names the version it was
based on; the row is changed only ``WHERE version = <that version>``, so of two officers editing one
item the second is told (:class:`ConflictError`), never silently overwritten — on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from prescriber.codes import Code, phrases
from prescriber.errors import CaseError, ConflictError, problem
from prescriber.register import flow
from prescriber.register.case_schema import Case, EvidenceRow, ItemEvent, WorkItem
from prescriber.register.reconcile import Plan, plan
from prescriber.register.store import RecordView, Register

__all__ = ["CaseBook", "CaseView", "Change", "Event", "Evidence", "ItemView", "Reconciliation"]

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
DUE_DAYS = 30


@dataclass(frozen=True)
class Evidence:
    """Evidence of delivery: a link, or a file named with its SHA-256."""

    link: str | None = None
    file_name: str | None = None
    sha256: str | None = None

    def checked(self) -> Evidence:
        """This evidence, or a :class:`CaseError` saying what is wrong with it."""
        if self.link is not None and self.file_name is None and self.sha256 is None:
            if re.match(r"^https?://\S+$", self.link) and len(self.link) <= 2000:
                return self
            hint = phrases.EVIDENCE_LINK
        elif self.link is None and self.file_name and self.sha256 is not None:
            if _SHA256.match(self.sha256) and len(self.file_name) <= 400 and "/" not in self.file_name:
                return self
            hint = phrases.EVIDENCE_FILE
        else:
            hint = phrases.EVIDENCE_EITHER
        raise CaseError([problem(Code.CASE_EVIDENCE, path="evidence", what=phrases.EVIDENCE_WRONG, how=hint)])

    def text(self) -> str:
        """One line for history and exports."""
        return self.link or f"{self.file_name}（sha256:{self.sha256}）"


@dataclass(frozen=True)
class Event:
    """One change of a work item."""

    at: datetime
    by: str
    action: str
    from_status: str | None
    to_status: str | None
    note: str
    version: int


@dataclass(frozen=True)
class ItemView:
    """A work item as read back; ``evidence`` and ``history`` are filled when one item is read."""

    id: int
    case_id: int
    enterprise: str
    city: str
    year: int
    service: str
    name: str
    delivered_by: str
    officer: str | None
    due: date
    status: str
    reason: str
    notes: str
    indicated: bool
    review: bool
    closed_at: datetime | None
    satisfaction: int | None
    version: int
    evidence: tuple[Evidence, ...] = ()
    history: tuple[Event, ...] = ()

    @property
    def label(self) -> str:
        """The status in Chinese."""
        return flow.LABELS[self.status]


@dataclass(frozen=True)
class CaseView:
    """A case with its items."""

    id: int
    enterprise: str
    credit_code: str | None
    city: str
    year: int
    record_id: int
    opened_by: str
    items: tuple[ItemView, ...]


@dataclass(frozen=True)
class Reconciliation:
    """What opening (or re-opening with a new prescription) did to the case."""

    case: CaseView
    opened: bool
    plan: Plan
    names: Mapping[str, str] = field(default_factory=dict)
    """Service id → its name, for every service the plan names (from the record's list and the case's
    items): what a caseworker reads instead of the id."""
    names_en: Mapping[str, str] = field(default_factory=dict)
    """The same in English where the record's list has it (a service only the case still holds keeps its
    Chinese name)."""


@dataclass(frozen=True)
class Change:
    """One update of a work item, based on ``version``. Only the fields given change."""

    version: int
    status: str | None = None
    reason: str = ""
    note: str = ""
    evidence: Evidence | None = None
    officer: str | None = None
    due: date | None = None
    satisfaction: int | None = None


def stored_record(register: Register, record_id: int) -> RecordView:
    """The record kept under ``record_id``; :class:`CaseError` (``case.record``) when there is none."""
    record = register.get(record_id)
    if record is None:
        raise CaseError(
            [
                problem(
                    Code.CASE_RECORD,
                    path="record",
                    what=phrases.NO_RECORD.fill(record=record_id),
                    how=phrases.FIND_RECORD,
                )
            ]
        )
    return record


class CaseBook:
    """Cases and work items in ``register``'s database."""

    def __init__(self, register: Register, clock: Callable[[], datetime] | None = None) -> None:
        self.register = register
        self._sessions = sessionmaker(register.engine, expire_on_commit=False)
        self._now = clock or (lambda: datetime.now(UTC))

    def open(
        self,
        record_id: int,
        by: str,
        officer: str | None = None,
        due: date | None = None,
        unconfirmed: bool = False,
    ) -> Reconciliation:
        """Open the case of the record's enterprise and year, or bring it up to date with this record.
        A record without 意愿确认 opens a case only when ``unconfirmed`` (a group's supplier, 带动一批): it
        has no items until the enterprise confirms and the case is opened again."""
        record = stored_record(self.register, record_id)
        for attempt in range(3):  # two officers opening the same case at once: the second one reconciles
            try:
                return self._open(record, by, officer, due, unconfirmed)
            except IntegrityError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _open(
        self, record: RecordView, by: str, officer: str | None, due: date | None, unconfirmed: bool
    ) -> Reconciliation:
        rx = json.loads(record.prescription_json)
        key, year = record.credit_code or record.enterprise, record.as_of.year
        now = self._now()
        with self._sessions.begin() as s:
            case = s.scalar(select(Case).where(Case.enterprise_key == key, Case.year == year))
            opened = case is None
            if case is None and record.confirmed is None and not unconfirmed:
                raise CaseError([problem(Code.CASE_UNCONFIRMED, path="record", record=record.id)])
            if case is None:
                case = Case(
                    enterprise_key=key,
                    enterprise=record.enterprise,
                    credit_code=record.credit_code,
                    city=str(rx["facts"].get("region") or ""),
                    year=year,
                    record_id=record.id,
                    opened_at=now,
                    opened_by=by,
                )
                s.add(case)
                s.flush()
            items = list(s.scalars(select(WorkItem).where(WorkItem.case_id == case.id)))
            confirmed = record.confirmed.services if record.confirmed else None
            p = plan({i.service: i.status for i in items}, [i["service"] for i in rx["items"]], confirmed)
            case.record_id = record.id
            self._apply(
                s,
                case,
                items,
                p,
                {i["service"]: i for i in rx["items"]},
                by,
                officer,
                due or (now + timedelta(days=DUE_DAYS)).date(),
                record.id,
            )
            case_id = case.id
        view = self.case(case_id)
        assert view is not None
        names = {i.service: i.name for i in view.items} | {i["service"]: i["name"] for i in rx["items"]}
        names_en = names | {i["service"]: i.get("name_en") or i["name"] for i in rx["items"]}
        return Reconciliation(view, opened, p, names, names_en)

    def _apply(
        self,
        s: Session,
        case: Case,
        items: list[WorkItem],
        p: Plan,
        offered: dict[str, dict[str, str]],
        by: str,
        officer: str | None,
        due: date,
        record_id: int,
    ) -> None:
        now = self._now()
        for item in items:
            flags = (item.service not in p.not_indicated, item.service in p.flagged)
            if (item.indicated, item.review) == flags:
                continue
            note = f"记录 {record_id} 的清单{'仍推荐' if flags[0] else '不再推荐'}这项服务" + (
                "，待复核" if flags[1] else ""
            )
            if not _bump(s, item.id, item.version, {"indicated": flags[0], "review": flags[1]}):
                raise IntegrityError("reconcile", None, Exception("item changed meanwhile"))
            s.add(
                ItemEvent(
                    item_id=item.id,
                    at=now,
                    by=by,
                    action="review",
                    from_status=item.status,
                    to_status=item.status,
                    note=note,
                    version=item.version + 1,
                )
            )
        for service in p.added:
            o = offered[service]
            row = WorkItem(
                case_id=case.id,
                service=service,
                name=o["name"],
                delivered_by=o["delivered_by"],
                officer=officer,
                due=due,
                status="pending",
                reason="",
                notes="",
                indicated=True,
                review=False,
                version=1,
            )
            s.add(row)
            s.flush()
            s.add(
                ItemEvent(
                    item_id=row.id,
                    at=now,
                    by=by,
                    action="create",
                    from_status=None,
                    to_status="pending",
                    note=f"依记录 {record_id} 的意愿确认立项",
                    version=1,
                )
            )

    def case(self, case_id: int) -> CaseView | None:
        """One case with its items."""
        with self._sessions() as s:
            c = s.get(Case, case_id)
            if c is None:
                return None
            rows = s.scalars(select(WorkItem).where(WorkItem.case_id == case_id).order_by(WorkItem.id))
            return CaseView(
                c.id,
                c.enterprise,
                c.credit_code,
                c.city,
                c.year,
                c.record_id,
                c.opened_by,
                tuple(_item(i, c) for i in rows),
            )

    def item(self, item_id: int) -> ItemView | None:
        """One work item with its evidence and its history, oldest first."""
        with self._sessions() as s:
            row = s.get(WorkItem, item_id)
            if row is None:
                return None
            case = s.get(Case, row.case_id)
            assert case is not None
            ev = s.scalars(select(EvidenceRow).where(EvidenceRow.item_id == item_id).order_by(EvidenceRow.id))
            hist = s.scalars(select(ItemEvent).where(ItemEvent.item_id == item_id).order_by(ItemEvent.id))
            return _item(
                row,
                case,
                tuple(Evidence(e.link, e.file_name, e.sha256) for e in ev),
                tuple(
                    Event(h.at, h.by, h.action, h.from_status, h.to_status, h.note, h.version) for h in hist
                ),
            )

    def items(
        self,
        officer: str | None = None,
        open_only: bool = False,
        city: str | None = None,
        year: int | None = None,
    ) -> list[ItemView]:
        """Work items, oldest due first; narrowed to an officer, the open ones, a city and year."""
        stmt = (
            select(WorkItem, Case).join(Case, WorkItem.case_id == Case.id).order_by(WorkItem.due, WorkItem.id)
        )
        if officer is not None:
            stmt = stmt.where(WorkItem.officer == officer)
        if open_only:
            stmt = stmt.where(WorkItem.status.in_(sorted(flow.OPEN)))
        if city is not None:
            stmt = stmt.where(Case.city == city)
        if year is not None:
            stmt = stmt.where(Case.year == year)
        with self._sessions() as s:
            return [_item(i, c) for i, c in s.execute(stmt)]

    def cities(self) -> list[tuple[str, int]]:
        """Every (city, year) that has a case."""
        with self._sessions() as s:
            return [
                (c, y)
                for c, y in s.execute(select(Case.city, Case.year).distinct().order_by(Case.city, Case.year))
            ]

    def update(self, item_id: int, change: Change, by: str) -> ItemView:
        """Apply ``change`` if the item is still at ``change.version``; history kept in the same
        transaction."""
        now = self._now()
        with self._sessions.begin() as s:
            row = s.get(WorkItem, item_id)
            if row is None:
                raise KeyError(item_id)
            if row.version != change.version:
                raise ConflictError(item_id, change.version, row.version)
            values, events = self._values(s, row, change, now)
            if not _bump(s, item_id, change.version, values):
                raise ConflictError(
                    item_id,
                    change.version,
                    s.scalar(select(WorkItem.version).where(WorkItem.id == item_id)) or 0,
                )
            if change.evidence is not None:
                e = change.evidence
                s.add(
                    EvidenceRow(
                        item_id=item_id,
                        link=e.link,
                        file_name=e.file_name,
                        sha256=e.sha256,
                        added_at=now,
                        by=by,
                    )
                )
            for action, before, after, note in events:
                s.add(
                    ItemEvent(
                        item_id=item_id,
                        at=now,
                        by=by,
                        action=action,
                        from_status=before,
                        to_status=after,
                        note=note,
                        version=change.version + 1,
                    )
                )
        view = self.item(item_id)
        assert view is not None
        return view

    def _values(
        self, s: Session, row: WorkItem, c: Change, now: datetime
    ) -> tuple[dict[str, object], list[tuple[str, str | None, str | None, str]]]:
        values: dict[str, object] = {}
        events: list[tuple[str, str | None, str | None, str]] = []
        evidence = c.evidence.checked() if c.evidence is not None else None
        if evidence is not None:
            events.append(("evidence", row.status, row.status, evidence.text()))
        if c.note.strip():
            stamp = f"[{now:%Y-%m-%d}] {c.note.strip()}"
            values["notes"] = f"{row.notes}\n{stamp}" if row.notes else stamp
            events.append(("note", row.status, row.status, c.note.strip()))
        if c.officer is not None and c.officer != row.officer:
            values["officer"] = c.officer.strip() or None
            events.append(
                (
                    "assign",
                    row.status,
                    row.status,
                    f"{row.officer or '（未指派）'} → {c.officer or '（未指派）'}",
                )
            )
        if c.due is not None and c.due != row.due:
            values["due"] = c.due
            events.append(("due", row.status, row.status, f"{row.due} → {c.due}"))
        status = row.status
        if c.status is not None:
            had = bool(
                s.scalar(select(func.count()).select_from(EvidenceRow).where(EvidenceRow.item_id == row.id))
            )
            flow.check_move(row.status, c.status, c.reason, had or evidence is not None)
            status = c.status
            values |= {"status": status, "reason": c.reason.strip(), "review": False}
            values |= {"closed_at": now} if status == "done" else {}
            events.append(("status", row.status, status, c.reason.strip()))
        if c.satisfaction is not None:
            _visit(status, c.satisfaction)
            values |= {"satisfaction": c.satisfaction, "visited_at": now}
            events.append(("visit", status, status, f"满意度 {c.satisfaction}"))
        if not events:
            raise CaseError([problem(Code.CASE_NOTHING)])
        values["version"] = row.version + 1
        return values, events


def _visit(status: str, satisfaction: int) -> None:
    if status != "done":
        raise CaseError([problem(Code.CASE_VISIT, path="satisfaction", status=flow.said(status))])
    if not 1 <= satisfaction <= 5:
        raise CaseError([problem(Code.CASE_SATISFACTION, path="satisfaction", satisfaction=satisfaction)])


def _bump(s: Session, item_id: int, expected: int, values: dict[str, object]) -> bool:
    """Change the row only if it is still at ``expected``: the database decides who was first."""
    values = {"version": expected + 1, **values}
    result = s.execute(
        update(WorkItem).where(WorkItem.id == item_id, WorkItem.version == expected).values(**values)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def _item(
    i: WorkItem, c: Case, evidence: tuple[Evidence, ...] = (), history: tuple[Event, ...] = ()
) -> ItemView:
    return ItemView(
        i.id,
        i.case_id,
        c.enterprise,
        c.city,
        c.year,
        i.service,
        i.name,
        i.delivered_by,
        i.officer,
        i.due,
        i.status,
        i.reason,
        i.notes,
        i.indicated,
        i.review,
        i.closed_at,
        i.satisfaction,
        i.version,
        evidence,
        history,
    )
