"""Batch jobs over HTTP: a table is uploaded, prescribed in the background by the library's batch
engine (in this process: never a fork after the engine is loaded), polled, and its three tables
downloaded. A job's state and its tables are kept in the register (:mod:`prescriber.register.jobs`):
any server process sharing the register answers for it, a restart loses nothing, and a job that a
stopped process was running is reported failed with the reason."""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

from prescriber import batch
from prescriber.api import Prescriber
from prescriber.codes import Code
from prescriber.errors import InputError, problem
from prescriber.register import JobStore, JobView

__all__ = ["TABLES", "Jobs", "table_name"]

TABLES = ("long", "wide", "errors")


def table_name(which: str, output: str) -> str:
    """The file name of a job's ``long``, ``wide`` or ``errors`` table."""
    return f"{which}.csv" if which == "errors" else f"{which}{output}"


class Jobs:
    """Batch jobs run one at a time on a worker thread; the register keeps the newest ``keep``."""

    def __init__(self, rx: Prescriber, store: JobStore, keep: int = 50, beat: float = 20.0) -> None:
        self.rx, self.store, self.keep = rx, store, keep
        self.root = Path(tempfile.mkdtemp(prefix="prescriber-jobs-"))
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="prescriber-batch")
        self._stop = threading.Event()
        store.sweep()
        self._beat = threading.Thread(target=self._beating, args=(beat,), name="prescriber-jobs", daemon=True)
        self._beat.start()

    def submit(self, data: bytes, suffix: str, output: str, as_of: date, top: int | None) -> JobView:
        """Queue a table (its bytes and its format's suffix) for prescribing."""
        job_id = secrets.token_hex(8)
        folder = self.root / job_id
        folder.mkdir()
        source = folder / f"input{suffix}"
        source.write_bytes(data)
        job = self.store.create(job_id, as_of, top, output)
        self.store.forget(self.keep)
        self._pool.submit(self._run, job, source)
        return job

    def get(self, job_id: str) -> JobView | None:
        """A job by id, from the register."""
        return self.store.get(job_id)

    def table(self, job_id: str, which: str) -> tuple[str, bytes] | None:
        """A finished job's table: file name and bytes."""
        return self.store.table(job_id, which)

    def close(self) -> None:
        """Stop taking jobs and remove the working directory (a job cut short is failed at next start)."""
        self._stop.set()
        self._pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self.root, ignore_errors=True)

    def _beating(self, every: float) -> None:
        while not self._stop.wait(every):
            try:
                self.store.beat()
            except Exception:  # the database is away for a moment: the next beat will do
                continue

    def _run(self, job: JobView, source: Path) -> None:
        book = self.rx.book  # the rule base in use when the job starts, for the whole job
        self.store.update(job.id, state="running", fingerprint=book.fingerprint)
        done = 0

        def progress(rows: int) -> None:
            nonlocal done
            done += rows
            self.store.update(job.id, rows_done=done)

        paths = {w: source.parent / table_name(w, job.output) for w in TABLES}
        try:
            outputs = batch.Outputs(paths["long"], paths["wide"], paths["errors"])
            summary = batch.run_job(book, source, outputs, job.as_of, job.top, progress=progress, workers=1)
            tables = {w: (p.name, p.read_bytes()) for w, p in paths.items()}
            counts = {"rows": summary.rows, "bad": summary.bad, "items": summary.items}
            self.store.finish(job.id, counts, tables)
        except InputError as exc:
            self.store.fail(job.id, exc.problems)
        except Exception as exc:  # a bug: the job says so, the server goes on
            failure = problem(Code.BATCH_INTERNAL, file=source.name, kind=type(exc).__name__)
            self.store.fail(job.id, (failure,))
        finally:
            shutil.rmtree(source.parent, ignore_errors=True)
