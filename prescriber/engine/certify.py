"""Proof that a ruleset stays inside durable_rules' fixed limits, for every possible fact.

The C core (rete.c / events.c of durable_rules 2.0.28) has fixed-size structures that overflow,
loop forever or corrupt memory when exceeded: a 64-entry DFS stack in ``handleAlpha``, a 512-slot
child hash set per node, 128-entry next lists, 256-entry beta lists, 4096 rules per ruleset. This
module rebuilds the alpha network exactly as ``findAlpha``/``linkAlpha`` do — every operator but
``$iany`` is de-duplicated by (property, operator, value and its JSON type); ``$nex`` and ``$or``
forward nodes live in the parent's next list; ``$iany`` nodes are never shared — and bounds the
stack over *all* facts:

    W(n) = max(push(n), push(n) − 1 + max W(child))

where ``push(n)`` counts the next list, one per property tested by ``==`` on a single-valued
property (only one value can match), and every other child. The compiler packs rules into
rulesets and halves any ruleset that this proof rejects (see ``pack``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import assert_never

from prescriber.engine.wire import Untakeable, ordered
from prescriber.normal import PAINS, Absent, Atom, Cmp, Eq, HasItem, Match, Neq, OneOf, Present, Term

__all__ = ["LIMITS", "Limits", "Mirror", "certify", "fnv1a32", "pack"]


@dataclass(frozen=True)
class Limits:
    """The engine's limits, with margins."""

    stack: int = 60  # MAX_STACK_SIZE 64 → error 303
    children: int = 500  # 512-slot hash set: 512 loops forever at assert, 513 at create
    next_list: int = 120  # NEXT_LIST_LENGTH 128 → 107 or silent overflow
    beta_list: int = 250  # BETA_LIST_LENGTH 256: 256 segfaults
    rules: int = 4000  # MAX_ACTIONS 4096 → 106
    or_groups: int = 14  # 32 expression slots per rule → 113
    first_chunk: int = 1024


LIMITS = Limits()


def fnv1a32(text: str) -> int:
    """The 32-bit FNV-1a hash the engine compares property names by."""
    h = 0x811C9DC5
    for b in text.encode():
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


@dataclass
class _Node:
    children: dict[object, int] = field(default_factory=dict)
    eq: dict[str, int] = field(default_factory=dict)
    other: int = 0
    next_list: list[int] = field(default_factory=list)
    next_keys: dict[object, int] = field(default_factory=dict)
    beta: int = 0


class Mirror:
    """The alpha network of one ruleset, as the engine would build it."""

    def __init__(self) -> None:
        self.nodes = [_Node()]
        self.rules = 0

    def _new(self) -> int:
        self.nodes.append(_Node())
        return len(self.nodes) - 1

    def _child(self, parent: int, key: object, prop: str, is_eq: bool) -> int:
        n = self.nodes[parent]
        if key is not None and key in n.children:
            return n.children[key]
        idx = self._new()
        n.children[key if key is not None else ("iany", idx)] = idx
        if is_eq and prop != PAINS:
            n.eq[prop] = n.eq.get(prop, 0) + 1
        else:
            n.other += 1
        return idx

    def add(self, term: Term) -> None:
        """Add one engine rule (a conjunction)."""
        cur = 0
        for a in ordered(term):
            cur = self._step(cur, a)
        self.nodes[cur].beta += 1
        self.rules += 1

    def _step(self, cur: int, a: Atom) -> int:
        match a:
            case OneOf(prop, values):
                fwd = self._new()
                for v in values:
                    b = self._child(cur, (prop, "eq", type(v).__name__, v), prop, True)
                    self.nodes[b].next_list.append(fwd)
                return fwd
            case Absent(prop):
                n = self.nodes[cur]
                key = (prop, "nex")
                if key not in n.next_keys:
                    n.next_keys[key] = self._new()
                    n.next_list.append(n.next_keys[key])
                return n.next_keys[key]
            case HasItem(prop, _):
                return self._child(cur, None, prop, False)
            case Eq(prop, value):
                return self._child(cur, (prop, "eq", type(value).__name__, value), prop, True)
            case Neq(prop, value):
                return self._child(cur, (prop, "neq", type(value).__name__, value), prop, False)
            case Cmp(prop, op, value):
                return self._child(cur, (prop, "cmp", op, type(value).__name__, value), prop, False)
            case Present(prop):
                return self._child(cur, (prop, "ex"), prop, False)
            case Match():
                raise Untakeable(f"durable_rules does not take {a}")
            case _:
                assert_never(a)

    def worst_stack(self) -> int:
        """An upper bound of ``handleAlpha``'s stack depth over all facts."""
        nodes = self.nodes
        succs = [(*n.children.values(), *n.next_list) for n in nodes]
        memo = [-1] * len(nodes)  # -1: not yet bounded (the network has no cycles; if it had, fail)
        for i in self._postorder(succs):
            n, succ = nodes[i], succs[i]
            push = len(n.next_list) + len(n.eq) + n.other
            below = [memo[s] for s in succ]
            if below and min(below) < 0:
                raise AssertionError(f"alpha network has a cycle through node {i}")
            memo[i] = max(push, push - 1 + max(below)) if below else push
        return memo[0]

    @staticmethod
    def _postorder(succs: list[tuple[int, ...]]) -> list[int]:
        """The nodes reachable from the root, each after its successors (``~i`` marks "i is done")."""
        out: list[int] = []
        seen = [False] * len(succs)
        stack = [0]
        while stack:
            i = stack.pop()
            if i < 0:
                out.append(~i)
                continue
            if seen[i]:
                continue
            seen[i] = True
            stack.append(~i)
            stack += [s for s in succs[i] if not seen[s]]
        return out

    def violations(self, limits: Limits = LIMITS) -> tuple[list[str], int]:
        """What breaks the limits (empty when certified), and the stack bound."""
        out = []
        if self.rules > limits.rules:
            out.append(f"{self.rules} rules")
        for i, n in enumerate(self.nodes):
            if len(n.children) > limits.children:
                out.append(f"node {i}: {len(n.children)} children")
            if len(n.next_list) > limits.next_list:
                out.append(f"node {i}: next list {len(n.next_list)}")
            if n.beta > limits.beta_list:
                out.append(f"node {i}: {n.beta} rules end here")
        stack = self.worst_stack()
        if stack > limits.stack:
            out.append(f"worst-case stack {stack}")
        return out, stack


def certify(terms: Sequence[tuple[str, Term]], limits: Limits = LIMITS) -> tuple[list[str], int]:
    """Violations of a candidate ruleset (empty when it is safe) and its stack bound."""
    m = Mirror()
    for _, term in terms:
        m.add(term)
    return m.violations(limits)


def pack(
    terms: Sequence[tuple[str, Term]], limits: Limits = LIMITS
) -> list[tuple[list[tuple[str, Term]], int]]:
    """Split engine rules into rulesets that are each certified; returns (ruleset, stack bound).

    Raises ``ValueError`` naming the rule when a single engine rule cannot be certified alone.
    """
    todo = [list(terms[i : i + limits.first_chunk]) for i in range(0, len(terms), limits.first_chunk)]
    done: list[tuple[list[tuple[str, Term]], int]] = []
    while todo:
        chunk = todo.pop(0)
        problems, stack = certify(chunk, limits)
        if not problems:
            done.append((chunk, stack))
        elif len(chunk) == 1:
            raise ValueError(f"{chunk[0][0]}: {'; '.join(problems)}")
        else:
            half = len(chunk) // 2
            todo[0:0] = [chunk[:half], chunk[half:]]
    return done
