"""Small conversions shared by the API and the pages (records to bodies, confirmation checks)."""

from __future__ import annotations

import hmac
import json

from fastapi import HTTPException

from prescriber.codes import listed, phrases
from prescriber.http.schemas import (
    ConfirmationOut,
    RecordOut,
    RecordSummary,
    ReloadOut,
    RuleBaseOut,
    problem_out,
)
from prescriber.http.service import Service
from prescriber.register import ConfirmationView, RecordView

__all__ = ["confirm", "confirm_key", "record_or_404", "record_out", "rulebase", "summary"]


def rulebase(svc: Service, lang: str = "zh") -> RuleBaseOut:
    """The rule base in use and the last reload."""
    book, last = svc.rx.book, svc.last_reload
    return RuleBaseOut(
        fingerprint=book.fingerprint,
        loaded_at=svc.loaded_at,
        rules=len(book.rules),
        services=len(book.catalog.services),
        engine=svc.rx.engine,
        last_reload=ReloadOut(at=last.at, ok=last.ok, problems=[problem_out(p, lang) for p in last.problems]),
    )


def summary(r: RecordView) -> RecordSummary:
    """A record in a list."""
    return RecordSummary(
        id=r.id,
        created_at=r.created_at,
        enterprise=r.enterprise,
        credit_code=r.credit_code,
        fingerprint=r.fingerprint,
        as_of=r.as_of,
        channel=r.channel,
        confirmed=list(r.confirmed.services) if r.confirmed else None,
    )


def record_out(r: RecordView) -> RecordOut:
    """A record in full."""
    return RecordOut(
        **summary(r).model_dump(),
        top=r.top,
        engine=r.engine,
        versions=r.versions,
        asked_by=r.asked_by,
        profile_text=r.profile_text,
        prescription_json=r.prescription_json,
        confirmations=[
            ConfirmationOut(created_at=c.created_at, services=list(c.services), note=c.note, by=c.by)
            for c in r.confirmations
        ],
    )


def record_or_404(svc: Service, record_id: int) -> RecordView:
    """The record, or a 404 answer."""
    r = svc.register.get(record_id) if 0 < record_id < 2**62 else None
    if r is None:
        raise HTTPException(404, phrases.NO_RECORD.fill(record=record_id))
    return r


def confirm(
    svc: Service, record_id: int, services: list[str], note: str, key: str | None, staff: str | None
) -> ConfirmationView:
    """Store a confirmation after checking who may give it and that every service was prescribed."""
    r = record_or_404(svc, record_id)
    if staff is None:
        confirm_key(r, key)
    offered = [i["service"] for i in json.loads(r.prescription_json)["items"]]
    unknown = [s for s in services if s not in offered]
    if unknown:
        raise HTTPException(422, phrases.NOT_IN_LIST.fill(services=listed(unknown)))
    chosen = [s for s in offered if s in services]
    return svc.register.confirm(record_id, chosen, by=f"staff:{staff}" if staff else "enterprise", note=note)


def confirm_key(r: RecordView, key: str | None) -> None:
    """403 unless ``key`` is the record's key (handed to whoever asked for the prescription)."""
    if not (key and hmac.compare_digest(key.encode(), r.key.encode())):
        raise HTTPException(403, phrases.CONFIRM_NEEDS_KEY)
