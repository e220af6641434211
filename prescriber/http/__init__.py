"""The online service platform (design.md §7): a thin HTTP adapter over :class:`prescriber.Prescriber`.

``create_app(Settings(...))`` builds the FastAPI application: the JSON API under ``/api/v1`` (OpenAPI
3.1 at ``/api/v1/openapi.json``, docs at ``/api/v1/docs``), the enterprise self-assessment pages at
``/``, and the staff pages under ``/staff``. ``prescriber serve`` runs it on uvicorn.
"""

from __future__ import annotations

from prescriber.http.app import create_app
from prescriber.http.settings import Settings, is_loopback

__all__ = ["Settings", "create_app", "is_loopback"]
