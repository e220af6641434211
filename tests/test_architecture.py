"""The import layers of design.md §2, enforced: a module imports only from layers below it, and each
heavy or hazardous dependency sits behind exactly one place."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "prescriber"

# Six named tiers, drawn in the README ("How it works"). A module imports only from an earlier tier, or
# from an earlier step of its own tier; modules in one step do not import each other. This refines
# design.md §2 so that every import points strictly downwards.
TIERS: tuple[tuple[str, tuple[frozenset[str], ...]], ...] = (
    (
        "foundation",  # plain facts every tier reads: codes, limits, dates, operators
        (
            frozenset({"codes"}),
            frozenset({"errors", "version", "uscc", "natural", "limits", "influence"}),
            frozenset({"dates", "operators"}),
        ),
    ),
    (
        "reading",  # text → located, typed models; the meaning of a condition and its normal form
        (
            frozenset({"yamlsrc", "models", "outputs"}),
            frozenset({"semantics", "shape"}),
            frozenset({"normal"}),
            frozenset({"workbook"}),
        ),
    ),
    (
        "rule book",  # files → an immutable, fingerprinted RuleBook; a profile → facts
        (
            frozenset({"loader", "fields", "sizes"}),
            frozenset({"citations", "authoring"}),
            frozenset({"derive", "compiler"}),
        ),
    ),
    (
        "prescribing",  # match, rank, check, explain and present; tables in chunks
        (
            frozenset({"engine", "schemas"}),
            frozenset({"vector", "rank", "lint", "wording"}),
            frozenset({"needs", "questions"}),
            frozenset({"explain", "render", "batch"}),
        ),
    ),
    (
        "library",  # the public API and what is built on it, the register included
        (
            frozenset({"api"}),
            frozenset({"scenarios", "coverage", "changes", "report", "cluster", "register"}),
        ),
    ),
    (
        "service",  # the web service and the command line
        (frozenset({"http"}), frozenset({"cli"}), frozenset({"__init__", "__main__"})),
    ),
)
LAYERS = {
    module: (t, k) for t, (_, steps) in enumerate(TIERS) for k, step in enumerate(steps) for module in step
}
"""Each top-level module's place: (tier, step), compared in that order."""


def _where(module: str) -> str:
    t, k = LAYERS[module.split(".")[0]]
    return f"{TIERS[t][0]} {k + 1}"


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


def _layer(module: str) -> tuple[int, int]:
    top = module.split(".")[0]
    assert top in LAYERS, f"module prescriber.{module} has no tier: add it to TIERS (and the README)"
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
            f"{path.name}:{line}: prescriber.{module} (tier {_where(module)}) imports {name} "
            f"(tier {_where(target)})"
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
