"""Errors as pages: a request for a page (any path outside ``/api/``) gets a readable Chinese page
with the same located problems and a way back; the JSON API keeps its :class:`ErrorBody` whatever
the ``Accept`` header says. No script: the way back is a link."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from fastapi.responses import HTMLResponse

from prescriber.errors import Problem
from prescriber.http.pages import page

__all__ = ["TITLES", "error_page", "too_large", "wants_page"]

TITLES = {
    400: "请求有误",
    401: "需要登录",
    403: "无权访问",
    404: "没有找到这个页面",
    405: "不支持这种操作",
    409: "操作冲突",
    413: "提交的内容太大",
    415: "内容类型不对",
    422: "填写的内容有误",
    429: "操作太频繁",
    500: "服务器出错了",
}
_WHAT_NOW = {
    401: "请用工作人员账号登录后再打开这个页面。",
    403: "如需访问，请联系系统管理员。",
    404: "请检查链接是否完整；清单链接请从提交后的页面或短信中复制完整。",
    413: "请精简补充说明等较长的内容后重新提交。",
    429: "请稍等片刻再提交；同一网络的提交次数有上限。",
    500: "问题已记录。请稍后再试；如果一直出现，请联系系统管理员。",
}

_STAFF_WHAT_NOW = _WHAT_NOW | {
    404: "请从记录查找页重新打开；记录编号可在清单页脚看到。",
    429: "请稍等片刻再试。",
}


def wants_page(path: str) -> bool:
    """True when the error should be a page: every path but the JSON API's."""
    return not (path == "/api" or path.startswith("/api/"))


def error_page(
    status: int,
    message: str,
    problems: Sequence[Problem],
    path: str,
    headers: Mapping[str, str] | None = None,
    referer: str = "",
    user: str | None = None,
) -> HTMLResponse:
    """The error page for a request to ``path`` (with its ``Referer``, for the way back)."""
    response = page(
        "error.html",
        status,
        code=status,
        title=TITLES.get(status, "出错了"),
        message=message,
        what_now=_STAFF_WHAT_NOW.get(status, "") if path.startswith("/staff") else _WHAT_NOW.get(status, ""),
        problems=problems,
        back=_back(referer, path),
        staff=path.startswith("/staff"),
        user=user,
        retry=(headers or {}).get("Retry-After", ""),
    )
    for k, v in (headers or {}).items():
        response.headers[k] = v
    return response


def _back(referer: str, path: str) -> str:
    # Only a page of this site, and never the page that failed (a form posted to it is not a page).
    parts = urlsplit(referer)
    if not referer or parts.scheme not in ("http", "https", "") or not parts.path.startswith("/"):
        return ""
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    return "" if parts.path == path or parts.path.startswith("/api/") else target


def too_large(scope: Mapping[str, Any], limit: int) -> HTMLResponse | None:
    """The page for a body over ``limit`` bytes, or None for the JSON API (the ASGI body limit's hook)."""
    path = str(scope.get("path", ""))
    if not wants_page(path):
        return None
    headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers") or []}
    message = f"提交的内容超过 {limit // 1024} KB 上限，未保存"
    return error_page(413, message, (), path, referer=headers.get("referer", ""))
