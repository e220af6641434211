"""Group commit: records from many threads are written in one transaction each time the database is
free, and every caller returns only once its own record is committed. One commit (an fsync) then
serves every request that arrived while the last one was running, instead of one each."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future

from sqlalchemy.orm import Session, sessionmaker

from prescriber.register.schema import Record

__all__ = ["GroupCommit"]

_MAX_BATCH = 64


class GroupCommit:
    """A writer thread that commits queued records in batches."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._queue: queue.Queue[tuple[Callable[[], Record], Future[Record]] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def add(self, make: Callable[[], Record]) -> Record:
        """Commit the record ``make`` builds; returns it (with its id) once it is committed."""
        done: Future[Record] = Future()
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="prescriber-register", daemon=True)
                self._thread.start()
        self._queue.put((make, done))
        return done.result()

    def close(self) -> None:
        """Commit what is queued, then stop the writer."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join()

    def _run(self) -> None:
        while (first := self._queue.get()) is not None:
            batch = [first]
            stop = False
            while len(batch) < _MAX_BATCH:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    stop = True
                    break
                batch.append(item)
            self._commit(batch)
            if stop:
                return

    def _commit(self, batch: list[tuple[Callable[[], Record], Future[Record]]]) -> None:
        try:
            rows = [make() for make, _ in batch]
            with self._sessions.begin() as s:
                s.add_all(rows)
        except Exception:
            # One bad record must not fail the others: each again on its own, fresh.
            for make, done in batch:
                try:
                    row = make()
                    with self._sessions.begin() as s:
                        s.add(row)
                    done.set_result(row)
                except Exception as exc:
                    done.set_exception(exc)
            return
        for (_, done), row in zip(batch, rows, strict=True):
            done.set_result(row)
