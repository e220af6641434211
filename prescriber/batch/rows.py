"""Rows of a table of profiles: each row becomes a profile mapping or the problems that keep it from
being one — a bad row never stops the others.

Columns: ``id``, ``name``, ``region``, ``industry``, ``ownership`` (text); ``employees``,
``revenue``, ``assets`` (numbers); ``pain_points`` (``id`` or ``id:severity``, separated by ``;``);
``flags.<id>`` (``true``/``false``, or a choice id) and ``metrics.<id>`` (numbers); ``suppliers``
(``统一社会信用代码:名称``, separated by ``;``); ``collective_contract_until`` (a day, YYYY-MM-DD).
An empty cell is unknown. JSON Lines may also nest:
``flags`` and ``metrics`` as objects, ``pain_points`` as a list.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from prescriber.batch.io import FORMATS, read_frames, row_problems
from prescriber.codes import Code, meant, phrases
from prescriber.errors import Problem, problem
from prescriber.natural import number_phrase
from prescriber.shape import suggest

__all__ = ["COLUMNS", "Row", "read_table", "row_profile"]

COLUMNS = (
    "id",
    "name",
    "region",
    "industry",
    "ownership",
    "employees",
    "revenue",
    "assets",
    "pain_points",
    "suppliers",
    "collective_contract_until",
)
_NUMBERS = {"employees": int, "revenue": float, "assets": float}


@dataclass(frozen=True)
class Row:
    """One data row: its 1-based number, its line in the file, the profile (``None`` when it has
    errors) and its problems."""

    number: int
    line: int
    profile: dict[str, Any] | None
    problems: tuple[Problem, ...]


def read_table(path: Path | str) -> Iterator[Row]:
    """The rows of a table of profiles (CSV, JSON Lines, Parquet or Excel), in order. A row's line is
    its line in the file (CSV: after the header), or in the sheet (Excel); for Parquet its number."""
    header = 1 if FORMATS.get(Path(path).suffix.lower()) in ("csv", "excel") else 0
    number = 0
    for frame in read_frames(path):
        columns = [str(c) for c in frame.columns]
        unread = row_problems(frame)
        for at, cells in enumerate(frame.itertuples(index=False, name=None)):
            number += 1
            line = number + header
            if at in unread:
                yield Row(number, line, None, (replace(unread[at], file=str(path), line=line),))
                continue
            profile, problems = row_profile(dict(zip(columns, cells, strict=True)), str(path), line, columns)
            yield Row(
                number,
                line,
                profile if not any(x.severity == "error" for x in problems) else None,
                tuple(problems),
            )


def row_profile(
    cells: dict[str, str], file: str, line: int, columns: list[str]
) -> tuple[dict[str, Any], list[Problem]]:
    """One row's cells → a profile mapping (unknown cells left out), and the problems found."""
    out: dict[str, Any] = {}
    problems: list[Problem] = []

    def bad(column: str, code: Code, /, **params: object) -> None:
        problems.append(
            problem(code, file=file, line=line, column=columns.index(column) + 1, path=column, **params)
        )

    for column, raw in cells.items():
        if isinstance(raw, np.generic):  # a typed column (Parquet, Excel) gives numpy scalars
            raw = raw.item()
        if _missing(raw):
            continue
        if column in ("flags", "metrics", "pain_points") and isinstance(raw, dict | list):
            out[column] = raw  # nested JSON: the profile's own shape
            continue
        text = raw.strip() if isinstance(raw, str) else raw
        if column in _NUMBERS:
            value = _number(text, _NUMBERS[column])
            if value is None:
                bad(
                    column,
                    Code.TABLE_NUMBER,
                    name=column,
                    text=text,
                    how=number_phrase(str(text), _UNITS.get(column, "")),
                )
            else:
                out[column] = value
        elif column == "pain_points":
            out[column] = [_pain(item) for item in split(text)]
        elif column == "suppliers":
            out[column] = [_supplier(item) for item in split(text)]
        elif column == "collective_contract_until":
            out[column] = text if isinstance(text, date) else _text(text)  # a spreadsheet's date cell
        elif column in COLUMNS:
            out[column] = _text(text)
        elif column.startswith("flags."):
            flag = (
                text
                if isinstance(text, bool)
                else {"true": True, "false": False}.get(str(text).lower(), _text(text))
            )
            out.setdefault("flags", {})[column[6:]] = flag
        elif column.startswith("metrics."):
            value = _number(text, float)
            if value is None:
                bad(
                    column,
                    Code.TABLE_NUMBER,
                    name=column,
                    text=text,
                    how=number_phrase(str(text), _UNITS.get(column, "")),
                )
            else:
                out.setdefault("metrics", {})[column[8:]] = value
        else:
            close = suggest(column, COLUMNS)
            bad(
                column,
                Code.TABLE_UNKNOWN_COLUMN,
                name=column,
                how=meant(close) if close else phrases.FLAG_METRIC_COLUMNS,
            )
    return out, problems


_UNITS = {"employees": "人", "revenue": "万元", "assets": "万元"}


def _missing(raw: Any) -> bool:
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list | dict):
        return False
    return raw is None or raw is pd.NA or raw is pd.NaT or (isinstance(raw, float) and math.isnan(raw))


def _text(value: Any) -> Any:
    # A code typed into a spreadsheet cell arrives as a number: 350100.0 means "350100".
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _number(text: Any, kind: type) -> int | float | None:
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        value = float(text)
    else:
        try:
            value = float(str(text).replace(",", ""))
        except ValueError:
            return None
    if not math.isfinite(value):
        return None
    return int(value) if kind is int and value.is_integer() else value


def split(text: Any) -> list[str]:
    """The entries of a list cell (``;`` or ``；`` between them), blank ones left out."""
    return [item.strip() for item in str(text).replace("；", ";").split(";") if item.strip()]


def _supplier(item: str) -> dict[str, str]:
    code, _, name = item.replace("：", ":").partition(":")
    return {"credit_code": code.strip(), "name": name.strip()}


def _pain(item: str) -> Any:
    ident, _, severity = item.strip().partition(":")
    if severity.strip().isdigit():
        return {"id": ident.strip(), "severity": int(severity)}
    return item.strip()
