"""Batch jobs in the JSON API (staff): upload a table, poll the job, download the three tables."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from prescriber.codes import phrases
from prescriber.http.deps import require_staff, server
from prescriber.http.schemas import ErrorBody, JobOut, problem_out, request_lang
from prescriber.register import JobView

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/batch", tags=["batch"])
ERRORS: dict[int | str, dict[str, Any]] = {
    c: {"model": ErrorBody} for c in (400, 401, 403, 404, 409, 413, 422)
}
MEDIA = {
    ".csv": "text/csv",
    ".jsonl": "application/x-ndjson",
    ".parquet": "application/vnd.apache.parquet",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_FILES: dict[str, Any] = {m: {} for m in MEDIA.values()}
Format = Literal["csv", "jsonl", "parquet", "xlsx"]
TABLE_BODY = {
    "requestBody": {
        "required": True,
        "description": "the table, as `prescriber batch` reads it",
        "content": {m: {"schema": {"type": "string", "format": "binary"}} for m in MEDIA.values()}
        | {
            "multipart/form-data": {
                "schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}
            }
        },
    }
}


def _out(job: JobView, lang: str = "zh") -> JobOut:
    links = (
        {t: f"/api/v1/batch/{job.id}/{t}" for t in ("long", "wide", "errors")} if job.state == "done" else {}
    )
    return JobOut(
        id=job.id,
        state=job.state,
        created_at=job.created_at,
        as_of=job.as_of,
        top=job.top,
        rows_done=job.rows_done,
        rows=job.rows,
        bad=job.bad,
        items=job.items,
        fingerprint=job.fingerprint,
        problems=[problem_out(p, lang) for p in job.problems],
        tables=links,
    )


@router.post("", status_code=202, responses=ERRORS, openapi_extra=TABLE_BODY)
async def submit(
    request: Request,
    _: Annotated[str, Depends(require_staff)],
    format: Annotated[
        Format | None,
        Query(
            description="the uploaded table's format (default: from the uploaded file's name, else from "
            "the Content-Type, else csv)"
        ),
    ] = None,
    output: Annotated[Format, Query(description="format of the long and wide tables")] = "csv",
    as_of: Annotated[date | None, Query()] = None,
    top: Annotated[int | None, Query(ge=1, le=1000)] = None,
) -> JobOut:
    """Queue a table of enterprises — the table as the body, or one file of a ``multipart/form-data``
    upload (``curl -F file=@企业.xlsx``, a browser's form) — and poll ``GET /api/v1/batch/{id}`` until it is
    ``done``."""
    data, suffix = await _upload(request, format)
    if not data:
        raise HTTPException(422, phrases.EMPTY_UPLOAD)
    job = await run_in_threadpool(
        server(request).jobs.submit, data, suffix, f".{output}", as_of or date.today(), top
    )
    return _out(job)


async def _upload(request: Request, format: str | None) -> tuple[bytes, str]:
    """The uploaded table and its suffix: a form's one file (its name telling the format), else the body
    (its Content-Type telling it); ``format`` wins over both."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "multipart/form-data":
        form = await request.form()
        files = [v for v in form.values() if isinstance(v, UploadFile)]
        if len(files) != 1:
            raise HTTPException(422, phrases.UPLOAD_FILES.fill(count=len(files)))
        upload = files[0]
        if format is None:
            format = _BY_SUFFIX.get(Path(upload.filename or "").suffix.lower())
            if format is None:
                raise HTTPException(422, phrases.UPLOAD_FORMAT.fill(name=upload.filename or ""))
        return await upload.read(), f".{format}"
    return await request.body(), f".{format or _BY_MEDIA.get(media, 'csv')}"


_BY_SUFFIX = {suffix: suffix[1:] for suffix in MEDIA} | {".txt": "csv", ".ndjson": "jsonl", ".pq": "parquet"}
_BY_MEDIA = {media: suffix[1:] for suffix, media in MEDIA.items()}


@router.get("/{job_id}", responses=ERRORS)
def status(request: Request, job_id: str, _: Annotated[str, Depends(require_staff)]) -> JobOut:
    """A job's state, progress, counts and (when it failed) the located problems."""
    job = server(request).jobs.get(job_id)
    lang = request_lang(request)
    if job is None:
        raise HTTPException(404, phrases.NO_JOB.fill(job=job_id))
    return _out(job, lang)


@router.get("/{job_id}/{table}", responses=ERRORS | {200: {"content": _FILES}})
def download(
    request: Request,
    job_id: str,
    table: Literal["long", "wide", "errors"],
    _: Annotated[str, Depends(require_staff)],
) -> Response:
    """One of the job's three tables: ``long`` (a line per enterprise and service), ``wide``, ``errors``."""
    jobs = server(request).jobs
    job = jobs.get(job_id)
    if job is None:
        raise HTTPException(404, phrases.NO_JOB.fill(job=job_id))
    if job.state != "done" or (found := jobs.table(job_id, table)) is None:
        raise HTTPException(409, phrases.JOB_NOT_DONE.fill(state=job.state))
    name, content = found
    media = MEDIA.get(Path(name).suffix, "text/csv")
    disposition = f'attachment; filename="{job.id}-{name}"'
    return Response(content, media_type=media, headers={"content-disposition": disposition})
