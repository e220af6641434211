"""The pages in a real browser: Debian's chromium driven by Playwright (installed by .ci/run; no browser
download), a page that records every request and lets only the local server answer."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)"
)


def local_page(browser: object, width: int, seen: list[str], **kw: object) -> object:
    """A new page ``width`` pixels wide (``kw`` for its context, e.g. ``http_credentials``); every
    request it makes is appended to ``seen``, and any to another host is aborted."""
    context = browser.new_context(viewport={"width": width, "height": 900}, **kw)  # type: ignore[attr-defined]
    page = context.new_page()

    def route(r: object) -> None:
        url = r.request.url  # type: ignore[attr-defined]
        seen.append(url)
        host = urlsplit(url).hostname or ""
        if host in ("127.0.0.1", "localhost", "::1"):
            r.continue_()  # type: ignore[attr-defined]
        else:
            r.abort()  # type: ignore[attr-defined]

    page.route("**/*", route)
    return page


def no_horizontal_scroll(page: object) -> None:
    assert page.evaluate(  # type: ignore[attr-defined]
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
