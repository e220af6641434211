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
from prescriber.render.messages import say, separator
from prescriber.render.text import clip
from prescriber.render.text import width as text_width
from prescriber.sizes import SIZE_LABELS

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
    lang: str = "zh"
    """The language of the labels (services, cities, sections, sizes, total, unknown) the tables carry."""


_SIZES = SIZE_LABELS  # in this order

INFLUENCE = influence_points.POINTS
"""Points of influence for the yearly shortlist (:mod:`prescriber.influence`, shared with the register's
cohort): a fact the catalogue in use does not declare is left out; linked suppliers are read from a
table's ``suppliers`` column."""
_CORE_ONLY_SHOWN = 200
_AXES = {"region": "city", "section": "section_name", "size": "size_name"}  # enterprise column → report axis


def build(
    book: RuleBook,
    source: Path | str,
    as_of: date,
    chunk: int = CHUNK,
    per_city: int = 10,
    lang: str = "zh",
) -> Report:
    """Prescribe for every row of ``source`` and count, chunk by chunk: memory stays that of one chunk
    whatever the population — counts are added up in arrays, shortlists merged, the rest let go. The
    tables are labelled in ``lang``: in English a service and a city by their English names, an
    industry section by its letter and a size class by its id."""
    engine = Engine(book)
    services = book.catalog.services
    is_core = np.array([s.core for s in services], bool)
    zh = lang == "zh"
    regions = {r.id: r.name if zh else (r.name_en or r.id) for r in book.catalog.regions}
    sections = {code: f"{code} {name}" if zh else code for code, name in book.table.sections.items()}
    sizes = _SIZES if zh else {size: size for size in _SIZES}
    unknown = say("report.unknown", lang)
    orders = {
        "city": [regions[r.id] for r in sorted(book.catalog.regions, key=lambda r: r.code)],
        "section_name": [sections[c] for c in sorted(sections)],
        "size_name": list(sizes.values()),
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
                name = {"region": regions, "size": sizes, "section": sections}.get(column, {})
                labels[axis] = [name.get(c, c) for c in cat.categories] + [unknown]
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
    names = [s.name if zh else s.name_en for s in services]
    total = say("report.total", lang)
    city, section, size = (
        _table(counts.get(axis), names, labels.get(axis, []), orders[axis], total) for axis in _AXES.values()
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
        lang,
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


def _table(
    counts: np.ndarray | None, names: list[str], columns: list[str], order: list[str], total: str
) -> pd.DataFrame:
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
    table[total] = table.sum(axis=1)
    return table.sort_values(total, ascending=False, kind="stable")


def _value(v: Any, lang: str) -> str:
    """A fact's value in the formula: a size class by its name, ``True`` as yes, the rest by id."""
    if v in SIZE_LABELS:
        return str(SIZE_LABELS[v]) if lang == "zh" else str(v)
    return say("report.value.yes" if v is True else f"report.value.{v}", lang)


def influence_formula(lang: str = "zh") -> str:
    """:data:`INFLUENCE` in words (the report and the README print it)."""
    sep = separator(lang)
    parts = [
        say(f"report.fact.{f}", lang)
        + ("（" if lang == "zh" else " (")
        + sep.join(f"{_value(v, lang)} {n}" for v, n in points.items())
        + ("）" if lang == "zh" else ")")
        for f, points in INFLUENCE.items()
    ]
    parts.append(
        say(
            "report.fact.suppliers",
            lang,
            per=influence_points.PER_SUPPLIER,
            most=influence_points.MOST_SUPPLIERS,
        )
    )
    return say("report.influence", lang, parts=" + ".join(parts))


def shortlist_rule(lang: str = "zh") -> str:
    """How the shortlist is ordered, in words."""
    return say("report.shortlist-rule", lang, formula=influence_formula(lang))


SHORTLIST_RULE = shortlist_rule()
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


def _labelled(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The frame with column and index names a caseworker reads (the groups are labelled already, in the
    language the report was built in)."""

    def label(name: Any) -> Any:
        return say(f"report.col.{name}", lang) if name in _COLUMNS else name

    out = frame.rename(columns=label)
    out.columns.name = None
    out.index.name = label(str(frame.index.name)) if frame.index.name is not None else None
    return out


_COLUMNS = frozenset(
    (
        "service_name",
        "city",
        "section_name",
        "size_name",
        "rank",
        "row",
        "id",
        "name",
        "influence",
        "services",
        "score",
    )
)


def _md_table(frame: pd.DataFrame, lang: str, index: bool = True) -> list[str]:
    frame = _labelled(frame, lang)
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


def _more(r: Report, lang: str) -> str:
    return say("report.more", lang, total=r.core_only_count, shown=len(r.core_only))


def _axes(r: Report, lang: str) -> list[tuple[str, pd.DataFrame]]:
    return [
        (say("report.by-city", lang), r.by_city),
        (say("report.by-section", lang), r.by_section),
        (say("report.by-size", lang), r.by_size),
    ]


def markdown(r: Report, lang: str | None = None) -> str:
    """The report as Markdown (in the language it was built in, unless another is asked for)."""
    lang = lang or r.lang
    c = "；" if lang == "zh" else "; "
    out = [
        "# " + say("report.heading", lang, title=say("report.title", lang), day=r.as_of),
        "",
        "- "
        + say("report.enterprises", lang, n=r.enterprises)
        + (say("report.bad-md", lang, n=r.bad_rows) if r.bad_rows else ""),
        "- "
        + say("report.core-only-count", lang, n=r.core_only_count)
        + c
        + say("report.never-count", lang, n=len(r.never_fired)),
        "",
    ]
    for title, table in _axes(r, lang):
        out += ["## " + say("report.counts", lang, axis=title), "", *_md_table(table, lang), ""]
    out += [
        "## " + say("report.shortlist", lang),
        "",
        shortlist_rule(lang),
        "",
        *_md_table(r.shortlist, lang, index=False),
        "",
    ]
    out += [
        "## " + say("report.core-only", lang),
        "",
        *(_md_table(r.core_only, lang, index=False) if len(r.core_only) else [say("report.none", lang)]),
        *(["", _more(r, lang)] if r.core_only_count > len(r.core_only) else []),
        "",
    ]
    out += ["## " + say("report.never", lang), ""]
    colon = "：" if lang == "zh" else ": "
    out += [f"- {x.id}{colon}{x.title}{_paren(x.where, lang)}" for x in r.never_fired] or [
        say("report.none", lang)
    ]
    return "\n".join(out) + "\n"


def _paren(text: str, lang: str) -> str:
    return f"（{text}）" if lang == "zh" else f" ({text})"


_PX = 6.5
"""Pixels per display column of a 12 px label (a CJK character takes two columns: 13 px)."""
_LABELS_MAX = 400
"""The widest label column of a bar chart, in pixels: a longer label is cut, whole in its tooltip."""


def _bars(series: pd.Series, bars: int = 270) -> str:
    """A horizontal bar chart as inline SVG: the label column as wide as the widest label (up to
    :data:`_LABELS_MAX`), the longest bar ``bars`` pixels, room for its count after it."""
    top = series.head(15)
    peak = max(float(top.max()), 1.0) if len(top) else 1.0
    labels = [str(label) for label in top.index]
    fits = int((_LABELS_MAX - 6) / _PX)  # display columns
    label_w = 6 + round(min(max((text_width(s) for s in labels), default=0), fits) * _PX)
    row_h, width = 22, label_w + bars + 60
    height = row_h * len(top) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">'
    ]
    for i, (label, value) in enumerate(zip(labels, top.to_numpy(), strict=True)):
        y = 5 + i * row_h
        w = bars * float(value) / peak
        shown = clip(label, fits)
        tip = f"<title>{escape(label)}</title>" if shown != label else ""
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"{tip}{escape(shown)}</text>"
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="15" fill="#b22"/>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 15}" font-size="12">{int(value)}</text>'
        )
    return "".join(parts) + "</svg>"


_STYLE = (
    "*{box-sizing:border-box}"
    "body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;max-width:64rem;"
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


def _html_table(frame: pd.DataFrame, lang: str, index: bool = True) -> str:
    """A table with one header row (the service names a column of their own) and whole numbers shown
    as whole numbers."""
    shown = _labelled(frame, lang)
    if index:
        shown = shown.reset_index()
    shown = shown.map(_cell)
    return '<div class="wrap">' + shown.to_html(index=False, border=0, classes="t", escape=True) + "</div>"


def html(r: Report, lang: str | None = None) -> str:
    """The report as a printable HTML page (A4 landscape) with bar charts (in the language it was built
    in, unless another is asked for)."""
    lang = lang or r.lang
    c = "；" if lang == "zh" else "; "
    title = say("report.title", lang)
    none = f"<p>{escape(say('report.none', lang))}</p>"
    body = [
        f"<h1>{escape(say('report.heading', lang, title=title, day=r.as_of))}</h1>",
        "<p>"
        + escape(
            say("report.enterprises", lang, n=r.enterprises)
            + (say("report.bad-html", lang, n=r.bad_rows) if r.bad_rows else "")
            + c
            + say("report.core-only-count", lang, n=r.core_only_count)
            + c
            + say("report.never-count", lang, n=len(r.never_fired))
        )
        + ("。" if lang == "zh" else ".")
        + "</p>",
        f"<h2>{escape(say('report.counts-all', lang))}</h2>",
        _bars(r.by_city[say("report.total", r.lang)]),
    ]
    for axis, frame in _axes(r, lang):
        body += [f'<h2 class="page">{escape(axis)}</h2>', _html_table(frame, lang)]
    colon = "：" if lang == "zh" else ": "
    body += [
        f'<h2 class="page">{escape(say("report.shortlist-short", lang))}</h2>',
        f"<p>{escape(shortlist_rule(lang))}</p>",
        _html_table(r.shortlist, lang, index=False),
        f'<h2 class="page">{escape(say("report.core-only", lang))}</h2>',
        _html_table(r.core_only, lang, index=False) if len(r.core_only) else none,
        f"<p>{escape(_more(r, lang))}</p>" if r.core_only_count > len(r.core_only) else "",
        f"<h2>{escape(say('report.never-short', lang))}</h2><ul>"
        + "".join(f"<li>{escape(x.id)}{colon}{escape(x.title)}</li>" for x in r.never_fired)
        + "</ul>",
    ]
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title>'
        f"<style>{_STYLE}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )
