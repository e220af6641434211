"""Routing of the durable match (engine/route.py, engine/facts.py): a rule is copied into the ruleset of
each value of its anchor with the decided tests left out, and each profile's facts are written from
memos. Both must leave the result exactly the reference's."""

from __future__ import annotations

from typing import Any

from budget import examples
from gen import durable_fired, everything, exprs, facts, rulebases, sample_facts
from hypothesis import given
from hypothesis import strategies as st

from prescriber.engine.certify import fnv1a32, pack
from prescriber.engine.facts import HEAD, FactWriter, reads
from prescriber.engine.reference import PythonMatcher
from prescriber.engine.route import MAX_COPIES, Router, group
from prescriber.engine.wire import aliases, fragments
from prescriber.normal import (
    ABSENT,
    DIVISION,
    Eq,
    FactEncoding,
    HasItem,
    OneOf,
    fact_properties,
    lower,
)
from prescriber.normal import PAINS as PAIN_LIST
from prescriber.semantics import Cond, Expr, Facts, Group, IndustryCode


def _terms(rules: list[tuple[str, Expr, str, int]]) -> list[tuple[str, Any]]:
    return [(f"{rid}#{k}", t) for rid, e, _, _ in rules for k, t in enumerate(lower(e))]


def _compiled(rules: list[tuple[str, Expr, str, int]]) -> tuple[FactEncoding, Router, list[tuple[str, ...]]]:
    """What the matcher compiles, without the engine: the encoding, the router, each ruleset's reads."""
    terms = _terms(rules)
    chunks = [(a, chunk) for a, members in group(terms) for chunk, _ in pack(members)]
    absent = tuple(
        sorted({a.item for _, t in terms for a in t if isinstance(a, HasItem) and a.prop == ABSENT})
    )
    return FactEncoding(absent), Router.build([a for a, _ in chunks]), [reads(chunk) for _, chunk in chunks]


def _spelled(
    facts: Facts, encoding: FactEncoding, router: Router, props: list[tuple[str, ...]], names: Any
) -> Any:
    """The facts as the matcher wrote them before the writer: every property spelled, then cut."""
    values = fact_properties(facts, encoding)
    parts = fragments(values, names)
    return [
        (i, ",".join([HEAD, *[parts[k] for k in props[i] if k in parts]]) + "}")
        for i in router.targets(values)
    ]


@st.composite
def odd_facts(draw: st.DrawFn, unlisted: bool = False) -> Facts:
    """Generated facts, some with numbers in exponent notation, huge or negative zero, a list of pain
    points empty (or, when ``unlisted``, missing, which a profile's facts never are: lists are always
    known), an industry known only to its section."""
    f = draw(facts())
    values = dict(f.values)
    if draw(st.booleans()):
        values["metrics.rate"] = draw(
            st.one_of(
                st.floats(allow_nan=False, allow_infinity=False),
                st.sampled_from((1e20, 1e-7, -0.0, 2.0**53, 2.0**60, 12345678901234567890)),
                st.integers(),
            )
        )
    match draw(st.integers(0, 3)):
        case 0 if unlisted:
            del values["pain_points"]
        case 1:
            values["pain_points"] = frozenset()
        case 2:
            values["industry"] = IndustryCode("C")
        case _:
            pass
    return Facts(values, f.severity)


@examples(60)
@given(rules=rulebases(max_size=40), cases=st.lists(odd_facts(unlisted=True), min_size=1, max_size=20))
def test_the_writer_spells_and_routes_as_the_properties_do(rules: Any, cases: Any) -> None:
    encoding, router, props = _compiled(rules)
    names = aliases(sorted({p for read in props for p in read}))
    for named in (None, names):
        writer = FactWriter(encoding, router, props, named)
        for case in [*cases, *cases, everything()]:  # twice: written, then from the memo
            assert writer.write(case) == _spelled(case, encoding, router, props, named)


@examples(80)
@given(rules=rulebases(max_size=30))
def test_each_copy_is_the_rule_on_its_value(rules: Any) -> None:
    """A term is filed under each value of its anchor at most once, without the tests that value
    decides; a fact holding one value of a property meets at most one copy of a term."""
    terms = _terms(rules)
    filed: dict[str, list[tuple[str, str]]] = {}
    for anchored, members in group(terms):
        if anchored is None:
            continue
        (prop, values) = anchored
        assert len(values) == 1
        (value,) = values
        for name, term in members:
            filed.setdefault(name, []).append((prop, value))
            if prop == PAIN_LIST:
                assert HasItem(PAIN_LIST, value) not in term
            else:
                assert not any(a.prop == prop and isinstance(a, Eq | OneOf) for a in term)
    for name, places in filed.items():
        assert len({prop for prop, _ in places}) == 1, f"{name} filed under two properties"
        assert len(set(places)) == len(places), f"{name} filed twice under one value"


def test_copies_beyond_the_limit_stay_unanchored() -> None:
    regions = ("fuzhou", "xiamen", "quanzhou", "ningde")
    terms = [(f"r{i}#0", frozenset({OneOf("region", regions)})) for i in range(10)]
    assert sum(len(m) for _, m in group(terms)) == 40
    limited = group(terms, limit=25)
    assert sum(len(m) for _, m in limited) <= 25
    unanchored = dict(limited)[None]
    assert all(t == frozenset({OneOf("region", regions)}) for _, t in unanchored)
    wide = tuple(f"C{i:02d}" for i in range(MAX_COPIES + 1))
    assert dict(group([("w#0", frozenset({OneOf(DIVISION, wide)}))])) == {
        None: [("w#0", frozenset({OneOf(DIVISION, wide)}))]
    }


def _c(field: str, kind: str, op: str, value: Any) -> Cond:
    return Cond(field, kind, op, value)


# Rules whose copies leave out what their value decides: two tests on one routed property, "not in"
# beside "in", known/unknown of the routed field, two pain points, a pain point and its absence.
ROUTED = [
    Group(
        "all", (_c("region", "choice", "in", ("fuzhou", "xiamen")), _c("region", "choice", "in", ("xiamen",)))
    ),
    Group(
        "all",
        (_c("region", "choice", "in", ("fuzhou", "ningde")), _c("region", "choice", "not_in", ("ningde",))),
    ),
    Group("all", (_c("region", "choice", "eq", "fuzhou"), _c("region", "choice", "exists", True))),
    Group("all", (_c("size", "choice", "eq", "small"), Group("not", (_c("size", "choice", "eq", "large"),)))),
    Group("all", (_c("pain_points", "set", "contains", "p1"), _c("pain_points", "set", "contains", "p2"))),
    Group(
        "all",
        (
            _c("pain_points", "set", "contains", "p1"),
            Group("not", (_c("pain_points", "set", "contains", "p1"),)),
        ),
    ),
    Group(
        "all",
        (
            _c("pain_points", "set", "contains", "p3"),
            Group("not", (_c("pain_points", "set", "contains", "p4"),)),
        ),
    ),
    Group(
        "all",
        (_c("industry", "industry", "in", ("C", "E")), _c("industry", "industry", "in", ("C36", "E47"))),
    ),
    Group("all", (_c("industry", "industry", "in", ("C36", "C39")), _c("employees", "number", "gte", 20))),
    Group(
        "any",
        (_c("ownership", "choice", "in", ("state", "foreign")), _c("pain_points", "set", "contains", "p5")),
    ),
    Group("not", (_c("region", "choice", "in", ("fuzhou", "xiamen", "quanzhou")),)),
    _c("flags.level", "choice", "in", ("municipal", "provincial")),
]


def test_routed_shapes_match_the_reference(child: Any) -> None:
    rules = [(f"r{i:03d}", e, "route.yaml", i + 1) for i, e in enumerate(ROUTED * 3)]
    cases = [everything(), *sample_facts(300, seed=5)]
    result = child.run(durable_fired, rules, cases)
    assert result[0] == "ok", result[1][:3]
    reference = PythonMatcher(rules)
    for case, got in zip(cases, result[1], strict=True):
        assert got == sorted(reference.match(case)), case.values


@examples(40)
@given(rules=st.lists(exprs(), min_size=1, max_size=60), cases=st.lists(odd_facts(), min_size=1, max_size=15))
def test_durable_with_copies_fires_what_the_reference_fires(child: Any, rules: Any, cases: Any) -> None:
    base = [(f"r{i:04d}", e, "gen.yaml", i + 1) for i, e in enumerate(rules)]
    result = child.run(durable_fired, base, cases)
    if result[0] == "rejected":
        assert {code for _, code in result[1]} == {"engine.too-complex"}, result[1]
        return
    reference = PythonMatcher(base)
    for case, got in zip(cases, result[1], strict=True):
        assert got == sorted(reference.match(case)), case.values


def test_short_names_are_apart_from_the_engines_own() -> None:
    taken = {fnv1a32(n) for n in ("sid", "id", "$s", "$i", "__prime")}
    names = aliases([f"f:flag{i}" for i in range(3000)], taken=taken)
    assert len(set(names.values())) == 3000
    hashes = [fnv1a32(n) for n in names.values()]
    assert len(set(hashes)) == 3000 and not taken & set(hashes)
    assert not {"sid", "id", "m", "all", "any", "pri"} & set(names.values())
