"""How an exported sheet looks and helps: bold, frozen headers, widths, and drop-down lists of the
allowed values (data validation) taken from a hidden sheet ``_取值``."""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from typing import Any

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from prescriber.models import SIZE_LABELS, Catalog
from prescriber.models.rules import WEIGHT
from prescriber.operators import Shape
from prescriber.workbook.columns import CELL, YES_NO, Vocabulary, shape

__all__ = ["Lists", "style"]

_WIDTH = {"id": 32, "title": 36, "service": 20, "exclude": 20, "weight": 6, "reason": 48, "source": 24}
_ROWS = 500  # rows below the header that the drop-down lists cover


def style(ws: Any, keys: Sequence[Any], heads: Sequence[str], body: Sequence[Any]) -> None:
    """Bold, coloured, frozen headers and column widths; the cells of ``body`` aligned top and wrapped."""
    fill = PatternFill("solid", fgColor="DDEBF7")
    for i, (k, text) in enumerate(zip(keys, heads, strict=True), start=1):
        cell = ws.cell(1, i)
        cell.font, cell.fill = Font(bold=True), fill
        width = _WIDTH.get(k, 11) if isinstance(k, str) else max(10, 2 * len(text) + 1)
        ws.column_dimensions[get_column_letter(i)].width = width
    for n, cell in enumerate(body):
        if n == 0:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        else:  # the same style, without openpyxl looking it up again for every cell (10× faster)
            cell._style = copy(body[0]._style)
    ws.freeze_panes = "C2"  # the header row and the id and title columns stay in view
    ws.print_title_rows = (
        "1:1"  # printed for review: landscape, as wide as the page, the header on every page
    )
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A3
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_options.gridLines = ws.print_options.headings = True  # on paper too, C12 can be found


class Lists:
    """The hidden sheet ``_取值`` with the allowed values, and drop-down lists that use them."""

    def __init__(self, ws: Any, vocab: Vocabulary, catalog: Catalog) -> None:
        self.ws, self.vocab = ws, vocab
        self.ranges: dict[str, str] = {}
        self.choices = _choices(catalog)
        self.choices["service"] = [n for ident, n in vocab.names.items()] + [
            s.id for s in catalog.services if s.id not in vocab.names
        ]
        self.choices["source"] = [p.id for p in catalog.policies]

    def range(self, key: str) -> str | None:
        values = self.choices.get(key)
        if not values:
            return None
        if key not in self.ranges:
            col = len(self.ranges) + 1
            self.ws.cell(1, col, key)
            for r, v in enumerate(values, start=2):
                self.ws.cell(r, col, v).data_type = "s"
            letter = get_column_letter(col)
            self.ranges[key] = f"'_取值'!${letter}$2:${letter}${len(values) + 1}"
        return self.ranges[key]

    def validate(self, ws: Any, col: int, key: Any) -> None:
        letter = get_column_letter(col)
        cells = f"{letter}2:{letter}{_ROWS + 1}"
        if key == "weight":
            dv = DataValidation(
                type="whole",
                operator="between",
                formula1=str(WEIGHT[0]),
                formula2=str(WEIGHT[1]),
                error=f"权重是 {WEIGHT[0]}–{WEIGHT[1]} 的整数",
                errorTitle="权重",
                showErrorMessage=True,
            )
        elif key in ("service", "exclude"):
            dv = DataValidation(
                type="list",
                formula1=self.range("service"),
                showErrorMessage=True,
                error="从列表中选择服务",
                errorTitle="服务",
            )
        elif key == "source" and self.vocab.policies:
            dv = DataValidation(
                type="list",
                formula1=self.range("source"),
                showErrorMessage=True,
                errorStyle="warning",
                showInputMessage=True,
                prompt="政策登记册中的编号；几份文件用、分隔",
                error="不是登记册中的一个编号（几份文件用、分隔也可以，prescriber validate 会检查）",
                errorTitle="依据",
            )
        elif isinstance(key, tuple):
            name, op = key[1]
            kind = self.vocab.fields[name.lower()][1]
            written = shape(op)
            source = self.range("bool" if kind == "bool" or written is Shape.FLAG else name)
            if source is None or written in (Shape.LIST, Shape.PAIR):
                prompt = CELL.get(written, ("", ""))[0]
                if not prompt:
                    return
                dv = DataValidation(type="custom", formula1="TRUE", showInputMessage=True, prompt=prompt)
            else:
                dv = DataValidation(
                    type="list",
                    formula1=source,
                    showErrorMessage=True,
                    errorStyle="warning",
                    error="不在列表中（同义词也可以写，prescriber validate 会检查）",
                    errorTitle="取值",
                )
        else:
            return
        dv.add(cells)
        ws.add_data_validation(dv)


def _choices(catalog: Catalog) -> dict[str, list[str]]:
    """The allowed values of every field that has a list of them: ids first, then Chinese names."""

    def both(pairs: Sequence[tuple[str, str]]) -> list[str]:
        return list(dict.fromkeys([*(i for i, _ in pairs), *(n for _, n in pairs)]))

    out = {
        "bool": list(YES_NO),
        "industry": [s.code for s in catalog.sections] + [d.code for d in catalog.divisions],
        "region": both([(r.id, r.name) for r in catalog.regions]),
        "ownership": both([(o.id, o.name) for o in catalog.ownerships]),
        "size": both(list(SIZE_LABELS.items())),
        "pain_points": both([(p.id, p.name) for p in catalog.pain_points]),
    }
    for f in catalog.flags:
        if f.type == "choice":
            out[f"flags.{f.id}"] = both([(c.id, c.name) for c in f.choices])
    return out
