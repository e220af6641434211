"""The follow-through pages (staff, server-rendered, no script): an officer's work items, one item with
its history and a form to move it (with evidence: a link, or a file whose SHA-256 is kept — the file
itself is not stored), a city's assessment with its charts, and a chain leader's group of suppliers
(带动一批). They call the same register functions as the API."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from prescriber.codes import Code, phrases
from prescriber.errors import CaseError, ConflictError, Problem, problem
from prescriber.http import charts
from prescriber.http.api_cases import book
from prescriber.http.deps import require_staff, server
from prescriber.http.pages import page
from prescriber.register import Change, Cohorts, Evidence, assess, figures, province
from prescriber.register.assess import monthly
from prescriber.register.flow import LABELS, STATUSES, TRANSITIONS, parse_status
from prescriber.register.groups import Groups
from prescriber.render.cases import action

__all__ = ["UPDATE", "router"]

router = APIRouter(include_in_schema=False)
Staff = Annotated[str, Depends(require_staff)]
UPDATE = "/staff/cases/update"  # one path, so the body limit for evidence files can name it


@router.get("/staff/cases", response_class=HTMLResponse)
def items(request: Request, user: Staff, officer: str | None = None, all: str = "") -> HTMLResponse:
    """An officer's work items (one's own open ones unless asked otherwise)."""
    return _items_page(request, user, officer, bool(all))


def _items_page(
    request: Request,
    user: str,
    officer: str | None,
    everything: bool,
    status: int = 200,
    problems: tuple[Problem, ...] = (),
) -> HTMLResponse:
    who = (officer if officer is not None else user)[:200] or None
    found = book(request).items(officer=who, open_only=not everything)
    return page(
        "cases_items.html",
        status,
        user=user,
        items=found,
        officer=who or "",
        all=everything,
        cities=book(request).cities(),
        problems=problems,
        places=_places(request),
    )


@router.post("/staff/cases/open")
async def open_case(request: Request, user: Staff) -> Response:
    """Open (or update) a case from a record number typed by the officer."""
    _same_origin(request)
    form = await request.form()
    raw = str(form.get("record") or "").strip()
    try:
        if not raw.isdigit() or not 0 < int(raw) < 2**62:
            raise CaseError(
                [
                    problem(
                        Code.CASE_RECORD,
                        path="record",
                        what=phrases.RECORD_NOT_NUMBER.fill(raw=repr(raw[:20])),
                        how=phrases.FIND_RECORD_PAGE,
                    )
                ]
            )
        await run_in_threadpool(
            book(request).open, int(raw), user, str(form.get("officer") or user)[:200] or None, None
        )
    except CaseError as exc:
        return _items_page(request, user, None, False, 422, exc.problems)
    return RedirectResponse(
        f"/staff/cases?officer={quote(str(form.get('officer') or user))}", status_code=303
    )


@router.get("/staff/cases/items/{item_id}", response_class=HTMLResponse)
def item(request: Request, item_id: int, user: Staff, saved: str = "") -> HTMLResponse:
    """One work item: its facts, evidence and history, and the form to change it."""
    return _item_page(request, item_id, user, saved=bool(saved))


def _item_page(request: Request, item_id: int, user: str, status: int = 200, **context: Any) -> HTMLResponse:
    found = book(request).item(item_id) if 0 < item_id < 2**62 else None
    if found is None:
        raise HTTPException(404, phrases.NO_ITEM.fill(item=item_id))
    nexts = [s for s in STATUSES if s in TRANSITIONS[found.status]]
    return page(
        "case_item.html",
        status,
        user=user,
        i=found,
        nexts=nexts,
        LABELS=LABELS,
        action=action,
        places=_places(request),
        **({"problems": (), "conflict": None, "saved": False} | context),
    )


@router.post(UPDATE)
async def update(request: Request, user: Staff) -> Response:
    """Apply the item form: 303 back to the item when saved; the form again with the problems if not."""
    _same_origin(request)
    form = await request.form()
    item_id = int(str(form.get("item") or "0")) if str(form.get("item") or "").isdigit() else 0
    if not 0 < item_id < 2**62:
        raise HTTPException(404, phrases.NO_SUCH_ITEM)
    try:
        change = await _change(form)
        await run_in_threadpool(book(request).update, item_id, change, user)
    except CaseError as exc:
        return _item_page(request, item_id, user, 422, problems=exc.problems)
    except ConflictError as exc:
        return _item_page(request, item_id, user, 409, conflict=str(exc))
    except KeyError:
        raise HTTPException(404, phrases.NO_ITEM.fill(item=item_id)) from None
    return RedirectResponse(f"/staff/cases/items/{item_id}?saved=1", status_code=303)


async def _change(form: Any) -> Change:
    version = str(form.get("version") or "")
    status = str(form.get("status") or "")
    upload = form.get("file")
    evidence = None
    if link := str(form.get("link") or "").strip():
        evidence = Evidence(link=link)
    if isinstance(upload, UploadFile) and upload.filename:
        digest = hashlib.sha256()
        while chunk := await upload.read(1 << 20):
            digest.update(chunk)
        evidence = (
            Evidence(
                file_name=upload.filename.replace("\\", "/").rsplit("/", 1)[-1][:400],
                sha256=digest.hexdigest(),
            )
            if evidence is None
            else Evidence()
        )  # both given: the register says "one or the other"
    score = str(form.get("satisfaction") or "")
    return Change(
        int(version) if version.isdigit() else 0,
        parse_status(status) if status else None,
        str(form.get("reason") or "")[:2000],
        str(form.get("note") or "")[:4000],
        evidence,
        None,
        None,
        int(score) if score.isdigit() else None,
    )


@router.get("/staff/cases/city", response_class=HTMLResponse)
def city(request: Request, user: Staff, city: str = "", year: int | None = None) -> HTMLResponse:
    """A city's assessment for a year, with bars (no script) and the CSV and Excel downloads."""
    known = book(request).cities()
    if not city and known:
        city, year = known[0][0], year or known[0][1]
    year = year or date.today().year
    context: dict[str, Any] = {
        "user": user,
        "known": known,
        "city": city,
        "year": year,
        "places": _places(request),
    }
    try:
        a = assess(book(request), city[:40], year) if known else None
    except CaseError as exc:
        return page(
            "case_city.html", 422, a=None, rows=[], problems=exc.problems, cities=[], proposal=[], **context
        )
    proposal = Cohorts(server(request).service.register).propose(city[:40], year) if known else []
    cities = province(book(request), year)
    months = monthly(a) if a else []
    return page(
        "case_city.html",
        a=a,
        rows=figures(a, context["places"]) if a else [],
        problems=(),
        cities=cities,
        proposal=proposal,
        months=months,
        groups=Groups(server(request).service.register).groups(city[:40], year) if a else [],
        trend=charts.trend(months),
        composition=charts.composition(cities, context["places"]),
        satisfaction=charts.satisfaction(a.satisfaction) if a else "",
        **context,
    )


@router.post("/staff/cases/group")
async def open_group(request: Request, user: Staff) -> Response:
    """带动一批 from a leader's record page: its group opened (or brought up to date), then shown."""
    _same_origin(request)
    form = await request.form()
    raw = str(form.get("record") or "").strip()
    if not raw.isdigit() or not 0 < int(raw) < 2**62:
        raise HTTPException(404, phrases.NO_SUCH_RECORD)
    officer = str(form.get("officer") or user)[:200] or None
    groups = Groups(server(request).service.register)
    try:
        g = await run_in_threadpool(groups.open, int(raw), user, officer, None)
    except CaseError as exc:
        return _items_page(request, user, None, False, 422, exc.problems)
    return RedirectResponse(f"/staff/cases/groups/{g.id}", status_code=303)


@router.get("/staff/cases/groups/{group_id}", response_class=HTMLResponse)
def group(request: Request, group_id: int, user: Staff) -> HTMLResponse:
    """One group: the leader's items, and each supplier's state, items and progress (待采集 listed)."""
    found = Groups(server(request).service.register).group(group_id) if 0 < group_id < 2**62 else None
    if found is None:
        raise HTTPException(404, phrases.NO_GROUP.fill(group=group_id))
    return page("case_group.html", user=user, g=found, places=_places(request))


@router.post("/staff/cases/cohort")
async def cohort(request: Request, user: Staff) -> Response:
    """Staff confirm the ticked enterprises into the city's cohort for the year."""
    _same_origin(request)
    form = await request.form()
    city, year = str(form.get("city") or "")[:40], str(form.get("year") or "")
    records = [int(v) for v in map(str, form.getlist("record")) if v.isdigit() and 0 < int(v) < 2**62]
    if not year.isdigit() or not records:
        raise HTTPException(422, phrases.TICK_SUPPLIERS)
    await run_in_threadpool(Cohorts(server(request).service.register).confirm, city, int(year), records, user)
    return RedirectResponse(f"/staff/cases/city?city={quote(city)}&year={year}#cohort", status_code=303)


def _places(request: Request) -> dict[str, str]:
    """Region ids (as cases keep them) to their names (福州市)."""
    return {r.id: r.name for r in server(request).service.rx.book.catalog.regions}


def _same_origin(request: Request) -> None:
    # A form post from another site would carry the browser's saved staff credentials: refuse it.
    origin = request.headers.get("origin") or request.headers.get("referer") or ""
    if request.headers.get("sec-fetch-site") == "cross-site" or (
        origin and urlsplit(origin).netloc != request.url.netloc
    ):
        raise HTTPException(403, phrases.FOREIGN_FORM)
