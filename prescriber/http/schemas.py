"""The API's own bodies (pydantic, so the OpenAPI document describes them). Prescriptions, why-not
answers and services are the library's models, sent as the library's JSON."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from prescriber.errors import Problem

__all__ = ["ConfirmationIn", "ConfirmationOut", "ErrorBody", "Health", "JobOut", "ProblemOut", "Ready", "RecordOut",
           "RecordSummary", "ReloadOut", "ReplayOut", "RuleBaseOut", "problem_out"]


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
    text: str = Field(description="the line the CLI prints: file:line:col: error: message [path], then the hint")


def problem_out(p: Problem) -> ProblemOut:
    """The API form of a :class:`Problem`."""
    return ProblemOut(file=p.file, line=p.line, column=p.column, path=p.path, code=p.code, message=p.message,
                      hint=p.hint, severity=p.severity, text=str(p))


class ErrorBody(_Body):
    """Every 4xx/5xx answer."""

    error: str = Field(description="a stable code: input, not-found, unauthorized, too-large, rate-limited, …")
    message: str
    problems: list[ProblemOut] = []


class ReloadOut(_Body):
    """The last reload attempt."""

    at: datetime | None
    ok: bool
    problems: list[ProblemOut]


class RuleBaseOut(_Body):
    """The rule base in use."""

    fingerprint: str
    loaded_at: datetime
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

    created_at: datetime
    services: list[str]
    note: str
    by: str


class RecordSummary(_Body):
    """A record in a search result."""

    id: int
    created_at: datetime
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
    created_at: datetime
    as_of: date
    top: int | None
    rows_done: int
    rows: int
    bad: int
    items: int
    fingerprint: str
    problems: list[ProblemOut]
    tables: dict[str, str]
