"""The report's bar chart in a real browser: every label whole inside the chart, in Chinese and in English;
a label too long for the widest label column is cut with an ellipsis and kept whole in its tooltip."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from browser_support import ARGS, CHROMIUM, needs_chromium

from prescriber import report
from prescriber.cli import main

ROOT = Path(__file__).resolve().parent.parent
LONG = "企业职工岗位技能培训补贴" * 6 + " and an English tail that goes on and on"


def test_a_label_too_long_is_cut_and_whole_in_its_tooltip() -> None:
    svg = report._bars(pd.Series({LONG: 5, "短": 3}))
    assert f"<title>{LONG}</title>" in svg and "…</text>" in svg
    assert "<title>短</title>" not in svg and ">短</text>" in svg


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _labels_outside(browser: object, html: str) -> list[str]:
    page = browser.new_page(viewport={"width": 1100, "height": 900})  # type: ignore[attr-defined]
    try:
        page.set_content(html)
        outside: list[str] = page.evaluate(
            """() => [...document.querySelectorAll('svg text[text-anchor="end"]')].filter(t => {
                const box = t.getBBox(), svg = t.ownerSVGElement.viewBox.baseVal;
                return box.x < 0 || box.x + box.width > svg.width;
            }).map(t => t.textContent)"""
        )
        return outside
    finally:
        page.close()


@needs_chromium
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_bar_label_is_whole_in_the_browser(browser: object, tmp_path: Path, lang: str) -> None:
    out = tmp_path / "r.html"
    argv = ["report", "examples/enterprises.csv", "--as-of", "2026-06-01", "-o", str(out), "--lang", lang]
    assert main(argv, out=io.StringIO(), err=io.StringIO()) == 0
    html = out.read_text("utf-8")
    assert html.count('text-anchor="end"') == 15
    assert _labels_outside(browser, html) == []
    chart = f"<!DOCTYPE html><html><body>{report._bars(pd.Series({LONG: 5, '短': 3}))}</body></html>"
    assert _labels_outside(browser, chart) == []
