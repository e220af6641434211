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

from prescriber.batch import CHUNK, Engine, read_frames
from prescriber.compiler import CompiledRule, RuleBook

__all__ = ["Report", "build", "html", "markdown"]


@dataclass(frozen=True)
class Report:
    """The numbers of one population."""

    as_of: date
    enterprises: int
    bad_rows: int
    by_city: pd.DataFrame          # service × city counts
    by_section: pd.DataFrame       # service × industry section counts
    by_size: pd.DataFrame          # service × size class counts
    never_fired: tuple[CompiledRule, ...]
    core_only: pd.DataFrame        # row, id, name, city of the first of them (at most 200 are kept)
    shortlist: pd.DataFrame        # city, rank, row, id, name, services, score
    core_only_count: int = 0       # all of them


_SIZES = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"}
_CORE_ONLY_SHOWN = 200
_AXES = {"region": "city", "section": "section_name", "size": "size_name"}  # enterprise column → report axis


def build(book: RuleBook, source: Path | str, as_of: date, chunk: int = CHUNK, per_city: int = 10) -> Report:
    """Prescribe for every row of ``source`` and count, chunk by chunk: memory stays that of one chunk
    whatever the population — counts are added up in arrays, shortlists merged, the rest let go."""
    engine = Engine(book)
    services = book.catalog.services
    is_core = np.array([s.core for s in services], bool)
    regions = {r.id: r.name for r in book.catalog.regions}
    counts: dict[str, np.ndarray] = {}
    labels: dict[str, list[str]] = {}
    shortlist = _shortlist(pd.DataFrame(), per_city)
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
                name = {"region": regions, "size": _SIZES}.get(column, {})
                labels[axis] = [name.get(c, c) for c in cat.categories] + ["未知"]
                counts[axis] = np.zeros((len(services), len(labels[axis])), np.int64)
            code = cat.codes.to_numpy(np.int64)
            codes[axis] = np.where(code < 0, len(labels[axis]) - 1, code)
            width = len(labels[axis])
            counts[axis] += np.bincount(service * width + codes[axis][at],
                                        minlength=len(services) * width).reshape(len(services), width)
        points = np.bincount(at, weights=result.long["score"].to_numpy()[beyond], minlength=len(people))
        listed = np.bincount(at, minlength=len(people))
        city = np.array(labels["city"], object)[codes["city"]]
        shortlist = _shortlist(pd.concat([shortlist, pd.DataFrame({
            "city": city, "row": people["row"], "id": people["id"], "name": people["name"],
            "services": listed, "score": np.round(points, 2)})[listed > 0]], ignore_index=True), per_city)
        alone = listed == 0
        core_only_count += int(alone.sum())
        if sum(map(len, core_only)) < _CORE_ONLY_SHOWN:
            core_only.append(pd.DataFrame({"row": people["row"], "id": people["id"], "name": people["name"],
                                           "city": city})[alone])
    shown = pd.concat(core_only, ignore_index=True).head(_CORE_ONLY_SHOWN) if core_only else \
        pd.DataFrame(columns=["row", "id", "name", "city"])
    names = [s.name for s in services]
    city, section, size = (_table(counts.get(axis), names, labels.get(axis, [])) for axis in _AXES.values())
    return Report(as_of, enterprises, bad, city, section, size, tuple(r for r in book.rules if r.id not in fired),
                  shown, shortlist.reset_index(drop=True), core_only_count)


def _table(counts: np.ndarray | None, names: list[str], columns: list[str]) -> pd.DataFrame:
    """Service × group counts: only services and groups that occur, groups by name, a 合计 column,
    services by 合计 descending and ties in catalogue order."""
    if counts is None:
        counts = np.zeros((len(names), len(columns)), np.int64)
    table = pd.DataFrame(counts, index=pd.Index(names, name="service_name"), columns=columns)
    table = table.loc[table.sum(axis=1) > 0, table.sum(axis=0) > 0]
    table = table.T.groupby(level=0).sum().T if table.columns.duplicated().any() else table
    table = table[sorted(table.columns)]
    table["合计"] = table.sum(axis=1)
    return table.sort_values("合计", ascending=False, kind="stable")


def _shortlist(totals: pd.DataFrame, per_city: int) -> pd.DataFrame:
    """Per city, the enterprises whose prescriptions carry the most points beyond the core."""
    if totals.empty:
        return pd.DataFrame({"city": pd.Series(dtype=object), "rank": pd.Series(dtype="int64"),
                             "row": pd.Series(dtype="int64"), "id": pd.Series(dtype=object),
                             "name": pd.Series(dtype=object), "services": pd.Series(dtype="int64"),
                             "score": pd.Series(dtype="float64")})
    totals = totals.sort_values(["city", "score", "services", "row"], ascending=[True, False, False, True])
    totals = totals.assign(rank=totals.groupby("city").cumcount() + 1)
    return totals[totals["rank"] <= per_city][["city", "rank", "row", "id", "name", "services", "score"]]


_HEADERS = {"service_name": "服务", "city": "设区市", "section_name": "行业门类", "size_name": "企业规模",
            "rank": "名次", "row": "行号", "id": "编号", "name": "企业名称", "services": "服务项数（不含核心）",
            "score": "得分（不含核心）"}


def _labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with column and index names a caseworker reads."""
    out = frame.rename(columns=_HEADERS)
    out.columns.name = None
    out.index.name = _HEADERS.get(str(frame.index.name), frame.index.name)
    return out


def _md_table(frame: pd.DataFrame, index: bool = True) -> list[str]:
    frame = _labelled(frame)
    cols = ([frame.index.name or ""] if index else []) + [str(c) for c in frame.columns]
    rows = [(([str(i)] if index else []) + [_cell(v) for v in r]) for i, r in zip(frame.index, frame.values.tolist(), strict=True)]
    return ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)] + ["| " + " | ".join(r) + " |" for r in rows]


def _cell(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:g}"
    return "" if v is None else str(v)


def _more(r: Report) -> str:
    return (f"（共 {r.core_only_count:,} 家，这里列出前 {len(r.core_only):,} 家；完整名单：prescriber batch 的宽表中"
            "只有核心服务的行）")


def markdown(r: Report) -> str:
    """The report as Markdown."""
    out = [f"# “1+X”行动企业服务需求报告（{r.as_of}）", "",
           f"- 企业 {r.enterprises:,} 家" + (f"（另有 {r.bad_rows:,} 行数据有误，未计入；"
                                              "`prescriber batch` 的错误表逐行列出）" if r.bad_rows else ""),
           f"- 只开具核心服务的企业 {r.core_only_count:,} 家；从未触发的规则 {len(r.never_fired)} 条", ""]
    for title, table in (("按设区市", r.by_city), ("按行业门类", r.by_section), ("按企业规模", r.by_size)):
        out += [f"## 各项服务开具数量：{title}", "", *_md_table(table), ""]
    out += ["## 各市“1+X”行动建议名单（前 10 家）", "", *_md_table(r.shortlist, index=False), ""]
    out += ["## 只开具核心服务的企业", "", *(_md_table(r.core_only, index=False) if len(r.core_only) else ["（无）"]),
            *(["", _more(r)] if r.core_only_count > len(r.core_only) else []), ""]
    out += ["## 在这批企业中从未触发的规则", ""]
    out += [f"- {x.id}：{x.title}（{x.where}）" for x in r.never_fired] or ["（无）"]
    return "\n".join(out) + "\n"


def _bars(series: pd.Series, width: int = 560) -> str:
    """A horizontal bar chart as inline SVG."""
    top = series.head(15)
    peak = max(float(top.max()), 1.0) if len(top) else 1.0
    row_h, label_w = 22, 230
    height = row_h * len(top) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">']
    for i, (label, value) in enumerate(top.items()):
        y = 5 + i * row_h
        w = (width - label_w - 60) * float(value) / peak
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="12">{escape(str(label))}</text>'
                     f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="15" fill="#b22"/>'
                     f'<text x="{label_w + w + 4:.1f}" y="{y + 15}" font-size="12">{int(value)}</text>')
    return "".join(parts) + "</svg>"


def html(r: Report) -> str:
    """The report as a printable HTML page with bar charts."""
    def table(frame: pd.DataFrame, index: bool = True) -> str:
        return _labelled(frame).to_html(index=index, border=0, classes="t", escape=True)

    body = [f"<h1>“1+X”行动企业服务需求报告（{r.as_of}）</h1>",
            f"<p>企业 {r.enterprises:,} 家" + (f"（另有 {r.bad_rows:,} 行数据有误，未计入）" if r.bad_rows else "")
            + f"；只开具核心服务的企业 {r.core_only_count:,} 家；"
            f"从未触发的规则 {len(r.never_fired)} 条。</p>",
            "<h2>各项服务开具数量（全部企业）</h2>", _bars(r.by_city["合计"])]
    for title, frame in (("按设区市", r.by_city), ("按行业门类", r.by_section), ("按企业规模", r.by_size)):
        body += [f"<h2>{title}</h2>", table(frame)]
    body += ["<h2>各市建议名单（前 10 家）</h2>", table(r.shortlist, index=False),
             "<h2>只开具核心服务的企业</h2>", table(r.core_only, index=False) if len(r.core_only) else "<p>（无）</p>",
             f"<p>{escape(_more(r))}</p>" if r.core_only_count > len(r.core_only) else "",
             "<h2>从未触发的规则</h2><ul>" + "".join(f"<li>{escape(x.id)}：{escape(x.title)}</li>" for x in r.never_fired)
             + "</ul>"]
    style = ("body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;max-width:64rem;margin:2rem auto}"
             "table.t{border-collapse:collapse;font-size:.85rem}table.t td,table.t th{border:1px solid #ccc;"
             "padding:.15rem .4rem;text-align:right}h2{color:#b22}")
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>“1+X”行动企业服务需求报告</title>'
            f"<style>{style}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")
