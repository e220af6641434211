"""The self-assessment form: the choices it offers (from the catalogue's vocabularies) and the profile
it makes of what was filled in. Nothing here decides; the library checks the profile."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from prescriber.errors import Problem
from prescriber.models.catalog import Catalog

__all__ = ["SEVERITIES", "Choices", "choices", "labels", "profile_from_form", "profile_json", "said"]

SEVERITIES = ((0, "不涉及"), (1, "1 轻微"), (2, "2 较轻"), (3, "3 一般"), (4, "4 较重"), (5, "5 严重"))


@dataclass(frozen=True)
class Choices:
    """What the form offers, in catalogue order."""

    catalog: Catalog
    industries: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]  # section, its name, (code, name)


def choices(catalog: Catalog) -> Choices:
    """The form's choices for a catalogue."""
    industries = tuple(
        (s.code, s.name, tuple((d.code, d.name) for d in catalog.divisions if d.section == s.code))
        for s in catalog.sections
    )
    return Choices(catalog, industries)


def labels(catalog: Catalog) -> dict[str, str]:
    """The form's label of each profile field, so that a problem names what the person filled in."""
    out = {
        "name": "企业名称",
        "credit_code": "统一社会信用代码",
        "region": "所在地区",
        "industry": "所属行业",
        "ownership": "企业类型",
        "employees": "职工人数",
        "revenue": "上年营业收入",
        "assets": "资产总额",
        "pain_points": "遇到的困难",
        "flags": "制度和资质",
        "metrics": "关键指标",
    }
    out |= {f"flags.{f.id}": f.name for f in catalog.flags}
    out |= {f"metrics.{m.id}": m.name for m in catalog.metrics}
    return out


def profile_from_form(form: Mapping[str, str], catalog: Catalog) -> dict[str, Any]:
    """A profile mapping from form fields: only what was filled in (an empty field stays unknown). What
    the form's controls cannot give (a blank name, a severity outside 1–5, a yes/no flag neither) goes
    to the library as written, which says what is wrong: nothing is stored under a made-up name and no
    answer is dropped unsaid."""

    def get(key: str) -> str:
        return (form.get(key) or "").strip()

    profile: dict[str, Any] = {"name": get("name")}
    for key in ("credit_code", "region", "industry", "ownership"):
        if get(key):
            profile[key] = get(key)
    for key in ("employees", "revenue", "assets"):
        if get(key):
            profile[key] = _number(get(key), integer=key == "employees")
    pains = [
        {"id": p.id, "severity": int(sev) if sev.isascii() and sev.isdigit() else sev}
        for p in catalog.pain_points
        if (sev := get(f"pain.{p.id}")) not in ("", str(SEVERITIES[0][0]))  # 不涉及: left out
    ]
    if pains:
        profile["pain_points"] = pains
    flags: dict[str, Any] = {}
    for f in catalog.flags:
        value = get(f"flag.{f.id}")
        if f.type == "bool" and value in ("true", "false"):
            flags[f.id] = value == "true"
        elif value:
            flags[f.id] = value
    if flags:
        profile["flags"] = flags
    metrics = {
        m.id: _number(get(f"metric.{m.id}"), m.integer) for m in catalog.metrics if get(f"metric.{m.id}")
    }
    if metrics:
        profile["metrics"] = metrics
    return profile


def said(problem: Problem, profile: Mapping[str, Any], catalog: Catalog) -> tuple[str, str]:
    """How the form page words ``problem`` of the ``profile`` it sent: the label the person filled in (a
    pain point by its name) and the message without the profile's key it starts with
    (``credit_code: 统一社会信用代码无效…`` → ``统一社会信用代码无效…``)."""
    path = problem.path
    names = labels(catalog)
    label = names.get(path) or names.get(path.split("[")[0]) or path
    found = re.fullmatch(r"pain_points\[(\d+)\](?:\..*)?", path)
    pains = profile.get("pain_points") or []
    if found and int(found[1]) < len(pains):
        pain = next((x for x in catalog.pain_points if x.id == pains[int(found[1])].get("id")), None)
        label = f"{label}：{pain.name}" if pain else label
    key = re.split(r"[.\[]", path)[-1].rstrip("]") if path else ""
    message = problem.message
    if key and message.startswith(f"{key}: "):
        message = message[len(key) + 2 :]
    return label, message


def profile_json(profile: Mapping[str, Any]) -> str:
    """The profile as the JSON text the register keeps."""
    return json.dumps(profile, ensure_ascii=False, indent=2) + "\n"


def _number(text: str, integer: bool) -> int | float | str:
    # A value that is not a number goes to the library as written: it says what is wrong and where.
    cleaned = text.replace(",", "").replace("，", "")
    try:
        value = float(cleaned)
    except ValueError:
        return text
    if value != value or value in (float("inf"), float("-inf")):
        return text
    return int(value) if integer and value.is_integer() else value
