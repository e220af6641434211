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
    """Add ``serve`` and ``db`` to the subcommands."""
    se = sub.add_parser(
        "serve",
        help="运行 HTTP 接口和网页（未配置身份认证时只绑定本机地址）",
        description="运行 HTTP 接口（/api/v1）和网页：企业自评、服务清单、意愿确认、工作人员页面。",
        epilog="示例：\n  PRESCRIBER_STAFF_PASSWORD=… prescriber serve --port 8000 --db sqlite:///register.db\n\n"
        "环境变量：PRESCRIBER_API_TOKEN、PRESCRIBER_STAFF_PASSWORD、PRESCRIBER_USER_HEADER、"
        "PRESCRIBER_DB_URL",
    )
    se.add_argument("--host", default="127.0.0.1", help="绑定的地址（默认 127.0.0.1）")
    se.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    se.add_argument("--rules", type=Path, metavar="DIR", help="规则库目录（默认：随程序安装的）")
    se.add_argument("--catalog", type=Path, metavar="DIR", help="服务目录（默认：随程序安装的）")
    se.add_argument(
        "--db",
        metavar="URL",
        help="登记库（默认 sqlite:///prescriber-register.db，或环境变量 "
        "PRESCRIBER_DB_URL）；PostgreSQL 写 postgresql+psycopg://…",
    )
    se.add_argument(
        "--forwarded-allow-ips",
        metavar="IPS",
        help="可信的反向代理地址或网段（逗号分隔，或环境变量 PRESCRIBER_FORWARDED_ALLOW_IPS）："
        "只有来自它们的请求才按 X-Forwarded-For 计算访问频率限制",
    )
    se.add_argument("--no-watch", action="store_true", help="规则或服务目录改动时不自动重新加载")
    dbp = sub.add_parser(
        "db",
        help="管理登记库（数据库迁移）",
        description="管理登记库：upgrade 升级到最新结构，current 显示当前版本。",
        epilog="示例：\n  prescriber db upgrade --db sqlite:///register.db",
    )
    dbp.add_argument("action", choices=("upgrade", "current"), help="upgrade 或 current")
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
