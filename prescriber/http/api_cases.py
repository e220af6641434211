"""Follow-through in the JSON API (``/api/v1/cases``, staff): open a case from a confirmed record, list
and read work items, change one (with the version read: a stale one is 409), export a city's assessment,
the yearly cohort, and a chain leader's group of suppliers (带动一批, ``/groups``).
Refused changes are the register's :class:`CaseError` problems, answered 422 like any bad input."""

from __future__ import annotations

import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from prescriber.codes import Code, phrases
from prescriber.errors import ConflictError, problem
from prescriber.http.deps import require_staff, server
from prescriber.http.schemas import (
    AssessmentOut,
    CandidateOut,
    CaseOpenIn,
    CaseOut,
    CohortIn,
    ErrorBody,
    GroupOpenIn,
    GroupOut,
    ItemChangeIn,
    ItemOut,
    MemberOut,
    ReasonOut,
    from_view,
    lang_of,
    problem_out,
)
from prescriber.http.suppliers import prescribe_suppliers
from prescriber.register import (
    Candidate,
    CaseBook,
    Change,
    Cohorts,
    Evidence,
    ItemView,
    Reconciliation,
    assess,
    to_csv,
    to_xlsx,
)
from prescriber.register.flow import parse_status
from prescriber.register.groups import Groups, GroupView

__all__ = ["book", "change", "conflict", "item_out", "router"]

router = APIRouter(prefix="/api/v1/cases", tags=["follow-through"])
ERRORS: dict[int | str, dict[str, Any]] = {c: {"model": ErrorBody} for c in (400, 401, 403, 404, 409, 422)}
Staff = Annotated[str, Depends(require_staff)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def book(request: Request) -> CaseBook:
    """The cases of the register this server uses."""
    return CaseBook(server(request).service.register)


def conflict(exc: ConflictError, lang: str = "zh") -> JSONResponse:
    """409: the item changed since it was read; nothing was written."""
    p = problem(Code.CASE_CONFLICT, path="version", what=exc.said, item=exc.item, current=exc.current)
    body = ErrorBody(error="conflict", message=p.text(lang)[0], problems=[problem_out(p, lang)])
    return JSONResponse(body.model_dump(mode="json"), status_code=409)


def item_out(i: ItemView) -> ItemOut:
    """The API form of a work item."""
    return from_view(ItemOut, i, case=i.case_id)


def change(body: ItemChangeIn) -> Change:
    """The register's change from the API's body."""
    e = body.evidence
    return Change(
        body.version,
        parse_status(body.status) if body.status is not None else None,
        body.reason,
        body.note,
        Evidence(e.link, e.file_name, e.sha256) if e is not None else None,
        body.officer,
        body.due,
        body.satisfaction,
    )


def _case_out(r: Reconciliation) -> CaseOut:
    c = r.case
    return CaseOut(
        id=c.id,
        enterprise=c.enterprise,
        credit_code=c.credit_code,
        city=c.city,
        year=c.year,
        record=c.record_id,
        opened=r.opened,
        added=list(r.plan.added),
        offered=list(r.plan.offered),
        flagged=list(r.plan.flagged),
        items=[item_out(i) for i in c.items],
    )


@router.post("", responses=ERRORS)
async def open_case(request: Request, body: CaseOpenIn, user: Staff) -> CaseOut:
    """Open the enterprise's case for the record's year from its 意愿确认, or reconcile it with this
    record."""
    r = await run_in_threadpool(book(request).open, body.record, user, body.officer, body.due)
    return _case_out(r)


@router.get("/items", responses=ERRORS)
def items(
    request: Request,
    _: Staff,
    officer: Annotated[str | None, Query(max_length=200)] = None,
    open: Annotated[bool, Query(description="only 待对接 and 办理中")] = False,
    city: Annotated[str | None, Query(max_length=40)] = None,
    year: Annotated[int | None, Query(ge=1900, le=9999)] = None,
) -> list[ItemOut]:
    """Work items, oldest due first (an officer's list: ``?officer=李四&open=true``)."""
    return [item_out(i) for i in book(request).items(officer, open, city, year)]


@router.get("/items/{item_id}", responses=ERRORS)
def item(request: Request, item_id: int, _: Staff) -> ItemOut:
    """One work item with its evidence and history."""
    found = book(request).item(item_id) if 0 < item_id < 2**62 else None
    if found is None:
        raise HTTPException(404, phrases.NO_ITEM.fill(item=item_id))
    return item_out(found)


@router.patch("/items/{item_id}", responses=ERRORS, response_model=ItemOut)
async def update(request: Request, item_id: int, body: ItemChangeIn, user: Staff) -> Any:
    """Change a work item if it is still at ``version`` (else 409, nothing written)."""
    if not 0 < item_id < 2**62:
        raise HTTPException(404, phrases.NO_ITEM.fill(item=item_id))
    try:
        return item_out(await run_in_threadpool(book(request).update, item_id, change(body), user))
    except ConflictError as exc:
        return conflict(
            exc, lang_of(request.query_params.get("lang"), request.headers.get("accept-language"))
        )
    except KeyError:
        raise HTTPException(404, phrases.NO_ITEM.fill(item=item_id)) from None


@router.get(
    "/assessment",
    response_model=AssessmentOut,
    responses=ERRORS | {200: {"model": AssessmentOut, "content": {"text/csv": {}, XLSX: {}}}},
)
def assessment(
    request: Request,
    _: Staff,
    city: Annotated[str, Query(max_length=40, examples=["fuzhou"])],
    year: Annotated[int, Query(ge=1900, le=9999)],
    format: Annotated[Literal["json", "csv", "xlsx"], Query()] = "json",
) -> Any:
    """A city's figures for a year: JSON, or CSV / Excel for the department's forms."""
    a = assess(book(request), city, year)
    names = {r.id: r.name for r in server(request).service.rx.book.catalog.regions}
    name = f"assessment-{city}-{year}.{format}"
    if format == "csv":
        return Response(
            to_csv(a, names).encode("utf-8"),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    if format == "xlsx":
        buf = io.BytesIO()
        to_xlsx(a, buf, names)
        return Response(
            buf.getvalue(), media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'}
        )
    reasons = [ReasonOut(status=s, reason=r, count=n) for s, r, n in a.reasons]
    return from_view(AssessmentOut, a, reasons=reasons)


def _candidate(c: Candidate) -> CandidateOut:
    return from_view(CandidateOut, c, record=c.record_id)


@router.get("/cohort", responses=ERRORS)
def cohort(
    request: Request,
    _: Staff,
    city: Annotated[str, Query(max_length=40, examples=["fuzhou"])],
    year: Annotated[int, Query(ge=1900, le=9999)],
    size: Annotated[
        int, Query(ge=0, le=1000, description="how many to propose besides those confirmed")
    ] = 10,
) -> list[CandidateOut]:
    """The city's cohort for the year: those confirmed, then the most influential others (need second)."""
    return [_candidate(c) for c in Cohorts(server(request).service.register).propose(city, year, size)]


@router.post("/cohort", responses=ERRORS)
async def confirm_cohort(request: Request, body: CohortIn, user: Staff) -> list[CandidateOut]:
    """Confirm enterprises (by their latest record of the year) into the city's cohort."""
    cohorts = Cohorts(server(request).service.register)
    members = await run_in_threadpool(cohorts.confirm, body.city, body.year, body.records, user)
    return [_candidate(c) for c in members]


def _group_out(g: GroupView) -> GroupOut:
    return GroupOut(
        id=g.id,
        leader=g.leader,
        city=g.city,
        year=g.year,
        record=g.record_id,
        leader_case=g.leader_case.id,
        leader_items=[item_out(i) for i in g.leader_case.items],
        members=[
            MemberOut(
                credit_code=m.credit_code,
                name=m.name,
                listed=m.listed,
                state=m.state,
                label=m.label,
                record=m.record_id,
                case=m.case.id if m.case else None,
                items=[item_out(i) for i in m.case.items] if m.case else [],
            )
            for m in g.members
        ],
    )


def _open_group(request: Request, body: GroupOpenIn, user: str) -> GroupView:
    groups = Groups(server(request).service.register)
    given = [(f"profiles[{n}]", text) for n, text in enumerate(body.profiles)]
    if given:
        prescribe_suppliers(server(request).service, groups, body.record, given, user)
    return groups.open(body.record, user, body.officer, body.due)


@router.post("/groups", responses=ERRORS)
async def open_group(request: Request, body: GroupOpenIn, user: Staff) -> GroupOut:
    """带动一批: the leader's case, a case per listed supplier with a record of the year (the ``profiles``
    given are prescribed and stored first), the others kept as 待采集; again later, brought up to date."""
    return _group_out(await run_in_threadpool(_open_group, request, body, user))


@router.get("/groups", responses=ERRORS)
def groups(
    request: Request,
    _: Staff,
    city: Annotated[str | None, Query(max_length=40)] = None,
    year: Annotated[int | None, Query(ge=1900, le=9999)] = None,
) -> list[GroupOut]:
    """Every group (of a city, of a year), oldest first."""
    return [_group_out(g) for g in Groups(server(request).service.register).groups(city, year)]


@router.get("/groups/{group_id}", responses=ERRORS)
def group(request: Request, group_id: int, _: Staff) -> GroupOut:
    """One group: the leader's items and each supplier's."""
    found = Groups(server(request).service.register).group(group_id) if 0 < group_id < 2**62 else None
    if found is None:
        raise HTTPException(404, phrases.NO_GROUP.fill(group=group_id))
    return _group_out(found)
