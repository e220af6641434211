"""Run under valgrind by tests/test_memcheck.py: every operator, its negation and list tests through
durable_rules, on varied facts."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from gen import durable_fired, every_condition, everything, sample_facts

from prescriber.semantics import Group

conds = every_condition()
rules = [(f"pos{i:03d}", c, "m.yaml", i) for i, c in enumerate(conds)]
rules += [(f"neg{i:03d}", Group("not", (c,)), "m.yaml", i) for i, c in enumerate(conds)]
result = durable_fired(rules, [everything(), *sample_facts(20, seed=3)])
print(result[0])
