"""The register's one door: open a database by URL, migrate it, add and read records. Every write is
its own transaction, committed before the caller answers anyone."""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, func, inspect, or_, select, text
from sqlalchemy.orm import Session, sessionmaker

from prescriber.register.commit import GroupCommit
from prescriber.register.schema import Confirmation, Record, Snapshot

__all__ = ["DEFAULT_URL", "ConfirmationView", "NewRecord", "RecordView", "Register"]

DEFAULT_URL = "sqlite:///prescriber-register.db"
_MIGRATIONS = Path(__file__).parent / "migrations"


@dataclass(frozen=True)
class NewRecord:
    """What the caller knows when a prescription has been written."""

    source_name: str
    profile_text: str
    prescription_json: str
    channel: str  # "self-service" | "staff" | "api"
    asked_by: str | None = None
    top: int | None = None


@dataclass(frozen=True)
class ConfirmationView:
    """One 意愿确认."""

    created_at: datetime
    services: tuple[str, ...]
    note: str
    by: str


@dataclass(frozen=True)
class RecordView:
    """A record as read back (no database object escapes the register)."""

    id: int
    key: str
    created_at: datetime
    enterprise: str
    credit_code: str | None
    source_name: str
    profile_text: str
    prescription_json: str
    fingerprint: str
    as_of: date
    top: int | None
    engine: str
    versions: dict[str, str]
    channel: str
    asked_by: str | None
    confirmations: tuple[ConfirmationView, ...] = ()

    @property
    def confirmed(self) -> ConfirmationView | None:
        """The latest confirmation, if any."""
        return self.confirmations[-1] if self.confirmations else None


class Register:
    """A register of prescriptions in the database at ``url`` (SQLite file or PostgreSQL)."""

    def __init__(self, url: str = DEFAULT_URL) -> None:
        self.url = url
        self.engine: Engine = create_engine(url, pool_pre_ping=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._session = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = GroupCommit(self._session)

    def upgrade(self) -> None:
        """Bring the schema to the newest revision (idempotent)."""
        cfg = Config()
        cfg.set_main_option("script_location", str(_MIGRATIONS))
        with self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def revision(self) -> str | None:
        """The schema revision of the database (None when it was never migrated)."""
        if not inspect(self.engine).has_table("alembic_version"):
            return None
        with self.engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    def ping(self) -> bool:
        """True when the database answers."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    def keep_snapshot(self, fingerprint: str, files: Mapping[str, str]) -> None:
        """Store the files of a rule base once per fingerprint."""
        with self._session.begin() as s:
            if s.get(Snapshot, fingerprint) is None:
                s.add(Snapshot(fingerprint=fingerprint, created_at=_now(), files=dict(files)))

    def snapshot(self, fingerprint: str) -> dict[str, str] | None:
        """The files of a rule base, by fingerprint."""
        with self._session() as s:
            snap = s.get(Snapshot, fingerprint)
            return dict(snap.files) if snap is not None else None

    def add(self, new: NewRecord) -> RecordView:
        """Store one prescription; committed when this returns (in a transaction with the records of
        other threads that arrived meanwhile: see :mod:`prescriber.register.commit`)."""
        rx = json.loads(new.prescription_json)

        def make() -> Record:
            return Record(
                key=secrets.token_urlsafe(16),
                created_at=_now(),
                enterprise=rx["enterprise"],
                credit_code=rx.get("enterprise_id"),
                source_name=new.source_name,
                profile_text=new.profile_text,
                prescription_json=new.prescription_json,
                fingerprint=rx["rulebase"],
                as_of=date.fromisoformat(rx["as_of"]),
                top=new.top,
                engine=rx["engine"],
                versions=rx["versions"],
                channel=new.channel,
                asked_by=new.asked_by,
            )

        return _view(self._writer.add(make), [])

    def confirm(self, record_id: int, services: Sequence[str], by: str, note: str = "") -> ConfirmationView:
        """Store the enterprise's choice of services for a record; committed when this returns."""
        row = Confirmation(record_id=record_id, created_at=_now(), services=list(services), note=note, by=by)
        with self._session.begin() as s:
            if s.get(Record, record_id) is None:
                raise KeyError(record_id)
            s.add(row)
        return _confirmation(row)

    def get(self, record_id: int) -> RecordView | None:
        """One record with its confirmations."""
        with self._session() as s:
            row = s.get(Record, record_id)
            if row is None:
                return None
            return _view(row, _confirmations(s, record_id))

    def find(self, query: str = "", limit: int = 50) -> list[RecordView]:
        """The newest records whose enterprise name or credit code contains ``query``."""
        stmt = select(Record).order_by(Record.id.desc()).limit(limit)
        if query:
            like = f"%{_escape_like(query)}%"
            stmt = stmt.where(
                or_(Record.enterprise.like(like, escape="\\"), Record.credit_code.like(like, escape="\\"))
            )
        with self._session() as s:
            return [_view(r, []) for r in s.scalars(stmt)]

    def count(self) -> int:
        """How many records there are."""
        with self._session() as s:
            return int(s.scalar(select(func.count()).select_from(Record)) or 0)

    def all_ids(self) -> list[int]:
        """Every record id, oldest first."""
        with self._session() as s:
            return list(s.scalars(select(Record.id).order_by(Record.id)))

    def close(self) -> None:
        """Commit what is queued, then close every pooled connection."""
        self._writer.close()
        self.engine.dispose()


def _sqlite_pragmas(conn: Any, _record: Any) -> None:
    # WAL lets readers run beside the one writer; FULL sync makes a committed record survive a crash
    # of the process and of the machine; a writer waits for another instead of failing at once.
    cur = conn.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=10000"):
        cur.execute(f"PRAGMA {pragma}")
    cur.close()


def _now() -> datetime:
    return datetime.now(UTC)


def _escape_like(text_: str) -> str:
    return text_.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _confirmations(s: Session, record_id: int) -> list[Confirmation]:
    return list(
        s.scalars(select(Confirmation).where(Confirmation.record_id == record_id).order_by(Confirmation.id))
    )


def _confirmation(c: Confirmation) -> ConfirmationView:
    return ConfirmationView(c.created_at, tuple(c.services), c.note, c.by)


def _view(r: Record, confirmations: Sequence[Confirmation]) -> RecordView:
    return RecordView(
        r.id,
        r.key,
        r.created_at,
        r.enterprise,
        r.credit_code,
        r.source_name,
        r.profile_text,
        r.prescription_json,
        r.fingerprint,
        r.as_of,
        r.top,
        r.engine,
        dict(r.versions),
        r.channel,
        r.asked_by,
        tuple(_confirmation(c) for c in confirmations),
    )
