"""The normal form of conditions, shared by every matcher and by lint: typed atoms
(:mod:`~prescriber.normal.atoms`), the exact lowering of a three-valued condition to a disjunction of
conjunctions of atoms (:mod:`~prescriber.normal.lower`), and facts as the flat properties the atoms
test (:mod:`~prescriber.normal.encoding`). The durable_rules syntax of atoms lives in ``engine``.
"""

from __future__ import annotations

from prescriber.normal.atoms import (
    ABSENT,
    DIVISION,
    KIND,
    PAINS,
    SECTION,
    Absent,
    Atom,
    Cmp,
    Eq,
    HasItem,
    Match,
    Neq,
    OneOf,
    Present,
    Term,
    prop_of,
    unknown_division,
)
from prescriber.normal.encoding import FactEncoding, fact_properties
from prescriber.normal.lower import MAX_TERMS, TooComplex, lower, num

__all__ = [
    "ABSENT",
    "DIVISION",
    "KIND",
    "MAX_TERMS",
    "PAINS",
    "SECTION",
    "Absent",
    "Atom",
    "Cmp",
    "Eq",
    "FactEncoding",
    "HasItem",
    "Match",
    "Neq",
    "OneOf",
    "Present",
    "Term",
    "TooComplex",
    "fact_properties",
    "lower",
    "num",
    "prop_of",
    "unknown_division",
]
