"""The versioned JSON API (``/api/v1``). Each route parses, calls the library off the event loop and
sends the library's own JSON; errors become :class:`ErrorBody` answers in ``app``."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from prescriber.codes import phrases
from prescriber.http import views
from prescriber.http.deps import SOURCE, optional_staff, profile_text, public_quota, require_staff, server
from prescriber.http.schemas import (
    ConfirmationIn,
    ConfirmationOut,
    ErrorBody,
    Health,
    Ready,
    RecordOut,
    RecordSummary,
    ReplayOut,
    RuleBaseOut,
    request_lang,
)
from prescriber.models import Prescription, Service, WhyNot
from prescriber.models.schema import json_schema

__all__ = ["PROFILE_BODY", "router"]

router = APIRouter(prefix="/api/v1")

PROFILE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "an enterprise profile",
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Profile"}},
            "application/yaml": {"schema": {"type": "string"}},
        },
    }
}
ERRORS: dict[int | str, dict[str, Any]] = {
    c: {"model": ErrorBody} for c in (400, 401, 403, 404, 413, 415, 422, 429)
}


def _ok(model: Any, description: str = "") -> dict[int | str, dict[str, Any]]:
    return {200: {"model": model} | ({"description": description} if description else {})} | ERRORS


AsOf = Annotated[
    str | None,
    Query(
        description="rules in force on this date (YYYY-MM-DD); default today",
        max_length=10,
        examples=["2026-06-01"],
    ),
]
Top = Annotated[
    int | None, Query(ge=1, le=1000, description="at most this many services besides the core ones")
]
ServiceId = Annotated[str, Path(max_length=100, examples=["job-fair"])]


def _json(text: str, **headers: str) -> Response:
    return Response(text.encode("utf-8"), media_type="application/json", headers=headers)


@router.post(
    "/prescriptions",
    tags=["prescribe"],
    dependencies=[Depends(public_quota)],
    openapi_extra=PROFILE_BODY,
    responses=_ok(Prescription, "the library's JSON, byte for byte"),
)
async def prescribe(request: Request, as_of: AsOf = None, top: Top = None) -> Response:
    """The ranked, explained prescription for one profile (JSON or YAML), stored in the register."""
    text = await profile_text(request)
    user = optional_staff(request)
    record, _, body = await run_in_threadpool(
        server(request).service.prescribe, text, SOURCE, as_of, top, "api" if user else "self-service", user
    )
    request.state.record = str(record.id)
    return _json(
        body,
        **{
            "X-Record-Id": str(record.id),
            "X-Record-Key": record.key,
            "Location": f"/api/v1/records/{record.id}",
        },
    )


@router.post(
    "/why-not/{service}",
    tags=["prescribe"],
    dependencies=[Depends(public_quota)],
    openapi_extra=PROFILE_BODY,
    responses=_ok(WhyNot),
)
async def why_not(request: Request, service: ServiceId, as_of: AsOf = None, top: Top = None) -> Response:
    """Why one service is, or is not, in this profile's prescription: every rule about it, evaluated."""
    text = await profile_text(request)
    w = await run_in_threadpool(server(request).service.why_not, text, SOURCE, service, as_of, top)
    return _json(w.model_dump_json(indent=2) + "\n")


@router.get("/services", tags=["catalogue"], responses=_ok(list[Service]))
def services(request: Request, category: Annotated[str | None, Query(max_length=100)] = None) -> Response:
    """The services of the catalogue (as ``prescriber catalog --format json``)."""
    found = [
        s for s in server(request).service.rx.book.catalog.services if not category or s.category == category
    ]
    return _json(json.dumps([s.model_dump(mode="json") for s in found], ensure_ascii=False, indent=2) + "\n")


@router.get("/services/{service}", tags=["catalogue"], responses=_ok(Service))
def service(request: Request, service: ServiceId) -> Response:
    """One service of the catalogue."""
    found = server(request).service.rx.book.catalog.service_by_id.get(service)
    if found is None:
        raise HTTPException(404, phrases.NO_SERVICE.fill(service=service))
    return _json(json.dumps(found.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n")


@router.get("/rulebase", tags=["rule base"], responses=ERRORS)
def rulebase(request: Request) -> RuleBaseOut:
    """The rule base in use: fingerprint, when it was loaded, and the problems of a refused reload."""
    return views.rulebase(server(request).service, request_lang(request))


@router.post("/rulebase/reload", tags=["rule base"], responses=ERRORS)
async def reload(request: Request, _: Annotated[str, Depends(require_staff)]) -> RuleBaseOut:
    """Load the rule base again from its directories (staff). A broken one leaves the old one serving."""
    svc = server(request).service
    await run_in_threadpool(svc.reload)
    return views.rulebase(svc, request_lang(request))


@router.get("/schemas/profile", tags=["rule base"])
def profile_schema() -> Response:
    """The JSON Schema of a profile (as ``prescriber schema profile``)."""
    return _json(json_schema("profile"))


@router.get("/records", tags=["register"], responses=ERRORS)
def records(
    request: Request,
    _: Annotated[str, Depends(require_staff)],
    q: Annotated[str, Query(max_length=200, description="part of a name or credit code")] = "",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[RecordSummary]:
    """The newest records, optionally those of one enterprise (staff)."""
    return [views.summary(r) for r in server(request).service.register.find(q, limit)]


@router.get("/records/{record_id}", tags=["register"], responses=ERRORS)
def record(request: Request, record_id: int, _: Annotated[str, Depends(require_staff)]) -> RecordOut:
    """One record in full (staff)."""
    return views.record_out(views.record_or_404(server(request).service, record_id))


@router.post("/records/{record_id}/confirmation", tags=["register"], responses=ERRORS)
async def confirm(request: Request, record_id: int, body: ConfirmationIn) -> ConfirmationOut:
    """Store which services the enterprise wants (意愿确认): with the record's key, or as staff."""
    svc = server(request).service
    c = await run_in_threadpool(
        views.confirm, svc, record_id, body.services, body.note, body.key, optional_staff(request)
    )
    return ConfirmationOut(created_at=c.created_at, services=list(c.services), note=c.note, by=c.by)


@router.get("/records/{record_id}/replay", tags=["register"], responses=ERRORS)
async def replay(request: Request, record_id: int, _: Annotated[str, Depends(require_staff)]) -> ReplayOut:
    """The record prescribed again with its own rule base (identical) and with today's (a diff)."""
    svc = server(request).service
    r = await run_in_threadpool(svc.replayer.replay, views.record_or_404(svc, record_id), svc.rx)
    return ReplayOut(
        record=r.record,
        fingerprint=r.fingerprint,
        identical=r.identical,
        today_fingerprint=r.today_fingerprint,
        today_changed=r.today_changed,
        added=list(r.added),
        dropped=list(r.dropped),
        diff=r.diff,
    )


@router.get("/health", tags=["operations"])
def health() -> Health:
    """Liveness."""
    return Health()


@router.get("/ready", tags=["operations"], responses={503: {"model": Ready}})
def ready(request: Request, response: Response) -> Ready:
    """Readiness: the rule base is loaded and the register answers (503 otherwise)."""
    svc = server(request).service
    db = svc.register.ping()
    response.status_code = 200 if db else 503
    return Ready(
        ready=db,
        fingerprint=svc.rx.fingerprint,
        database=db,
        revision=svc.register.revision() if db else None,
    )
