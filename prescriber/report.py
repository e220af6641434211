"""The population report for a year's "1+X" action: services prescribed per city, industry and size
class; rules that never fired; enterprises that got nothing but the core; a ranked shortlist of ten
enterprises per city. Markdown, or HTML with bar charts (inline SVG, no script, printable)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from prescriber import influence as influence_points
from prescriber.batch import CHUNK, Engine, read_frames
from prescriber.compiler import CompiledRule, RuleBook

__all__ = ["Report", "build", "html", "markdown"]


@dataclass(frozen=True)
class Report:
    """The numbers of one population."""

    as_of: date
    enterprises: int
    bad_rows: int
    by_city: pd.DataFrame  # service × city counts
    by_section: pd.DataFrame  # service × industry section counts
    by_size: pd.DataFrame  # service × size class counts
    never_fired: tuple[CompiledRule, ...]
    core_only: pd.DataFrame  # row, id, name, city of the first of them (at most 200 are kept)
    shortlist: pd.DataFrame  # city, rank, row, id, name, influence, services, score
    core_only_count: int = 0  # all of them


_SIZES = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"}  # in this order

INFLUENCE = influence_points.POINTS
"""Points of influence for the yearly shortlist (:mod:`prescriber.influence`, shared with the register's
cohort): a fact the catalogue in use does not declare is left out; linked suppliers are read from a
table's ``suppliers`` column."""
_CORE_ONLY_SHOWN = 200
_AXES = {"region": "city", "section": "section_name", "size": "size_name"}  # enterprise column → report axis


def build(book: RuleBook, source: Path | str, as_of: date, chunk: int = CHUNK, per_city: int = 10) -> Report:
    """Prescribe for every row of ``source`` and count, chunk by chunk: memory stays that of one chunk
    whatever the population — counts are added up in arrays, shortlists merged, the rest let go."""
    engine = Engine(book)
    services = book.catalog.services
    is_core = np.array([s.core for s in services], bool)
    regions = {r.id: r.name for r in book.catalog.regions}
    sections = {code: f"{code} {name}" for code, name in book.table.sections.items()}
    orders = {
        "city": [regions[r.id] for r in sorted(book.catalog.regions, key=lambda r: r.code)],
        "section_name": [sections[c] for c in sorted(sections)],
        "size_name": list(_SIZES.values()),
    }
    counts: dict[str, np.ndarray] = {}
    labels: dict[str, list[str]] = {}
    shortlist = _shortlist(pd.DataFrame(), per_city, [])
    core_only: list[pd.DataFrame] = []
    fired: set[str] = set()
    enterprises = bad = core_only_count = 0
    first = 1
    for frame in read_frames(source, chunk):
        result = engine.run(frame, as_of, None, first, str(source))
        first += len(frame)
        fired |= set(result.fired)
        bad += result.bad
        people = result.enterprises
        enterprises += len(people)
        # each listed service beyond the core, with the position of its enterprise in ``people``
        service = result.long["service"].cat.codes.to_numpy(np.int64)
        beyond = ~is_core[service]
        service = service[beyond]
        at = np.searchsorted(people["row"].to_numpy(), result.long["row"].to_numpy()[beyond])
        codes = {}
        for column, axis in _AXES.items():
            cat = people[column].cat
            if axis not in labels:  # the categories are the rule book's: the same in every chunk
                name = {"region": regions, "size": _SIZES, "section": sections}.get(column, {})
                labels[axis] = [name.get(c, c) for c in cat.categories] + ["未知"]
                counts[axis] = np.zeros((len(services), len(labels[axis])), np.int64)
            code = cat.codes.to_numpy(np.int64)
            codes[axis] = np.where(code < 0, len(labels[axis]) - 1, code)
            width = len(labels[axis])
            counts[axis] += np.bincount(
                service * width + codes[axis][at], minlength=len(services) * width
            ).reshape(len(services), width)
        points = np.bincount(at, weights=result.long["score"].to_numpy()[beyond], minlength=len(people))
        listed = np.bincount(at, minlength=len(people))
        city = np.array(labels["city"], object)[codes["city"]]
        shortlist = _shortlist(
            pd.concat(
                [
                    shortlist,
                    pd.DataFrame(
                        {
                            "city": city,
                            "row": people["row"],
                            "id": people["id"],
                            "name": people["name"],
                            "influence": influence(people),
                            "services": listed,
                            "score": np.round(points, 2),
                        }
                    )[listed > 0],
                ],
                ignore_index=True,
            ),
            per_city,
            orders["city"],
        )
        alone = listed == 0
        core_only_count += int(alone.sum())
        if sum(map(len, core_only)) < _CORE_ONLY_SHOWN:
            core_only.append(
                pd.DataFrame(
                    {"row": people["row"], "id": people["id"], "name": people["name"], "city": city}
                )[alone]
            )
    shown = (
        pd.concat(core_only, ignore_index=True).head(_CORE_ONLY_SHOWN)
        if core_only
        else pd.DataFrame(columns=["row", "id", "name", "city"])
    )
    names = [s.name for s in services]
    city, section, size = (
        _table(counts.get(axis), names, labels.get(axis, []), orders[axis]) for axis in _AXES.values()
    )
    return Report(
        as_of,
        enterprises,
        bad,
        city,
        section,
        size,
        tuple(r for r in book.rules if r.id not in fired),
        shown,
        shortlist.reset_index(drop=True),
        core_only_count,
    )


def influence(people: pd.DataFrame) -> np.ndarray:
    """Each enterprise's points of :data:`INFLUENCE` (0 for what is unknown or not declared)."""
    total = np.zeros(len(people), np.int64)
    if "in_sishang" in people.columns:  # 规上 / 限上 by the figures, or stated: in the 四上 directory
        listed = people["in_sishang"].astype(object).eq(True)
        above = people["above_scale"].astype(object).eq(True) if "above_scale" in people.columns else False
        people = people.assign(above_scale=listed | above)
    for column, points in INFLUENCE.items():
        if column in people.columns:
            total += people[column].astype(object).map(points).fillna(0).to_numpy(np.int64)
    if "suppliers" in people.columns:
        linked = people["suppliers"].to_numpy(np.int64).clip(0, influence_points.MOST_SUPPLIERS)
        total += influence_points.PER_SUPPLIER * linked
    return total


def _table(counts: np.ndarray | None, names: list[str], columns: list[str], order: list[str]) -> pd.DataFrame:
    """Service × group counts: only services and groups that occur, groups in ``order`` (division code,
    大中小微, section letter; 未知 last), a 合计 column, services by 合计 descending and ties in catalogue
    order."""
    if counts is None:
        counts = np.zeros((len(names), len(columns)), np.int64)
    table = pd.DataFrame(counts, index=pd.Index(names, name="service_name"), columns=columns)
    table = table.loc[table.sum(axis=1) > 0, table.sum(axis=0) > 0]
    table = table.T.groupby(level=0).sum().T if table.columns.duplicated().any() else table
    place = {label: k for k, label in enumerate(order)}
    table = table[sorted(table.columns, key=lambda c: (place.get(c, len(place)), c))]
    table["合计"] = table.sum(axis=1)
    return table.sort_values("合计", ascending=False, kind="stable")


def influence_formula() -> str:
    """:data:`INFLUENCE` in words (the report and the README print it)."""
    return influence_points.formula()


SHORTLIST_RULE = (
    f"排序：先按{influence_formula()}，影响力相同再按需求得分（核心之外开具的服务的得分之和），再按服务项数。"
)
_SHORTLIST = ["city", "rank", "row", "id", "name", "influence", "score", "services"]


def _shortlist(totals: pd.DataFrame, per_city: int, cities: list[str]) -> pd.DataFrame:
    """Per city (in division-code order), the enterprises of most influence (:func:`influence`), and
    among equals those whose prescriptions carry the most points beyond the core (need), then more
    services, then the earlier row."""
    if totals.empty:
        return pd.DataFrame(
            {
                "city": pd.Series(dtype=object),
                "rank": pd.Series(dtype="int64"),
                "row": pd.Series(dtype="int64"),
                "id": pd.Series(dtype=object),
                "name": pd.Series(dtype=object),
                "influence": pd.Series(dtype="int64"),
                "score": pd.Series(dtype="float64"),
                "services": pd.Series(dtype="int64"),
            }
        )
    place = {c: k for k, c in enumerate(cities)}
    totals = totals.assign(_city=totals["city"].map(lambda c: place.get(c, len(place))))
    totals = totals.sort_values(
        ["_city", "influence", "score", "services", "row"], ascending=[True, False, False, False, True]
    )
    totals = totals.assign(rank=totals.groupby("_city").cumcount() + 1)
    return totals[totals["rank"] <= per_city][_SHORTLIST]


_HEADERS = {
    "service_name": "服务",
    "city": "设区市",
    "section_name": "行业门类",
    "size_name": "企业规模",
    "rank": "名次",
    "row": "行号",
    "id": "编号",
    "name": "企业名称",
    "influence": "影响力",
    "services": "服务项数（不含核心）",
    "score": "需求得分（不含核心）",
}


def _labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with column and index names a caseworker reads."""
    out = frame.rename(columns=_HEADERS)
    out.columns.name = None
    out.index.name = _HEADERS.get(str(frame.index.name), frame.index.name)
    return out


def _md_table(frame: pd.DataFrame, index: bool = True) -> list[str]:
    frame = _labelled(frame)
    cols = ([frame.index.name or ""] if index else []) + [str(c) for c in frame.columns]
    rows = [
        (([str(i)] if index else []) + [_cell(v) for v in r])
        for i, r in zip(frame.index, frame.values.tolist(), strict=True)
    ]
    return ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)] + [
        "| " + " | ".join(r) + " |" for r in rows
    ]


def _cell(v: Any) -> str:
    if isinstance(v, float | np.floating):
        return f"{int(v)}" if float(v).is_integer() else f"{float(v):.2f}".rstrip("0")
    return "" if v is None else str(v)


def _more(r: Report) -> str:
    return (
        f"（共 {r.core_only_count:,} 家，这里列出前 {len(r.core_only):,} 家；完整名单：prescriber batch 的宽表中"
        "只有核心服务的行）"
    )


def markdown(r: Report) -> str:
    """The report as Markdown."""
    out = [
        f"# “1+X”行动企业服务需求报告（{r.as_of}）",
        "",
        f"- 企业 {r.enterprises:,} 家"
        + (
            f"（另有 {r.bad_rows:,} 行数据有误，未计入；`prescriber batch` 的错误表逐行列出）"
            if r.bad_rows
            else ""
        ),
        f"- 只开具核心服务的企业 {r.core_only_count:,} 家；从未触发的规则 {len(r.never_fired)} 条",
        "",
    ]
    for title, table in (("按设区市", r.by_city), ("按行业门类", r.by_section), ("按企业规模", r.by_size)):
        out += [f"## 各项服务开具数量：{title}", "", *_md_table(table), ""]
    out += [
        "## 各市“1+X”行动建议名单（前 10 家）",
        "",
        SHORTLIST_RULE,
        "",
        *_md_table(r.shortlist, index=False),
        "",
    ]
    out += [
        "## 只开具核心服务的企业",
        "",
        *(_md_table(r.core_only, index=False) if len(r.core_only) else ["（无）"]),
        *(["", _more(r)] if r.core_only_count > len(r.core_only) else []),
        "",
    ]
    out += ["## 在这批企业中从未触发的规则", ""]
    out += [f"- {x.id}：{x.title}（{x.where}）" for x in r.never_fired] or ["（无）"]
    return "\n".join(out) + "\n"


def _bars(series: pd.Series, width: int = 560) -> str:
    """A horizontal bar chart as inline SVG."""
    top = series.head(15)
    peak = max(float(top.max()), 1.0) if len(top) else 1.0
    row_h, label_w = 22, 230
    height = row_h * len(top) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">'
    ]
    for i, (label, value) in enumerate(top.items()):
        y = 5 + i * row_h
        w = (width - label_w - 60) * float(value) / peak
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="12">{escape(str(label))}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="15" fill="#b22"/>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 15}" font-size="12">{int(value)}</text>'
        )
    return "".join(parts) + "</svg>"


_STYLE = (
    "*{box-sizing:border-box}body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;max-width:64rem;"
    "margin:2rem auto;padding:0 1rem;color:#222}h2{color:#b22;break-after:avoid}"
    ".wrap{overflow-x:auto}table.t{border-collapse:collapse;font-size:.85rem}"
    "table.t td,table.t th{border:1px solid #ccc;padding:.15rem .4rem;text-align:right}"
    "table.t th{background:#f4f4f4;white-space:nowrap}table.t td{white-space:nowrap}"
    "table.t td:first-child,table.t th:first-child{text-align:left;white-space:normal;min-width:9em}"
    "svg{max-width:100%;height:auto}"
    "@page{size:A4 landscape;margin:12mm}"
    "@media print{body{margin:0;max-width:none;padding:0;font-size:9pt}table.t{font-size:8pt}"
    ".wrap{overflow:visible}thead{display:table-header-group}tr{break-inside:avoid}"
    "h2.page{break-before:page}}"
)


def _html_table(frame: pd.DataFrame, index: bool = True) -> str:
    """A table with one header row (the service names a column of their own) and whole numbers shown
    as whole numbers."""
    shown = _labelled(frame)
    if index:
        shown = shown.reset_index()
    shown = shown.map(_cell)
    return '<div class="wrap">' + shown.to_html(index=False, border=0, classes="t", escape=True) + "</div>"


def html(r: Report) -> str:
    """The report as a printable HTML page (A4 landscape) with bar charts."""
    body = [
        f"<h1>“1+X”行动企业服务需求报告（{r.as_of}）</h1>",
        f"<p>企业 {r.enterprises:,} 家"
        + (f"（另有 {r.bad_rows:,} 行数据有误，未计入）" if r.bad_rows else "")
        + f"；只开具核心服务的企业 {r.core_only_count:,} 家；"
        f"从未触发的规则 {len(r.never_fired)} 条。</p>",
        "<h2>各项服务开具数量（全部企业）</h2>",
        _bars(r.by_city["合计"]),
    ]
    for title, frame in (("按设区市", r.by_city), ("按行业门类", r.by_section), ("按企业规模", r.by_size)):
        body += [f'<h2 class="page">{title}</h2>', _html_table(frame)]
    body += [
        '<h2 class="page">各市建议名单（前 10 家）</h2>',
        f"<p>{escape(SHORTLIST_RULE)}</p>",
        _html_table(r.shortlist, index=False),
        '<h2 class="page">只开具核心服务的企业</h2>',
        _html_table(r.core_only, index=False) if len(r.core_only) else "<p>（无）</p>",
        f"<p>{escape(_more(r))}</p>" if r.core_only_count > len(r.core_only) else "",
        "<h2>从未触发的规则</h2><ul>"
        + "".join(f"<li>{escape(x.id)}：{escape(x.title)}</li>" for x in r.never_fired)
        + "</ul>",
    ]
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>“1+X”行动企业服务需求报告</title>'
        f"<style>{_STYLE}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )
