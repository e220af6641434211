"""The FastAPI application: one :class:`Service` per process, the JSON API, the pages, the docs (all
assets served from here), errors as :class:`ErrorBody`, a body limit and an access log."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from prescriber.codes import Code, Phrase, meant, phrases
from prescriber.errors import InputError, Problem, UnknownServiceError, problem
from prescriber.http import api_batch, api_cases, api_v1, case_pages, docs, error_pages, pages, watch
from prescriber.http.deps import Server, client_address
from prescriber.http.guard import BodyLimit, Proxies, RateLimiter, access_log, staff_user
from prescriber.http.jobs import Jobs
from prescriber.http.schemas import ErrorBody, lang_of, problem_out
from prescriber.http.service import Service
from prescriber.http.settings import Settings
from prescriber.models import Profile
from prescriber.register import JobStore, Register
from prescriber.version import __version__

__all__ = ["create_app"]

log = logging.getLogger("prescriber.http")
_CODES = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    413: "too-large",
    415: "unsupported-media-type",
    422: "input",
    429: "rate-limited",
}


def create_app(settings: Settings, service: Service | None = None) -> FastAPI:
    """The application: migrates the register and loads the rule base now (once per process)."""
    if service is None:
        register = Register(settings.db_url)
        register.upgrade()
        service = Service(settings.rules, settings.catalog, register, settings.engine)
    app = FastAPI(
        title="prescriber",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        lifespan=_lifespan,
        description="按需开方、依方取药 — prescriptions of public employment services for enterprises.",
    )
    limiter = RateLimiter(settings.rate, settings.burst)
    proxies = Proxies(settings.forwarded_allow_ips)
    app.state.server = Server(
        settings, service, limiter, Jobs(service.rx, JobStore(service.register)), proxies
    )
    app.include_router(api_v1.router)
    app.include_router(api_batch.router)
    app.include_router(api_cases.router)
    app.include_router(docs.router)
    app.include_router(pages.router)
    app.include_router(case_pages.router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    app.mount("/docs-assets", StaticFiles(directory=docs.ASSETS), name="docs-assets")
    _errors(app)
    app.middleware("http")(_logged)
    app.add_middleware(
        BodyLimit,
        limit=settings.max_body,
        larger={"/api/v1/batch": settings.max_table, case_pages.UPDATE: settings.max_table},
        page=error_pages.too_large,
    )
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # The service outlives a lifespan (test clients start and stop the app per use): whoever created
    # the app closes it (``prescriber serve`` does, after uvicorn returns).
    s: Server = app.state.server
    task = watch.start(s.service) if s.settings.watch else None
    try:
        yield
    finally:
        if task is not None:
            task.cancel()


def _error(
    request: Request,
    status: int,
    message: str | Phrase,
    problems: tuple[Problem, ...] = (),
    code: str | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    if error_pages.wants_page(request.url.path):
        user = staff_user(request.app.state.server.settings, request.headers)
        referer = request.headers.get("referer", "")
        return error_pages.error_page(
            status, str(message), problems, request.url.path, headers, referer, user
        )
    lang = lang_of(request.query_params.get("lang"), request.headers.get("accept-language"))
    body = ErrorBody(
        error=code or _CODES.get(status, "error"),
        message=message.en if isinstance(message, Phrase) and lang == "en" else str(message),
        problems=[problem_out(p, lang) for p in problems],
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


def _errors(app: FastAPI) -> None:
    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> Response:
        return _error(request, 422, phrases.INPUT_ERRORS.fill(count=len(exc.errors)), exc.problems)

    @app.exception_handler(UnknownServiceError)
    async def _service(request: Request, exc: UnknownServiceError) -> Response:
        hint = meant(exc.suggestion) if exc.suggestion else phrases.LIST_SERVICES
        return _error(
            request,
            404,
            phrases.NO_SERVICE.fill(service=exc.service),
            (problem(Code.SERVICE_UNKNOWN, path="service", service=exc.service, how=hint),),
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        problems = tuple(
            problem(
                Code.REQUEST_INVALID, path=".".join(str(x) for x in e.get("loc", ())), what=e.get("msg", "")
            )
            for e in jsonable_encoder(exc.errors())
        )
        return _error(request, 422, phrases.BAD_REQUEST, problems)

    @app.exception_handler(StarletteHTTPException)  # routing's own 404 / 405 too, not only ours
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, Phrase) else str(exc.detail)
        return _error(request, exc.status_code, detail, headers=dict(exc.headers or {}))

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return _error(request, 500, phrases.INTERNAL, code="internal")


async def _logged(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    start = time.perf_counter()
    status = 500
    try:
        response = await call_next(request)
        status = response.status_code
        return response
    finally:
        access_log(
            request.method,
            request.url.path,
            status,
            (time.perf_counter() - start) * 1000,
            client_address(request),
            getattr(request.state, "record", None),
        )


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        doc = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        schema = Profile.model_json_schema(ref_template="#/components/schemas/{model}", mode="validation")
        components = doc.setdefault("components", {}).setdefault("schemas", {})
        components.update(schema.pop("$defs", {}))
        components["Profile"] = schema
        app.openapi_schema = doc
    return app.openapi_schema
