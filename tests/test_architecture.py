"""The import layers of design.md §2, enforced: a module imports only from layers below it, and each
heavy or hazardous dependency sits behind exactly one place."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "prescriber"

# Refines design.md §2 so that every import points strictly downwards (same-layer imports in the
# design table, e.g. explain → rank, become adjacent layers here).
LAYERS = {
    "codes": -1,  # every problem code, declared once (errors builds problems from it)
    "errors": 0,
    "version": 0,
    "uscc": 0,
    "natural": 0,
    "limits": 0,  # the size limits of input, once
    "dates": 0.5,  # in force on a day, and a day read from text, once (errors only)
    "influence": 0,  # the yearly selection's points: pure data, read by report and register
    "yamlsrc": 1,
    "models": 1,
    "outputs": 1,
    "operators": 0.5,  # every condition operator declared once: below the models that name them
    "semantics": 2,
    "normal": 2.2,  # the normal form (typed atoms, exact lowering, facts as properties): below engine/lint/vector
    "shape": 2,
    "workbook": 2.5,  # rules in a spreadsheet: below the loader that reads it, above shape (did-you-mean)
    "loader": 3,
    "citations": 3.5,  # between the loader and the compiler
    "fields": 3,
    "sizes": 3,
    "authoring": 3.5,  # the compiler's messages to authors: reads fields and loader, used by compiler only
    "derive": 4,
    "compiler": 4,
    "engine": 5,
    "schemas": 5,
    "vector": 6,
    "rank": 6,
    "lint": 6,
    "questions": 7,
    "explain": 8,
    "render": 8,
    "batch": 8,
    "api": 9,
    "scenarios": 10,
    "coverage": 10,
    "changes": 10,
    "report": 10,
    "cluster": 10,
    "register": 10,
    "http": 11,
    "cli": 12,
    "__init__": 13,
    "__main__": 13,
}
# Third-party modules allowed only in these places.
CONFINED = {
    "durable_rules_engine": {"engine.durable"},
    "durable": set(),
    "yaml": {"yamlsrc"},
    "pandas": {"vector", "batch", "report"},
    "pyarrow": {"batch"},
    "dask": {"cluster"},
    "distributed": {"cluster"},
    "tqdm": {"cli"},
    "numpy": {"vector", "batch", "report"},
    "wcwidth": {"render.text"},
    "pydantic": {"models", "shape", "http.schemas"},
    # The service side (design.md §7): only the register knows SQL; only http knows the web framework.
    "sqlalchemy": {"register"},
    "alembic": {"register"},
    "psycopg": set(),
    "fastapi": {"http"},
    "starlette": {"http"},
    "fastapi_offline": {"http.docs"},
    "jinja2": {"http.pages"},
    "uvicorn": {"cli.service"},
    "watchfiles": {"http.watch"},
    "openpyxl": {
        "workbook",
        "batch",
        "register.assess",
    },  # rules in workbooks; tables in and out; the assessment form
    "pydantic_core": {"models"},
}


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).with_suffix("")
        parts = [p for p in rel.parts if p != "__init__"] or ["__init__"]
        out.append((".".join(parts), path))
    return out


def _imports(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "prescriber":
                found += [(f"prescriber.{a.name}", node.lineno) for a in node.names]
            else:
                found.append((node.module, node.lineno))
    return found


def _layer(module: str) -> int:
    top = module.split(".")[0]
    assert top in LAYERS, f"module prescriber.{module} has no layer: add it to LAYERS (and design.md)"
    return LAYERS[top]


@pytest.mark.parametrize(("module", "path"), _modules(), ids=[m for m, _ in _modules()])
def test_imports_point_downwards(module: str, path: Path) -> None:
    mine = _layer(module)
    for name, line in _imports(path):
        if not name.startswith("prescriber."):
            continue
        target = name.removeprefix("prescriber.")
        group = module.split(".")[0]
        if target.split(".")[0] == group and (PACKAGE / group).is_dir():
            continue  # inside one package
        assert _layer(target) < mine, (
            f"{path.name}:{line}: prescriber.{module} (layer {mine}) imports {name} (layer {_layer(target)})"
        )


@pytest.mark.parametrize(("module", "path"), _modules(), ids=[m for m, _ in _modules()])
def test_heavy_dependencies_are_confined(module: str, path: Path) -> None:
    for name, line in _imports(path):
        top = name.split(".")[0]
        if top in CONFINED:
            allowed = CONFINED[top]
            assert module in allowed or module.split(".")[0] in allowed, (
                f"{path.name}:{line}: {name} may only be imported in {sorted(allowed) or 'nowhere'}"
            )


# A module has one job; this bound only catches one that has quietly taken a second (issue 17: split by
# responsibility, not by a line budget — 320 pushed code sideways into layers of its own). Counted on
# `ruff format`-ed code, which spends lines on call arguments one per line.
MODULE_LINES = 600


def test_every_module_is_small() -> None:
    too_big = {
        m: n for m, p in _modules() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MODULE_LINES
    }
    assert not too_big, f"modules over {MODULE_LINES} lines (split by responsibility): {too_big}"


def test_http_is_a_thin_adapter() -> None:
    """design.md §7: the web layer calls the library's API; it never reaches the engines or the database."""
    for module, path in _modules():
        if module.split(".")[0] != "http":
            continue
        for name, line in _imports(path):
            target = name.removeprefix("prescriber.").split(".")[0]
            assert target not in {"engine", "vector", "compiler"}, f"{path.name}:{line}: http imports {name}"
            assert name.split(".")[0] not in {"sqlalchemy", "psycopg", "sqlite3"}, (
                f"{path.name}:{line}: {name}"
            )
