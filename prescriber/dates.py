"""Days, once: when something is in force, and how a day is read from text.

Every period in prescriber — a service's, a rule's, a policy instrument's — is ``valid_from`` /
``valid_until``, either open, both days included. :func:`in_force` is the one reading of that; the
library, the table path, lint and the diff all call it. :func:`parse_day` is the one reading of a
day written as text (``--as-of`` on the command line, ``as_of`` in the library and the HTTP API).
:func:`beijing` is the one way a moment the register wrote (in UTC) is shown to a person: in Beijing time,
the time of every caseworker and enterprise this serves.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone

from prescriber.codes import Code
from prescriber.errors import InputError, problem

__all__ = ["BEIJING", "Window", "beijing", "clock", "ended", "in_force", "overlaps", "parse_day"]

BEIJING = timezone(timedelta(hours=8), "北京时间")
"""China's one time zone: no daylight saving, so a fixed offset is exact."""


def beijing(at: datetime) -> datetime:
    """``at`` in Beijing time. A naive datetime is UTC: the register writes UTC, and SQLite hands it back
    without its zone (PostgreSQL with it)."""
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(BEIJING)


def clock(at: datetime, seconds: bool = False) -> str:
    """``at`` as a person in Fujian reads it: ``2026-12-07 14:44`` (Beijing time)."""
    return f"{beijing(at):%Y-%m-%d %H:%M:%S}" if seconds else f"{beijing(at):%Y-%m-%d %H:%M}"


Window = tuple[date | None, date | None]
"""``(valid_from, valid_until)``: either may be ``None`` (open), both days included."""


def in_force(window: Window, day: date) -> bool:
    """Whether ``day`` lies in ``window``."""
    start, end = window
    return (start is None or start <= day) and (end is None or day <= end)


def overlaps(a: Window, b: Window) -> bool:
    """Whether some day is in force in both windows."""
    start = max(a[0] or date.min, b[0] or date.min)
    end = min(a[1] or date.max, b[1] or date.max)
    return start <= end


def ended(periods: Sequence[Window], day: date) -> bool:
    """Whether none of ``periods`` holds on ``day`` and one of them has ended by then (lapsed, as
    opposed to not begun yet)."""
    return (
        bool(periods)
        and not any(in_force(w, day) for w in periods)
        and any(end is not None and end < day for _, end in periods)
    )


def parse_day(value: date | str | None, field: str = "as_of") -> date:
    """A day from text ``YYYY-MM-DD`` (surrounding white space ignored); ``None`` is today.

    Raises:
        InputError: with one problem at ``field`` (code ``input.as-of``) when the text is not a day.
    """
    if value is None:
        return date.today()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError([problem(Code.INPUT_AS_OF, file=field, path=field, value=value)]) from None
