"""Argument types shared by the command line's parsers (``prescriber`` and ``prescriber case``)."""

from __future__ import annotations

import argparse
from datetime import date

from prescriber.dates import parse_day
from prescriber.errors import InputError

__all__ = ["day"]


def day(text: str) -> date:
    """A ``YYYY-MM-DD`` option (``--as-of``, ``--due``), read by :func:`prescriber.dates.parse_day`;
    its problem becomes argparse's usage error."""
    try:
        return parse_day(text)
    except InputError as exc:
        raise argparse.ArgumentTypeError(f"{exc.problems[0].message}，{exc.problems[0].hint}") from None
