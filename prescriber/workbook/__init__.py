"""Rules in a spreadsheet: decision tables policy staff write in Excel.

A rule file may be an ``.xlsx`` workbook beside the YAML ones: one sheet per category or service,
one row per rule, one column per cell of a rule (``编号``, ``标题``, ``推荐服务`` or ``排除服务``,
``权重``, ``理由``, ``依据``, ``生效日期`` …) and one per condition, its header naming the field and the
operator (``职工人数 ≥``, ``行业 属于``, ``诉求包含``). :func:`read` turns each sheet into a located
document holding exactly the rules a YAML author would have written, so the loader, the compiler
and the fingerprint treat both alike; :func:`prescriber.workbook.write.export` writes a rule base
as workbooks and :func:`~prescriber.workbook.write.export_yaml` back as YAML. This package is the
only place that imports openpyxl for rules, and only when a workbook is read or written: importing
openpyxl takes a third of a second, which a rule base without workbooks does not pay.
"""

from __future__ import annotations

from prescriber.workbook.read import LIMITS, Limits, SheetDocument, read

__all__ = ["LIMITS", "Limits", "SheetDocument", "read"]
