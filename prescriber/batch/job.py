"""A batch job: read a table in chunks, prescribe every chunk, stream the long, wide and errors tables
to temporary files and rename them into place only when everything succeeded."""

from __future__ import annotations

import collections
import contextlib
import itertools
import multiprocessing
import os
import pickle
import shutil
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent import futures
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from prescriber.batch.io import CHUNK, TableWriter, alive, close_all, read_frames
from prescriber.batch.run import BatchResult, Engine
from prescriber.codes import Code, phrases
from prescriber.compiler import RuleBook
from prescriber.errors import Problem, SourceError, problem
from prescriber.outputs import output_problems

__all__ = ["Outputs", "Summary", "run_job"]


@dataclass(frozen=True)
class Outputs:
    """Where the result tables go (``wide`` and ``errors`` beside ``long`` unless named)."""

    long: Path
    wide: Path | None = None
    errors: Path | None = None

    def resolved(self) -> tuple[Path, Path, Path]:
        stem = self.long.with_suffix("")
        return (
            self.long,
            self.wide or stem.with_name(stem.name + ".wide" + self.long.suffix),
            self.errors or stem.with_name(stem.name + ".errors.csv"),
        )

    def checked(self, source: Path | str) -> tuple[Path, Path, Path]:
        """The three paths, once it is sure they can be written without losing anything: each a file in
        an existing, writable directory, in a format we write, none of them the input (also under
        another name), no two the same. Checked before any work."""
        paths = self.resolved()
        problems: list[Problem] = []
        seen: dict[Path, Path] = {Path(source).resolve(): Path(source)}
        for path in paths:
            where = path.resolve()
            same = where in seen or (
                path.exists() and Path(source).exists() and os.path.samefile(path, source)
            )
            if same:
                earlier = seen.get(where, Path(source))
                what = (
                    phrases.THE_INPUT
                    if earlier == Path(source)
                    else phrases.ANOTHER_OUTPUT.fill(file=earlier)
                )
                problems.append(problem(Code.OUTPUT_CLASH, file=str(path), what=what))
            elif found := output_problems(path):
                problems += found
            else:
                try:
                    TableWriter(path)
                except SourceError as exc:
                    problems += exc.problems
            seen[where] = path
        if problems:
            raise SourceError(problems)
        return paths


@dataclass
class Summary:
    """Counts over the whole job."""

    rows: int = 0
    bad: int = 0
    items: int = 0
    fired: Counter[str] = field(default_factory=Counter)
    paths: tuple[Path, ...] = ()


def run_job(
    book: RuleBook,
    source: Path | str,
    outputs: Outputs,
    as_of: date,
    top: int | None = None,
    chunk: int = CHUNK,
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
    lang: str = "zh",
) -> Summary:
    """Prescribe for every row of ``source``. Outputs appear only if the whole job succeeds.

    With ``workers`` > 1 and more than one chunk, chunks are prescribed in that many worker
    processes while this one reads and writes; results are written in input order either way. The
    errors table says its problems in ``lang``."""
    long_path, wide_path, errors_path = outputs.checked(source)
    _sweep_stashes()
    writers = [TableWriter(long_path), TableWriter(wide_path), TableWriter(errors_path)]
    summary = Summary(paths=(long_path, wide_path, errors_path))
    # writing (Arrow and the file system, without the GIL) overlaps the next chunk's prescribing
    with ThreadPoolExecutor(1, thread_name_prefix="prescriber-write") as io:
        writing: Future[None] | None = None
        try:
            for rows, result in _results(book, source, as_of, top, chunk, workers, lang):
                if writing is not None:
                    writing.result()
                writing = io.submit(_write, writers, result)
                summary.rows += result.rows
                summary.bad += result.bad
                summary.items += len(result.long)
                summary.fired.update(result.fired)
                if progress is not None:
                    progress(rows)
            if writing is not None:
                writing.result()
        except BaseException:
            if writing is not None:
                futures.wait([writing])
            for writer in writers:
                writer.abort()
            raise
    close_all(writers)
    return summary


def _write(writers: list[TableWriter], result: BatchResult) -> None:
    for writer, table in zip(writers, (result.long, result.wide, result.errors), strict=True):
        writer.write(table)


def _prefetch(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """The frames, each read in a thread while the one before is prescribed."""
    with ThreadPoolExecutor(1, thread_name_prefix="prescriber-read") as io:
        ahead = io.submit(next, frames, None)
        while (frame := ahead.result()) is not None:
            ahead = io.submit(next, frames, None)
            yield frame


def _results(
    book: RuleBook, source: Path | str, as_of: date, top: int | None, chunk: int, workers: int, lang: str
) -> Iterator[tuple[int, BatchResult]]:
    """(rows, result) of each chunk in input order, prescribed by ``workers`` processes: this one and
    ``workers`` − 1 helpers, started once a second chunk shows that the input is larger than one.
    This process reads, writes and prescribes every chunk no helper is free for — so nothing waits
    while the helpers start up (an interpreter, the libraries, the rule book)."""
    engine = Engine(book)
    frames = _prefetch(read_frames(source, chunk))
    wide = engine.width(top)
    head = list(itertools.islice(frames, 2))
    first_row = 1
    if workers <= 1 or len(head) < 2:
        for frame in itertools.chain(head, frames):
            yield len(frame), engine.run(frame, as_of, top, first_row, str(source), wide, lang)
            first_row += len(frame)
        return
    helpers = workers - 1
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no locks inherited mid-use
    # The rule book, the chunks and the results go by file, in one write each. Through the pool's
    # pipe they would go 64 KB at a time, each piece waiting for this busy process's GIL.
    with (
        tempfile.TemporaryDirectory(prefix=f"{_STASH}{os.getpid()}-") as tmp,
        ProcessPoolExecutor(
            helpers,
            mp_context=context,
            initializer=_start,
            initargs=(_stash(book, Path(tmp), 0), os.getpid()),
        ) as pool,
    ):
        started = [pool.submit(_ready) for _ in range(helpers)]
        pending: collections.deque[tuple[int, Future[Path] | BatchResult]] = collections.deque()
        try:
            for frame in itertools.chain(head, frames):
                args = (frame, as_of, top, first_row, str(source), wide, lang)
                busy = sum(isinstance(r, Future) and not r.done() for _, r in pending)
                if busy < 2 * helpers and all(
                    f.done() for f in started
                ):  # each helper: one running, one queued
                    pending.append((len(frame), pool.submit(_run, _stash(args, Path(tmp), first_row))))
                else:
                    pending.append((len(frame), engine.run(*args)))
                first_row += len(frame)
                while pending and (
                    not isinstance(pending[0][1], Future)
                    or pending[0][1].done()
                    or len(pending) > 2 * workers
                ):  # in order, a bounded number held
                    yield _done(pending.popleft())
            while pending:
                yield _done(pending.popleft())
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _done(entry: tuple[int, Future[Path] | BatchResult]) -> tuple[int, BatchResult]:
    rows, result = entry
    if isinstance(result, BatchResult):
        return rows, result
    path = result.result()
    try:
        return rows, pickle.loads(path.read_bytes())
    finally:
        path.unlink()


def _ready() -> bool:
    return _ENGINE is not None


_ENGINE: Engine | None = None


def _stash(value: object, directory: Path, key: int) -> Path:
    path = directory / f"{key}.pickle"
    path.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return path


_STASH = "prescriber-"


def _sweep_stashes() -> None:
    """Remove the stash directories (pickled rows of enterprises) of runs that were killed."""
    if os.name != "posix":
        return
    root = Path(tempfile.gettempdir())
    with contextlib.suppress(OSError):
        for old in root.glob(f"{_STASH}*-*"):
            pid = old.name[len(_STASH) :].split("-", 1)[0]
            if pid.isdigit() and old.is_dir() and not alive(int(pid)) and old.stat().st_uid == os.getuid():
                shutil.rmtree(old, ignore_errors=True)


def _start(path: Path, parent: int) -> None:
    global _ENGINE
    threading.Thread(target=_orphaned, args=(parent,), name="prescriber-parent", daemon=True).start()
    _ENGINE = Engine(pickle.loads(path.read_bytes()))


def _orphaned(parent: int) -> None:
    """End this helper within a second of its parent's end (even a kill -9, which the pool never
    hears of: the helper would wait for work for ever)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _run(path: Path) -> Path:
    """Prescribe the chunk stashed at ``path``; stash the result beside it."""
    assert _ENGINE is not None
    frame, as_of, top, first_row, file, wide, lang = pickle.loads(path.read_bytes())
    path.unlink()
    result = _ENGINE.run(frame, as_of, top, first_row, file, wide, lang)
    return _stash(result, path.parent, -first_row)
