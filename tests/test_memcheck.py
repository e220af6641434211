"""durable_rules' C core under valgrind: creating and matching rulesets of every operator must read
no uninitialised memory and make no invalid access. (This found `$or` inside `$iany` making
``create_ruleset`` branch on uninitialised memory, so ruleset creation failed at random.)"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("valgrind") is None, reason="valgrind is not installed")
def test_durable_rules_runs_clean_under_memcheck() -> None:
    child = Path(__file__).parent / "memcheck_child.py"
    proc = subprocess.run(
        ["valgrind", "--tool=memcheck", "--error-exitcode=99", sys.executable, str(child)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    summary = [line for line in proc.stderr.splitlines() if "ERROR SUMMARY" in line]
    assert proc.returncode == 0, "\n".join(proc.stderr.splitlines()[-60:])
    assert proc.stdout.strip() == "ok"
    assert summary and " 0 errors" in summary[-1]
