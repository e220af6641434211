"""Batch jobs over HTTP: a table is uploaded, prescribed in the background by the library's batch
engine (in this process: never a fork after the engine is loaded), polled, and its three tables
downloaded. Jobs live in a working directory of this process; a restart forgets them."""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from prescriber import batch
from prescriber.api import Prescriber
from prescriber.codes import Code
from prescriber.errors import InputError, Problem, problem

__all__ = ["TABLES", "Job", "Jobs"]

TABLES = ("long", "wide", "errors")


@dataclass
class Job:
    """One batch job and what it has done so far."""

    id: str
    input: Path
    output: str  # suffix of the long and wide tables (.csv, .parquet, .xlsx, .jsonl)
    as_of: date
    top: int | None
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    state: str = "queued"  # queued → running → done | failed
    rows_done: int = 0
    rows: int = 0
    bad: int = 0
    items: int = 0
    fingerprint: str = ""
    problems: tuple[Problem, ...] = ()

    def table(self, which: str) -> Path:
        """Where the ``long``, ``wide`` or ``errors`` table is written."""
        return self.input.parent / (f"{which}.csv" if which == "errors" else f"{which}{self.output}")


class Jobs:
    """Batch jobs run one at a time on a worker thread; the oldest finished ones are forgotten."""

    def __init__(self, rx: Prescriber, keep: int = 20) -> None:
        self.rx, self.keep = rx, keep
        self.root = Path(tempfile.mkdtemp(prefix="prescriber-jobs-"))
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="prescriber-batch")

    def submit(self, data: bytes, suffix: str, output: str, as_of: date, top: int | None) -> Job:
        """Queue a table (its bytes and its format's suffix) for prescribing."""
        job_id = secrets.token_hex(8)
        folder = self.root / job_id
        folder.mkdir()
        job = Job(job_id, folder / f"input{suffix}", output, as_of, top)
        job.input.write_bytes(data)
        with self._lock:
            self._jobs[job_id] = job
            self._forget_old()
        self._pool.submit(self._run, job)
        return job

    def get(self, job_id: str) -> Job | None:
        """A job by id."""
        with self._lock:
            return self._jobs.get(job_id)

    def close(self) -> None:
        """Stop taking jobs and remove the working directory."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, job: Job) -> None:
        job.state = "running"
        book = self.rx.book  # the rule base in use when the job starts, for the whole job
        job.fingerprint = book.fingerprint

        def progress(rows: int) -> None:
            job.rows_done += rows

        try:
            outputs = batch.Outputs(job.table("long"), job.table("wide"), job.table("errors"))
            summary = batch.run_job(
                book, job.input, outputs, job.as_of, job.top, progress=progress, workers=1
            )
        except InputError as exc:
            job.problems, job.state = exc.problems, "failed"
            return
        except Exception as exc:  # a bug: the job says so, the server goes on
            job.problems = (problem(Code.BATCH_INTERNAL, file=job.input.name, kind=type(exc).__name__),)
            job.state = "failed"
            return
        job.rows, job.bad, job.items, job.state = summary.rows, summary.bad, summary.items, "done"

    def _forget_old(self) -> None:
        finished = [j for j in self._jobs.values() if j.state in ("done", "failed")]
        for j in sorted(finished, key=lambda j: j.created_at)[: max(0, len(self._jobs) - self.keep)]:
            del self._jobs[j.id]
            shutil.rmtree(j.input.parent, ignore_errors=True)
