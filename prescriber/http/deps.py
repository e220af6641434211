"""What routes share: the server's state, staff authentication, the self-service quota, and how a
request body becomes profile text."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import HTTPException, Request

from prescriber.codes import Code, phrases
from prescriber.errors import SourceError, problem
from prescriber.http.guard import Proxies, RateLimiter, staff_user
from prescriber.http.jobs import Jobs
from prescriber.http.service import Service
from prescriber.http.settings import Settings

__all__ = [
    "SOURCE",
    "Server",
    "client_address",
    "optional_staff",
    "profile_text",
    "public_quota",
    "require_staff",
    "server",
]

SOURCE = "<body>"
MEDIA = {
    "application/json",
    "application/yaml",
    "application/x-yaml",
    "text/yaml",
    "text/x-yaml",
    "text/plain",
}


@dataclass
class Server:
    """Everything one process serves with."""

    settings: Settings
    service: Service
    limiter: RateLimiter
    jobs: Jobs
    proxies: Proxies = field(default_factory=lambda: Proxies(()))


def server(request: Request) -> Server:
    """The server state of the app handling ``request``."""
    s: Server = request.app.state.server
    return s


def client_address(request: Request) -> str:
    """The client's address: the socket peer, or from X-Forwarded-For behind a trusted proxy."""
    peer = request.client.host if request.client else "unknown"
    return server(request).proxies.client(peer, request.headers.getlist("x-forwarded-for"))


def optional_staff(request: Request) -> str | None:
    """The staff user, when the request is authenticated."""
    return staff_user(server(request).settings, request.headers)


def require_staff(request: Request) -> str:
    """The staff user; 401 (with a Basic challenge) when the request is not authenticated."""
    settings = server(request).settings
    if not (settings.authenticated or settings.user_header):
        raise HTTPException(403, phrases.NO_STAFF_SET)
    user = staff_user(settings, request.headers)
    if user is None:
        raise HTTPException(
            401, phrases.STAFF_ONLY, headers={"WWW-Authenticate": 'Basic realm="prescriber", charset="UTF-8"'}
        )
    return user


def public_quota(request: Request) -> None:
    """Self-service calls from one address are rate-limited; staff and integrators are not."""
    s = server(request)
    if staff_user(s.settings, request.headers) is not None:
        return
    wait = s.limiter.allow(client_address(request))
    if wait > 0:
        raise HTTPException(
            429,
            phrases.TOO_FREQUENT.fill(wait=f"{wait:.0f}"),
            headers={"Retry-After": str(max(1, round(wait)))},
        )


async def profile_text(request: Request) -> str:
    """The request body as text, when its media type is JSON or YAML."""
    media = (request.headers.get("content-type") or "application/json").split(";")[0].strip().lower()
    if media not in MEDIA:
        raise HTTPException(415, phrases.MEDIA_UNSUPPORTED.fill(media=media))
    raw = await request.body()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(
            [
                problem(
                    Code.SOURCE_ENCODING,
                    file=SOURCE,
                    what=phrases.BODY_NOT_UTF8.fill(at=exc.start + 1),
                    how=phrases.SEND_UTF8,
                )
            ]
        ) from None
