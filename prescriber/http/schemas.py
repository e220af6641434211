"""The API's own bodies (pydantic, so the OpenAPI document describes them). Prescriptions, why-not
answers and services are the library's models, sent as the library's JSON."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from prescriber.errors import Problem

__all__ = [
    "ConfirmationIn",
    "ConfirmationOut",
    "ErrorBody",
    "Health",
    "JobOut",
    "ProblemOut",
    "Ready",
    "RecordOut",
    "RecordSummary",
    "ReloadOut",
    "ReplayOut",
    "RuleBaseOut",
    "lang_of",
    "problem_out",
    "request_lang",
]


def _utc(at: datetime) -> datetime:
    # the register writes UTC; SQLite hands a moment back without its zone, PostgreSQL with it
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


Moment = Annotated[datetime, AfterValidator(_utc)]
"""A moment, always with its zone in the JSON (``…Z`` or ``…+00:00``): never a bare local-looking time."""


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProblemOut(_Body):
    """One located problem, as the CLI prints it (``text``) and field by field."""

    file: str
    line: int = Field(description="1-based; 0 when unknown")
    column: int
    path: str = Field(description="where in the document, dotted")
    code: str
    message: str
    hint: str
    severity: str
    text: str = Field(
        description="the line the CLI prints: file:line:col: error: message [path], then the hint"
    )


def problem_out(p: Problem, lang: str = "zh") -> ProblemOut:
    """The API form of a :class:`Problem`, its message and hint in ``lang``."""
    message, hint = p.text(lang)
    return ProblemOut(
        file=p.file,
        line=p.line,
        column=p.column,
        path=p.path,
        code=p.code,
        message=message,
        hint=hint,
        severity=p.severity,
        text=p.shown(lang),
    )


def request_lang(request: Any) -> str:
    """:func:`lang_of` a request (a Starlette ``Request``): its ``lang`` query parameter and its
    ``Accept-Language``."""
    return lang_of(request.query_params.get("lang"), request.headers.get("accept-language"))


def lang_of(query: str | None, accept: str | None) -> str:
    """The language a request asks its problems in: ``?lang=en`` (or ``zh``), else an ``Accept-Language``
    whose most preferred language is English; Chinese otherwise."""
    if query in ("zh", "en"):
        return query
    ranked = []
    for i, part in enumerate((accept or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = params.strip().removeprefix("q=") if params.strip().startswith("q=") else "1"
        try:
            ranked.append((-float(q), i, tag.strip().lower()))
        except ValueError:
            continue
    best = min(ranked, default=(0.0, 0, ""))[2]
    return "en" if best == "en" or best.startswith("en-") else "zh"


class ErrorBody(_Body):
    """Every 4xx/5xx answer."""

    error: str = Field(
        description="a stable code: input, not-found, unauthorized, too-large, rate-limited, …"
    )
    message: str
    problems: list[ProblemOut] = []


class ReloadOut(_Body):
    """The last reload attempt."""

    at: Moment | None
    ok: bool
    problems: list[ProblemOut]


class RuleBaseOut(_Body):
    """The rule base in use."""

    fingerprint: str
    loaded_at: Moment
    rules: int
    services: int
    engine: str
    last_reload: ReloadOut


class Health(_Body):
    """Liveness: the process answers."""

    status: str = "ok"


class Ready(_Body):
    """Readiness: a rule base is loaded and the register answers."""

    ready: bool
    fingerprint: str
    database: bool
    revision: str | None


class ConfirmationIn(_Body):
    """The enterprise's choice (意愿确认). ``key`` is the record key handed out with the prescription
    (header ``X-Record-Key``); staff may confirm without it."""

    services: list[str] = Field(max_length=200)
    note: str = Field("", max_length=2000)
    key: str | None = Field(None, max_length=100)


class ConfirmationOut(_Body):
    """A stored confirmation."""

    created_at: Moment
    services: list[str]
    note: str
    by: str


class RecordSummary(_Body):
    """A record in a search result."""

    id: int
    created_at: Moment
    enterprise: str
    credit_code: str | None
    fingerprint: str
    as_of: date
    channel: str
    confirmed: list[str] | None


class RecordOut(RecordSummary):
    """One record in full: the profile as received and the prescription as handed out."""

    top: int | None
    engine: str
    versions: dict[str, str]
    asked_by: str | None
    profile_text: str
    prescription_json: str = Field(description="the library's JSON, byte for byte as handed out")
    confirmations: list[ConfirmationOut]


class ReplayOut(_Body):
    """A record prescribed again with its own rule base (``identical`` must be true) and today's."""

    record: int
    fingerprint: str
    identical: bool
    today_fingerprint: str
    today_changed: bool
    added: list[str]
    dropped: list[str]
    diff: str


class JobOut(_Body):
    """A batch job: ``queued`` → ``running`` → ``done`` (download ``tables``) or ``failed`` (``problems``)."""

    id: str
    state: str
    created_at: Moment
    as_of: date
    top: int | None
    rows_done: int
    rows: int
    bad: int
    items: int
    fingerprint: str
    problems: list[ProblemOut]
    tables: dict[str, str]


# Follow-through (依方取药): cases, work items, the city assessment. See prescriber/register/cases.py.
__all__ += [
    "AssessmentOut",
    "CandidateOut",
    "CaseOpenIn",
    "CaseOut",
    "CohortIn",
    "EventOut",
    "EvidenceIn",
    "ItemChangeIn",
    "ItemOut",
    "ReasonOut",
    "from_view",
]


_Out = TypeVar("_Out", bound=BaseModel)


def from_view(model: type[_Out], view: object, /, **given: Any) -> _Out:
    """``model`` filled from the register's ``view``: each field from ``view``'s attribute of the same
    name (records and dataclasses nested in it too), or from ``given`` where the API names or shapes it
    differently. The API's field list is the one place that says what it carries."""
    fields = {f: given[f] if f in given else getattr(view, f) for f in model.model_fields}
    return model.model_validate(fields, from_attributes=True)


class CaseOpenIn(_Body):
    """Open the case of a confirmed record (or bring the enterprise's case for that year up to date)."""

    record: int = Field(ge=1, le=2**62, description="the record whose 意愿确认 the items follow")
    officer: str | None = Field(
        None, max_length=200, description="the officer responsible for every new item"
    )
    due: date | None = Field(None, description="due date of every new item (default: 30 days from now)")


class EvidenceIn(_Body):
    """Evidence of delivery: a link, or a file's name and SHA-256 (the file itself is not uploaded)."""

    link: str | None = Field(None, max_length=2000, examples=["https://example.gov.cn/jobfair/2026-06.pdf"])
    file_name: str | None = Field(None, max_length=400, examples=["签到表.pdf"])
    sha256: str | None = Field(None, max_length=64)


class EventOut(_Body):
    """One change of a work item: who, when, what."""

    at: Moment
    by: str
    action: str = Field(description="create | status | note | evidence | assign | due | visit | review")
    from_status: str | None
    to_status: str | None
    note: str
    version: int


class ItemOut(_Body):
    """A work item; ``evidence`` and ``history`` are filled when one item is asked for."""

    id: int
    case: int
    enterprise: str
    city: str
    year: int
    service: str
    name: str
    delivered_by: str
    officer: str | None
    due: date
    status: str = Field(description="pending | in-progress | done | declined | ineligible")
    label: str = Field(description="待对接 | 办理中 | 已办结 | 企业放弃 | 不符合条件")
    reason: str
    notes: str
    indicated: bool = Field(description="false when the latest prescription no longer offers the service")
    review: bool = Field(description="open but no longer indicated: to be reviewed")
    closed_at: Moment | None
    satisfaction: int | None
    version: int = Field(description="send it back with a change: a stale version is a 409")
    evidence: list[EvidenceIn]
    history: list[EventOut]


class CaseOut(_Body):
    """A case and what opening it did (``added`` items, services ``offered`` but not confirmed,
    open items ``flagged`` because the new prescription no longer offers them)."""

    id: int
    enterprise: str
    credit_code: str | None
    city: str
    year: int
    record: int
    opened: bool
    added: list[str]
    offered: list[str]
    flagged: list[str]
    items: list[ItemOut]


class ItemChangeIn(_Body):
    """A change to a work item, based on the ``version`` read. Only the fields given change."""

    version: int = Field(ge=1, le=2**62)
    status: str | None = Field(None, max_length=20, examples=["已办结", "done"])
    reason: str = Field("", max_length=2000, description="needed for 企业放弃 and 不符合条件")
    note: str = Field("", max_length=4000)
    evidence: EvidenceIn | None = Field(None, description="needed (now or before) for 已办结")
    officer: str | None = Field(None, max_length=200)
    due: date | None = None
    satisfaction: int | None = Field(None, ge=-1000, le=1000, description="回访 1–5, once 已办结")


class ReasonOut(_Body):
    """How many items ended with one reason."""

    status: str
    reason: str
    count: int


class GroupStandingOut(_Body):
    """A city's groups in a year: the suppliers the leaders list, with a case, 待采集, and their items."""

    groups: int
    suppliers: int
    with_case: int
    uncollected: int
    items: int
    delivered: int


class AssessmentOut(_Body):
    """A city's figures for a year (definitions in prescriber/register/assess.py)."""

    city: str
    year: int
    cohort: int = Field(description="enterprises the city chose for the year's cohort")
    cohort_with_case: int = Field(description="of them, those with a case (一企一案)")
    cohort_disputes: list[int] = Field(
        description="[members whose disputes are known, their labour disputes "
        "when chosen, in their latest record]"
    )
    enterprises: int
    prescribed: int
    delivered: int
    on_time: int
    open: int
    review: int
    declined: int
    ineligible: int
    reasons: list[ReasonOut]
    visited: int
    satisfaction_mean: float | None
    satisfaction: list[int] = Field(description="how many visits gave 1, 2, 3, 4, 5")
    groups: GroupStandingOut = Field(description="the chain leaders' groups of the city (带动一批)")


class CandidateOut(_Body):
    """An enterprise proposed for (or confirmed in) a city's yearly cohort."""

    record: int = Field(description="its latest record of the year")
    enterprise: str
    influence: int = Field(description="points from prescriber/influence.py (the report's formula)")
    need: int = Field(description="services its latest prescription offers (breaks ties)")
    reasons: list[str]
    confirmed: bool


class CohortIn(_Body):
    """Staff confirm these records' enterprises into the city's cohort for the year."""

    city: str = Field(max_length=40, examples=["fuzhou"])
    year: int = Field(ge=1900, le=9999)
    records: list[int] = Field(min_length=1, max_length=200)


class GroupOpenIn(_Body):
    """带动一批: open (or bring up to date) a chain leader's group from one of its records."""

    record: int = Field(ge=1, le=2**62, description="the leader's record (its profile lists suppliers)")
    officer: str | None = Field(None, max_length=200, description="the officer of every new item")
    due: date | None = Field(None, description="due date of every new item (default: 30 days from now)")
    profiles: list[Annotated[str, Field(max_length=256 * 1024)]] = Field(
        [],
        max_length=500,
        description="supplier profiles (YAML or JSON text, each with its credit_code), prescribed as of "
        "the leader's record and stored before the group is opened",
    )


class MemberOut(_Body):
    """A supplier of a group, as the leader lists it; ``case`` and ``record`` empty while 待采集."""

    credit_code: str
    name: str
    listed: bool = Field(description="false once the leader's newer profile no longer lists it")
    state: str = Field(description="uncollected | unconfirmed | nothing | following | finished")
    label: str = Field(description="待采集 | 待确认 | 暂不需要 | 跟进中 | 已办结")
    record: int | None
    case: int | None
    items: list[ItemOut]


class GroupOut(_Body):
    """A chain leader's group: the leader's case and every supplier with its items and progress."""

    id: int
    leader: str
    city: str
    year: int
    record: int
    leader_case: int
    leader_items: list[ItemOut]
    members: list[MemberOut]
