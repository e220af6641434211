"""``prescriber serve`` and ``prescriber db``: the online platform's commands (needs the ``serve``
extra: ``pip install 'prescriber[serve]'``)."""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path
from typing import TextIO

from prescriber.render import console

__all__ = ["JsonLines", "add_parsers", "db", "serve"]

_USAGE, _OK, _INPUT = 2, 0, 1


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``serve`` and ``db`` to the subcommands (their words: :mod:`prescriber.render.help`; the empty
    help only lists a command)."""
    se = sub.add_parser("serve", help="")
    se.add_argument("--host", default="127.0.0.1")
    se.add_argument("--port", type=int, default=8000)
    se.add_argument("--rules", type=Path, metavar="DIR")
    se.add_argument("--catalog", type=Path, metavar="DIR")
    se.add_argument("--db", metavar="URL")
    se.add_argument("--forwarded-allow-ips", metavar="IPS")
    se.add_argument("--no-watch", action="store_true")
    dbp = sub.add_parser("db", help="")
    dbp.add_argument("action", choices=("upgrade", "current"))
    dbp.add_argument("--db", metavar="URL")


def serve(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    """Check the address and credentials, load once, and run uvicorn (one process, no fork)."""
    from prescriber.http import Settings, create_app, is_loopback
    from prescriber.http.settings import split_ips, trusted_networks

    settings = Settings.from_env(
        rules=args.rules,
        catalog=args.catalog,
        db_url=args.db,
        watch=not args.no_watch,
        forwarded_allow_ips=split_ips(args.forwarded_allow_ips) if args.forwarded_allow_ips else None,
    )
    if not is_loopback(args.host) and not settings.authenticated:
        err.write(console.line("serve.refused", args.lang, host=args.host))
        return _USAGE
    try:
        trusted_networks(settings.forwarded_allow_ips)
    except ValueError as exc:
        err.write(console.line("serve.bad-ips", args.lang, detail=exc))
        return _USAGE
    import uvicorn

    handler = logging.StreamHandler(err)
    handler.setFormatter(JsonLines())
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    app = create_app(settings)
    try:
        uvicorn.run(
            app,
            host=args.host,
            port=args.port,
            access_log=False,
            log_config=None,
            workers=1,
            proxy_headers=False,  # the client's address is decided by Proxies, with our own setting
        )
    finally:
        app.state.server.jobs.close()
        app.state.server.service.close()
    return _OK


class JsonLines(logging.Formatter):
    """Every log line is one JSON object: the request lines already are; others are wrapped."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if message.startswith("{") and not record.exc_info:
            return message
        body = {"event": "log", "logger": record.name, "level": record.levelname.lower(), "message": message}
        if record.exc_info:
            body["error"] = self.formatException(record.exc_info)
        return json.dumps(body, ensure_ascii=False)


def db(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    """Migrate the register, or say its revision."""
    from prescriber.http import Settings
    from prescriber.register import Register

    register = Register(Settings.from_env(db_url=args.db).db_url)
    try:
        if args.action == "upgrade":
            register.upgrade()
        out.write(f"{register.revision() or '(empty)'}\n")
    finally:
        register.close()
    return _OK
