"""A rule as YAML text, the way the shipped files are written (block keys, one condition a line, flow
style for operators and lists), so a workbook can go back to YAML. Every text is read back with
:mod:`prescriber.yamlsrc` and must give the same data; a rule that would not is written as JSON,
which YAML reads as it is (escaped, so even a control character a cell held survives)."""

from __future__ import annotations

import json
import re
from typing import Any

from prescriber import yamlsrc
from prescriber.errors import SourceError

__all__ = ["condition_yaml", "rule_yaml"]

_ORDER = (
    "id",
    "title",
    "service",
    "weight",
    "exclude",
    "when",
    "reason",
    "source",
    "valid_from",
    "valid_until",
    "supersedes",
)
_UNSAFE = re.compile(r"[:#{}\[\],&*!|>'\"%@`\n\t]|^[-?~ ]|\s$")


def rule_yaml(rule: dict[str, Any]) -> str:
    """One list item (``- id: …``) that :mod:`prescriber.yamlsrc` reads back as ``rule``."""
    text = _block(rule)
    try:
        if yamlsrc.loads(text).data == [rule]:
            return text
    except SourceError:
        pass
    return "- " + _json(rule) + "\n"


def _block(rule: dict[str, Any]) -> str:
    keys = [k for k in _ORDER if k in rule] + [k for k in rule if k not in _ORDER]
    lines = []
    for n, key in enumerate(keys):
        lead = "- " if n == 0 else "  "
        if key != "when":
            lines.append(f"{lead}{key}: {_scalar(rule[key])}")
            continue
        when = rule["when"]
        if isinstance(when, dict) and list(when) == ["all"] and isinstance(when["all"], list):
            lines += [
                f"{lead}when:",
                "    all:",
                *(f"      - {condition_yaml(leaf)}" for leaf in when["all"]),
            ]
        else:
            lines += (
                [f"{lead}when:", f"    {condition_yaml(when)}"]
                if _is_leaf(when)
                else [f"{lead}when: {_json(when)}"]
            )
    return "\n".join(lines) + "\n"


def _is_leaf(node: Any) -> bool:
    return isinstance(node, dict) and len(node) == 1 and next(iter(node)) not in ("all", "any", "not")


def condition_yaml(node: Any) -> str:
    """``field: value`` or ``field: {op: value}``, as the shipped files write a condition."""
    if not _is_leaf(node):
        return _json(node)
    ((name, test),) = node.items()
    if isinstance(test, dict):
        inner = ", ".join(f"{op}: {_value(v)}" for op, v in test.items())
        return f"{name}: {{{inner}}}"
    return f"{name}: {_value(test)}"


def _value(v: Any) -> str:
    if isinstance(v, list):
        return "[" + ", ".join(_scalar(x) for x in v) + "]"
    return _scalar(v)


def _scalar(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, str) and v and not _UNSAFE.search(v) and _plain_is_text(v):
        return v
    return _json(v)


def _plain_is_text(v: str) -> bool:
    """Whether ``v`` written bare stays this text (not a number, a boolean, null, or a code like 06)."""
    try:
        return bool(yamlsrc.loads(f"k: {v}\n").data == {"k": v}) and not v[0].isdigit()
    except SourceError:
        return False


_NOT_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")  # not printable in YAML, or a line break


def _json(v: Any) -> str:
    """JSON, which YAML reads as flow style, with what YAML cannot hold as it is escaped."""
    return _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(v, ensure_ascii=False))
