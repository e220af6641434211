"""Argument types shared by the command line's parsers (``prescriber`` and ``prescriber case``)."""

from __future__ import annotations

import argparse
from datetime import date

from prescriber.dates import parse_day
from prescriber.errors import InputError

__all__ = ["Day", "day"]

_JOIN = {"zh": "，", "en": "; "}


class Day:
    """A ``YYYY-MM-DD`` option (``--as-of``, ``--due``), read by :func:`prescriber.dates.parse_day`;
    its problem (message and hint, joined as ``lang`` joins them) becomes argparse's usage error.
    The parser gives each such option the language of the command line (``cli.parser``)."""

    def __init__(self, lang: str = "zh") -> None:
        self.lang = lang

    def __call__(self, text: str) -> date:
        try:
            return parse_day(text)
        except InputError as exc:
            message, hint = exc.problems[0].text(self.lang)
            raise argparse.ArgumentTypeError(f"{message}{_JOIN[self.lang]}{hint}") from None


day = Day()
