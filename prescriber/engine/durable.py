"""The durable_rules matcher: the only module that imports ``durable_rules_engine``.

durable_rules 2.0.28 is unmaintained and its C core has memory-safety bugs and hard limits (see
``engine/certify.py`` and the project's research notes). It is driven here only in the pattern that
was proved safe on 1,000,000 prescriptions × 5,000 rules:

* the raw ``durable_rules_engine`` API, never ``Host``/``durable.lang`` (their timer threads race);
* facts, never events (an event fires only one rule); one profile fact per prescription;
* one fixed sid per ruleset, primed once at registration (an action run to completion, so the
  state's uninitialised ``context`` is cleared) — ``delete_state`` only at close;
* retract by the fixed fact id after each prescription, also on failure;
* ORs only over the values of one single-valued property; lists only through ``$iany`` of one
  item (an ``$or`` inside ``$iany`` makes ``create_ruleset`` read uninitialised memory);
* every ruleset certified under the limits before it is created; property-name hashes unique;
* one lock around assert → collect → retract, because the C core has no locks of its own;
* a fact visits only the rulesets anchored on its own values, where the tests those values decide are
  left out of the rules (``engine/route.py``), each ruleset sent only the properties its rules read
  (``engine/facts.py``), every property under a short name (``wire.aliases``);
* a rule whose normal form holds a test the engine has no safe form for (``wire.takes``: a regular
  expression) is evaluated by the reference (:func:`prescriber.semantics.truth`) in the same ``match``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping

import durable_rules_engine as dre

from prescriber.codes import Code, Phrase, listed, phrases
from prescriber.engine.certify import LIMITS, certify, fnv1a32, pack
from prescriber.engine.facts import FactWriter, reads
from prescriber.engine.route import Anchor, Router, group
from prescriber.engine.wire import aliases, dumps, takes, term_json
from prescriber.errors import EngineError, Problem, RuleBaseError, problem
from prescriber.normal import (
    ABSENT,
    DIVISION,
    KIND,
    MAX_TERMS,
    PAINS,
    SECTION,
    FactEncoding,
    HasItem,
    OneOf,
    Term,
    TooComplex,
    lower,
)
from prescriber.semantics import TRUE, Expr, Facts, truth

__all__ = ["MAX_ENGINE_RULES", "DurableMatcher"]

MAX_ENGINE_RULES = 20_000
"""Engine rules of a whole rule base. 5,000 generated rules need about 5,200; 1,000 rules of 128 each
took 20 s and 3.7 GB to register, so a base beyond this is refused before anything is built."""

_SID = "1"
_FACT = '{"sid":"1","id":"p"}'
_PRIME = "__prime"
_HASH_FORWARD = 739185624  # the '$forward' pseudo-property of OR forward nodes (rete.c)
_RESERVED = ("sid", "id", "$s", "$i", _PRIME)


class _Ruleset:
    def __init__(self, name: str, terms: list[tuple[str, Term]], names: Mapping[str, str]) -> None:
        self.props = reads(terms)  # a fact carries only these (engine/facts.py), under ``names``
        body = {rule: term_json(term, names) for rule, term in terms}
        body[_PRIME] = {"all": [{"m": {_PRIME: 1}}]}
        self.handle = dre.create_ruleset(name, dumps(body))
        # Prime the one state: run an action to completion so that its context is initialised.
        _, state = dre.assert_fact(self.handle, dumps({"sid": _SID, "id": "prime", _PRIME: 1}))
        action = dre.start_action_for_state(self.handle, state)
        while action:
            action = dre.complete_and_start_action(self.handle, state)
        dre.retract_fact(self.handle, '{"sid":"1","id":"prime"}')

    def run(self, fact: str, out: list[str]) -> None:
        h = self.handle
        try:
            result, state = dre.assert_fact(h, fact)
        except Exception as exc:
            dre.retract_fact(h, _FACT)  # an error can leave a partial match behind
            raise EngineError(f"durable_rules failed to assert a fact: {exc}") from exc
        if result == 1:  # nothing matched, nothing stored
            return
        try:
            if result != 0:
                raise EngineError(f"durable_rules returned {result} (a previous fact was not retracted)")
            action = dre.start_action_for_state(h, state)
            message = action[1] if action else None
            while message:
                out.append(message[2 : message.index('"', 2)])
                message = dre.complete_and_start_action(h, state)
        finally:
            dre.retract_fact(h, _FACT)

    def close(self) -> None:
        dre.delete_state(self.handle, _SID)  # safe: the state was primed
        dre.delete_ruleset(self.handle)


class DurableMatcher:
    """Matches facts against certified durable_rules rulesets; thread-safe."""

    name = "durable"

    def __init__(self, rules: Iterable[tuple[str, Expr, str, int]], *, label: str = "rx") -> None:
        """``rules`` are (rule id, condition, file, line). Raises :class:`RuleBaseError` naming
        every rule the engine cannot take safely."""
        terms: list[tuple[str, Term]] = []
        self._reference: list[tuple[str, Expr]] = []  # rules the engine cannot take: evaluated in Python
        problems: list[Problem] = []
        where: dict[str, tuple[str, int]] = {}
        sizes: list[tuple[int, str]] = []
        for rule_id, expr, file, line in rules:
            where[rule_id] = (file, line)
            try:
                lowered = lower(expr)
            except TooComplex:
                problems.append(
                    problem(
                        Code.ENGINE_TOO_COMPLEX,
                        file=file,
                        line=line,
                        column=1,
                        path=rule_id,
                        rule=rule_id,
                        why=phrases.NEEDS_TERMS.fill(limit=MAX_TERMS),
                    )
                )
                continue
            if not all(takes(a) for term in lowered for a in term):
                self._reference.append((rule_id, expr))  # e.g. a regular expression: see wire.takes
                continue
            for k, term in enumerate(lowered):
                groups = sum(1 for a in term if isinstance(a, OneOf))
                if groups > LIMITS.or_groups:
                    problems.append(
                        problem(
                            Code.ENGINE_TOO_MANY_ORS,
                            file=file,
                            line=line,
                            column=1,
                            path=rule_id,
                            rule=rule_id,
                            count=groups,
                            limit=LIMITS.or_groups,
                        )
                    )
                    break
                terms.append((f"{rule_id}#{k}", term))
            sizes.append((len(lowered), rule_id))
        if len(terms) > MAX_ENGINE_RULES:
            raise RuleBaseError(problems + _too_large(len(terms), sizes, where))
        self.encoding = FactEncoding(
            tuple(
                sorted({a.item for _, t in terms for a in t if isinstance(a, HasItem) and a.prop == ABSENT})
            )
        )
        problems += _check_properties(terms)
        if problems:
            raise RuleBaseError(problems)
        chunks: list[tuple[Anchor | None, list[tuple[str, Term]], int]] = []
        try:
            for anchored, members in group(terms, limit=MAX_ENGINE_RULES):
                chunks += [(anchored, chunk, bound) for chunk, bound in pack(members)]
        except ValueError:
            raise RuleBaseError(_beyond_limits(terms, where)) from None
        self._rule_of = {name: name.split("#", 1)[0] for name, _ in terms}  # engine rule → rule id
        self.stack_bounds = tuple(bound for _, _, bound in chunks)
        self.engine_rules = len(terms)
        self._router = Router.build([a for a, _, _ in chunks])
        # Each property under a short name of its own (wire.aliases), hashes apart from the engine's.
        names = aliases(
            sorted({p for _, chunk, _ in chunks for p in reads(chunk)}),
            taken=[_HASH_FORWARD, *map(fnv1a32, _RESERVED)],
        )
        self._rulesets: list[_Ruleset] = []
        try:
            for i, (_, chunk, _) in enumerate(chunks):
                self._rulesets.append(_Ruleset(f"{label}{i}", chunk, names))
        except Exception:
            self.close()
            raise
        self._writer = FactWriter(self.encoding, self._router, [rs.props for rs in self._rulesets], names)
        self._lock = threading.Lock()

    def match(self, facts: Facts) -> frozenset[str]:
        """Ids of the rules whose condition is true for ``facts``."""
        visits = self._writer.write(facts)
        fired: list[str] = []
        rulesets = self._rulesets
        with self._lock:
            for i, fact in visits:
                rulesets[i].run(fact, fired)
        rule_of = self._rule_of
        out = [rule_of[name] for name in fired]
        for rule_id, expr in self._reference:  # what the engine cannot take (e.g. a regular expression)
            if truth(expr, facts) == TRUE:
                out.append(rule_id)
        return frozenset(out)

    @property
    def rulesets(self) -> int:
        return len(self._rulesets)

    def close(self) -> None:
        """Free the engine's memory. The matcher cannot be used afterwards."""
        while self._rulesets:
            self._rulesets.pop().close()


def _too_large(total: int, sizes: list[tuple[int, str]], where: dict[str, tuple[str, int]]) -> list[Problem]:
    """The rules that expand most, each at its place, saying how far (the base is too large in all)."""
    sizes.sort(key=lambda x: (-x[0], x[1]))
    widest = [(n, r) for n, r in sizes if n > 1][:100] or sizes[:1]
    out = [
        problem(
            Code.ENGINE_BASE_TOO_LARGE,
            file=where[r][0],
            line=where[r][1],
            column=1,
            path=r,
            rule=r,
            n=n,
            total=total,
            limit=MAX_ENGINE_RULES,
        )
        for n, r in widest
    ]
    return out


_PLAIN = (
    ("children", phrases.TOO_MANY_VALUES, "children"),
    ("next list", phrases.TOO_MANY_CHOICES, "next_list"),
    ("rules end here", phrases.TOO_MANY_ALIKE, "beta_list"),
    ("worst-case stack", phrases.TOO_DEEP, "stack"),
    ("rules", phrases.TOO_MANY_ENGINE_RULES, "rules"),
)


def _plain(violation: str) -> Phrase:
    """A violation of :mod:`certify` (``node 3: 600 children``) in an author's words."""
    n = re.findall(r"[0-9]+", violation.split(": ")[-1])[0]
    text, limit = next((t, lim) for key, t, lim in _PLAIN if key in violation)
    return text.fill(n=n, limit=getattr(LIMITS, limit))


def _beyond_limits(terms: list[tuple[str, Term]], where: dict[str, tuple[str, int]]) -> list[Problem]:
    """Every rule that the engine cannot take even alone, at its place, in an author's words."""
    by_rule: dict[str, list[tuple[str, Term]]] = {}
    for name, term in terms:
        by_rule.setdefault(name.split("#", 1)[0], []).append((name, term))
    out = []
    for rule_id, own in by_rule.items():
        # each engine rule alone, as pack() tried it last (together they may only need more rulesets)
        violations = [v for one in own for v in certify([one])[0]]
        if not violations:
            continue
        said = [_plain(v) for v in violations]
        out.append(
            problem(
                Code.ENGINE_LIMIT,
                file=where[rule_id][0],
                line=where[rule_id][1],
                column=1,
                path=rule_id,
                what=phrases.BEYOND_ENGINE.fill(
                    rule=rule_id, why=listed(dict.fromkeys(said), zh="；", en="; ")
                ),
                how=phrases.SPLIT_VALUES,
            )
        )
    return out or [problem(Code.ENGINE_LIMIT, what=phrases.BASE_BEYOND_ENGINE, how=phrases.SPLIT_BASE)]


_MAX_NAMES = 250  # property names of a fact (the engine takes 252 besides sid and id)


def _names(terms: list[tuple[str, Term]]) -> set[str]:
    """The property names the facts of these rules may carry."""
    return {a.prop for _, t in terms for a in t} | set(_RESERVED) | {KIND, PAINS, ABSENT, SECTION, DIVISION}


def _check_properties(terms: list[tuple[str, Term]]) -> list[Problem]:
    names = sorted(_names(terms))
    problems = []
    if len(names) > _MAX_NAMES:
        problems.append(problem(Code.ENGINE_TOO_MANY_FIELDS, count=len(names), limit=_MAX_NAMES))
    seen: dict[int, str] = {_HASH_FORWARD: "$forward"}
    for name in names:
        h = fnv1a32(name)
        if h in seen and seen[h] != name:
            problems.append(
                problem(
                    Code.ENGINE_HASH_COLLISION, path=_field(name), field=_field(name), other=_field(seen[h])
                )
            )
        seen.setdefault(h, name)
    return problems


def _field(prop: str) -> str:
    """The field a property name stands for (``f:x`` → ``flags.x``)."""
    kind, _, name = prop.partition(":")
    return {"f": f"flags.{name}", "m": f"metrics.{name}"}.get(kind, prop) if name else prop
