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
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                           "-w", str(out), str(ROOT)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    (whl,) = out.glob("prescriber-*.whl")
    return whl


def test_wheel_carries_rules_catalog_and_examples(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for kind in ("rules", "catalog", "examples"):
        shipped = {n.split(f"prescriber/_shipped/{kind}/", 1)[1] for n in names if f"_shipped/{kind}/" in n}
        local = {str(p.relative_to(ROOT / kind)) for p in (ROOT / kind).rglob("*") if p.is_file()}
        assert shipped == local, kind


def test_installed_package_prescribes_from_anywhere(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
                           str(wheel)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    script = ("import prescriber, pathlib\n"
              "assert 'site' in prescriber.__file__, prescriber.__file__\n"
              "rx = prescriber.load()\n"
              "ex = prescriber.shipped('examples') / 'fuzhou-vehicle-maker.yaml'\n"
              "print(rx.prescribe(ex, as_of='2026-06-01').items[1].service)\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = subprocess.run([sys.executable, "-c", script], cwd=elsewhere, capture_output=True, text=True,
                          env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}, check=False)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == "skills-appraisal-body\n"
