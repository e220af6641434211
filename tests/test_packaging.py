"""The shipped rule base and catalogue travel inside a plain (non-editable) wheel and work from any
working directory."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    (whl,) = out.glob("prescriber-*.whl")
    return whl


@pytest.mark.slow
def test_wheel_carries_rules_catalog_and_examples(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for kind in ("rules", "catalog", "examples"):
        shipped = {n.split(f"prescriber/_shipped/{kind}/", 1)[1] for n in names if f"_shipped/{kind}/" in n}
        local = {str(p.relative_to(ROOT / kind)) for p in (ROOT / kind).rglob("*") if p.is_file()}
        assert shipped == local, kind


@pytest.mark.slow
def test_installed_package_prescribes_from_anywhere(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    script = (
        "import prescriber, pathlib\n"
        "assert 'site' in prescriber.__file__, prescriber.__file__\n"
        "rx = prescriber.load()\n"
        "ex = prescriber.shipped('examples') / 'fuzhou-vehicle-maker.yaml'\n"
        "print(rx.prescribe(ex, as_of='2026-06-01').items[1].service)\n"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = subprocess.run(
        [sys.executable, "-c", script],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == "skills-appraisal-body\n"


@pytest.mark.slow
def test_installed_validate_lint_and_test_check_the_rules_being_edited(wheel: Path, tmp_path: Path) -> None:
    """After a plain ``pip install``, bare ``validate``/``lint``/``test`` in a folder holding ``rules/``
    and ``catalog/`` check those — not the copy inside the package — and say which folders they checked."""
    import shutil

    target = tmp_path / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    work = tmp_path / "work"
    for kind in ("rules", "catalog"):
        shutil.copytree(ROOT / kind, work / kind)
    broken = work / "rules" / "skills.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace(
            "service: new-apprenticeship", "service: new-aprentice", 1
        ),
        encoding="utf-8",
    )
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}

    def run(cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "prescriber", *argv],
            cwd=cwd,
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )

    where = run(work, "--version")
    assert where.returncode == 0
    for command in ("validate", "lint", "test"):
        proc = run(work, command)
        assert proc.returncode == 1, (command, proc.stdout, proc.stderr)
        assert "未知的服务 'new-aprentice'" in proc.stdout + proc.stderr, command
        assert "检查的规则：rules，服务目录：catalog\n" in proc.stdout + proc.stderr, command
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = run(elsewhere, "validate")
    assert proc.returncode == 0, proc.stderr
    shipped = target / "prescriber" / "_shipped"
    assert proc.stdout.startswith(
        f"检查的规则：{shipped / 'rules'}，服务目录：{shipped / 'catalog'}（prescriber 自带的副本；"
    )
