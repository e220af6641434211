"""The interactive API docs (Swagger UI and Redoc) with their scripts served by this server: the page
makes no request anywhere else. The assets come with the ``fastapi-offline`` package."""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse

__all__ = ["ASSETS", "router"]

ASSETS = Path(fastapi_offline.__file__).parent / "static"
router = APIRouter(include_in_schema=False)
_OPENAPI = "/api/v1/openapi.json"


@router.get("/api/v1/docs")
def swagger() -> HTMLResponse:
    """Swagger UI: try every call from the browser."""
    return get_swagger_ui_html(
        openapi_url=_OPENAPI,
        title="prescriber API",
        swagger_js_url="/docs-assets/swagger-ui-bundle.js",
        swagger_css_url="/docs-assets/swagger-ui.css",
        swagger_favicon_url="/docs-assets/favicon.png",
        swagger_ui_parameters={"validatorUrl": None},
    )


@router.get("/api/v1/redoc")
def redoc() -> HTMLResponse:
    """Redoc: the reference, readable and printable."""
    return get_redoc_html(
        openapi_url=_OPENAPI,
        title="prescriber API",
        redoc_js_url="/docs-assets/redoc.standalone.js",
        redoc_favicon_url="/docs-assets/favicon.png",
        with_google_fonts=False,
    )
