"""The batch-job tables: a job's state and progress (``batch_jobs``) and its three result tables
(``batch_tables``), so a job can be polled and downloaded from any server process and after a restart.
Migration ``r0005_batch_jobs`` creates them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from prescriber.register.schema import Base

__all__ = ["BatchJob", "BatchTable"]


class BatchJob(Base):
    """One uploaded table being prescribed: ``queued`` → ``running`` → ``done`` | ``failed``.

    ``host``, ``pid`` and ``process`` name the server process running it; ``beat_at`` is its last sign
    of life, so another process (or the same one restarted) can tell an interrupted job from a slow one.
    """

    __tablename__ = "batch_jobs"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    state: Mapped[str] = mapped_column(String(20), index=True)
    as_of: Mapped[date] = mapped_column(Date)
    top: Mapped[int | None] = mapped_column(Integer)
    output: Mapped[str] = mapped_column(String(20))
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    bad: Mapped[int] = mapped_column(Integer, default=0)
    items: Mapped[int] = mapped_column(Integer, default=0)
    fingerprint: Mapped[str] = mapped_column(String(80), default="")
    problems: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    host: Mapped[str] = mapped_column(String(200))
    pid: Mapped[int] = mapped_column(Integer)
    process: Mapped[str] = mapped_column(String(40))
    beat_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class BatchTable(Base):
    """One result table of a finished job, as the bytes that are downloaded."""

    __tablename__ = "batch_tables"
    job_id: Mapped[str] = mapped_column(ForeignKey("batch_jobs.id", ondelete="CASCADE"), primary_key=True)
    which: Mapped[str] = mapped_column(String(10), primary_key=True)  # long | wide | errors
    filename: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)
