"""The follow-through tables (一企一案): a case per enterprise and year, its work items (one per
confirmed service), their evidence and the history of every change (migration ``r0002``); the yearly
cohort (``r0003``); a chain leader's group of suppliers followed together, 带动一批 (``r0004_groups``)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from prescriber.register.schema import Base

__all__ = ["Case", "CaseGroup", "CohortMember", "EvidenceRow", "GroupMember", "ItemEvent", "WorkItem"]


class Case(Base):
    """One enterprise's case for one year: the record it follows now, its city."""

    __tablename__ = "cases"
    __table_args__ = (UniqueConstraint("enterprise_key", "year", name="uq_cases_enterprise_year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    enterprise_key: Mapped[str] = mapped_column(String(400))
    enterprise: Mapped[str] = mapped_column(String(400))
    credit_code: Mapped[str | None] = mapped_column(String(40))
    city: Mapped[str] = mapped_column(String(40), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"))
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    opened_by: Mapped[str] = mapped_column(String(200))


class WorkItem(Base):
    """One service to deliver: who delivers it, who follows it, by when, where it stands, the visit."""

    __tablename__ = "work_items"
    __table_args__ = (UniqueConstraint("case_id", "service", name="uq_work_items_case_service"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    service: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    delivered_by: Mapped[str] = mapped_column(String(400))
    officer: Mapped[str | None] = mapped_column(String(200), index=True)
    due: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), index=True)
    reason: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text)
    indicated: Mapped[bool] = mapped_column(Boolean)
    review: Mapped[bool] = mapped_column(Boolean)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    visited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer)


class EvidenceRow(Base):
    """Evidence of delivery: a link, or a file's name and SHA-256 (the file itself stays with its owner)."""

    __tablename__ = "item_evidence"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id"), index=True)
    link: Mapped[str | None] = mapped_column(String(2000))
    file_name: Mapped[str | None] = mapped_column(String(400))
    sha256: Mapped[str | None] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    by: Mapped[str] = mapped_column(String(200))


class ItemEvent(Base):
    """One change of a work item: who, when, what (status from → to, a note, evidence, a visit)."""

    __tablename__ = "item_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    by: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)


class CohortMember(Base):
    """An enterprise a city chose for its yearly cohort (staff's confirmation of a proposal)."""

    __tablename__ = "cohort_members"
    __table_args__ = (
        UniqueConstraint("city", "year", "enterprise_key", name="uq_cohort_members_city_year_enterprise"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    city: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer)
    enterprise_key: Mapped[str] = mapped_column(String(400))
    enterprise: Mapped[str] = mapped_column(String(400))
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"))
    influence: Mapped[int] = mapped_column(Integer)
    confirmed_by: Mapped[str] = mapped_column(String(200))
    confirmed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CaseGroup(Base):
    """A chain leader's group for one year (带动一批): the leader's record it was opened from, its city."""

    __tablename__ = "case_groups"
    __table_args__ = (UniqueConstraint("leader_key", "year", name="uq_case_groups_leader_year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    leader_key: Mapped[str] = mapped_column(String(400))
    leader: Mapped[str] = mapped_column(String(400))
    city: Mapped[str] = mapped_column(String(40), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    opened_by: Mapped[str] = mapped_column(String(200))


class GroupMember(Base):
    """A supplier the leader lists: its record of the year and its case once it has one (both empty while
    it is 待采集); ``listed`` false once the leader's newer profile no longer names it (kept, not deleted)."""

    __tablename__ = "group_members"
    __table_args__ = (UniqueConstraint("group_id", "credit_code", name="uq_group_members_group_code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("case_groups.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    credit_code: Mapped[str] = mapped_column(String(18))
    name: Mapped[str] = mapped_column(String(2000))
    record_id: Mapped[int | None] = mapped_column(ForeignKey("records.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    listed: Mapped[bool] = mapped_column(Boolean)
