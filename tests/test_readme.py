"""The README is true as written: its Python blocks run, it points at nothing a user of a clone does
not have, and the licence it names is there."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_python_block_runs_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    assert blocks
    monkeypatch.chdir(ROOT)  # as a user of a clone runs them
    for block in blocks:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(block, "README.md", "exec"), {"__name__": "__readme__"})


def test_no_path_outside_the_repository() -> None:
    assert "../shared" not in README and "shared/reference" not in README
    for target in re.findall(r"\]\(([^)#:]+)\)", README):  # relative links point at files of the clone
        assert (ROOT / target).exists(), target


def test_the_licence_it_names_is_there() -> None:
    assert "MIT" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert 'license = "MIT"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "[`LICENSE`](LICENSE)" in README


def test_the_c_compiler_durable_rules_needs_is_mentioned() -> None:
    assert "C compiler" in README and "durable-rules" in README
