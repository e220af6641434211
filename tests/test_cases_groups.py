"""带动一批: a chain leader's suppliers prescribed together and followed as a group, on SQLite and
PostgreSQL. The population is small and every figure below is counted by hand."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import pytest
from budget import examples
from case_support import FINGERPRINT, body
from http_support import db_params, fresh_url
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from prescriber.errors import CaseError
from prescriber.register import CaseBook, Change, Evidence, NewRecord, Register, assess, figures
from prescriber.register.groups import Groups

LEADER = "91350100MA0000001P"
S1, S2, S3, S4 = "91350100MA0000002T", "91350100MA0000003X", "91350100MA00000041", "91350100MA00000054"


@pytest.fixture(params=db_params())
def register(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Register]:
    for url in fresh_url(request.param, tmp_path):
        reg = Register(url)
        reg.upgrade()
        yield reg
        reg.close()


def stored(
    reg: Register,
    name: str,
    code: str,
    services: Sequence[str],
    confirm: Sequence[str] | None = None,
    suppliers: Sequence[tuple[str, str]] = (),
    as_of: str = "2026-06-01",
    city: str = "fuzhou",
) -> int:
    """A record whose profile text is a real profile (with its credit code and suppliers)."""
    profile = {"name": name, "credit_code": code}
    if suppliers:
        listed = [{"credit_code": c, "name": n} for c, n in suppliers]
        profile["suppliers"] = listed  # type: ignore[assignment]
    reg.keep_snapshot(FINGERPRINT, {})
    text = json.dumps(profile, ensure_ascii=False)
    rid = reg.add(NewRecord("<test>", text, body(name, services, city=city, as_of=as_of), "staff", "test")).id
    if confirm is not None:
        reg.confirm(rid, list(confirm), by="enterprise")
    return rid


FOUR = [(S1, "一号配套"), (S2, "二号配套"), (S3, "三号配套"), (S4, "四号配套")]


def test_a_group_opens_a_case_per_supplier_with_a_record_and_keeps_the_others_as_uncollected(
    register: Register,
) -> None:
    leader = stored(register, "链主甲", LEADER, ["job-fair"], confirm=["job-fair"], suppliers=FOUR)
    s1 = stored(
        register, "一号配套", S1, ["job-fair", "harmony-checkup"], confirm=["job-fair", "harmony-checkup"]
    )
    s2 = stored(register, "二号配套", S2, ["job-fair", "policy-briefing"])  # prescribed, not confirmed
    stored(register, "三号配套", S3, ["job-fair"], confirm=["job-fair"], as_of="2025-05-01")  # last year only
    # Another firm that lists S1 as its own supplier: its text names S1's code but it is not S1's record.
    stored(
        register, "别家", "91350100MA00000062", ["job-fair"], suppliers=[(S1, "一号配套")], as_of="2026-09-01"
    )
    groups = Groups(register)
    g = groups.open(leader, by="王", officer="李四", due=date(2026, 7, 1))
    assert (g.leader, g.city, g.year, g.record_id) == ("链主甲", "fuzhou", 2026, leader)
    assert [i.service for i in g.leader_case.items] == ["job-fair"]
    got = [(m.credit_code, m.record_id, m.label, m.prescribed) for m in g.members]
    assert got == [
        (S1, s1, "跟进中", 2),
        (S2, s2, "待确认", 0),
        (S3, None, "待采集", 0),
        (S4, None, "待采集", 0),
    ]
    assert all(
        i.officer == "李四" and i.due == date(2026, 7, 1) for m in g.members if m.case for i in m.case.items
    )
    # S1 delivers one service; the city's figures count the group (counted by hand: 1 group, 4 listed,
    # 2 with a case, 2 待采集, 2 supplier items, 1 delivered).
    book = CaseBook(register)
    job = next(i for i in g.members[0].case.items if i.service == "job-fair")  # type: ignore[union-attr]
    book.update(job.id, Change(1, "in-progress"), by="李四")
    book.update(job.id, Change(2, "done", evidence=Evidence(link="https://example.org/签到表")), by="李四")
    a = assess(book, "fuzhou", 2026)
    assert (a.groups.groups, a.groups.suppliers, a.groups.with_case, a.groups.uncollected) == (1, 4, 2, 2)
    assert (a.groups.items, a.groups.delivered) == (2, 1)
    assert dict(figures(a))["带动一批：配套企业待采集"] == 2
    # The city's own figures: the leader's 1 item and S1's 2 (S2's case has none yet): 3 prescribed.
    assert (a.enterprises, a.prescribed, a.delivered) == (2, 3, 1)


def test_opening_again_picks_up_confirmations_new_records_and_a_shorter_list(register: Register) -> None:
    leader = stored(register, "链主甲", LEADER, ["job-fair"], suppliers=FOUR)
    s2 = stored(register, "二号配套", S2, ["job-fair", "policy-briefing"])
    groups = Groups(register)
    first = groups.open(leader, by="王")
    assert first.leader_case.items == () and [m.state for m in first.members] == [
        "uncollected",
        "unconfirmed",
        "uncollected",
        "uncollected",
    ]
    register.confirm(s2, ["policy-briefing"], by="enterprise")
    s3 = stored(register, "三号配套", S3, ["job-fair"], confirm=[])  # collected: wants nothing for now
    newer = stored(register, "链主甲", LEADER, ["job-fair"], suppliers=FOUR[1:3], as_of="2026-08-01")
    g = groups.open(newer, by="王")
    assert g.id == first.id and g.record_id == newer
    assert [(m.credit_code, m.label, m.prescribed) for m in g.members] == [
        (S2, "跟进中", 1),
        (S3, "暂不需要", 0),
        (S1, "待采集（不再列出）", 0),
        (S4, "待采集（不再列出）", 0),
    ]
    assert g.members[1].record_id == s3
    standing = groups.standing("fuzhou", 2026)
    assert (standing.suppliers, standing.with_case, standing.uncollected, standing.items) == (2, 2, 0, 1)
    assert [x.id for x in groups.groups("fuzhou", 2026)] == [g.id] and groups.groups("xiamen") == []


def test_a_record_without_suppliers_or_no_record_is_a_located_refusal(register: Register) -> None:
    plain = stored(register, "某企业", LEADER, ["job-fair"])
    groups = Groups(register)
    with pytest.raises(CaseError) as exc:
        groups.open(plain, by="王")
    (p,) = exc.value.problems
    assert (p.path, p.code) == ("record", "group.no-suppliers") and "没有列出配套企业" in p.message
    with pytest.raises(CaseError, match="没有编号为 999 的记录"):
        groups.open(999, by="王")


def test_the_single_case_rule_still_needs_a_confirmation(register: Register) -> None:
    rid = stored(register, "某企业", LEADER, ["job-fair"])
    with pytest.raises(CaseError, match="尚无意愿确认"):
        CaseBook(register).open(rid, by="王")


def test_the_cohort_counts_the_suppliers_a_profile_lists(register: Register) -> None:
    from prescriber.register import Cohorts

    leader = stored(register, "链主甲", LEADER, ["job-fair"], suppliers=FOUR)
    plain = stored(register, "一号配套", S1, ["job-fair"])
    got = {c.record_id: (c.influence, c.reasons) for c in Cohorts(register).candidates("fuzhou", 2026)}
    assert got == {leader: (8, ("配套企业 4 家+8",)), plain: (0, ())}


def test_officers_opening_one_group_at_once_get_one_group(register: Register) -> None:
    import threading

    leader = stored(register, "链主甲", LEADER, ["job-fair"], confirm=["job-fair"], suppliers=FOUR)
    stored(register, "一号配套", S1, ["job-fair"], confirm=["job-fair"])
    barrier = threading.Barrier(4)
    got: list[int] = []
    failed: list[BaseException] = []

    def open_() -> None:
        barrier.wait()
        try:
            got.append(Groups(register).open(leader, by="王").id)
        except BaseException as exc:  # reported below
            failed.append(exc)

    threads = [threading.Thread(target=open_) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failed and len(set(got)) == 1
    (g,) = Groups(register).groups()
    assert [m.credit_code for m in g.members] == [S1, S2, S3, S4]
    assert [len(m.case.items) if m.case else None for m in g.members] == [1, None, None, None]


@examples(12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    have=st.lists(st.booleans(), min_size=4, max_size=4),
    confirmed=st.lists(st.booleans(), min_size=4, max_size=4),
)
def test_no_listed_supplier_is_ever_dropped(tmp_path: Path, have: list[bool], confirmed: list[bool]) -> None:
    import uuid

    reg = Register(f"sqlite:///{tmp_path / uuid.uuid4().hex}.db")
    reg.upgrade()
    try:
        leader = stored(reg, "链主甲", LEADER, ["job-fair"], suppliers=FOUR)
        for (code, name), has, yes in zip(FOUR, have, confirmed, strict=True):
            if has:
                stored(reg, name, code, ["job-fair"], confirm=["job-fair"] if yes else None)
        g = Groups(reg).open(leader, by="王")
        assert [(m.credit_code, m.name) for m in g.members] == FOUR
        expected = [
            ("following" if yes else "unconfirmed") if has else "uncollected"
            for has, yes in zip(have, confirmed, strict=True)
        ]
        assert [m.state for m in g.members] == expected
        s = Groups(reg).standing("fuzhou", 2026)
        assert (s.suppliers, s.with_case, s.uncollected) == (4, sum(have), 4 - sum(have))
        assert s.items == sum(h and y for h, y in zip(have, confirmed, strict=True))
    finally:
        reg.close()
