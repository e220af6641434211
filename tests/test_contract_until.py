"""A collective contract's end day (``collective_contract_until``): the months left are counted on the
prescription's day, by one derivation for a profile and for a table, so ``--as-of`` recounts them."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

import prescriber
from prescriber.cli import main
from prescriber.derive import CONTRACT_MONTHS, CONTRACT_UNTIL, contract_months, months_left
from tests.budget import examples

RENEWAL = "collective-contract-renewal"
BASE: dict[str, Any] = {
    "name": "某集体合同企业",
    "region": "fuzhou",
    "industry": "C17",
    "employees": 260,
    "revenue": 15000,
    "flags": {"has_union": True, "has_collective_contract": True},
}

# month ends, leap days and the days around them: where counting in months goes wrong
_EDGES = st.sampled_from([28, 29, 30, 31, 1, 2, 15])
days = st.builds(
    lambda y, m, d: date(y, m, min(d, (date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)).day)),
    st.integers(2019, 2031),
    st.integers(1, 12),
    _EDGES,
) | st.dates(date(2019, 1, 1), date(2031, 12, 31))


@examples(400)
@given(until=days, day=days)
def test_months_left_counts_whole_months_to_and_from_the_end_day(until: date, day: date) -> None:
    m = months_left(until, day)
    assert (m >= 0) is (day <= until)  # still running on its last day; expired the day after
    if m >= 0:  # the fewest months n with until − n months not after day
        assert until - relativedelta(months=m) <= day
        assert m == 0 or until - relativedelta(months=m - 1) > day
    else:  # whole months since it ended, at least one
        whole = max(n for n in range(0, 200) if until + relativedelta(months=n) <= day)
        assert m == -max(whole, 1)


@examples(300)
@given(until=days, day=days)
def test_renewal_window_is_the_last_three_months_before_expiry(until: date, day: date) -> None:
    # 集体合同规定 art. 38: 期满前 3 个月内任何一方均可提出续订要求 — the rule reads 0 ≤ months ≤ 3
    assert (0 <= months_left(until, day) <= 3) is (until - relativedelta(months=3) <= day <= until)


@pytest.mark.parametrize(
    ("until", "day", "months"),
    [
        ("2027-03-31", "2026-12-31", 3),
        ("2027-03-31", "2026-12-30", 4),
        ("2027-02-28", "2026-11-28", 3),
        ("2027-02-28", "2026-11-27", 4),
        ("2028-02-29", "2027-11-29", 3),
        ("2027-05-31", "2027-02-28", 3),
        ("2027-03-31", "2027-03-31", 0),
        ("2027-03-31", "2027-04-01", -1),
        ("2027-03-31", "2027-05-30", -1),
        ("2027-03-31", "2027-05-31", -2),
    ],
)
def test_months_left_at_month_boundaries(until: str, day: str, months: int) -> None:
    assert months_left(date.fromisoformat(until), date.fromisoformat(day)) == months


def test_one_derivation_reads_text_dates_and_refuses_the_rest() -> None:
    day = date(2026, 12, 7)
    assert contract_months(" 2027-03-07 ", day, -600, 120) == 3
    assert contract_months(date(2027, 3, 7), day, -600, 120) == 3
    assert contract_months(pd.Timestamp("2027-03-07"), day, -600, 120) == 3
    assert isinstance(contract_months("2027-02-30", day, -600, 120), str)
    assert isinstance(contract_months("明年三月", day, -600, 120), str)
    assert isinstance(contract_months(pd.Timestamp("2027-03-07 10:30"), day, -600, 120), str)
    assert "超出" in str(contract_months("2040-01-01", day, -600, 120))


@pytest.mark.parametrize(
    ("as_of", "offered"),
    [("2026-11-27", False), ("2026-11-28", True), ("2027-02-28", True), ("2027-03-01", True)],
)
def test_the_end_day_is_recounted_on_the_prescription_day(rx: Any, as_of: str, offered: bool) -> None:
    p = rx.prescribe({**BASE, "collective_contract_until": "2027-02-28"}, as_of=as_of)
    assert (RENEWAL in {i.service for i in p.items}) is offered


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err, stdin=io.StringIO(""))
    return code, out.getvalue(), err.getvalue()


def test_as_of_on_two_dates_gives_the_renewal_reminder_or_not(tmp_path: Path) -> None:
    path = tmp_path / "合同企业.yaml"
    path.write_text(
        "name: 某集体合同企业\nregion: fuzhou\nindustry: C17\nemployees: 260\nrevenue: 15000\n"
        "flags: {has_union: true, has_collective_contract: true}\ncollective_contract_until: 2027-03-31\n",
        encoding="utf-8",
    )
    code, early, _ = _run("prescribe", str(path), "--as-of", "2026-06-01")
    assert code == 0 and "集体合同到期续订" not in early
    code, late, _ = _run("prescribe", str(path), "--as-of", "2027-01-15")
    assert code == 0 and "集体合同到期续订" in late and "3 个月内期满" in late
    code, after, _ = _run("prescribe", str(path), "--as-of", "2027-04-02")
    assert code == 0 and "集体合同到期续订" in after and "期满即行终止" in after


@pytest.mark.parametrize("bad", ["2027-02-30", "2027/03/31", "明年三月", "2045-01-01"])
def test_a_bad_end_day_is_located_with_a_hint(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(f"name: 某企业\nregion: fuzhou\ncollective_contract_until: {bad}\n", encoding="utf-8")
    code, _, err = _run("prescribe", str(path), "--format", "json")
    assert code != 0
    assert f"{path}:3:28: error: 集体合同期满日期 '{bad}' 无法使用" in err
    assert "[collective_contract_until]" in err and "例如 2027-03-31" in err
    with pytest.raises(prescriber.ProfileError) as caught:
        prescriber.load(engine="python").prescribe(str(path))
    (p,) = caught.value.problems
    assert (p.code, p.line, p.path) == ("profile.bad-date", 3, "collective_contract_until")


def test_a_bad_end_day_in_a_table_names_its_row_and_column(rx_python: Any) -> None:
    frame = pd.DataFrame(
        {
            "name": ["甲", "乙"],
            "industry": ["C17", "C17"],
            "collective_contract_until": ["2027-03-31", "2027-13-01"],
        }
    )
    result = rx_python.prescribe_frame(frame, as_of="2027-01-15")
    assert list(result.errors.row) == [2]
    (error,) = result.errors.itertuples()
    assert (error.field, error.code) == ("collective_contract_until", "profile.bad-date")
    assert "YYYY-MM-DD" in error.hint
    assert RENEWAL in set(result.long[result.long.row == 1].service)


def test_the_end_day_wins_over_stated_months_with_a_located_note(rx: Any) -> None:
    profile = {
        **BASE,
        "collective_contract_until": "2030-01-31",
        "metrics": {"collective_contract_months_left": 2},
    }
    p = rx.prescribe(profile, as_of="2026-12-07")
    assert RENEWAL not in {i.service for i in p.items}  # 37 months left, not the 2 typed by hand
    (note,) = [w for w in p.warnings if "collective_contract_until" in w]
    assert "还剩 38 个月" in note and "按期满日期计算" in note
    agreeing = {**profile, "metrics": {"collective_contract_months_left": 38}}
    assert not [w for w in rx.prescribe(agreeing, as_of="2026-12-07").warnings if "期满" in w]


_UNTIL = st.one_of(
    st.none(),
    days.map(date.isoformat),
    st.sampled_from(["", " 2027-03-31", "2027-02-30", "不详", "2027-03-31T00:00:00", "20270331"]),
)


@examples(30)
@given(
    untils=st.lists(_UNTIL, min_size=1, max_size=12),
    stated=st.lists(st.none() | st.sampled_from([-3, 0, 2, 7, 200]), min_size=12, max_size=12),
    as_of=days,
)
def test_prescribe_and_prescribe_frame_agree_with_the_date_column(
    rx_python: Any, untils: list[str | None], stated: list[int | None], as_of: date
) -> None:
    rows = []
    for k, until in enumerate(untils):
        row: dict[str, Any] = {"name": f"企业{k}", "region": "fuzhou", "industry": "C17", "employees": 260}
        row["flags.has_collective_contract"] = "true"
        row["collective_contract_until"] = until
        row["metrics.collective_contract_months_left"] = stated[k]
        rows.append(row)
    frame = pd.DataFrame(rows)
    result = rx_python.prescribe_frame(frame, as_of=as_of)
    bad = set(result.errors.row)
    for number, row in enumerate(rows, start=1):
        profile: dict[str, Any] = {k: v for k, v in row.items() if "." not in k and v not in (None, "")}
        profile["flags"] = {"has_collective_contract": True}
        if row["metrics.collective_contract_months_left"] is not None:
            profile["metrics"] = {
                "collective_contract_months_left": row["metrics.collective_contract_months_left"]
            }
        if (
            isinstance(profile.get("collective_contract_until"), str)
            and not profile["collective_contract_until"].strip()
        ):
            del profile["collective_contract_until"]
        try:
            p = rx_python.prescribe(profile, as_of=as_of)
        except prescriber.ProfileError:
            assert number in bad, json.dumps(profile, ensure_ascii=False)
            continue
        assert number not in bad, json.dumps(profile, ensure_ascii=False)
        sub = result.long[result.long.row == number]
        assert list(zip(sub.service, sub.score, strict=True)) == [(i.service, i.score) for i in p.items]


def test_the_question_asks_for_the_end_day_not_the_months_left(rx: Any) -> None:
    # the months are derived from the day: a caseworker asks for the day, which does not go stale
    answered = {
        **BASE,
        "flags": {
            **BASE["flags"],
            "harmonious_level": "none",
            "chain_leader": False,
            "labour_credit_level": "a",
        },
        "metrics": {"turnover_rate": 0, "disputes_last_year": 0},
    }
    asked = {q.field: q for q in rx.prescribe(answered, as_of="2026-12-01").questions}
    assert CONTRACT_MONTHS not in asked
    q = asked[CONTRACT_UNTIL]
    assert (q.label, q.services) == ("集体合同期满日期", (RENEWAL,))
    assert q.text == "企业现行集体合同哪天期满？（日期，如 2027-03-31）"
    told = rx.prescribe({**answered, CONTRACT_UNTIL: "2027-02-28"}, as_of="2026-12-01")
    assert CONTRACT_UNTIL not in {q.field for q in told.questions}
