"""Beyond one machine: the same vectorised engine on each partition of a Dask DataFrame, on a
``dask.distributed`` cluster (a local one by default, or any scheduler address). Results are
identical to the local run: each partition knows its first row number, and results are written in
partition order."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from prescriber.batch import BatchResult, Engine, Outputs, Summary, TableWriter, close_all
from prescriber.codes import Code
from prescriber.compiler import RuleBook
from prescriber.errors import SourceError, problem

__all__ = ["prescribe_dask", "read_dask", "run_dask"]


def read_dask(path: Path | str, blocksize: str = "64MB") -> Any:
    """A Dask DataFrame of a CSV, JSON Lines or Parquet table."""
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
                what=f"Dask 不支持的表格格式 '{p.suffix}'",
                how="使用 .csv、.jsonl 或 .parquet",
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


def run_dask(
    book: RuleBook,
    source: Path | str,
    outputs: Outputs,
    as_of: date,
    top: int | None = None,
    scheduler: str | None = None,
) -> Summary:
    """The batch job on a Dask cluster; outputs appear only if everything succeeded."""
    from distributed import Client, LocalCluster

    long_path, wide_path, errors_path = outputs.checked(source)
    cluster = None if scheduler else LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)
    writers = [TableWriter(long_path), TableWriter(wide_path), TableWriter(errors_path)]
    summary = Summary(paths=(long_path, wide_path, errors_path))
    try:
        with Client(scheduler or cluster) as client:
            for result in prescribe_dask(book, read_dask(source), as_of, top, client=client):
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
