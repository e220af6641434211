"""Beyond one machine: the same vectorised engine on a ``dask.distributed`` cluster (a local one by
default, or any scheduler address). Results are identical to the local run, bad rows included.

:func:`run_dask` (``prescriber batch --engine dask``) reads the table here, in chunks, through the
same reader as the local run (:func:`prescriber.batch.read_frames`): a ragged CSV row, a JSON Lines
row that is no object, bytes that are not UTF-8 … each become a row error with its row number, never
the end of the batch. Each chunk is sent to the cluster to be prescribed (the expensive part), and
results are written in input order. The table need only be readable here, not on the workers.

:func:`prescribe_dask` prescribes a Dask DataFrame an integrator built; :func:`read_dask` builds one
with Dask's own readers, which refuse a whole table for one bad row: use it for tables you trust."""

from __future__ import annotations

import collections
import logging
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from prescriber.batch import CHUNK, BatchResult, Engine, Outputs, Summary, TableWriter, close_all, read_frames
from prescriber.batch.io import RowProblem, row_problems
from prescriber.batch.unread import with_row_problems
from prescriber.codes import Code, phrases
from prescriber.compiler import RuleBook
from prescriber.errors import SourceError, problem

__all__ = ["prescribe_chunks", "prescribe_dask", "read_dask", "run_dask"]


def read_dask(path: Path | str, blocksize: str = "64MB") -> Any:
    """A Dask DataFrame of a CSV, JSON Lines or Parquet table, read by Dask's own readers: one bad row
    refuses the whole table (:func:`run_dask` reads row by row instead)."""
    import dask.dataframe as dd

    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".csv":
        return dd.read_csv(p, dtype=str, keep_default_na=False, blocksize=blocksize, encoding="utf-8-sig")
    if suffix in (".jsonl", ".ndjson"):
        return dd.read_json(p, lines=True, blocksize=blocksize, dtype=False)
    if suffix == ".parquet":
        return dd.read_parquet(p)
    raise SourceError(
        [
            problem(
                Code.TABLE_FORMAT,
                file=str(p),
                what=phrases.DASK_FORMAT.fill(suffix=p.suffix),
                how=phrases.DASK_FORMATS,
            )
        ]
    )


def prescribe_dask(
    book: RuleBook,
    frame: Any,
    as_of: date,
    top: int | None = None,
    wide: int | None = None,
    client: Any = None,
) -> Iterator[BatchResult]:
    """Each partition's result, in order, computed on the cluster of ``client`` (or the current one)."""
    from dask.delayed import delayed
    from distributed import default_client

    client = client or default_client()
    lengths = frame.map_partitions(len).compute()
    firsts, first = [], 1
    for n in lengths:
        firsts.append(first)
        first += int(n)
    local = Engine(book)
    wide = local.width(top) if wide is None else wide
    engine = client.scatter(local, broadcast=True)
    parts = frame.to_delayed()
    futures = client.compute(
        [delayed(_run)(engine, part, as_of, top, f, wide) for part, f in zip(parts, firsts, strict=True)]
    )
    for future in futures:
        yield future.result()


def _run(engine: Engine, part: Any, as_of: date, top: int | None, first: int, wide: int) -> BatchResult:
    return engine.run(part, as_of, top, first, wide=wide)


def prescribe_chunks(
    book: RuleBook,
    frames: Iterable[Any],
    as_of: date,
    top: int | None = None,
    client: Any = None,
    file: str = "",
    ahead: int = 4,
) -> Iterator[BatchResult]:
    """The result of each pandas chunk of ``frames`` (consecutive rows of one table, as
    :func:`prescriber.batch.read_frames` gives them, unreadable rows marked), in order, each prescribed
    on the cluster of ``client``; at most ``ahead`` chunks are on the cluster at once."""
    from distributed import default_client

    client = client or default_client()
    local = Engine(book)
    wide = local.width(top)
    engine = client.scatter(local, broadcast=True)
    pending: collections.deque[Any] = collections.deque()
    first = 1
    try:
        for frame in frames:
            # the unreadable rows go beside the frame: a frame's attrs are not part of its data
            part = client.scatter(frame, hash=False)
            unread = row_problems(frame)
            pending.append(
                client.submit(_chunk, engine, part, unread, as_of, top, first, file, wide, pure=False)
            )
            first += len(frame)
            while len(pending) > ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


def _chunk(
    engine: Engine,
    frame: Any,
    unread: dict[int, RowProblem],
    as_of: date,
    top: int | None,
    first: int,
    file: str,
    wide: int,
) -> BatchResult:
    return engine.run(with_row_problems(frame, dict(unread)), as_of, top, first, file, wide)


def run_dask(
    book: RuleBook,
    source: Path | str,
    outputs: Outputs,
    as_of: date,
    top: int | None = None,
    scheduler: str | None = None,
    chunk: int = CHUNK,
) -> Summary:
    """The batch job on a Dask cluster, with the local run's reading (every bad row a row error) and
    outputs (they appear only if everything succeeded, as one set)."""
    from distributed import Client, LocalCluster

    long_path, wide_path, errors_path = outputs.checked(source)
    frames = read_frames(source, chunk)  # a file that is missing or cannot be read at all: before the cluster
    head = next(frames, None)
    cluster = None if scheduler else _local(LocalCluster)
    writers = [TableWriter(long_path), TableWriter(wide_path), TableWriter(errors_path)]
    summary = Summary(paths=(long_path, wide_path, errors_path))
    try:
        with Client(scheduler or cluster) as client:
            chunks = [] if head is None else _chained(head, frames)
            for result in prescribe_chunks(book, chunks, as_of, top, client, str(source)):
                for writer, table in zip(writers, (result.long, result.wide, result.errors), strict=True):
                    writer.write(table)
                summary.rows += result.rows
                summary.bad += result.bad
                summary.items += len(result.long)
                summary.fired.update(result.fired)
    except BaseException:
        for writer in writers:
            writer.abort()
        raise
    finally:
        if cluster is not None:
            cluster.close()
    close_all(writers)
    return summary


def _local(make: Any) -> Any:
    """A local two-worker cluster that keeps quiet: its web server on any free port (not 8787, which
    another cluster may hold: a warning), and its own log lines (a slow worker's shutdown on a busy
    machine) only when they are errors; the user reads the summary and the errors table."""
    return make(n_workers=2, threads_per_worker=1, dashboard_address=":0", silence_logs=logging.ERROR)


def _chained(head: Any, rest: Iterator[Any]) -> Iterator[Any]:
    yield head
    yield from rest
