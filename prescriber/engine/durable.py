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
* a fact visits only the rulesets anchored on its own values (``engine/route.py``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

import durable_rules_engine as dre

from prescriber.engine.certify import LIMITS, fnv1a32, pack
from prescriber.engine.lower import (
    ABSENT,
    DIVISION,
    KIND,
    PAINS,
    FactEncoding,
    Term,
    TooComplex,
    fact_properties,
    lower,
    prop_of,
)
from prescriber.engine.route import Anchor, Router, group
from prescriber.engine.wire import dumps, fragments, term_json
from prescriber.errors import EngineError, Problem, RuleBaseError
from prescriber.semantics import Expr, Facts

__all__ = ["DurableMatcher"]

_SID = "1"
_FACT = '{"sid":"1","id":"p"}'
_PRIME = "__prime"
_HASH_FORWARD = 739185624          # the '$forward' pseudo-property of OR forward nodes (rete.c)
_RESERVED = ("sid", "id", "$s", "$i", _PRIME)


class _Ruleset:
    def __init__(self, name: str, terms: list[tuple[str, Term]]) -> None:
        # The properties its rules read: a fact carries only these (the engine parses every property
        # of every fact it is given, so a smaller fact is a faster assert).
        self.props = tuple(sorted({a[1] for _, t in terms for a in t} | ({KIND} if any(not t for _, t in terms) else set())))
        body = {rule: term_json(term) for rule, term in terms}
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
            dre.retract_fact(h, _FACT)   # an error can leave a partial match behind
            raise EngineError(f"durable_rules failed to assert a fact: {exc}") from exc
        if result == 1:                  # nothing matched, nothing stored
            return
        try:
            if result != 0:
                raise EngineError(f"durable_rules returned {result} (a previous fact was not retracted)")
            action = dre.start_action_for_state(h, state)
            message = action[1] if action else None
            while message:
                out.append(message[2:message.index('"', 2)])
                message = dre.complete_and_start_action(h, state)
        finally:
            dre.retract_fact(h, _FACT)

    def close(self) -> None:
        dre.delete_state(self.handle, _SID)   # safe: the state was primed
        dre.delete_ruleset(self.handle)


class DurableMatcher:
    """Matches facts against certified durable_rules rulesets; thread-safe."""

    name = "durable"

    def __init__(self, rules: Iterable[tuple[str, Expr, str, int]], *, label: str = "rx") -> None:
        """``rules`` are (rule id, condition, file, line). Raises :class:`RuleBaseError` naming
        every rule the engine cannot take safely."""
        terms: list[tuple[str, Term]] = []
        problems: list[Problem] = []
        for rule_id, expr, file, line in rules:
            try:
                lowered = lower(expr)
            except TooComplex as exc:
                problems.append(_problem(file, line, rule_id, "engine.too-complex", f"规则 {rule_id} 的条件过于复杂：{exc}",
                                         "把 any/not 拆成几条规则"))
                continue
            for k, term in enumerate(lowered):
                groups = sum(1 for a in term if a[0] == "or")
                if groups > LIMITS.or_groups:
                    problems.append(_problem(file, line, rule_id, "engine.too-many-ors",
                                             f"规则 {rule_id} 有 {groups} 个多选条件，超过引擎上限 {LIMITS.or_groups}",
                                             "拆成几条规则"))
                    break
                terms.append((f"{rule_id}#{k}", term))
        self.encoding = FactEncoding(tuple(sorted({v for _, t in terms for a in t if a[1] == ABSENT for v in a[2]})))
        problems += _check_properties(terms)
        if problems:
            raise RuleBaseError(problems)
        chunks: list[tuple[Anchor | None, list[tuple[str, Term]], int]] = []
        try:
            for anchored, members in group(terms):
                chunks += [(anchored, chunk, bound) for chunk, bound in pack(members)]
        except ValueError as exc:
            rule_id = str(exc).split("#")[0]
            raise RuleBaseError([Problem("", 0, 0, "", "engine.limit", f"规则 {rule_id} 超出引擎能力：{exc}",
                                         "简化这条规则")]) from None
        self.stack_bounds = tuple(bound for _, _, bound in chunks)
        self.engine_rules = len(terms)
        self._router = Router.build([a for a, _, _ in chunks])
        self._rulesets: list[_Ruleset] = []
        try:
            for i, (_, chunk, _) in enumerate(chunks):
                self._rulesets.append(_Ruleset(f"{label}{i}", chunk))
        except Exception:
            self.close()
            raise
        self._lock = threading.Lock()

    def match(self, facts: Facts) -> frozenset[str]:
        """Ids of the rules whose condition is true for ``facts``."""
        props = fact_properties(facts, self.encoding)
        parts = fragments(props)
        fired: list[str] = []
        with self._lock:
            for i in self._router.targets(props):
                rs = self._rulesets[i]
                fact = ",".join(['{"sid":"1","id":"p"', *(parts[k] for k in rs.props if k in parts)]) + "}"
                rs.run(fact, fired)
        return frozenset(name.split("#", 1)[0] for name in fired)

    @property
    def rulesets(self) -> int:
        return len(self._rulesets)

    def close(self) -> None:
        """Free the engine's memory. The matcher cannot be used afterwards."""
        while self._rulesets:
            self._rulesets.pop().close()


def _problem(file: str, line: int, rule_id: str, code: str, message: str, hint: str) -> Problem:
    return Problem(file, line, 1, rule_id, code, message, hint)


def _check_properties(terms: list[tuple[str, Term]]) -> list[Problem]:
    props = {a[1] for _, t in terms for a in t}
    names = sorted(props | set(_RESERVED) | {KIND, PAINS, ABSENT, prop_of("industry"), DIVISION})
    problems = []
    if len(names) > 250:
        problems.append(Problem("", 0, 0, "", "engine.too-many-fields", f"规则用到 {len(names)} 个字段，超过引擎上限 250",
                                "减少标志或指标的数量"))
    seen: dict[int, str] = {_HASH_FORWARD: "$forward"}
    for name in names:
        h = fnv1a32(name)
        if h in seen and seen[h] != name:
            problems.append(Problem("", 0, 0, "", "engine.hash-collision",
                                    f"字段名 '{name}' 与 '{seen[h]}' 在引擎中哈希冲突", "给其中一个标志或指标改名"))
        seen.setdefault(h, name)
    return problems
