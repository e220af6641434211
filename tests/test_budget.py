"""The test suite's own house rules: every property test runs as many examples as the loaded hypothesis
profile says (none pins ``max_examples``), and the slow tests are marked so that a local run can leave
them out while CI runs everything."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest
from budget import examples
from hypothesis import HealthCheck, settings

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
EXEMPT = ("conftest.py", "budget.py", "test_budget.py")  # where profiles are registered, scaled, tested


def _pins(path: Path) -> list[str]:
    """Each place in ``path`` that sets ``max_examples`` itself or registers a profile."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            if any(k.arg == "max_examples" for k in node.keywords):
                found.append(f"{path.name}:{node.lineno}: max_examples= (use budget.examples(n, …))")
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr in ("register_profile", "load_profile")
                and ast.unparse(func.value).endswith("settings")
            ):
                found.append(f"{path.name}:{node.lineno}: {func.attr} (profiles live in conftest.py)")
    return found


def test_no_property_test_pins_its_own_number_of_examples() -> None:
    pins = [pin for path in sorted(TESTS.glob("*.py")) if path.name not in EXEMPT for pin in _pins(path)]
    assert pins == []


def test_the_check_sees_a_pinned_number(tmp_path: Path) -> None:
    bad = tmp_path / "test_pinned.py"
    bad.write_text(
        "from hypothesis import settings\n\n@settings(deadline=None, max_examples=5)\ndef f(): ...\n"
    )
    assert _pins(bad) == ["test_pinned.py:3: max_examples= (use budget.examples(n, …))"]


def test_the_thorough_profile_scales_every_property_test() -> None:
    loaded = os.environ.get("HYPOTHESIS_PROFILE", "ci")
    try:
        settings.load_profile("ci")
        assert examples(25).max_examples == 25
        settings.load_profile("thorough")
        assert examples(25).max_examples == 250
        assert examples(300, deadline=None).max_examples == 3000
        # the profile's suppressed health checks stay suppressed beside the test's own
        both = examples(3, suppress_health_check=[HealthCheck.function_scoped_fixture])
        assert set(both.suppress_health_check) == {HealthCheck.too_slow, HealthCheck.function_scoped_fixture}
    finally:
        settings.load_profile(loaded)


def test_slow_is_a_registered_marker_and_ci_runs_everything(pytestconfig: pytest.Config) -> None:
    assert any(m.startswith("slow:") for m in pytestconfig.getini("markers"))
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert "pytest -q" in ci and "not slow" not in ci and "HYPOTHESIS_PROFILE" not in ci
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert '.venv/bin/pytest -q -m "not slow"' in readme
    assert "HYPOTHESIS_PROFILE=thorough" in readme
