"""A batch job: read a table in chunks, prescribe every chunk, stream the long, wide and errors tables
to temporary files and rename them into place only when everything succeeded."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from prescriber.batch.io import TableWriter, read_frames
from prescriber.batch.run import Engine
from prescriber.compiler import RuleBook

__all__ = ["Outputs", "Summary", "run_job"]


@dataclass(frozen=True)
class Outputs:
    """Where the result tables go (``wide`` and ``errors`` beside ``long`` unless named)."""

    long: Path
    wide: Path | None = None
    errors: Path | None = None

    def resolved(self) -> tuple[Path, Path, Path]:
        stem = self.long.with_suffix("")
        return (self.long, self.wide or stem.with_name(stem.name + ".wide" + self.long.suffix),
                self.errors or stem.with_name(stem.name + ".errors.csv"))


@dataclass
class Summary:
    """Counts over the whole job."""

    rows: int = 0
    bad: int = 0
    items: int = 0
    fired: Counter[str] = field(default_factory=Counter)
    paths: tuple[Path, ...] = ()

    def text(self) -> str:
        paths = "、".join(str(p) for p in self.paths)
        return (f"{self.rows:,} 行：{self.rows - self.bad:,} 家企业已开具清单（{self.items:,} 项服务），"
                f"{self.bad:,} 行有问题（见错误表）；输出：{paths}")


def run_job(book: RuleBook, source: Path | str, outputs: Outputs, as_of: date, top: int | None = None,
            chunk: int = 100_000, progress: Callable[[int], None] | None = None) -> Summary:
    """Prescribe for every row of ``source``. Outputs appear only if the whole job succeeds."""
    engine = Engine(book)
    long_path, wide_path, errors_path = outputs.resolved()
    writers = [TableWriter(long_path), TableWriter(wide_path), TableWriter(errors_path)]
    summary = Summary(paths=(long_path, wide_path, errors_path))
    first = 1
    try:
        for frame in read_frames(source, chunk):
            result = engine.run(frame, as_of, top, first, str(source), wide=engine.width(top))
            for writer, table in zip(writers, (result.long, result.wide, result.errors), strict=True):
                writer.write(table)
            summary.rows += result.rows
            summary.bad += result.bad
            summary.items += len(result.long)
            summary.fired.update(result.fired)
            first += len(frame)
            if progress is not None:
                progress(len(frame))
    except BaseException:
        for writer in writers:
            writer.abort()
        raise
    for writer in writers:
        writer.close()
    return summary
