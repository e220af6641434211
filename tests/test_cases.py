"""Follow-through without HTTP (design.md §7): cases opened from 意愿确认, the work item's state machine
(every allowed and every refused move, and random sequences), history, optimistic concurrency with no
lost update, and re-prescribing that keeps the history — on SQLite and (when .ci/run started one) on
PostgreSQL."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from budget import examples
from case_support import record
from http_support import db_params, fresh_url
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

import prescriber
from prescriber import yamlsrc
from prescriber.api import shipped
from prescriber.errors import CaseError, ConflictError
from prescriber.register import CaseBook, Change, Evidence, NewRecord, Register, read_files
from prescriber.register.flow import LABELS, NEEDS, STATUSES, TRANSITIONS, check_move, parse_status
from prescriber.register.reconcile import plan

ROOT = Path(__file__).resolve().parent.parent
LINK = Evidence(link="https://example.gov.cn/jobfair/2026-06.pdf")
FILE = Evidence(file_name="签到表.pdf", sha256="a" * 64)
# How to bring a fresh item to each status (each step: status, reason, evidence).
PATHS: dict[str, list[Change]] = {
    "pending": [],
    "in-progress": [Change(1, "in-progress")],
    "done": [Change(1, "in-progress"), Change(2, "done", evidence=LINK)],
    "declined": [Change(1, "declined", reason="企业已自行招满")],
    "ineligible": [Change(1, "ineligible", reason="不在政策范围")],
}
SERVICES = ["job-fair", "harmony-checkup", "policy-briefing", "new-apprenticeship", "wage-guideline"]
ALL = [*SERVICES, "gig-market"]


@pytest.fixture(params=db_params())
def register(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Register]:
    for url in fresh_url(request.param, tmp_path):
        reg = Register(url)
        reg.upgrade()
        yield reg
        reg.close()


@pytest.fixture
def book(register: Register) -> CaseBook:
    return CaseBook(register)


def _item(book: CaseBook, service: str, case_id: int) -> int:
    case = book.case(case_id)
    assert case is not None
    return next(i.id for i in case.items if i.service == service)


def test_the_table_is_the_only_source_of_moves() -> None:
    assert set(TRANSITIONS) == set(STATUSES) == set(LABELS)
    for a, b in itertools.product(STATUSES, STATUSES):
        allowed = b in TRANSITIONS[a]
        try:
            check_move(a, b, reason="原因", has_evidence=True)
            assert allowed, f"{a} → {b} must be refused"
        except CaseError as exc:
            assert not allowed, f"{a} → {b} must be allowed"
            assert exc.problems[0].code == "case.transition" and LABELS[a] in exc.problems[0].message
    assert parse_status("已办结") == "done" == parse_status("done")
    with pytest.raises(CaseError, match="没有“完成”这种状态"):
        parse_status("完成")


def test_a_case_is_opened_from_a_real_confirmed_prescription(
    register: Register, rx: prescriber.Prescriber
) -> None:
    text = (ROOT / "examples/fuzhou-micro-restaurant.yaml").read_text(encoding="utf-8")
    p = rx.prescribe(yamlsrc.loads(text, "<body>"), as_of="2026-06-01")
    register.keep_snapshot(rx.fingerprint, read_files(shipped("rules"), shipped("catalog")))
    rid = register.add(NewRecord("<body>", text, p.model_dump_json(indent=2) + "\n", "staff", "王")).id
    book = CaseBook(register)
    with pytest.raises(CaseError, match="尚无意愿确认"):
        book.open(rid, by="王")
    chosen = [p.items[0].service, p.items[2].service]
    register.confirm(rid, chosen, by="enterprise")
    r = book.open(rid, by="王", officer="李", due=date(2026, 7, 1))
    assert r.opened and r.case.city == "fuzhou" and r.case.year == 2026 and r.case.enterprise == p.enterprise
    assert [(i.service, i.delivered_by, i.officer, i.due, i.status, i.version) for i in r.case.items] == [
        (s, next(i.delivered_by for i in p.items if i.service == s), "李", date(2026, 7, 1), "pending", 1)
        for s in chosen
    ]
    assert r.plan.offered == tuple(i.service for i in p.items if i.service not in chosen)
    again = book.open(rid, by="王")
    assert not again.opened and again.case.id == r.case.id and len(again.case.items) == 2
    with pytest.raises(CaseError, match="没有编号为 999 的记录"):
        book.open(999, by="王")


@pytest.mark.parametrize("start", STATUSES)
def test_every_move_from_each_status_is_allowed_or_refused_by_the_table(
    book: CaseBook, register: Register, start: str
) -> None:
    case = book.open(record(register, f"企业{start}", SERVICES), by="王").case
    for item, target in zip(case.items, STATUSES, strict=True):
        for change in PATHS[start]:
            book.update(item.id, change, by="王")
        before = book.item(item.id)
        assert before is not None and before.status == start
        change = Change(
            before.version, target, reason="企业另有安排", evidence=FILE if target == "done" else None
        )
        if target in TRANSITIONS[start]:
            after = book.update(item.id, change, by="李")
            assert (after.status, after.version) == (target, before.version + 1)
            last = after.history[-1]
            assert (last.by, last.action, last.from_status, last.to_status) == ("李", "status", start, target)
        else:
            with pytest.raises(CaseError) as exc:
                book.update(item.id, change, by="李")
            assert exc.value.problems[0].code == "case.transition"
            assert book.item(item.id) == before, "a refused move changes nothing, not even the history"


def test_what_a_move_needs_is_checked(book: CaseBook, register: Register) -> None:
    case = book.open(record(register, "某企业", SERVICES[:3]), by="王").case
    a, b, c = (i.id for i in case.items)
    for target in ("declined", "ineligible"):
        with pytest.raises(CaseError, match="须写明原因"):
            book.update(a, Change(1, target, reason="  "), by="王")
    book.update(a, Change(1, "in-progress"), by="王")
    with pytest.raises(CaseError, match="须附办结凭证"):
        book.update(a, Change(2, "done"), by="王")
    book.update(a, Change(2, evidence=FILE), by="王")  # evidence first, the move later
    assert book.update(a, Change(3, "done"), by="王").status == "done"
    with pytest.raises(CaseError, match="尚不能回访"):
        book.update(b, Change(1, satisfaction=5), by="王")
    for bad in (0, 6):
        with pytest.raises(CaseError, match="不在 1–5 之间"):
            book.update(a, Change(4, satisfaction=bad), by="王")
    visited = book.update(a, Change(4, satisfaction=4, note="企业表示满意"), by="回访员")
    assert visited.satisfaction == 4 and "企业表示满意" in visited.notes
    assert [h.action for h in visited.history] == ["create", "status", "evidence", "status", "note", "visit"]
    assert visited.evidence == (FILE,)
    for bad_evidence in (
        Evidence(link="javascript:alert(1)"),
        Evidence(file_name="a.pdf", sha256="xyz"),
        Evidence(link="https://a", file_name="a.pdf", sha256="a" * 64),
        Evidence(),
    ):
        with pytest.raises(CaseError, match="凭证的写法不对"):
            book.update(c, Change(1, evidence=bad_evidence), by="王")
    with pytest.raises(CaseError, match="没有要修改的内容"):
        book.update(c, Change(1), by="王")
    with pytest.raises(KeyError):
        book.update(10_000, Change(1, note="x"), by="王")


def test_a_stale_version_is_a_conflict_not_an_overwrite(book: CaseBook, register: Register) -> None:
    item = book.open(record(register, "某企业", ["job-fair"]), by="王").case.items[0]
    book.update(item.id, Change(1, "in-progress", note="王：已联系企业"), by="王")
    with pytest.raises(ConflictError) as exc:
        book.update(item.id, Change(1, "declined", reason="李以为企业不要了"), by="李")
    assert (exc.value.expected, exc.value.current) == (1, 2)
    got = book.item(item.id)
    assert got is not None and got.status == "in-progress" and "王：已联系企业" in got.notes
    assert [h.by for h in got.history] == ["王", "王", "王"]  # create, note, status: nothing of 李's


def test_concurrent_officers_lose_no_update(book: CaseBook, register: Register) -> None:
    item = book.open(record(register, "某企业", ["job-fair"]), by="王").case.items[0]
    writers, each = 4, 6
    conflicts = [0] * writers

    def officer(n: int) -> None:
        for k in range(each):
            while True:
                current = book.item(item.id)
                assert current is not None
                try:
                    book.update(
                        item.id, Change(current.version, note=f"officer{n}-note{k}"), by=f"officer{n}"
                    )
                    break
                except ConflictError:
                    conflicts[n] += 1

    threads = [threading.Thread(target=officer, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    got = book.item(item.id)
    assert got is not None and got.version == 1 + writers * each
    assert all(f"officer{n}-note{k}" in got.notes for n in range(writers) for k in range(each))
    assert [h.version for h in got.history] == list(range(1, 2 + writers * each))


def test_of_two_officers_racing_on_one_version_exactly_one_wins(book: CaseBook, register: Register) -> None:
    case = book.open(record(register, "某企业", SERVICES), by="王").case
    for item in case.items:
        results: list[object] = []
        barrier = threading.Barrier(3)

        def move(
            target: str,
            reason: str,
            item_id: int = item.id,
            barrier: threading.Barrier = barrier,
            results: list[object] = results,
        ) -> None:
            barrier.wait()
            try:
                results.append(book.update(item_id, Change(1, target, reason=reason), by=target))
            except ConflictError as exc:
                results.append(exc)

        threads = [
            threading.Thread(target=move, args=a)
            for a in (("in-progress", ""), ("declined", "企业放弃"), ("ineligible", "不符合"))
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sum(isinstance(r, ConflictError) for r in results) == 2
        got = book.item(item.id)
        assert got is not None and got.version == 2 and len(got.history) == 2


def test_officers_opening_one_case_at_once_get_one_case(book: CaseBook, register: Register) -> None:
    first = record(register, "某企业", SERVICES[:2], credit_code="91350100MA00000001")
    second = record(register, "某企业", SERVICES[1:4], credit_code="91350100MA00000001")
    barrier = threading.Barrier(4)
    results: list[object] = []

    def open_(rid: int) -> None:
        barrier.wait()
        results.append(book.open(rid, by=f"officer{rid}"))

    threads = [threading.Thread(target=open_, args=(rid,)) for rid in (first, second, first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4 and sum(r.opened for r in results) == 1  # type: ignore[attr-defined]
    assert len({r.case.id for r in results}) == 1  # type: ignore[attr-defined]
    case = book.case(results[0].case.id)  # type: ignore[attr-defined]
    assert case is not None and sorted(i.service for i in case.items) == sorted(SERVICES[:4])


MOVES = st.lists(
    st.tuples(
        st.sampled_from(STATUSES), st.booleans(), st.booleans(), st.one_of(st.none(), st.integers(0, 6))
    ),
    max_size=8,
)


@pytest.mark.slow
@examples(40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moves=MOVES)
def test_random_sequences_follow_the_table(
    tmp_path_factory: pytest.TempPathFactory, moves: list[tuple[str, bool, bool, int | None]]
) -> None:
    reg = _sqlite(tmp_path_factory)
    book = CaseBook(reg)
    item = book.open(record(reg, "企业", ["job-fair"]), by="王").case.items[0]
    status, version, events, has_evidence = "pending", 1, 1, False
    for target, reason, evidence, score in moves:
        ok = (
            target in TRANSITIONS[status]
            and (NEEDS.get(target) != "reason" or reason)
            and (NEEDS.get(target) != "evidence" or has_evidence or evidence)
        )
        after = target if ok else status
        ok = ok and (score is None or (after == "done" and 1 <= score <= 5))
        change = Change(
            version,
            target,
            reason="原因" if reason else "",
            evidence=LINK if evidence else None,
            satisfaction=score,
        )
        try:
            book.update(item.id, change, by="王")
            assert ok, (status, target, reason, evidence, score)
            status, version = target, version + 1
            events += 1 + bool(evidence) + (score is not None)
            has_evidence = has_evidence or evidence
        except CaseError:
            assert not ok, (status, target, reason, evidence, score)
        got = book.item(item.id)
        assert got is not None and (got.status, got.version, len(got.history)) == (status, version, events)
    reg.close()


def _sqlite(factory: pytest.TempPathFactory) -> Register:
    reg = Register(f"sqlite:///{factory.mktemp('seq') / 'r.db'}")
    reg.upgrade()
    return reg


def test_re_prescribing_keeps_the_history(book: CaseBook, register: Register) -> None:
    first = book.open(
        record(register, "某企业", SERVICES[:4], credit_code="91350100MA00000000"), by="王"
    ).case
    ids = {i.service: i.id for i in first.items}
    book.update(ids["job-fair"], Change(1, "in-progress"), by="王")
    book.update(ids["job-fair"], Change(2, "done", evidence=LINK), by="王")
    book.update(ids["harmony-checkup"], Change(1, "in-progress"), by="王")
    book.update(ids["new-apprenticeship"], Change(1, "declined", reason="企业暂无培训计划"), by="王")
    # The profile changed: job-fair, harmony-checkup and new-apprenticeship are no longer indicated;
    # wage-guideline (confirmed) and gig-market (not confirmed yet) are new.
    later = record(
        register,
        "某企业（更名）",
        ["policy-briefing", "wage-guideline", "gig-market"],
        confirm=["policy-briefing", "wage-guideline"],
        credit_code="91350100MA00000000",
    )
    r = book.open(later, by="李")
    assert not r.opened and r.case.id == first.id and r.case.record_id == later
    assert (r.plan.added, r.plan.offered, r.plan.flagged) == (
        ("wage-guideline",),
        ("gig-market",),
        ("harmony-checkup",),
    )
    assert set(r.plan.kept) == {"job-fair", "new-apprenticeship"}
    items = {i.service: i for i in r.case.items}
    assert list(items) == [*SERVICES[:4], "wage-guideline"], "nothing is deleted"
    assert (items["job-fair"].status, items["job-fair"].indicated, items["job-fair"].review) == (
        "done",
        False,
        False,
    )
    assert (items["harmony-checkup"].status, items["harmony-checkup"].review) == ("in-progress", True)
    assert (items["policy-briefing"].indicated, items["policy-briefing"].review) == (True, False)
    assert items["wage-guideline"].status == "pending"
    flagged = book.item(ids["harmony-checkup"])
    assert flagged is not None and flagged.history[-1].action == "review" and flagged.history[-1].by == "李"
    # Indicated again next time: the flag goes, history stays.
    back = book.open(
        record(register, "某企业", ["harmony-checkup", "policy-briefing"], credit_code="91350100MA00000000"),
        by="王",
    )
    h = next(i for i in back.case.items if i.service == "harmony-checkup")
    assert (h.indicated, h.review, h.version) == (True, False, flagged.version + 1)


@given(
    items=st.dictionaries(st.sampled_from(ALL), st.sampled_from(STATUSES)),
    prescribed=st.lists(st.sampled_from(ALL), unique=True),
    confirmed=st.one_of(st.none(), st.lists(st.sampled_from(ALL))),
)
def test_a_plan_never_loses_an_item_and_offers_every_new_service(
    items: dict[str, str], prescribed: list[str], confirmed: list[str] | None
) -> None:
    p = plan(items, prescribed, confirmed)
    new = [s for s in prescribed if s not in items]
    assert sorted(p.added + p.offered) == sorted(new) and not set(p.added) & set(p.offered)
    assert set(p.added) <= set(confirmed or ())
    assert set(p.flagged) <= set(p.not_indicated) <= set(items)
    assert all(items[s] in ("pending", "in-progress") for s in p.flagged)
    assert set(p.kept) == {s for s, st_ in items.items() if st_ in ("done", "declined", "ineligible")}
