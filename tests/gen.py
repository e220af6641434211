"""Hypothesis strategies for conditions, rule bases and facts, and the child-process runner that puts
durable_rules where a native crash fails a test instead of killing the run."""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from hypothesis import strategies as st

from prescriber.semantics import Cond, Expr, Facts, Group, IndustryCode

SECTIONS = ("C", "E", "F", "I")
DIVISIONS = ("C19", "C36", "C39", "E47", "F51", "F52", "I65")
CHOICES = {
    "region": ("fuzhou", "xiamen", "quanzhou", "ningde"),
    "ownership": ("state", "private", "foreign"),
    "size": ("large", "medium", "small", "micro"),
    "flags.level": ("none", "municipal", "provincial"),
}
NUMBERS = {
    "employees": (0, 10, 20, 50, 100, 300, 1000),
    "revenue": (0, 50.5, 300, 2000, 40000),
    "metrics.rate": (0, 0.05, 0.1, 0.2, 0.3, 0.5, 1),
}
BOOLS = ("flags.a", "flags.b", "flags.c")
PAINS = ("p1", "p2", "p3", "p4", "p5", "p6")


def _industry_cond() -> st.SearchStrategy[Cond]:
    code = st.sampled_from(SECTIONS + DIVISIONS)
    return st.one_of(
        code.map(lambda v: Cond("industry", "industry", "eq", v)),
        st.lists(code, min_size=1, max_size=4, unique=True).flatmap(
            lambda vs: st.sampled_from(("in", "not_in")).map(
                lambda op: Cond("industry", "industry", op, tuple(vs))
            )
        ),
    )


def _choice_cond() -> st.SearchStrategy[Cond]:
    def for_field(field: str) -> st.SearchStrategy[Cond]:
        vals = st.sampled_from(CHOICES[field])
        return st.one_of(
            vals.map(lambda v: Cond(field, "choice", "eq", v)),
            st.tuples(
                st.sampled_from(("in", "not_in")), st.lists(vals, min_size=1, max_size=3, unique=True)
            ).map(lambda t: Cond(field, "choice", t[0], tuple(t[1]))),
        )

    return st.sampled_from(sorted(CHOICES)).flatmap(for_field)


def _number_cond() -> st.SearchStrategy[Cond]:
    def for_field(field: str) -> st.SearchStrategy[Cond]:
        vals = st.sampled_from(NUMBERS[field])
        single = st.tuples(st.sampled_from(("eq", "gte", "gt", "lte", "lt")), vals).map(
            lambda t: Cond(field, "number", t[0], t[1])
        )
        between = st.tuples(vals, vals).map(lambda t: Cond(field, "number", "between", (min(t), max(t))))
        many = st.tuples(
            st.sampled_from(("in", "not_in")), st.lists(vals, min_size=1, max_size=3, unique=True)
        ).map(lambda t: Cond(field, "number", t[0], tuple(t[1])))
        return st.one_of(single, between, many)

    return st.sampled_from(sorted(NUMBERS)).flatmap(for_field)


def _bool_cond() -> st.SearchStrategy[Cond]:
    return st.tuples(st.sampled_from(BOOLS), st.booleans()).map(lambda t: Cond(t[0], "bool", "eq", t[1]))


def _pain_cond() -> st.SearchStrategy[Cond]:
    item = st.sampled_from(PAINS)
    return st.one_of(
        item.map(lambda v: Cond("pain_points", "set", "contains", v)),
        st.tuples(
            st.sampled_from(("contains_any", "contains_all")),
            st.lists(item, min_size=1, max_size=3, unique=True),
        ).map(lambda t: Cond("pain_points", "set", t[0], tuple(t[1]))),
    )


def _exists_cond() -> st.SearchStrategy[Cond]:
    fields = [
        ("industry", "industry"),
        ("employees", "number"),
        ("metrics.rate", "number"),
        ("flags.a", "bool"),
        ("region", "choice"),
        ("pain_points", "set"),
    ]
    return st.tuples(st.sampled_from(fields), st.booleans()).map(
        lambda t: Cond(t[0][0], t[0][1], "exists", t[1])
    )


def conditions() -> st.SearchStrategy[Cond]:
    """One condition of any kind and operator."""
    return st.one_of(
        _industry_cond(), _choice_cond(), _number_cond(), _bool_cond(), _pain_cond(), _exists_cond()
    )


def exprs(max_leaves: int = 8) -> st.SearchStrategy[Expr]:
    """Conditions nested in all/any/not groups."""
    return st.recursive(
        conditions(),
        lambda kids: st.tuples(
            st.sampled_from(("all", "any", "not")), st.lists(kids, min_size=1, max_size=3)
        ).map(lambda t: Group(t[0], tuple(t[1]))),  # type: ignore[arg-type]
        max_leaves=max_leaves,
    )


def rulebases(min_size: int = 1, max_size: int = 60) -> st.SearchStrategy[list[tuple[str, Expr, str, int]]]:
    """Rule bases as (id, condition, file, line), with duplicated conditions mixed in."""
    return st.lists(exprs(), min_size=min_size, max_size=max_size).flatmap(
        lambda es: st.lists(st.sampled_from(es), max_size=len(es)).map(
            lambda extra: [(f"r{i:04d}", e, "gen.yaml", i + 1) for i, e in enumerate(es + extra)]
        )
    )


@st.composite
def facts(draw: st.DrawFn) -> Facts:
    """An enterprise's facts with any field possibly unknown; numbers on and around the thresholds."""
    values: dict[str, Any] = {}
    if draw(st.booleans()) or draw(st.booleans()):
        div = draw(st.sampled_from((*DIVISIONS, None)))
        values["industry"] = (
            IndustryCode(div[0], div) if div else IndustryCode(draw(st.sampled_from(SECTIONS)))
        )
    for field, options in CHOICES.items():
        if draw(st.integers(0, 3)):
            values[field] = draw(st.sampled_from(options))
    for field, options in NUMBERS.items():
        if draw(st.integers(0, 3)):
            base = draw(st.sampled_from(options))
            values[field] = draw(st.sampled_from((base, base + 1, base - 0.5 if base else base)))
    for field in BOOLS:
        if draw(st.integers(0, 2)):
            values[field] = draw(st.booleans())
    pains = draw(st.lists(st.sampled_from(PAINS), max_size=len(PAINS), unique=True))
    values["pain_points"] = frozenset(pains)
    return Facts(values, {p: draw(st.integers(1, 5)) for p in pains})


def every_condition() -> list[Cond]:
    """Every operator on every kind of field, with every threshold: the systematic matrix."""
    out: list[Cond] = []
    codes = SECTIONS + DIVISIONS
    for v in codes:
        out.append(Cond("industry", "industry", "eq", v))
    for op in ("in", "not_in"):
        out += [Cond("industry", "industry", op, (a, b)) for a, b in zip(codes, codes[3:], strict=False)]
    for field, options in CHOICES.items():
        out += [Cond(field, "choice", "eq", v) for v in options]
        out += [Cond(field, "choice", op, options[:2]) for op in ("in", "not_in")]
    for field, options in NUMBERS.items():
        for v in options:
            out += [Cond(field, "number", op, v) for op in ("eq", "gte", "gt", "lte", "lt")]
        out += [Cond(field, "number", "between", (a, b)) for a, b in zip(options, options[2:], strict=False)]
        out += [Cond(field, "number", op, options[1:3]) for op in ("in", "not_in")]
    out += [Cond(f, "bool", "eq", v) for f in BOOLS for v in (True, False)]
    out += [Cond("pain_points", "set", "contains", p) for p in PAINS]
    out += [
        Cond("pain_points", "set", op, PAINS[i : i + 2])
        for op in ("contains_any", "contains_all")
        for i in (0, 3)
    ]
    out += [
        Cond(f, k, "exists", v)
        for f, k in (
            ("industry", "industry"),
            ("employees", "number"),
            ("flags.a", "bool"),
            ("region", "choice"),
            ("pain_points", "set"),
        )
        for v in (True, False)
    ]
    return out


def sample_facts(n: int, seed: int = 1) -> list[Facts]:
    """``n`` varied facts, deterministically (for tests that are not property tests)."""
    import random

    rng = random.Random(seed)
    out = []
    for _ in range(n):
        values: dict[str, Any] = {}
        if rng.random() < 0.8:
            div = rng.choice((*DIVISIONS, None))
            values["industry"] = IndustryCode(div[0], div) if div else IndustryCode(rng.choice(SECTIONS))
        for field, options in CHOICES.items():
            if rng.random() < 0.75:
                values[field] = rng.choice(options)
        for field, options in NUMBERS.items():
            if rng.random() < 0.75:
                values[field] = rng.choice(options) + rng.choice((0, 0, 1, -0.5))
        for field in BOOLS:
            if rng.random() < 0.66:
                values[field] = rng.random() < 0.5
        pains = rng.sample(PAINS, rng.randint(0, len(PAINS)))
        values["pain_points"] = frozenset(pains)
        out.append(Facts(values, {p: rng.randint(1, 5) for p in pains}))
    return out


def everything() -> Facts:
    """The adversarial enterprise: every pain, every flag, large numbers."""
    values: dict[str, Any] = {
        "industry": IndustryCode("C", "C36"),
        "pain_points": frozenset(PAINS),
        **{f: True for f in BOOLS},
        **{f: v[-1] for f, v in NUMBERS.items()},
        **{f: v[0] for f, v in CHOICES.items()},
    }
    return Facts(values, {p: 5 for p in PAINS})


# ------------------------------------------------------------------------------------ child process


def durable_fired(rules: Sequence[tuple[str, Expr, str, int]], cases: Sequence[Facts]) -> Any:
    """Runs in the child: build the durable matcher and match every case (or report its rejection)."""
    from prescriber.engine.durable import DurableMatcher
    from prescriber.errors import RuleBaseError

    try:
        m = DurableMatcher(rules, label="t")
    except RuleBaseError as exc:
        return ("rejected", [(p.path, p.code) for p in exc.problems])
    try:
        return ("ok", [sorted(m.match(f)) for f in cases], m.rulesets, max(m.stack_bounds, default=0))
    finally:
        m.close()


class Child:
    """A reusable child process for durable_rules; a crash there is reported, not fatal."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    def run(self, fn: Any, *args: Any, timeout: float = 120) -> Any:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        try:
            return self._pool.submit(fn, *args).result(timeout=timeout)
        except BrokenProcessPool:
            self._pool = None
            raise AssertionError("the durable_rules child process crashed") from None
        except TimeoutError:
            for proc in list(getattr(self._pool, "_processes", {}).values()):
                proc.kill()
            self._pool = None
            raise AssertionError(f"the durable_rules child process hung for {timeout} s") from None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)


def random_expr(rng: Any, depth: int = 2) -> Expr:
    """A deterministic random condition (for large generated rule bases outside hypothesis)."""
    if depth == 0 or rng.random() < 0.4:
        conds = every_condition()
        return conds[rng.randrange(len(conds))]
    kind = rng.choice(("all", "all", "any", "not"))
    return Group(kind, tuple(random_expr(rng, depth - 1) for _ in range(rng.randint(1, 3))))  # type: ignore[arg-type]
