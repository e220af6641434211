"""Each fact once (issue 17 item 4): the day a thing is in force, the size classes, the input limits
and the reading of a day are defined in one place; these tests fail when a path goes its own way."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from budget import examples
from hypothesis import given
from hypothesis import strategies as st

from prescriber import batch, dates, limits
from prescriber.api import Prescriber, as_of_date
from prescriber.cli import main
from prescriber.errors import InputError
from prescriber.fields import field_table
from prescriber.models import SIZE_LABELS, Profile
from prescriber.sizes import TIERS

ROOT = Path(__file__).resolve().parent.parent

days = st.dates(dt.date(2020, 1, 1), dt.date(2020, 3, 1))
windows = st.tuples(st.none() | days, st.none() | days)


@given(windows, days)
def test_in_force_is_the_closed_period(window: dates.Window, day: dt.date) -> None:
    start, end = window
    assert dates.in_force(window, day) == ((start or dt.date.min) <= day <= (end or dt.date.max))


@given(windows, windows)
def test_two_windows_overlap_exactly_when_some_day_is_in_both(a: dates.Window, b: dates.Window) -> None:
    span = [dt.date(2019, 12, 31) + dt.timedelta(days=i) for i in range(63)]
    assert dates.overlaps(a, b) == any(dates.in_force(a, d) and dates.in_force(b, d) for d in span)


def _boundaries(rx: Any) -> list[dt.date]:
    """Every day on which a policy instrument or a rule of the shipped rule base begins or ends, and the
    days around it."""
    periods = [(x.valid_from, x.valid_until) for x in (*rx.book.catalog.policies, *rx.book.rules)]
    edges = {d for p in periods for d in p if d is not None}
    return sorted({e + dt.timedelta(days=k) for e in edges for k in (-1, 0, 1)})


@pytest.fixture(scope="module")
def frame() -> Any:
    return next(batch.read_frames(ROOT / "examples/enterprises.csv")).iloc[:12]


@examples(15, deadline=None)
@given(data=st.data())
def test_the_library_and_the_table_path_agree_on_what_is_in_force(
    rx_python: Any, frame: Any, data: Any
) -> None:
    """The shipped rule base with periods drawn for its services, on a day near one of them or near the
    start or end of a policy instrument or rule: one prescribe() per row and the vectorised table path
    hand out the same services."""
    book = rx_python.book
    day = data.draw(st.sampled_from(_boundaries(rx_python)), label="day")
    near = st.none() | st.sampled_from([day + dt.timedelta(days=k) for k in (-1, 0, 1)])
    services = [
        s.model_copy(update={"valid_from": data.draw(near), "valid_until": data.draw(near)})
        for s in book.catalog.services
    ]
    fields = {f: getattr(book.catalog, f) for f in type(book.catalog).model_fields}
    catalog = type(book.catalog).model_validate({**fields, "services": tuple(services)})
    rx = Prescriber(replace(book, catalog=catalog), engine="python")
    result = rx.prescribe_frame(frame, as_of=day)
    for row in batch.read_table(ROOT / "examples/enterprises.csv"):
        if row.number > len(frame):
            break
        p = rx.prescribe(row.profile, as_of=day)
        got = list(result.long[result.long.row == row.number].service)
        assert got == [i.service for i in p.items], (day, row.number)


def test_the_size_classes_are_one_list(rx_python: Any) -> None:
    table = field_table(rx_python.book.catalog)
    assert tuple(reversed(SIZE_LABELS)) == TIERS
    size = table.get("size")
    assert size is not None and dict(size.names) == SIZE_LABELS


def test_a_text_at_the_limit_passes_and_one_more_fails_in_the_model_and_in_a_table(rx_python: Any) -> None:
    import pandas as pd

    ok, long = "名" * limits.TEXT_LENGTH, "名" * (limits.TEXT_LENGTH + 1)
    Profile.model_validate({"name": ok})
    with pytest.raises(ValueError, match=str(limits.TEXT_LENGTH)):
        Profile.model_validate({"name": long})
    frame = pd.DataFrame({"name": [ok, long], "region": "fuzhou", "industry": "C36", "employees": 10})
    result = rx_python.prescribe_frame(frame, as_of="2026-06-01")
    assert set(result.errors.row) == {2}
    assert set(result.long.row) == {1}


@pytest.mark.parametrize("text", ["2026-13-01", "明天", "2026/06/01"])
def test_a_day_is_read_once_with_one_message(text: str) -> None:
    with pytest.raises(InputError) as caught:
        as_of_date(text)
    message = caught.value.problems[0].message
    for argv in (
        ["prescribe", "examples/fuzhou-vehicle-maker.yaml", "--as-of", text],
        ["case", "update", "1", "--version", "1", "--due", text],
    ):
        err = io.StringIO()
        assert main(argv, out=io.StringIO(), err=err) == 2
        assert message in err.getvalue(), argv
