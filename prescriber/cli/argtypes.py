"""Argument types shared by the command line's parsers (``prescriber`` and ``prescriber case``)."""

from __future__ import annotations

import argparse
from datetime import date

from prescriber.dates import parse_day
from prescriber.errors import InputError

__all__ = ["day", "english"]

_ENGLISH: dict[str, str] = {}


def day(text: str) -> date:
    """A ``YYYY-MM-DD`` option (``--as-of``, ``--due``), read by :func:`prescriber.dates.parse_day`;
    its problem becomes argparse's usage error (in Chinese: :func:`english` gives its English)."""
    try:
        return parse_day(text)
    except InputError as exc:
        p = exc.problems[0]
        said = f"{p.message}，{p.hint}"
        _ENGLISH.clear()  # only the last: argparse stops at the first bad argument
        _ENGLISH[said] = "{}; {}".format(*p.text("en"))
        raise argparse.ArgumentTypeError(said) from None


def english(message: str) -> str:
    """``message`` with the problem an argument type raised in it said in English."""
    for zh, en in _ENGLISH.items():
        message = message.replace(zh, en)
    return message
