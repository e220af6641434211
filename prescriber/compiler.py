"""Rules and catalogue → :class:`RuleBook`: every cross-check of meaning, once, with locations.

Unknown services, fields and vocabulary values (with did-you-mean), duplicate ids, operators that
do not fit a field, values of the wrong type or outside a field's range, placeholders in reasons
that name no field, vetoes of core services. Vocabulary values are normalised to ids, so a rule may
say ``技能人才短缺`` where the vocabulary id is ``skill-shortage``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, Literal

from prescriber import authoring
from prescriber.authoring import fullwidth_hint, placeholders
from prescriber.citations import check_citations, cited, source_label
from prescriber.codes import Code, Phrase, field_name, meant, phrases
from prescriber.dates import in_force
from prescriber.errors import Problem, RuleBaseError, place, problem
from prescriber.fields import FieldSpec, FieldTable, field_table, industry_by_name, parse_industry
from prescriber.loader import CatalogSource, Origin, RuleSource
from prescriber.models import Catalog, Group, Test
from prescriber.operators import BARE, BY_KIND, OPERATORS, Name, Shape, pattern_problem
from prescriber.semantics import Cond, Expr, Pool, conjuncts, fields_of, interned, named_pains
from prescriber.semantics import Group as SGroup
from prescriber.shape import suggest

__all__ = [
    "MEMO_MAX",
    "OPS_BY_KIND",
    "CompiledRule",
    "RuleBook",
    "compile_rulebook",
    "placeholders",
    "remember",
]

OPS_BY_KIND = BY_KIND  # the operators each kind of field takes: prescriber.operators, read from there


@dataclass(frozen=True)
class CompiledRule:
    """A rule ready to evaluate."""

    id: str
    title: str
    effect: Literal["recommend", "exclude"]
    service: str
    weight: int
    expr: Expr
    reason: str
    source: str | None
    valid_from: date | None
    valid_until: date | None
    file: str
    line: int
    fields: frozenset[str]
    pains: frozenset[str]
    supersedes: str | None = None
    cited: tuple[
        tuple[str, date | None, date | None], ...
    ] = ()  # register entries in ``source``: id, from, until

    @property
    def where(self) -> str:
        """``file:line`` where the rule is written (in a workbook, its row: ``book.xlsx!sheet!A12``)."""
        return place(self.file, self.line)

    @cached_property
    def conjuncts(self) -> tuple[Cond, ...] | None:
        """Its conditions when it is a plain conjunction (:func:`prescriber.semantics.conjuncts`)."""
        return conjuncts(self.expr)

    def in_force(self, day: date) -> bool:
        """Whether the rule applies on ``day`` (its own period, and one instrument it cites in force)."""
        return in_force((self.valid_from, self.valid_until), day) and (
            not self.cited or any(in_force(c[1:], day) for c in self.cited)
        )


@dataclass(frozen=True)
class RuleBook:
    """The compiled, immutable rule base: catalogue, fields, rules sorted by id, fingerprint."""

    catalog: Catalog
    table: FieldTable
    rules: tuple[CompiledRule, ...]
    fingerprint: str
    declared: Mapping[tuple[str, str], tuple[str, int]] = field(default_factory=dict)
    """(catalogue section, id) → (file, line) where it is declared."""
    warnings: tuple[Problem, ...] = ()  # questionable but not wrong (e.g. a reason that would read oddly)

    @cached_property
    def by_id(self) -> Mapping[str, CompiledRule]:
        return {r.id: r for r in self.rules}

    @cached_property
    def readers(self) -> Mapping[str, tuple[str, ...]]:
        """Field → ids of the rules that read it (to find what a missing fact leaves undecided)."""
        out: dict[str, list[str]] = {}
        for r in self.rules:
            for f in r.fields:
                out.setdefault(f, []).append(r.id)
        return {f: tuple(ids) for f, ids in out.items()}

    @cached_property
    def memo(self) -> dict[Any, Any]:
        """Scratch space for what explanations derive from this rule base alone (evidence per condition
        and value): freed with the rule book, left behind when it is pickled."""
        return {}

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "memo"}

    def for_service(self, service: str) -> tuple[CompiledRule, ...]:
        """Every rule that recommends or vetoes ``service``."""
        return tuple(r for r in self.rules if r.service == service)


MEMO_MAX = 8_192
"""Most entries a rule book's memo (or a bucket of it) holds before it is emptied."""


def remember(memo: dict[Any, Any], key: Any, value: Any) -> None:
    """``memo[key] = value``, the memo emptied first when it holds :data:`MEMO_MAX` entries (dict
    operations are atomic, so threads share it)."""
    if len(memo) >= MEMO_MAX:
        memo.clear()
    memo[key] = value


def compile_rulebook(source: CatalogSource, rules: Sequence[RuleSource]) -> RuleBook:
    """Cross-check and compile; raises :class:`RuleBaseError` with every problem found."""
    catalog = source.catalog
    table = field_table(catalog)
    problems = _check_catalog(source)
    compiled: list[CompiledRule] = []
    seen: dict[str, Origin] = {}
    pool: Pool = {}
    for rs in rules:
        found, rule = _compile_rule(rs, catalog, table, pool)
        if rs.rule.id in seen:
            first = seen[rs.rule.id]
            found.append(
                rs.origin.problem(("id",), Code.RULE_DUPLICATE_ID, id=rs.rule.id, first=first.where())
            )
        seen.setdefault(rs.rule.id, rs.origin)
        problems += found
        if rule is not None:
            compiled.append(rule)
    problems += _check_versions(rules, seen) + check_citations(source, rules)
    if any(p.severity == "error" for p in problems):
        raise RuleBaseError(problems)
    compiled.sort(key=lambda r: r.id)
    declared = {(section, key): (o.doc.file, o.doc.mark(o.path).line) for section, key, o in source.entries}
    return RuleBook(
        catalog, table, tuple(compiled), _fingerprint(catalog, rules), declared, tuple(sorted(problems))
    )


def _fingerprint(catalog: Catalog, rules: Sequence[RuleSource]) -> str:
    # Rules as written (already plain data), in id order: the order of files and rules does not count.
    body = {
        "catalog": catalog.model_dump(mode="json"),
        "rules": sorted((_written(r) for r in rules), key=lambda d: str(d.get("id"))),
    }
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()[:16]


def _check_versions(rules: Sequence[RuleSource], seen: Mapping[str, Origin]) -> list[Problem]:
    problems = []
    for rs in rules:
        old = rs.rule.supersedes
        if old is not None and old not in seen:
            close = suggest(old, seen)
            problems.append(
                rs.origin.problem(
                    ("supersedes",),
                    Code.RULE_UNKNOWN_SUPERSEDES,
                    old=old,
                    how=meant(close) if close else phrases.WRITE_OLD_ID,
                )
            )
    return problems


def _written(rs: RuleSource) -> Any:
    node: Any = rs.origin.doc.data
    for part in rs.origin.path:
        node = node[part]
    return node


def _check_catalog(source: CatalogSource) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[tuple[str, str], Origin] = {}
    categories = {c.id for c in source.catalog.categories}
    for section, key, origin in source.entries:
        if (section, key) in seen and section not in ("above_scale",):
            problems.append(
                origin.problem(
                    (), Code.CATALOG_DUPLICATE, section=section, entry=key, first=seen[section, key].where()
                )
            )
        seen.setdefault((section, key), origin)
    for section, key, origin in source.entries:
        if section == "services":
            service = source.catalog.service_by_id[key]
            if service.category not in categories:
                close = suggest(service.category, categories)
                problems.append(
                    origin.problem(
                        ("category",),
                        Code.CATALOG_UNKNOWN_CATEGORY,
                        category=service.category,
                        how=meant(close)
                        if close
                        else phrases.CHOOSE.fill(choices=", ".join(sorted(categories))),
                    )
                )
    if source.catalog.services and not any(s.core for s in source.catalog.services):
        problems.append(
            problem(Code.CATALOG_NO_CORE, file=source.entries[0][2].doc.file if source.entries else "")
        )
    return problems


def _compile_rule(
    rs: RuleSource, catalog: Catalog, table: FieldTable, pool: Pool
) -> tuple[list[Problem], CompiledRule | None]:
    rule, origin = rs.rule, rs.origin
    problems: list[Problem] = []
    written = rule.service or rule.exclude
    assert written is not None
    key = "service" if rule.service else "exclude"
    target = authoring.service_id(written, catalog)
    service = catalog.service_by_id.get(target)
    if service is None:
        problems.append(
            origin.problem(
                (key,),
                Code.RULE_UNKNOWN_SERVICE,
                service=written,
                how=authoring.service_hint(written, catalog),
            )
        )
    elif rule.exclude and service.core:
        problems.append(origin.problem((key,), Code.RULE_EXCLUDE_CORE, service=target))
    expr = _node(rule.when, ("when",), origin, table, problems)
    problems += authoring.reason_problems(rule.reason, origin, table)
    if expr is None and not problems:  # never drop a rule silently
        problems.append(authoring.empty_group("when", ("when",), origin))
    if any(p.severity == "error" for p in problems) or expr is None:
        return problems, None
    expr = interned(expr, pool)
    return problems, CompiledRule(
        rule.id,
        rule.title,
        "recommend" if rule.service else "exclude",
        target,
        rule.weight or 0,
        expr,
        rule.reason,
        source_label(rule.source, catalog),
        rule.valid_from,
        rule.valid_until,
        origin.doc.file,
        origin.doc.mark(origin.path).line,
        fields_of(expr),
        named_pains(expr),
        rule.supersedes,
        cited(rule.source, catalog),
    )


def _node(
    node: Any, loc: tuple[str | int, ...], origin: Origin, table: FieldTable, problems: list[Problem]
) -> Expr | None:
    if isinstance(node, Group):
        parts: list[Expr] = []
        for key, attr in (("all", "all"), ("any", "any"), ("not", "not_")):
            items = getattr(node, attr)
            if items is None:
                problems += (
                    [authoring.empty_group(key, (*loc, key), origin)] if attr in node.model_fields_set else []
                )
                continue
            kids = [_node(item, (*loc, key, i), origin, table, problems) for i, item in enumerate(items)]
            if any(k is None for k in kids):
                continue
            parts.append(SGroup(key, tuple(k for k in kids if k is not None)))  # type: ignore[arg-type]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else SGroup("all", tuple(parts))
    ((name, test),) = node.items()
    return _leaf(name, test, (*loc, name), origin, table, problems)


def _leaf(
    name: str,
    test: Any,
    loc: tuple[str | int, ...],
    origin: Origin,
    table: FieldTable,
    problems: list[Problem],
) -> Expr | None:
    spec = table.named(name)
    if spec is None:
        problems.append(
            origin.problem(
                loc, Code.RULE_UNKNOWN_FIELD, key=True, field=name, how=authoring.field_hint(name, table)
            )
        )
        return None
    ops = test.operators() if isinstance(test, Test) else [(BARE[spec.kind], test)]
    conds: list[Cond] = []
    for op, value in ops:
        where = (*loc, op) if isinstance(test, Test) else loc
        if op not in BY_KIND[spec.kind]:
            problems.append(
                origin.problem(
                    where,
                    Code.RULE_BAD_OPERATOR,
                    key=isinstance(test, Test),
                    field=field_name(name, spec.label),
                    op=op,
                    ops=", ".join(BY_KIND[spec.kind]),
                )
            )
            continue
        cond = _cond(spec, op, value, where, origin, table, problems)
        if cond is not None:
            conds.append(cond)
    if len(conds) != len(ops):
        return None
    return conds[0] if len(conds) == 1 else SGroup("all", tuple(conds))


def _cond(
    spec: FieldSpec,
    op: Name,
    value: Any,
    loc: tuple[str | int, ...],
    origin: Origin,
    table: FieldTable,
    problems: list[Problem],
) -> Cond | None:
    field = field_name(spec.name, spec.label)

    def bad(message: Phrase, hint: Phrase | str = "") -> None:
        problems.append(origin.problem(loc, Code.RULE_BAD_VALUE, field=field, what=message, how=hint))

    shape = OPERATORS[op].shape
    if shape is Shape.FLAG:
        return Cond(spec.name, spec.kind, op, value)
    if shape is Shape.PATTERN:
        wrong = pattern_problem(value)
        if wrong is not None:
            problems.append(
                origin.problem(loc, Code.RULE_BAD_PATTERN, field=field, what=wrong[0], how=wrong[1])
            )
            return None
        return Cond(spec.name, spec.kind, op, value)
    many = shape is Shape.LIST
    values = list(value) if many or shape is Shape.PAIR else [value]
    out = []
    for i, v in enumerate(values):
        sub_loc = (*loc, i) if many or shape is Shape.PAIR else loc
        resolved = _value(
            spec,
            v,
            op,
            table,
            lambda m, h="", sl=sub_loc: problems.append(
                origin.problem(sl, Code.RULE_BAD_VALUE, field=field, what=m, how=h)
            ),
        )
        if resolved is None:
            return None
        out.append(resolved)
    if shape is Shape.PAIR:
        if out[0] > out[1]:
            bad(phrases.LOW_ABOVE_HIGH.fill(op=op, low=out[0], high=out[1]), phrases.WRITE_LOW_HIGH)
            return None
        return Cond(spec.name, spec.kind, op, (out[0], out[1]))
    if many:
        return Cond(spec.name, spec.kind, op, tuple(dict.fromkeys(out)))
    return Cond(spec.name, spec.kind, op, out[0])


def _value(spec: FieldSpec, v: Any, op: Name, table: FieldTable, bad: Any) -> Any:
    if spec.kind == "bool":
        if isinstance(v, bool):
            return v
        return bad(phrases.NOT_BOOL.fill(value=v), phrases.WRITE_BOOL)
    if spec.kind == "number":
        if isinstance(v, bool) or not isinstance(v, int | float):
            return bad(phrases.NOT_NUMBER.fill(value=v), phrases.UNIT.fill(unit=spec.unit))
        if spec.low is not None and spec.high is not None and not spec.low <= v <= spec.high:
            hint = phrases.SHARE_15 if spec.unit == "比例" else phrases.UNIT.fill(unit=spec.unit)
            return bad(phrases.OUT_OF_RANGE.fill(value=v, low=f"{spec.low:g}", high=f"{spec.high:g}"), hint)
        return v
    if spec.kind == "industry":
        parsed = (
            parse_industry(str(v), table)
            if isinstance(v, str | int) and not isinstance(v, bool)
            else phrases.NOT_INDUSTRY
        )
        if isinstance(parsed, Phrase) and isinstance(v, str) and (code := industry_by_name(v, table)):
            return code
        if isinstance(parsed, Phrase):
            return bad(
                phrases.BAD_INDUSTRY.fill(value=v, why=parsed),
                fullwidth_hint(v) or phrases.INDUSTRY_IN_RULES,
            )
        if parsed.group is not None:
            return bad(
                phrases.INDUSTRY_TOO_FINE.fill(value=v),
                phrases.WRITE_DIVISION.fill(division=parsed.division[1:] if parsed.division else ""),
            )
        return parsed.division or parsed.section
    if county := authoring.county_in_rule(spec, v, table):
        return bad(*county)
    ident = spec.resolve(v)
    if ident is None:
        close = suggest(str(v).lower(), spec.aliases)
        hint = fullwidth_hint(v) or (
            meant(spec.aliases[close], spec.show(spec.aliases[close]))
            if close
            else phrases.CHOOSE.fill(choices=", ".join(spec.choices[:15]))
        )
        return bad(phrases.NOT_IN_VOCABULARY.fill(value=v), hint)
    return ident
