"""Rules in a spreadsheet: decision tables policy staff write in Excel.

A rule file may be an ``.xlsx`` workbook beside the YAML ones: one sheet per category or service,
one row per rule, one column per cell of a rule (``编号``, ``标题``, ``推荐服务`` or ``排除服务``,
``权重``, ``理由``, ``依据``, ``生效日期`` …) and one per condition, its header naming the field and the
operator (``职工人数 ≥``, ``行业 属于``, ``诉求包含``). :func:`read` turns each sheet into a located
document holding exactly the rules a YAML author would have written, so the loader, the compiler
and the fingerprint treat both alike; :func:`export` writes a rule base as workbooks and
:func:`export_yaml` back as YAML. This package is the only place that imports openpyxl for rules.
"""

from __future__ import annotations

from prescriber.workbook.read import LIMITS, Limits, read
from prescriber.workbook.write import Export, export, export_yaml

__all__ = ["LIMITS", "Export", "Limits", "export", "export_yaml", "read"]
