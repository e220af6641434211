"""The state one server process holds: one :class:`Prescriber`, the register, and what happened at
the last reload. No web framework here: the routes and pages call these methods."""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from prescriber import lint, yamlsrc
from prescriber.api import Prescriber, shipped
from prescriber.codes import Code
from prescriber.errors import Problem, RuleBaseError, problem
from prescriber.models import Prescription, WhyNot
from prescriber.register import NewRecord, RecordView, Register, Replayer, read_files

__all__ = ["ReloadState", "Service", "release_freed_memory"]


@dataclass
class ReloadState:
    """What the last reload attempt did: when, and the problems of a refused rule base."""

    at: datetime | None = None
    ok: bool = True
    problems: tuple[Problem, ...] = field(default_factory=tuple)


class Service:
    """One rule base serving, one register, snapshots kept for every fingerprint served."""

    def __init__(
        self, rules: Path | None, catalog: Path | None, register: Register, engine: str = "durable"
    ) -> None:
        self.paths = (rules or shipped("rules"), catalog or shipped("catalog"))
        self.register = register
        self.replayer = Replayer(register)
        self._known: set[str] = set()
        self._cond = threading.Condition()
        self._lint: tuple[str, tuple[Problem, ...]] | None = None
        for _ in range(10):  # the snapshot must be the files the rule base was built from
            files = read_files(*self.paths)
            self.rx = Prescriber.from_paths(*self.paths, engine=engine)
            if read_files(*self.paths) == files:
                break
            self.rx.close()
            time.sleep(0.2)
        else:
            raise RuntimeError("the rule files keep changing while they are loaded")
        self._snapshot(self.rx.fingerprint, files)
        self.loaded_at = datetime.now(UTC)
        self.last_reload = ReloadState()

    def prescribe(
        self,
        text: str,
        source: str,
        as_of: str | date | None,
        top: int | None,
        channel: str,
        asked_by: str | None,
    ) -> tuple[RecordView, Prescription, str]:
        """Prescribe for a profile given as text, store the record, return it with the library's JSON."""
        p = self.rx.prescribe(yamlsrc.loads(text, source), as_of=as_of, top=top)
        body = p.model_dump_json(indent=2) + "\n"
        self._wait_for_snapshot(p.rulebase)
        record = self.register.add(NewRecord(source, text, body, channel, asked_by, top))
        return record, p, body

    def why_not(
        self, text: str, source: str, service: str, as_of: str | date | None, top: int | None
    ) -> WhyNot:
        """Why a service is, or is not, in this profile's prescription."""
        return self.rx.why_not(yamlsrc.loads(text, source), service, as_of=as_of, top=top)

    def lint(self) -> tuple[Problem, ...]:
        """The lint findings of the rule base in use (computed once per fingerprint)."""
        book = self.rx.book
        if self._lint is None or self._lint[0] != book.fingerprint:
            self._lint = (book.fingerprint, tuple(lint.lint(book)))
        return self._lint[1]

    def reload(self) -> ReloadState:
        """Load the rule base again from its directories; a broken one leaves the old one serving."""
        state = ReloadState(at=datetime.now(UTC))
        for _ in range(10):  # the files may change while they are read: then read them again
            try:
                before = read_files(*self.paths)
                fingerprint = self.rx.reload(*self.paths)
                after = read_files(*self.paths)
            except RuleBaseError as exc:
                state.ok, state.problems = False, exc.problems
                break
            except OSError as exc:
                state.ok = False
                state.problems = (
                    problem(Code.SOURCE_UNREADABLE, file=str(exc.filename or ""), what=exc, how=""),
                )
                break
            if before == after:
                self._snapshot(fingerprint, after)
                self.loaded_at = state.at or self.loaded_at
                break
            time.sleep(0.2)
        self.last_reload = state
        release_freed_memory()
        return state

    def close(self) -> None:
        """Free the engines and the database connections."""
        self.replayer.close()
        self.rx.close()
        self.register.close()

    def _snapshot(self, fingerprint: str, files: dict[str, str]) -> None:
        self.register.keep_snapshot(fingerprint, files)
        with self._cond:
            self._known.add(fingerprint)
            self._cond.notify_all()

    def _wait_for_snapshot(self, fingerprint: str) -> None:
        # A prescription written with a rule base swapped in a moment ago waits until that rule base's
        # files are stored, so every record can be replayed.
        deadline = time.monotonic() + 30
        with self._cond:
            while fingerprint not in self._known:
                left = deadline - time.monotonic()
                if left <= 0 and self.register.snapshot(fingerprint) is None:
                    raise RuntimeError(f"no snapshot of rule base {fingerprint}")
                if left <= 0:
                    self._known.add(fingerprint)
                    break
                self._cond.wait(left)


def _libc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        trim: Callable[[int], int] | None = getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
        return trim
    except OSError:
        return None


_TRIM = _libc_trim()


def release_freed_memory() -> None:
    """Hand memory freed by the C engine back to the system (glibc's ``malloc_trim``; elsewhere nothing).

    A reload frees the old rule base's engine state, which was allocated on whichever worker thread
    ran the last reload: glibc keeps such freed memory in that thread's arena, and with reloads landing
    on different threads the resident size climbs by a rule base's worth per reload until every arena
    holds one. Trimming after each reload keeps it flat (measured in bench/results/http.md).
    """
    if _TRIM is not None:
        _TRIM(0)
