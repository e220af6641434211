"""Server-rendered pages (Jinja2, autoescaped, Chinese first, no script): the enterprise's
self-assessment and its 个性化服务清单 with 意愿确认; caseworkers' search, record and print; the
policy staff's view of the rule base. They call the same service as the API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool

from prescriber.codes import phrases
from prescriber.dates import clock
from prescriber.errors import InputError
from prescriber.http import forms, views
from prescriber.http.deps import public_quota, require_staff, server
from prescriber.http.service import Service
from prescriber.models import Prescription, WhyNot
from prescriber.register import RecordView
from prescriber.register.profiles import suppliers_of
from prescriber.render import policy_line
from prescriber.render.words import clean, headline, words

__all__ = ["page", "router"]

router = APIRouter(include_in_schema=False)
_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
)
_env.filters["clock"] = clock  # every moment shown in Beijing time
_env.globals |= {
    "policy_line": lambda p, staff=False: policy_line(p, words("zh"), staff),
    "clean": clean,
    "headline": headline,
    "severities": forms.SEVERITIES,
}
STATUS = {
    "recommended": "已推荐",
    "excluded": "已排除",
    "not-matched": "条件不满足",
    "not-in-force": "不在有效期内",
    "beyond-top": "超出清单数量上限",
}
OUTCOME = {"true": "成立", "false": "不成立", "unknown": "无法判断（信息不全）"}
_env.globals |= {"STATUS": STATUS, "OUTCOME": OUTCOME}
_CSP = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}


def _page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    # The pages need no script and nothing from elsewhere: the browser is told so, too.
    return HTMLResponse(_env.get_template(name).render(**context), status_code=status, headers=_CSP)


page = _page  # the follow-through pages (case_pages) render through the same templates and headers


@router.get("/", response_class=HTMLResponse)
def form(request: Request) -> HTMLResponse:
    """The enterprise self-assessment form."""
    svc = server(request).service
    return _page("form.html", c=forms.choices(svc.rx.book.catalog), values={}, problems=())


@router.post("/", dependencies=[Depends(public_quota)])
async def submit(request: Request) -> Response:
    """Prescribe for the form, store it, and show the list (a redirect, so reloading does not resubmit)."""
    svc = server(request).service
    values = {k: str(v) for k, v in (await request.form()).items()}
    catalog = svc.rx.book.catalog
    profile = forms.profile_from_form(values, catalog)
    text = forms.profile_json(profile)
    try:
        record, _, _ = await run_in_threadpool(
            svc.prescribe, text, "<form>", None, None, "self-service", None
        )
    except InputError as exc:
        return _page(
            "form.html",
            422,
            c=forms.choices(catalog),
            values=values,
            problems=[(*forms.said(p, profile, catalog), p.hint) for p in exc.problems],
        )
    request.state.record = str(record.id)
    return RedirectResponse(f"/list/{record.id}?key={record.key}", status_code=303)


def _own(svc: Service, record_id: int, key: str) -> RecordView:
    r = views.record_or_404(svc, record_id)
    try:
        views.confirm_key(r, key)
    except HTTPException:
        raise HTTPException(404, phrases.NO_LIST) from None
    return r


@router.get("/list/{record_id}", response_class=HTMLResponse)
def listing(request: Request, record_id: int, key: str = "") -> HTMLResponse:
    """The enterprise's draft list with reasons, the questions that would change it, and 意愿确认."""
    svc = server(request).service
    r = _own(svc, record_id, key)
    rx = Prescription.model_validate_json(r.prescription_json)
    names = {s.id: s.name for s in svc.rx.book.catalog.services}
    return _page("list.html", r=r, rx=rx, key=key, questions=_questions(rx), names=names)


@router.post("/list/{record_id}/confirm", dependencies=[Depends(public_quota)])
async def confirm(request: Request, record_id: int) -> Response:
    """Store which services the enterprise wants."""
    svc = server(request).service
    data = await request.form()
    key = str(data.get("key") or "")
    chosen = [str(v) for v in data.getlist("service")]
    await run_in_threadpool(
        views.confirm, svc, record_id, chosen, str(data.get("note") or "")[:2000], key, None
    )
    return RedirectResponse(f"/list/{record_id}?key={key}#confirmed", status_code=303)


@router.get("/staff", response_class=HTMLResponse)
def staff(request: Request, user: Annotated[str, Depends(require_staff)], q: str = "") -> HTMLResponse:
    """Caseworkers: find an enterprise's records."""
    found = server(request).service.register.find(q[:200], 100)
    return _page("staff.html", user=user, q=q, records=found)


@router.get("/staff/records/{record_id}", response_class=HTMLResponse)
async def staff_record(
    request: Request, record_id: int, user: Annotated[str, Depends(require_staff)]
) -> HTMLResponse:
    """One record: the list as handed out, and every service's why / why-not, printable."""
    svc = server(request).service
    r = views.record_or_404(svc, record_id)
    rx = Prescription.model_validate_json(r.prescription_json)
    checks, replayed = await run_in_threadpool(_why_all, svc, r)
    names = {i.service: i.name for i in rx.items}
    return _page(
        "record.html",
        user=user,
        r=r,
        rx=rx,
        checks=checks,
        replayed=replayed,
        names=names,
        suppliers=suppliers_of(r.profile_text),
        profile=json.dumps(json.loads(r.profile_text), ensure_ascii=False, indent=2)
        if r.source_name == "<form>"
        else r.profile_text,
    )


@router.get("/staff/rulebase", response_class=HTMLResponse)
async def staff_rulebase(request: Request, user: Annotated[str, Depends(require_staff)]) -> HTMLResponse:
    """Policy staff: the rule base in use, its lint findings, the problems of a refused reload."""
    svc = server(request).service
    findings = await run_in_threadpool(svc.lint)
    return _page(
        "rulebase.html", user=user, info=views.rulebase(svc), findings=findings, last=svc.last_reload
    )


def _why_all(svc: Service, r: RecordView) -> tuple[list[WhyNot], bool]:
    """Why / why-not for every service, with the rule base the record was written with."""
    from prescriber import yamlsrc

    own = r.fingerprint == svc.rx.fingerprint
    rx = svc.rx if own else svc.replayer.prescriber(r.fingerprint, r.engine)
    doc = yamlsrc.loads(r.profile_text, r.source_name)
    return [rx.why_not(doc, s.id, as_of=r.as_of, top=r.top) for s in rx.book.catalog.services], not own


def _questions(rx: Prescription, most: int = 6) -> list[tuple[str, list[str]]]:
    """The missing facts that would decide the most rules, with the services they could add."""
    labels = {e.field: e.label for n in rx.needs_information for e in n.evidence}
    services: dict[str, list[str]] = {}
    for n in rx.needs_information:
        if n.effect != "recommend":
            continue
        for m in n.missing:
            services.setdefault(m, [])
            if n.service not in services[m]:
                services[m].append(n.service)
    ranked = sorted(services, key=lambda m: (-len(services[m]), m))[:most]
    return [(labels.get(m, m), services[m]) for m in ranked]
