"""Size classes by 统计上大中小微型企业划分办法（2017）: the data in catalog/ and the classifier."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prescriber import fields, sizes
from prescriber.api import shipped
from prescriber.loader import load_catalog

CATALOG = load_catalog(shipped("catalog")).catalog
TABLE = fields.field_table(CATALOG)

# The standard's 16 rows, transcribed independently: indicator → (large, medium, small) lower bounds.
STANDARD = {
    "agriculture": {"revenue": (20000, 500, 50)},
    "industry": {"employees": (1000, 300, 20), "revenue": (40000, 2000, 300)},
    "construction": {"revenue": (80000, 6000, 300), "assets": (80000, 5000, 300)},
    "wholesale": {"employees": (200, 20, 5), "revenue": (40000, 5000, 1000)},
    "retail": {"employees": (300, 50, 10), "revenue": (20000, 500, 100)},
    "transport": {"employees": (1000, 300, 20), "revenue": (30000, 3000, 200)},
    "warehousing": {"employees": (200, 100, 20), "revenue": (30000, 1000, 100)},
    "postal": {"employees": (1000, 300, 20), "revenue": (30000, 2000, 100)},
    "accommodation": {"employees": (300, 100, 10), "revenue": (10000, 2000, 100)},
    "catering": {"employees": (300, 100, 10), "revenue": (10000, 2000, 100)},
    "information-transmission": {"employees": (2000, 100, 10), "revenue": (100000, 1000, 100)},
    "software-it": {"employees": (300, 100, 10), "revenue": (10000, 1000, 50)},
    "real-estate-development": {"revenue": (200000, 1000, 100), "assets": (10000, 5000, 2000)},
    "property-management": {"employees": (1000, 300, 100), "revenue": (5000, 1000, 500)},
    "leasing-business-services": {"employees": (300, 100, 10), "assets": (120000, 8000, 100)},
    "other-unlisted": {"employees": (300, 100, 10)},
}
# One industry code inside each row's scope.
SAMPLE_CODE = {
    "agriculture": "A01",
    "industry": "C36",
    "construction": "E47",
    "wholesale": "F51",
    "retail": "F52",
    "transport": "G54",
    "warehousing": "592",
    "postal": "G60",
    "accommodation": "H61",
    "catering": "H62",
    "information-transmission": "I64",
    "software-it": "I65",
    "real-estate-development": "7010",
    "property-management": "7020",
    "leasing-business-services": "L72",
    "other-unlisted": "M73",
}


def test_all_sixteen_rows_equal_the_standard() -> None:
    got = {
        r.id: {k: (b.large, b.medium, b.small) for k, b in r.thresholds.items()} for r in CATALOG.size_classes
    }
    assert got == STANDARD


@pytest.mark.parametrize("row", sorted(STANDARD))
def test_each_bound_is_the_lower_edge_of_its_tier(row: str) -> None:
    code = fields.parse_industry(SAMPLE_CODE[row], TABLE)
    assert not isinstance(code, str)
    assert sizes.row_for(code, CATALOG.size_classes).id == row  # type: ignore[union-attr]
    bounds = STANDARD[row]
    for tier_index, tier in enumerate(("large", "medium", "small")):
        at = {k: v[tier_index] for k, v in bounds.items()}
        assert sizes.classify(code, at, CATALOG.size_classes) == tier
        for k in bounds:  # one indicator just below the edge: one tier lower
            below = dict(at, **{k: at[k] - 0.5})
            assert (
                sizes.classify(code, below, CATALOG.size_classes) == ("medium", "small", "micro")[tier_index]
            )


def test_the_public_worked_example() -> None:
    code = fields.parse_industry("65", TABLE)
    assert sizes.classify(code, {"employees": 103, "revenue": 15735.28}, CATALOG.size_classes) == "medium"


def test_unknown_indicators() -> None:
    code = fields.parse_industry("C36", TABLE)
    rows = CATALOG.size_classes
    assert sizes.classify(code, {"employees": 3200, "revenue": None}, rows) is None  # could be anything
    assert sizes.classify(code, {"employees": 12, "revenue": None}, rows) == "micro"  # already micro
    assert sizes.classify(fields.parse_industry("J66", TABLE), {"employees": 9}, rows) is None  # not covered


@given(st.integers(0, 5000), st.integers(0, 100000), st.integers(0, 5000), st.integers(0, 100000))
def test_more_of_every_indicator_never_lowers_the_class(e1: int, r1: int, de: int, dr: int) -> None:
    code = fields.parse_industry("C36", TABLE)
    order = sizes.TIERS
    a = sizes.classify(code, {"employees": e1, "revenue": r1}, CATALOG.size_classes)
    b = sizes.classify(code, {"employees": e1 + de, "revenue": r1 + dr}, CATALOG.size_classes)
    assert a is not None and b is not None and order.index(b) >= order.index(a)


def test_above_scale() -> None:
    lines = CATALOG.above_scale
    c36 = fields.parse_industry("C36", TABLE)
    assert sizes.above_scale(c36, 2000, lines) is True
    assert sizes.above_scale(c36, 1999, lines) is False
    assert sizes.above_scale(c36, None, lines) is None
    assert sizes.above_scale(fields.parse_industry("7010", TABLE), None, lines) is True
    assert sizes.above_scale(fields.parse_industry("F52", TABLE), 500, lines) is True
    assert (
        sizes.above_scale(fields.parse_industry("E47", TABLE), 10**6, lines) is None
    )  # needs a licence we do not record
