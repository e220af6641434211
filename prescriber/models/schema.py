"""JSON Schema of each file type authors write, for editor autocompletion and checking."""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

from prescriber.models.catalog import CatalogFile
from prescriber.models.profile import Profile
from prescriber.models.rules import Rule
from prescriber.models.scenario import Scenario

__all__ = ["KINDS", "json_schema"]

KINDS: dict[str, Any] = {
    "profile": Profile,
    "rules": list[Rule],
    "catalog": CatalogFile,
    "scenarios": list[Scenario],
}


def json_schema(kind: str) -> str:
    """The JSON Schema (draft 2020-12) of ``profile``, ``rules``, ``catalog`` or ``scenarios`` files."""
    body = TypeAdapter(KINDS[kind]).json_schema(by_alias=True)
    body = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": f"prescriber {kind}", **body}
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"
