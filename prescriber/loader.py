"""Files → models, with where everything was written. All problems of all files are collected and
raised once (shape errors are located by :mod:`prescriber.shape`).

Shape only: whether a rule names a known service or a profile a known region is meaning, checked
by :mod:`prescriber.compiler` and :mod:`prescriber.derive`.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prescriber import shape, workbook, yamlsrc
from prescriber.codes import Code
from prescriber.errors import Problem, ProfileError, RuleBaseError, SourceError, place, problem
from prescriber.models import Catalog, CatalogFile, Profile, Rule
from prescriber.shape import suggest

__all__ = [
    "CatalogSource",
    "LoadedProfile",
    "Origin",
    "RuleSource",
    "load_catalog",
    "load_profile",
    "load_rulebase",
    "load_rules",
    "read_rulebase",
    "suggest",
    "yaml_files",
]


@dataclass(frozen=True)
class Origin:
    """Where something was written: a document and the path inside it."""

    doc: yamlsrc.Document
    path: yamlsrc.PathT

    def problem(self, sub: Sequence[Hashable], code: Code, /, *, key: bool = False, **params: Any) -> Problem:
        """A problem at ``sub`` below this origin (``params`` fill its code's message and hint)."""
        return self.doc.locate(problem(code, **params), (*self.path, *sub), key=key)

    def place(self, sub: Sequence[Hashable], draft: Problem, *, key: bool = False) -> Problem:
        """Locate a problem found at ``sub`` below this origin."""
        return self.doc.locate(draft, (*self.path, *sub), key=key)

    def where(self) -> str:
        """``file:line`` of this origin (in a workbook, its row: ``book.xlsx!sheet!A12``)."""
        return place(self.doc.file, self.doc.mark(self.path).line)


@dataclass(frozen=True)
class RuleSource:
    """A rule with where it was written."""

    rule: Rule
    origin: Origin


@dataclass(frozen=True)
class CatalogSource:
    """A catalogue with where each entry was written: ``(section, key, origin)`` in file order."""

    catalog: Catalog
    entries: tuple[tuple[str, str, Origin], ...]


@dataclass(frozen=True)
class LoadedProfile:
    """A profile with its document. When the profile had shape problems, ``profile`` holds the fields
    that were valid (so that their meaning can still be checked in the same run) and ``problems``
    lists what was wrong."""

    profile: Profile
    origin: Origin
    problems: tuple[Problem, ...] = ()


def yaml_files(directory: Path) -> list[Path]:
    """YAML files below ``directory``, sorted, hidden ones skipped."""
    found = [p for ext in ("*.yaml", "*.yml") for p in directory.rglob(ext)]
    return sorted(
        p for p in found if not any(part.startswith(".") for part in p.relative_to(directory).parts)
    )


def _workbooks(directory: Path) -> list[Path]:
    """Workbooks below ``directory``, sorted; hidden ones and Excel's lock files (``~$…``) skipped."""
    return sorted(
        p
        for p in directory.rglob("*.xlsx")
        if not p.name.startswith("~$")
        and not any(part.startswith(".") for part in p.relative_to(directory).parts)
    )


def load_catalog(directory: Path | str) -> CatalogSource:
    """Read every YAML file of a catalogue directory into one :class:`Catalog`."""
    catalog, problems = _catalog(Path(directory))
    if problems or catalog is None:
        raise RuleBaseError(problems)
    return catalog


def load_rules(directory: Path | str) -> tuple[RuleSource, ...]:
    """Read every rule file of a rules directory (or one file)."""
    rules, problems = _rules(Path(directory))
    if problems:
        raise RuleBaseError(problems)
    return rules


def load_rulebase(rules: Path | str, catalog: Path | str) -> tuple[CatalogSource, tuple[RuleSource, ...]]:
    """Read a catalogue and a rule base, collecting the problems of both before raising."""
    cat, problems = _catalog(Path(catalog))
    loaded, rule_problems = _rules(Path(rules), cat.catalog if cat else None)
    problems = problems + rule_problems
    if problems or cat is None:
        raise RuleBaseError(problems)
    return cat, loaded


def read_rulebase(
    rules: Path | str, catalog: Path | str
) -> tuple[CatalogSource | None, tuple[RuleSource, ...], list[Problem]]:
    """Read what can be read: the catalogue (``None`` when it has problems), every rule of the files
    that parsed, and the problems of all files — so that one broken file does not hide the others'."""
    cat, problems = _catalog(Path(catalog))
    loaded, rule_problems = _rules(
        Path(rules), cat.catalog if cat else None
    )  # a workbook's labels are the catalogue's
    return cat, loaded, problems + rule_problems


def load_profile(source: Path | str | dict[str, Any] | Profile | yamlsrc.Document) -> LoadedProfile:
    """A profile from a file path, a mapping, a parsed document, or an already-built :class:`Profile`."""
    if isinstance(source, Profile):
        return LoadedProfile(source, Origin(yamlsrc.Document("<profile>", source.model_dump()), ()))
    if isinstance(source, dict):
        doc = yamlsrc.Document("<profile>", source)
    elif isinstance(source, yamlsrc.Document):
        doc = source
    else:
        try:
            doc = yamlsrc.load(source)
        except SourceError as exc:
            raise ProfileError(exc.problems) from None
    if doc.data is None:
        raise ProfileError([problem(Code.PROFILE_EMPTY, file=doc.file, line=1, column=1)])
    if not isinstance(doc.data, dict):
        raise ProfileError([problem(Code.PROFILE_NOT_MAPPING, file=doc.file, line=1, column=1)])
    model, problems = shape.validate(doc, (), Profile, doc.data)
    if problems:
        model = _salvage(doc.data, problems)
        if model is None:
            raise ProfileError(problems)
    return LoadedProfile(model, Origin(doc, ()), tuple(problems))


def _salvage(data: dict[str, Any], problems: Sequence[Problem]) -> Profile | None:
    """The profile without the fields that had problems, or ``None`` when even that is not valid."""
    bad = {p.path.split(".")[0].split("[")[0] for p in problems}
    kept = {k: v for k, v in data.items() if k not in bad}
    kept.setdefault("name", "（未命名）")
    try:
        return Profile.model_validate(kept)
    except ValueError:
        return None


def _catalog(directory: Path) -> tuple[CatalogSource | None, list[Problem]]:
    docs, problems = _documents(directory, "catalog")
    files: list[CatalogFile] = []
    entries: list[tuple[str, str, Origin]] = []
    named = _category_ids(docs)
    for doc in docs:
        if doc.data is None:
            continue
        if not isinstance(doc.data, dict):
            problems.append(problem(Code.CATALOG_NOT_MAPPING, file=doc.file, line=1, column=1))
            continue
        for service in doc.data.get("services") or ():
            if isinstance(service, dict) and isinstance(service.get("category"), str):
                service["category"] = named.get(service["category"], service["category"])
        model, found = shape.validate(doc, (), CatalogFile, doc.data)
        problems += found
        if model is not None:
            files.append(model)
            entries += _entries(model, doc)
    if problems:
        return None, problems
    return CatalogSource(Catalog.merge(files), tuple(entries)), problems


def _category_ids(docs: list[yamlsrc.Document]) -> dict[str, str]:
    """Category names → ids, so that a service may name its category as staff see it
    (``category: 技能人才培养``); the position of the value is kept, so problems stay located."""
    named: dict[str, str] = {}
    for doc in docs:
        found = doc.data.get("categories") if isinstance(doc.data, dict) else None
        for c in found if isinstance(found, list) else ():
            if isinstance(c, dict) and isinstance(c.get("id"), str) and isinstance(c.get("name"), str):
                named[c["name"]] = c["id"]
    return named


def _entries(model: CatalogFile, doc: yamlsrc.Document) -> list[tuple[str, str, Origin]]:
    out = []
    for section in CatalogFile.model_fields:
        for i, item in enumerate(getattr(model, section)):
            key = getattr(item, "id", None) or getattr(item, "code", None) or getattr(item, "name", "")
            out.append((section, str(key), Origin(doc, (section, i))))
    return out


def _rules(directory: Path, catalog: Catalog | None = None) -> tuple[tuple[RuleSource, ...], list[Problem]]:
    docs, problems = _documents(directory, "rules", catalog)
    count = sum(len(doc.data) for doc in docs if isinstance(doc.data, list))
    if count > MAX_RULES:
        return (), [
            *problems,
            problem(Code.RULES_TOO_MANY, file=str(directory), count=count, limit=MAX_RULES),
        ]
    out: list[RuleSource] = []
    for doc in docs:
        if doc.data is None:
            continue
        if not isinstance(doc.data, list):
            problems.append(problem(Code.RULES_NOT_LIST, file=doc.file, line=1, column=1))
            continue
        for i, item in enumerate(doc.data):
            model, found = shape.validate(doc, (i,), Rule, item)
            problems += found
            if model is not None:
                out.append(RuleSource(model, Origin(doc, (i,))))
    return tuple(out), problems


def _shown(path: Path) -> Path:
    """``path`` relative to the working directory when it lies below it (shorter messages)."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


MAX_BASE_BYTES = 4 * 2**20
"""All the files of one rule base (or one catalogue) together: about 9,000 rules as policy staff write
them (the shipped base is 0.1 MB; 5,000 generated rules are 2.2 MB and load in 1.5 s)."""
MAX_RULES = 10_000
"""Rules in one rule base, counted before any is validated."""


_CODES = {
    "rules": (Code.RULES_NOT_FOUND, Code.RULES_EMPTY, Code.RULES_TOO_LARGE),
    "catalog": (Code.CATALOG_NOT_FOUND, Code.CATALOG_EMPTY, Code.CATALOG_TOO_LARGE),
}


def _documents(
    path: Path, what: str, catalog: Catalog | None = None
) -> tuple[list[yamlsrc.Document], list[Problem]]:
    if not path.exists():
        return [], [problem(_CODES[what][0], file=str(path))]
    files = [path] if path.is_file() else yaml_files(path) + (_workbooks(path) if what == "rules" else [])
    if not files:
        return [], [problem(_CODES[what][1], file=str(path))]
    total = sum(f.stat().st_size for f in files)
    if total > MAX_BASE_BYTES:  # bounded in all, not only per file: three 9 MB files took 100 s and 7 GB
        return [], [
            problem(_CODES[what][2], file=str(path), size=total / 2**20, limit=MAX_BASE_BYTES // 2**20)
        ]
    docs: list[yamlsrc.Document] = []
    problems: list[Problem] = []
    for f in files:
        if f.suffix.lower() == ".xlsx" and what == "rules":  # a workbook: one document per sheet
            sheets, found = workbook.read(_shown(f), catalog)
            docs += sheets
            problems += found
            continue
        try:
            docs.append(yamlsrc.load(_shown(f)))
        except SourceError as exc:
            problems += exc.problems
    return docs, problems
