"""Reading tables of profiles in chunks (CSV, JSON Lines, Parquet, Excel) and writing result tables
atomically: to a temporary file beside the target, renamed into place only when complete, so an
interrupted run leaves no half-written output."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from prescriber.batch.unread import RowProblem, csv_frames, first_line, jsonl_frames, row_problems
from prescriber.codes import Code, phrases
from prescriber.errors import SourceError, problem

__all__ = [
    "CHUNK",
    "CSV_ENCODING",
    "FORMATS",
    "RowProblem",
    "TableWriter",
    "close_all",
    "inert",
    "read_frames",
    "row_problems",
    "swap",
    "sweep",
    "write_frame",
]

CHUNK = 50_000
"""Rows per chunk by default: about 400 MB at the peak with 1,000 rules (measured in bench/bench_batch.py);
twice the rows gave no measurable speed-up."""

CSV_ENCODING = "utf-8-sig"
"""CSV output starts with a byte-order mark: Excel, which caseworkers open these files with, reads a CSV
without one in the local code page and shows the Chinese garbled. Every CSV reader we know skips it."""

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".xlsx": "excel"}


def _kind(path: Path) -> str:
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise SourceError(
            [
                problem(
                    Code.TABLE_FORMAT,
                    file=str(path),
                    what=phrases.TABLE_FORMAT.fill(suffix=path.suffix),
                    how=phrases.TABLE_FORMATS,
                )
            ]
        )
    return kind


def read_frames(path: Path | str, chunk: int = CHUNK) -> Iterator[pd.DataFrame]:
    """The table in chunks of at most ``chunk`` rows (an Excel sheet is read whole)."""
    p = Path(path)
    kind = _kind(p)
    if not p.is_file():
        what = phrases.IS_DIRECTORY if p.is_dir() else phrases.FILE_MISSING
        raise SourceError([problem(Code.SOURCE_NOT_FOUND, file=str(p), what=what, how=phrases.CHECK_PATH)])
    try:
        if kind == "csv":
            yield from csv_frames(p, chunk)
        elif kind == "jsonl":
            yield from jsonl_frames(p, chunk)
        elif kind == "parquet":
            import pyarrow.parquet as pq

            for batch in pq.ParquetFile(p).iter_batches(batch_size=chunk):
                yield batch.to_pandas(types_mapper=pd.ArrowDtype)  # no conversion: the columns stay Arrow
        else:
            yield _excel(p)
    except UnicodeDecodeError:
        raise SourceError(
            [
                problem(
                    Code.SOURCE_ENCODING,
                    file=str(p),
                    what=phrases.NOT_UTF8,
                    how=phrases.RESAVE_CSV_UTF8,
                )
            ]
        ) from None
    except (ValueError, pd.errors.ParserError, OSError) as exc:
        raise SourceError([problem(Code.SOURCE_TABLE, file=str(p), why=first_line(exc))]) from None


def _excel(p: Path) -> pd.DataFrame:
    """The first sheet. openpyxl parses through defusedxml: entity definitions ("billion laughs") and
    external entities are refused, not expanded."""
    try:
        return pd.read_excel(p, dtype=object)
    except Exception as exc:
        # openpyxl has no error type of its own: a damaged part of a workbook can raise almost anything
        # (TypeError, AttributeError, IndexError …), and an untrusted file must never look like our bug
        raise SourceError(
            [
                problem(
                    Code.SOURCE_EXCEL,
                    file=str(p),
                    what=phrases.NOT_A_WORKBOOK.fill(why=first_line(exc)),
                    how=phrases.RESAVE_XLSX_OR_CSV,
                )
            ]
        ) from None


_FORMULA = r"^[=+\-@\t]"
_LINE_FORMULA = r"\n(?=[=+\-@\t])"
_NUMBER = r"^[-+]?[0-9]+(\.[0-9]+)?$"


def inert(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell made safe for a CSV file a spreadsheet opens. Names and ids come
    from enterprises: "=HYPERLINK(…)" must stay text, and a row must stay one row.

    * A carriage return becomes a line feed: Python's CSV writer quotes a field with ``\\n`` but not one
      with a bare ``\\r``, which a spreadsheet would split into a phantom row.
    * A cell that starts like a formula (``= + - @`` or a tab, and is not a plain number) gets a
      leading ``'``, and so does every line inside a cell that starts like one."""
    out = None
    for name in frame.columns:
        column = frame[name]
        if isinstance(column.dtype, pd.CategoricalDtype) or column.dtype.kind in "biufcmM":
            continue  # numbers, and the service columns (catalogue ids and names)
        text = (
            column.astype("string")
            if column.dtype != object
            # mixed cells: numbers stay numbers
            else (column.map(lambda v: v if isinstance(v, str) else None).astype("string"))
        )
        has_cr = text.str.contains("\r", regex=False, na=False).to_numpy(bool)
        if has_cr.any():
            text = text.str.replace("\r\n", "\n", regex=False).str.replace("\r", "\n", regex=False)
        starts = (
            text.str.contains(_FORMULA, regex=True, na=False) & ~text.str.fullmatch(_NUMBER, na=False)
        ).to_numpy(bool)
        lines = text.str.contains(_LINE_FORMULA, regex=True, na=False).to_numpy(bool)
        hit = has_cr | starts | lines
        if hit.any():
            if lines.any():
                text = text.str.replace(_LINE_FORMULA, "\n'", regex=True)
            text = text.where(~starts, "'" + text)
            out = frame.copy() if out is None else out
            out[name] = column.astype(object).where(~hit, text.astype(object))
    return frame if out is None else out


def _to_excel(frame: pd.DataFrame, path: Path) -> None:
    """An Excel workbook where every text stays text: openpyxl would turn a string that starts with
    ``=`` into a live formula; we write no formulas, so every formula cell is made a string again."""
    with pd.ExcelWriter(path, engine="openpyxl") as book:
        frame.to_excel(book, index=False)
        for sheet in book.sheets.values():
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        cell.data_type = "s"


def write_frame(frame: pd.DataFrame, path: Path | str) -> None:
    """Write ``frame`` in the format its suffix names, atomically."""
    p = Path(path)
    kind = _kind(p)
    if kind == "csv":
        frame = inert(frame)
    tmp = _temporary(p)
    try:
        if kind == "csv":
            frame.to_csv(tmp, index=False, encoding=CSV_ENCODING)
        elif kind == "jsonl":
            frame.to_json(tmp, orient="records", lines=True, force_ascii=False)
        elif kind == "parquet":
            frame.to_parquet(tmp, index=False)
        else:
            _to_excel(frame, tmp)
        tmp.replace(p)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


class TableWriter:
    """Writes a table chunk by chunk into a temporary file; ``close`` renames it into place, ``abort``
    removes it. Memory stays bounded by one chunk (Excel, which cannot be appended to, is kept whole)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.kind = _kind(self.path)
        sweep(self.path)
        self.tmp = _temporary(self.path)
        self._parquet: Any = None
        self._excel: list[pd.DataFrame] = []
        self._started = False

    def write(self, frame: pd.DataFrame) -> None:
        if self.kind == "csv":
            frame = inert(frame)
        if self.kind == "csv":
            # the BOM once, at the start: a codec opened again to append would write it mid-file
            frame.to_csv(
                self.tmp,
                index=False,
                encoding="utf-8" if self._started else CSV_ENCODING,
                mode="a" if self._started else "w",
                header=not self._started,
            )
        elif self.kind == "jsonl":
            with self.tmp.open("a" if self._started else "w", encoding="utf-8") as fh:
                if len(frame):
                    fh.write(frame.to_json(orient="records", lines=True, force_ascii=False))
        elif self.kind == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pandas(frame, preserve_index=False)
            if self._parquet is None:
                # a categorical's codes are as narrow as its chunk allows (ids, rule lists: different
                # in every chunk): the file's dictionaries get 32-bit indices, which every chunk fits
                schema = pa.schema(
                    [
                        f.with_type(pa.dictionary(pa.int32(), f.type.value_type))
                        if pa.types.is_dictionary(f.type)
                        else f
                        for f in table.schema
                    ],
                    metadata=table.schema.metadata,
                )
                self._parquet = pq.ParquetWriter(self.tmp, schema)
            self._parquet.write_table(table.cast(self._parquet.schema))
        else:
            self._excel.append(frame)
        self._started = True

    def close(self) -> None:
        """Complete the temporary file and rename it into place."""
        self.finish()
        self.tmp.replace(self.path)

    def finish(self) -> None:
        """Complete the temporary file (everything written and closed); nothing is renamed yet."""
        if self.kind == "parquet" and self._parquet is not None:
            self._parquet.close()
        if self.kind == "excel":
            _to_excel(pd.concat(self._excel or [pd.DataFrame()]), self.tmp)
        if not self.tmp.exists():
            pd.DataFrame().to_csv(
                self.tmp, index=False, encoding=CSV_ENCODING
            ) if self.kind == "csv" else self.tmp.write_text("")

    def abort(self) -> None:
        if self.kind == "parquet" and self._parquet is not None:
            with contextlib.suppress(Exception):
                self._parquet.close()
        with contextlib.suppress(FileNotFoundError):
            self.tmp.unlink()


def close_all(writers: list[TableWriter]) -> None:
    """Put every table in place as one set, or none: first every temporary file is completed (a full
    disk shows here, before anything is replaced); then each is renamed into place while the previous
    file is kept under a backup name, and if one rename fails the previous files come back."""
    try:
        for writer in writers:
            writer.finish()
    except BaseException:
        for writer in writers:
            writer.abort()
        raise
    swap([(w.tmp, w.path) for w in writers])


def swap(pairs: list[tuple[Path, Path]]) -> None:
    """Rename each ``(new, target)`` into place as a unit (see :func:`close_all`)."""
    kept: list[tuple[Path, Path | None]] = []
    try:
        for new, target in pairs:
            backup = None
            if target.exists():
                backup = _temporary(target, "old")
                try:
                    os.link(target, backup)  # the target never disappears, even for a moment
                except OSError:
                    target.replace(backup)
            kept.append((target, backup))
            new.replace(target)
    except BaseException:
        for target, backup in reversed(kept):
            with contextlib.suppress(OSError):
                if backup is not None:
                    backup.replace(target)
                else:
                    target.unlink()
        for new, _ in pairs:
            with contextlib.suppress(OSError):
                new.unlink()
        raise
    for _, backup in kept:
        if backup is not None:
            with contextlib.suppress(OSError):
                backup.unlink()


def _temporary(path: Path, what: str = "tmp") -> Path:
    """A name beside ``path`` for a file being written, unique to this process and call, with the
    process id in it so that :func:`sweep` can tell a dead run's leftovers."""
    return path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.{what}")


def sweep(path: Path) -> None:
    """Remove what runs that were killed left beside ``path`` (temporary and backup files of processes
    that no longer exist)."""
    prefix = f".{path.name}."
    with contextlib.suppress(OSError):
        for leftover in path.parent.iterdir():
            name = leftover.name
            if not name.startswith(prefix) or not name.endswith((".tmp", ".old")):
                continue
            pid = name[len(prefix) :].split("-", 1)[0].split(".", 1)[0]
            if pid.isdigit() and not alive(int(pid)):
                with contextlib.suppress(OSError):
                    leftover.unlink()


def alive(pid: int) -> bool:
    """Whether a process with this id exists (on this machine)."""
    if pid == os.getpid() or os.name != "posix":  # elsewhere signal 0 is not a probe
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True
