"""The size limits of prescriber's input, once. The models declare them on their fields, the YAML
reader, the workbook reader and the table path (``batch``) enforce the same numbers before a model
sees the value; each imports them from here, so a limit changed here changes everywhere."""

from __future__ import annotations

__all__ = [
    "ASSETS_MAX",
    "CODE_LENGTH",
    "EMPLOYEES_MAX",
    "FILE_BYTES",
    "ID_LENGTH",
    "NUMBER_DIGITS",
    "PAIN_POINTS",
    "PROFILE_KEYS",
    "REVENUE_MAX",
    "TEXT_LENGTH",
]

FILE_BYTES = 10 * 1024 * 1024
"""A YAML file (rules, catalogue, a profile) or a rule workbook."""

NUMBER_DIGITS = 100
"""Digits of the longest number read as a number. Python refuses to convert more than 4,300 digits
(and takes quadratic time below that); no count, amount or threshold here needs more than 20."""

ID_LENGTH = 100
"""An id (``Id``: rule, service, vocabulary entry)."""

TEXT_LENGTH = 2000
"""A text value (``Text``: a name, a title, a reason)."""

CODE_LENGTH = 40
"""A code (``Code``: credit code, region or industry code)."""

PAIN_POINTS = 100
"""Pain points one profile may list."""

PROFILE_KEYS = 200
"""Flags, and metrics, one profile may give: the engine reads at most 250 fields in all, so more can only
be mistakes (and each unknown key costs a did-you-mean)."""

EMPLOYEES_MAX = 10_000_000
"""从业人员, persons."""

REVENUE_MAX = 1e9
"""营业收入, 万元."""

ASSETS_MAX = 1e10
"""资产总额, 万元."""
