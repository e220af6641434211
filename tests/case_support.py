"""Helpers for the follow-through tests: small records written straight into a register (a prescription's
JSON with just what a case reads), so each test states its population in a few lines."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from prescriber.register import NewRecord, Register

FINGERPRINT = "sha256:0123456789abcdef"
UNITS = {
    "job-fair": "所在地公共就业服务机构",
    "harmony-checkup": "设区市人社局劳动关系科",
    "policy-briefing": "设区市人社局（企业服务专员）",
    "new-apprenticeship": "人社局职业能力建设科",
    "wage-guideline": "设区市人社局劳动关系科",
    "gig-market": "县（区）零工市场",
}


def body(
    enterprise: str,
    services: Sequence[str],
    city: str = "fuzhou",
    as_of: str = "2026-06-01",
    credit_code: str | None = None,
    facts: Mapping[str, object] | None = None,
) -> str:
    """A prescription JSON naming ``services`` in order (only the fields the register reads)."""
    items = [
        {"rank": n, "service": s, "name": f"服务{s}", "delivered_by": UNITS.get(s, "人社局")}
        for n, s in enumerate(services, start=1)
    ]
    return json.dumps(
        {
            "enterprise": enterprise,
            "enterprise_id": credit_code,
            "as_of": as_of,
            "facts": {"region": city, **(facts or {})},
            "items": items,
            "rulebase": FINGERPRINT,
            "engine": "python",
            "versions": {"prescriber": "test"},
        },
        ensure_ascii=False,
    )


def record(
    reg: Register, enterprise: str, services: Sequence[str], confirm: Sequence[str] | None = None, **kw: Any
) -> int:
    """A stored record, confirmed for ``confirm`` (all its services when None; nothing when ``()``)."""
    reg.keep_snapshot(FINGERPRINT, {})
    rid = reg.add(NewRecord("<test>", "{}", body(enterprise, services, **kw), "staff", "test")).id
    chosen = list(services) if confirm is None else list(confirm)
    if chosen or confirm is None:
        reg.confirm(rid, chosen, by="enterprise")
    return rid
