"""Charts for the follow-through pages: inline SVG written on the server — no script, no request
elsewhere, no inline style (the pages' CSP forbids it: colours are presentation attributes), printable.
Each chart has a ``<title>`` and a ``<desc>`` that states its numbers; the page shows them in a table too.
Every text that comes from people or the catalogue is escaped here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from markupsafe import Markup

from prescriber.register import Assessment

__all__ = ["composition", "satisfaction", "trend"]

WIDTH = 400  # the viewBox: the SVG scales to its column (100 % wide), 390 px phones included
STATUS = (  # (label, colour): distinct in grey scale too, for a black-and-white print
    ("已办结", "#2e7d32"),
    ("在办", "#f2b33d"),
    ("企业放弃", "#8d8d8d"),
    ("不符合条件", "#5d4037"),
)
ON_TIME, LATE = "#2e7d32", "#e8a09a"


def _svg(key: str, height: int, title: str, desc: str, body: list[str]) -> Markup:
    return Markup(
        f'<svg class="chart" id="{key}" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'aria-labelledby="{key}-t {key}-d" xmlns="http://www.w3.org/2000/svg" font-size="12" '
        f'font-family="sans-serif"><title id="{key}-t">{escape(title)}</title>'
        f'<desc id="{key}-d">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, text: str, anchor: str = "start", fill: str = "#222") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}">{escape(text)}</text>'


def _rect(x: float, y: float, w: float, h: float, fill: str, label: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" fill="{fill}">'
        f"<title>{escape(label)}</title></rect>"
    )


def _legend(y: float, entries: Sequence[tuple[str, str]]) -> list[str]:
    out, x = [], 0.0
    for label, colour in entries:
        out += [_rect(x, y - 10, 12, 12, colour, label), _text(x + 16, y, label)]
        x += 16 + 13 * len(label) + 14
    return out


def trend(months: Sequence[tuple[str, int, int]]) -> Markup:
    """Delivered items per month of closing, the on-time part dark and the late part light."""
    top = max((d for _, d, _ in months), default=0) or 1
    base, tall, left = 190, 150, 24
    step = (WIDTH - left) / max(len(months), 1)
    body = _legend(14, (("按期办结", ON_TIME), ("逾期办结", LATE)))
    body.append(f'<line x1="{left}" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="#999"/>')
    body.append(_text(left - 4, base - tall + 4, str(top), "end", "#555"))
    for k, (month, delivered, timely) in enumerate(months):
        x, w = left + k * step + step * 0.15, step * 0.7
        h_on, h_late = tall * timely / top, tall * (delivered - timely) / top
        body.append(_rect(x, base - h_on, w, h_on, ON_TIME, f"{month} 按期 {timely}"))
        body.append(_rect(x, base - h_on - h_late, w, h_late, LATE, f"{month} 逾期 {delivered - timely}"))
        body.append(_text(x + w / 2, base - h_on - h_late - 3, str(delivered), "middle"))
        body.append(_text(x + w / 2, base + 14, f"{int(month[5:])}月", "middle", "#555"))
    said = "；".join(f"{m}：办结 {d} 项，其中按期 {t} 项" for m, d, t in months) or "还没有办结的事项"
    return _svg("trend", 210, "按月办结（按期 / 逾期）", said, body)


def composition(cities: Sequence[Assessment], names: Mapping[str, str]) -> Markup:
    """Each city's work items by status, as one bar of 100 % (the counts written on the segments)."""
    row, left = 26, 78
    body = _legend(14, STATUS)
    said = []
    for k, a in enumerate(cities):
        y = 28 + k * row
        name = names.get(a.city, a.city) or "（未填地区）"
        counts = (a.delivered, a.open, a.declined, a.ineligible)
        said.append(
            f"{name}：" + "，".join(f"{label} {n}" for (label, _), n in zip(STATUS, counts, strict=True))
        )
        body.append(_text(0, y + 15, name))
        total, x = sum(counts) or 1, float(left)
        for (label, colour), n in zip(STATUS, counts, strict=True):
            w = (WIDTH - left) * n / total
            body.append(_rect(x, y + 2, w, row - 6, colour, f"{name} {label} {n}"))
            if n and w >= 18:
                ink = "#fff" if colour not in ("#f2b33d",) else "#222"
                body.append(_text(x + w / 2, y + 17, str(n), "middle", ink))
            x += w
        if not sum(counts):
            body.append(_text(left + 4, y + 17, "无事项", "start", "#555"))
    return _svg("composition", 34 + len(cities) * row, "各市事项状态构成", "；".join(said) or "无", body)


def satisfaction(counts: Sequence[int]) -> Markup:
    """How many follow-up visits gave each score 1–5."""
    top, left, row = max(counts, default=0) or 1, 40, 24
    body = []
    for k, n in enumerate(counts):
        y = 4 + k * row
        body.append(_text(0, y + 15, f"{k + 1} 分"))
        w = (WIDTH - left - 30) * n / top
        body.append(_rect(left, y + 2, w, row - 6, "#1565c0", f"{k + 1} 分 {n} 项"))
        body.append(_text(left + w + 4, y + 15, str(n)))
    said = "，".join(f"{k + 1} 分 {n} 项" for k, n in enumerate(counts))
    return _svg("satisfaction", 4 + len(counts) * row, "回访满意度分布", said, body)
