"""Who may call what, and how much: staff credentials, a per-address token bucket for self-service,
a body-size limit, and one structured log line per request (never a profile's content)."""

from __future__ import annotations

import base64
import binascii
import hmac
import ipaddress
import json
import logging
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

from prescriber.codes import phrases
from prescriber.http.schemas import lang_of
from prescriber.http.settings import Settings, trusted_networks

__all__ = ["BodyLimit", "Proxies", "RateLimiter", "access_log", "staff_user"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
_DRAIN = 16 * 1024 * 1024  # the most of a refused body read before answering
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("prescriber.http")


def staff_user(settings: Settings, headers: MutableMapping[str, str] | Any) -> str | None:
    """The authenticated staff user of a request, or None.

    Accepted: ``Authorization: Bearer <PRESCRIBER_API_TOKEN>`` (user ``api``), HTTP Basic with any
    user name and ``PRESCRIBER_STAFF_PASSWORD``, or the single-sign-on proxy's user header when
    ``PRESCRIBER_USER_HEADER`` names one.
    """
    if settings.user_header and (user := headers.get(settings.user_header)):
        return str(user)[:200]
    auth = headers.get("authorization") or ""
    scheme, _, value = auth.partition(" ")
    if scheme.lower() == "bearer" and settings.api_token and _same(value.strip(), settings.api_token):
        return "api"
    if scheme.lower() == "basic" and settings.staff_password:
        try:
            user, _, password = base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        if _same(password, settings.staff_password):
            return user[:200] or "staff"
    return None


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


class Proxies:
    """Which address a request comes from, given the reverse proxies the department trusts.

    Without trusted proxies (the default) it is the socket peer, whatever the request says. A request
    from a trusted proxy is read from ``X-Forwarded-For`` right to left, skipping trusted hops: the
    first untrusted address is the client (one a client wrote itself sits further left and is never
    reached, so a forged header cannot change whose quota is spent).
    """

    def __init__(self, allow: tuple[str, ...]) -> None:
        self.networks = trusted_networks(allow)

    def client(self, peer: str, forwarded: list[str]) -> str:
        """The client's address: ``peer`` is the socket's, ``forwarded`` every X-Forwarded-For header."""
        if not self._trusted(peer):
            return peer
        hops = [h.strip() for value in forwarded for h in value.split(",")]
        for hop in reversed(hops):
            if not hop:
                continue
            if not self._trusted(hop):
                return hop if _is_ip(hop) else peer
            peer = hop
        return peer

    def _trusted(self, address: str) -> bool:
        if not self.networks:
            return False
        try:
            ip = ipaddress.ip_address(address.strip("[]"))
        except ValueError:
            return False
        return any(ip in net for net in self.networks)


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return False
    return True


class RateLimiter:
    """A token bucket per client address: ``burst`` requests at once, ``rate`` per second after."""

    def __init__(self, rate: float, burst: int, max_clients: int = 10_000) -> None:
        self.rate, self.burst, self.max_clients = rate, burst, max_clients
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str, now: float | None = None) -> float:
        """0 when the request may go ahead, else the seconds to wait before the next one."""
        t = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.get(client, (float(self.burst), t))
            tokens = min(float(self.burst), tokens + (t - last) * self.rate)
            if len(self._buckets) >= self.max_clients and client not in self._buckets:
                self._prune(t)
            if tokens >= 1:
                self._buckets[client] = (tokens - 1, t)
                return 0.0
            self._buckets[client] = (tokens, t)
            return (1 - tokens) / self.rate if self.rate > 0 else 60.0

    def _prune(self, now: float) -> None:
        # Buckets that have refilled completely carry no information: drop them.
        full = [c for c, (tok, last) in self._buckets.items() if tok + (now - last) * self.rate >= self.burst]
        for c in full or list(self._buckets)[: len(self._buckets) // 2]:
            del self._buckets[c]


class BodyLimit:
    """Refuses a request body over ``limit`` bytes with 413, whether or not it declares its length."""

    def __init__(
        self,
        app: ASGIApp,
        limit: int,
        larger: dict[str, int] | None = None,
        page: Callable[[Scope, int], ASGIApp | None] | None = None,
    ) -> None:
        # ``page`` gives the response for a request for a page (None: the JSON body of the API).
        self.app, self.limit, self.larger, self.page = app, limit, larger or {}, page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.larger.get(scope.get("path", ""), self.limit)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._refuse(scope, receive, send, limit)
            return
        if declared is not None:
            await self.app(scope, receive, send)
            return
        # No declared length (chunked): read the body here, up to the limit, then hand it on.
        messages: list[Message] = []
        seen = 0
        while True:
            message = await receive()
            messages.append(message)
            seen += len(message.get("body", b""))
            if seen > limit:
                more = message["type"] == "http.request" and message.get("more_body", False)
                await self._refuse(scope, receive, send, limit, seen if more else _DRAIN + 1)
                return
            if message["type"] != "http.request" or not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int, seen: int = 0) -> None:
        # Read (and drop) the rest of a moderately large body first: a browser still sending its form
        # when the connection closes shows a connection error instead of the page that says why.
        more = True
        while more and seen <= _DRAIN:
            message = await receive()
            seen += len(message.get("body", b""))
            more = message["type"] == "http.request" and bool(message.get("more_body", False))
        response = self.page(scope, limit) if self.page is not None else None
        if response is not None:
            await response(scope, receive, send)
        else:
            await _too_large(send, limit, _lang(scope))


def _lang(scope: Scope) -> str:
    """The language the refused request asks for (as :func:`lang_of` reads it off a request)."""
    query = parse_qs(bytes(scope.get("query_string", b"")).decode("latin-1")).get("lang", [None])[-1]
    accept = dict(scope.get("headers", ())).get(b"accept-language", b"").decode("latin-1")
    return lang_of(query, accept)


async def _too_large(send: Send, limit: int, lang: str) -> None:
    message = phrases.BODY_OVER.fill(kb=limit // 1024)
    body = json.dumps(
        {"error": "too-large", "message": message.en if lang == "en" else message.zh, "problems": []},
        ensure_ascii=False,
    ).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def access_log(method: str, path: str, status: int, ms: float, client: str, record: str | None) -> None:
    """One JSON line per request: what was asked and how it went, never what the profile said."""
    log.info(
        json.dumps(
            {
                "event": "request",
                "method": method,
                "path": path,
                "status": status,
                "ms": round(ms, 2),
                "client": client,
                "record": record,
            },
            ensure_ascii=False,
        )
    )
