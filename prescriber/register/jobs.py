"""Batch jobs kept in the register: a job's state, progress and result tables live in the database,
so any server process can answer for it and a restart loses nothing. A job whose process is gone is
marked ``failed`` with a reason, never left ``running`` for ever.

A process is gone when it was on this host and its pid no longer runs (or is this very process,
restarted under the same pid, as in a container), or when its last heartbeat is older than
``stale`` seconds (any host).
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from prescriber.codes import Code
from prescriber.errors import Problem, problem
from prescriber.register.job_schema import BatchJob, BatchTable
from prescriber.register.store import Register

__all__ = ["INTERRUPTED", "JobStore", "JobView"]

INTERRUPTED = Code.BATCH_INTERRUPTED
_UNFINISHED = ("queued", "running")


@dataclass(frozen=True)
class JobView:
    """A batch job as read back."""

    id: str
    created_at: datetime
    state: str
    as_of: date
    top: int | None
    output: str
    rows_done: int
    rows: int
    bad: int
    items: int
    fingerprint: str
    problems: tuple[Problem, ...]


class JobStore:
    """Batch jobs of this server process in ``register``'s database."""

    def __init__(self, register: Register, stale: float = 120.0) -> None:
        self._sessions = sessionmaker(register.engine, expire_on_commit=False)
        self.stale = timedelta(seconds=stale)
        self.host, self.pid, self.process = socket.gethostname()[:200], os.getpid(), secrets.token_hex(8)

    def create(self, job_id: str, as_of: date, top: int | None, output: str) -> JobView:
        """A new ``queued`` job run by this process."""
        now = _now()
        row = BatchJob(
            id=job_id,
            created_at=now,
            state="queued",
            as_of=as_of,
            top=top,
            output=output,
            rows_done=0,
            rows=0,
            bad=0,
            items=0,
            fingerprint="",
            problems=[],
            host=self.host,
            pid=self.pid,
            process=self.process,
            beat_at=now,
        )
        with self._sessions.begin() as s:
            s.add(row)
        return _view(row)

    def update(self, job_id: str, **values: Any) -> None:
        """Set some columns of a job (``state``, ``rows_done``, ``fingerprint`` …); a heartbeat too."""
        with self._sessions.begin() as s:
            s.execute(update(BatchJob).where(BatchJob.id == job_id).values(beat_at=_now(), **values))

    def beat(self) -> None:
        """This process is alive: every unfinished job it runs says so."""
        with self._sessions.begin() as s:
            s.execute(
                update(BatchJob)
                .where(BatchJob.process == self.process, BatchJob.state.in_(_UNFINISHED))
                .values(beat_at=_now())
            )

    def fail(self, job_id: str, problems: Sequence[Problem]) -> None:
        """The job failed, for these reasons."""
        self.update(job_id, state="failed", problems=[p.to_dict(None) for p in problems])

    def finish(self, job_id: str, counts: Mapping[str, int], tables: Mapping[str, tuple[str, bytes]]) -> None:
        """The job is done: its counts and its tables (``which`` → file name and bytes), in one commit."""
        with self._sessions.begin() as s:
            for which, (filename, content) in tables.items():
                s.add(BatchTable(job_id=job_id, which=which, filename=filename, content=content))
            s.execute(
                update(BatchJob).where(BatchJob.id == job_id).values(state="done", beat_at=_now(), **counts)
            )

    def get(self, job_id: str) -> JobView | None:
        """A job by id (an orphaned unfinished one is marked failed first)."""
        with self._sessions() as s:
            row = s.get(BatchJob, job_id)
            if row is None:
                return None
            if row.state in _UNFINISHED and self._orphaned(row):
                self._interrupt(s, [row])
                s.commit()
            return _view(row)

    def table(self, job_id: str, which: str) -> tuple[str, bytes] | None:
        """A finished job's table: its file name and bytes."""
        with self._sessions() as s:
            row = s.get(BatchTable, (job_id, which))
            return (row.filename, row.content) if row is not None else None

    def sweep(self) -> int:
        """Mark every orphaned unfinished job failed (at start); how many there were."""
        with self._sessions.begin() as s:
            rows = [r for r in s.scalars(select(BatchJob).where(BatchJob.state.in_(_UNFINISHED)))]
            orphans = [r for r in rows if self._orphaned(r)]
            self._interrupt(s, orphans)
        return len(orphans)

    def forget(self, keep: int) -> list[str]:
        """Delete all but the newest ``keep`` finished jobs with their tables; their ids."""
        with self._sessions.begin() as s:
            finished = select(BatchJob.id).where(BatchJob.state.in_(("done", "failed")))
            old = list(s.scalars(finished.order_by(BatchJob.created_at.desc()).offset(keep)))
            if old:
                s.execute(delete(BatchTable).where(BatchTable.job_id.in_(old)))
                s.execute(delete(BatchJob).where(BatchJob.id.in_(old)))
        return old

    def _orphaned(self, row: BatchJob) -> bool:
        if row.process == self.process:
            return False
        if row.host == self.host and (row.pid == self.pid or not _alive(row.pid)):
            return True
        beat = row.beat_at if row.beat_at.tzinfo else row.beat_at.replace(tzinfo=UTC)
        return _now() - beat > self.stale

    def _interrupt(self, s: Session, rows: Sequence[BatchJob]) -> None:
        for row in rows:
            cut = problem(Code.BATCH_INTERRUPTED, host=row.host, pid=row.pid)
            row.state, row.problems = "failed", [cut.to_dict(None)]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it runs
        return True
    return True


def _now() -> datetime:
    return datetime.now(UTC)


def _view(row: BatchJob) -> JobView:
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
    return JobView(
        row.id,
        created,
        row.state,
        row.as_of,
        row.top,
        row.output,
        row.rows_done,
        row.rows,
        row.bad,
        row.items,
        row.fingerprint,
        tuple(Problem.from_dict(p) for p in row.problems),
    )
