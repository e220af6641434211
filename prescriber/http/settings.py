"""How a server is configured: command-line values, then ``PRESCRIBER_*`` environment variables."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Settings", "is_loopback", "split_ips", "trusted_networks"]


@dataclass(frozen=True)
class Settings:
    """One server's configuration.

    ``api_token`` (``PRESCRIBER_API_TOKEN``) is a bearer token for integrators and admin calls;
    ``staff_password`` (``PRESCRIBER_STAFF_PASSWORD``) the HTTP Basic password of caseworkers and
    policy staff (any user name, which is recorded); ``user_header`` (``PRESCRIBER_USER_HEADER``,
    e.g. ``X-Remote-User``) trusts a single-sign-on reverse proxy that sets it — only safe when the
    proxy is the only way in and strips the header from clients. ``forwarded_allow_ips``
    (``--forwarded-allow-ips``, ``PRESCRIBER_FORWARDED_ALLOW_IPS``: addresses or networks, comma
    separated) names the department's reverse proxies: only a request arriving from one of them has its
    ``X-Forwarded-For`` read, for the rate limit and the log (see :func:`guard.client_address`).
    """

    rules: Path | None = None
    catalog: Path | None = None
    db_url: str = "sqlite:///prescriber-register.db"
    api_token: str | None = None
    staff_password: str | None = None
    user_header: str | None = None
    max_body: int = 256 * 1024
    max_table: int = 64 * 1024 * 1024  # an uploaded batch table
    rate: float = 2.0  # self-service requests per second and client address, sustained
    burst: int = 30  # … and at once
    watch: bool = True
    engine: str = "durable"
    forwarded_allow_ips: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, **given: object) -> Settings:
        """Settings from the environment, overridden by the non-None values of ``given``."""
        env = os.environ
        values: dict[str, object] = {
            "db_url": env.get("PRESCRIBER_DB_URL", cls.db_url),
            "api_token": env.get("PRESCRIBER_API_TOKEN") or None,
            "staff_password": env.get("PRESCRIBER_STAFF_PASSWORD") or None,
            "user_header": env.get("PRESCRIBER_USER_HEADER") or None,
            "forwarded_allow_ips": split_ips(env.get("PRESCRIBER_FORWARDED_ALLOW_IPS", "")),
        }
        values |= {k: v for k, v in given.items() if v is not None}
        return cls(**values)  # type: ignore[arg-type]

    @property
    def authenticated(self) -> bool:
        """True when staff pages and admin calls can be reached by anyone at all."""
        return bool(self.api_token or self.staff_password)


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def split_ips(text: str) -> tuple[str, ...]:
    """``"10.0.0.1, 10.1.0.0/16"`` → ``("10.0.0.1", "10.1.0.0/16")``."""
    return tuple(x.strip() for x in text.split(",") if x.strip())


def trusted_networks(
    values: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """The networks of ``forwarded_allow_ips``; ValueError (naming the value) for one that is not."""
    nets = []
    for v in values:
        try:
            nets.append(ipaddress.ip_network(v.strip("[]"), strict=False))
        except ValueError:
            raise ValueError(f"不是 IP 地址或网段：{v!r}") from None
    return tuple(nets)
