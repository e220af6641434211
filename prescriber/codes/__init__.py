"""Every problem code prescriber reports, declared once: its severity, its message and hint (Chinese
templates with named ``{placeholders}``, the English beside them over the same placeholders) and an input
that produces it. What a call site says in words (a ``{what}``, a ``{how}``) is a :class:`Phrase` from
:mod:`prescriber.codes.phrases`, in both languages. :func:`prescriber.errors.problem`
is the only way to make a problem, and it reads this registry; ``tests/test_codes.py`` runs every
example and keeps ``docs/errors.md`` equal to what the registry says.

The tables are split by what is being read (one module each): a file at all (``source``), rules and the
catalogue (``rules``), a profile or a table of profiles (``profile``), the rule-base checks (``lint``), and
the register and the web service (``service``)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from prescriber.codes import lint, profile, rules, service, source
from prescriber.codes.names import Code
from prescriber.codes.spec import Example, Phrase, Severity, Spec, did_you_mean, field_name, listed, meant

__all__ = [
    "CODES",
    "Code",
    "Example",
    "Phrase",
    "Severity",
    "Spec",
    "did_you_mean",
    "field_name",
    "listed",
    "meant",
]

CODES: Mapping[Code, Spec] = MappingProxyType(
    {**source.CODES, **rules.CODES, **profile.CODES, **lint.CODES, **service.CODES}
)
