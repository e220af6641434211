"""The only YAML loader: safe, strict, bounded, and it remembers where every value came from.

* Safe: values are built here from the parser's event stream, so no tag can construct an object.
  Only the standard tags ``!!str !!int !!float !!bool !!null !!seq !!map`` are accepted.
* Strict: duplicate keys and merge keys (``<<``) are errors; ``yes/no/on/off`` stay text
  (only ``true/false`` are booleans); dates stay text; a number written with a leading zero
  (``05``, ``0350``) stays text, because here it is always a code.
* Bounded: file size, nesting depth and alias expansion are capped (``Limits``), so an alias bomb or
  a deeply nested file is a located error, fast, and never a crash.
* Located: :class:`Document` maps every path in the data to the line and column of its value (and
  of its key, for mapping entries).
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from prescriber.codes import Code, phrases
from prescriber.errors import SourceError, problem
from prescriber.yamlsrc.builder import build
from prescriber.yamlsrc.document import Document, Limits, Mark, PathT, format_path

__all__ = [
    "DEFAULT_LIMITS",
    "Document",
    "Limits",
    "Mark",
    "PathT",
    "format_path",
    "load",
    "load_stream",
    "loads",
]

DEFAULT_LIMITS = Limits()


def load(path: Path | str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read and parse one YAML (or JSON) file. Raises :class:`SourceError` with one located problem."""
    p = Path(path)
    name = str(path)
    if p.is_dir():
        raise SourceError([problem(Code.SOURCE_IS_DIRECTORY, file=name)])
    try:
        with p.open("rb") as fh:
            raw = fh.read(limits.max_bytes + 1)
    except FileNotFoundError:
        raise SourceError(
            [
                problem(
                    Code.SOURCE_NOT_FOUND,
                    file=name,
                    what=phrases.FILE_MISSING,
                    how=phrases.CHECK_PATH_SPELLING,
                )
            ]
        ) from None
    except OSError as exc:
        raise SourceError(
            [
                problem(
                    Code.SOURCE_UNREADABLE,
                    file=name,
                    what=phrases.CANNOT_READ.fill(error=exc.strerror),
                    how=phrases.CHECK_PERMISSIONS,
                )
            ]
        ) from None
    if len(raw) > limits.max_bytes:
        raise SourceError(
            [
                problem(
                    Code.SOURCE_TOO_LARGE,
                    file=name,
                    what=phrases.FILE_OVER.fill(limit=limits.max_bytes // (1024 * 1024)),
                    how=phrases.SPLIT_FILES,
                )
            ]
        )
    return loads(_decode(raw, name), name, limits)


def load_stream(stream: IO[Any], name: str = "<stdin>", limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse what ``stream`` (standard input) holds, read as bytes when it has them, never more than the
    file limit: the same checks of size and encoding as :func:`load`."""
    binary = getattr(stream, "buffer", None)
    raw = (binary if binary is not None else stream).read(limits.max_bytes + 1)
    if len(raw) > limits.max_bytes:
        raise SourceError(
            [
                problem(
                    Code.SOURCE_TOO_LARGE,
                    file=name,
                    what=phrases.INPUT_OVER.fill(limit=limits.max_bytes // (1024 * 1024)),
                    how=phrases.SPLIT_FILES,
                )
            ]
        )
    return loads(_decode(raw, name) if isinstance(raw, bytes) else raw, name, limits)


def loads(text: str, file: str = "<string>", limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse YAML text. Raises :class:`SourceError` with one located problem."""
    if len(text) > limits.max_bytes:
        raise SourceError(
            [problem(Code.SOURCE_TOO_LARGE, file=file, what=phrases.TEXT_OVER, how=phrases.SPLIT_FILES)]
        )
    return build(text, file, limits)


def _decode(raw: bytes, name: str) -> str:
    if b"\x00" in raw[:8192]:
        raise SourceError([problem(Code.SOURCE_BINARY, file=name, line=1, column=1)])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(
            [
                problem(
                    Code.SOURCE_ENCODING,
                    file=name,
                    line=line,
                    column=col,
                    what=phrases.NOT_UTF8,
                    how=phrases.RESAVE_UTF8,
                )
            ]
        ) from None
