"""The register's tables (SQLAlchemy 2 declarative): rule-base snapshots, prescription records and
the enterprises' confirmations. The migrations in ``migrations/versions`` create exactly these."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = ["Base", "Confirmation", "Record", "Snapshot"]


class Base(DeclarativeBase):
    """The register's metadata."""


class Snapshot(Base):
    """The rule and catalogue files of one rule base, keyed by its fingerprint, so a record can be
    replayed with the rules it was written with."""

    __tablename__ = "snapshots"
    fingerprint: Mapped[str] = mapped_column(String(80), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    files: Mapped[dict[str, Any]] = mapped_column(JSON)


class Record(Base):
    """One prescription as it was handed out: the profile as received and the library's JSON."""

    __tablename__ = "records"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    enterprise: Mapped[str] = mapped_column(String(400), index=True)
    credit_code: Mapped[str | None] = mapped_column(String(40), index=True)
    source_name: Mapped[str] = mapped_column(String(200))
    profile_text: Mapped[str] = mapped_column(Text)
    prescription_json: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(ForeignKey("snapshots.fingerprint"), index=True)
    as_of: Mapped[date] = mapped_column(Date)
    top: Mapped[int | None] = mapped_column(Integer)
    engine: Mapped[str] = mapped_column(String(40))
    versions: Mapped[dict[str, Any]] = mapped_column(JSON)
    channel: Mapped[str] = mapped_column(String(20))
    asked_by: Mapped[str | None] = mapped_column(String(200))


class Confirmation(Base):
    """The enterprise's 意愿确认: which of the prescribed services it wants. The latest one counts;
    earlier ones stay as history."""

    __tablename__ = "confirmations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    services: Mapped[list[str]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
    by: Mapped[str] = mapped_column(String(200))
