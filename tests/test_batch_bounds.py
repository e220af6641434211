"""Batch jobs under attack (SECURITY.md, "Limits"): one bad row never refuses a batch, in every format;
CSV outputs a spreadsheet cannot split or execute; outputs all or nothing (a full disk, a killed run)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from budget import examples
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from prescriber.batch import Outputs, read_table, run_job
from prescriber.batch.io import inert
from prescriber.cli import main

ROOT = Path(__file__).resolve().parent.parent
DAY = date(2026, 1, 1)
GOOD = {
    "name": "福州宏盛制造有限公司",
    "region": "fuzhou",
    "industry": "C33",
    "employees": 55,
    "pain_points": "skill-shortage",
}

# -- 4. one bad row never refuses a batch ----------------------------------------------------------------

BAD_JSONL = {
    "array": ("[1, 2]", "table.json-row"),
    "bare string": ('"福州宏盛"', "table.json-row"),
    "truncated": ('{"name": "甲", "region": "fuz', "table.json"),
    "integer too large": ('{"name": "甲", "employees": ' + "9" * 5000 + "}", "table.json"),
    "NaN at the top level": ("NaN", "table.json"),
    "NaN inside": ('{"name": "甲", "employees": NaN}', "table.json"),
    "duplicate key": ('{"name": "甲", "name": "乙"}', "table.json"),
    "not UTF-8": ('{"name": "\udcb8\udcd3"}', "source.encoding"),
}


def _jsonl_line(row: dict[str, Any] | str) -> bytes:
    if isinstance(row, dict):
        return json.dumps(row, ensure_ascii=False).encode() + b"\n"
    return row.encode("utf-8", "surrogateescape") + b"\n"


def _rows(kinds: list[str | None], i0: int = 0) -> list[dict[str, Any] | str]:
    return [dict(GOOD, id=f"E{i0 + i}") if k is None else BAD_JSONL[k][0] for i, k in enumerate(kinds)]


def _job(source: Path, tmp: Path, chunk: int = 50_000) -> tuple[Any, pd.DataFrame, pd.DataFrame]:
    from prescriber import load

    book = load(engine="python").book
    summary = run_job(book, source, Outputs(tmp / "out.csv"), DAY, chunk=chunk)
    wide = pd.read_csv(tmp / "out.wide.csv", dtype=str, keep_default_na=False)
    errors = pd.read_csv(tmp / "out.errors.csv", dtype=str, keep_default_na=False)
    return summary, wide, errors


@pytest.mark.slow
@examples(25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kinds=st.lists(st.one_of(st.none(), st.sampled_from(sorted(BAD_JSONL))), min_size=1, max_size=30),
    chunk=st.integers(1, 8),
)
def test_json_lines_rows_in_equal_prescribed_plus_error_rows(
    tmp_path_factory: Any, kinds: list[str | None], chunk: int
) -> None:
    tmp = tmp_path_factory.mktemp("jsonl")
    source = tmp / "in.jsonl"
    source.write_bytes(b"".join(_jsonl_line(r) for r in _rows(kinds)))
    summary, wide, errors = _job(source, tmp, chunk)
    assert summary.rows == len(kinds)
    assert len(wide) + errors["row"].nunique() == len(kinds)
    bad = {i + 1: BAD_JSONL[k][1] for i, k in enumerate(kinds) if k is not None}
    assert dict(zip(errors["row"].astype(int), errors["code"], strict=True)) == bad
    assert list(wide["row"].astype(int)) == [i + 1 for i, k in enumerate(kinds) if k is None]
    # the reference reader agrees, row by row
    assert [r.profile is None for r in read_table(source)] == [k is not None for k in kinds]


@pytest.mark.slow
@examples(20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(extra=st.lists(st.integers(0, 3), min_size=1, max_size=40), chunk=st.integers(1, 7))
def test_ragged_csv_rows_are_row_errors(tmp_path_factory: Any, extra: list[int], chunk: int) -> None:
    """``extra[i]`` more fields than the header in row i (0: a good row), anywhere in any chunk."""
    tmp = tmp_path_factory.mktemp("csv")
    source = tmp / "in.csv"
    head = "id,name,region,industry,employees"
    lines = [f"E{i},企业{i},fuzhou,C33,55" + ",x" * k for i, k in enumerate(extra)]
    source.write_text(head + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    summary, wide, errors = _job(source, tmp, chunk)
    assert summary.rows == len(extra)
    assert len(wide) + errors["row"].nunique() == len(extra)
    assert [(int(r), m) for r, m in zip(errors["row"], errors["message"], strict=True)] == [
        (i + 1, f"这一行有 {5 + k} 个字段，表头只有 5 列") for i, k in enumerate(extra) if k
    ]


@pytest.mark.slow
@examples(15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    gbk=st.lists(st.booleans(), min_size=2, max_size=30).map(lambda xs: [False, *xs]), chunk=st.integers(1, 7)
)
def test_csv_rows_that_are_not_utf8_are_row_errors(
    tmp_path_factory: Any, gbk: list[bool], chunk: int
) -> None:
    """A row pasted in GBK is a row error; a file that is GBK from its first row is one file error."""
    tmp = tmp_path_factory.mktemp("gbk")
    source = tmp / "in.csv"
    lines = [f"E{i},企业{i},fuzhou".encode("gbk" if bad else "utf-8") for i, bad in enumerate(gbk)]
    source.write_bytes(b"id,name,region\n" + b"\n".join(lines) + b"\n")
    summary, wide, errors = _job(source, tmp, chunk)
    assert len(wide) + errors["row"].nunique() == summary.rows == len(gbk)
    assert list(errors["row"].astype(int)) == [i + 1 for i, bad in enumerate(gbk) if bad]
    assert set(errors["code"]) <= {"source.encoding"}
    source.write_bytes("id,name,region\nE0,企业0,fuzhou\n".encode("gbk"))
    err = io.StringIO()
    assert main(["batch", str(source), "-o", str(tmp / "again.csv")], out=io.StringIO(), err=err) == 1
    assert err.getvalue() == f"{source}: error: 文件不是 UTF-8 编码 — 另存为 UTF-8（Excel：“CSV UTF-8”）\n"


def test_a_bad_row_through_the_command_line(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"".join(_jsonl_line(r) for r in _rows([None, "array", None, "truncated"])))
    err = io.StringIO()
    code = main(
        ["batch", str(source), "-o", str(tmp_path / "out.csv"), "--workers", "1"], out=io.StringIO(), err=err
    )
    assert code == 1
    assert err.getvalue().startswith("4 行：2 家企业已开具清单")
    errors = (tmp_path / "out.errors.csv").read_text(encoding="utf-8").splitlines()
    assert errors[1].startswith("2,,,table.json-row,这一行是数组，不是 JSON 对象,")
    assert errors[2].startswith("4,,,table.json,这一行不是完整的 JSON")


# -- 5. CSV outputs a spreadsheet cannot split or execute -------------------------------------------------

_CELL = st.text(alphabet=st.sampled_from(list("=+-@\t\r\n甲a1 ,\"'")), min_size=1, max_size=12)


def _records(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def _physical_rows(path: Path) -> list[str]:
    """What a spreadsheet that splits at every CR or LF outside quotes sees as rows."""
    rows, cur, quoted = [], "", False
    for ch in path.read_text(encoding="utf-8"):
        if ch == '"':
            quoted = not quoted
        if ch in "\r\n" and not quoted:
            rows.append(cur)
            cur = ""
        else:
            cur += ch
    return [r for r in rows if r]


@pytest.mark.slow
@examples(40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(_CELL, min_size=1, max_size=8))
def test_csv_output_keeps_every_row_one_row_and_every_line_inert(
    tmp_path_factory: Any, names: list[str]
) -> None:
    tmp = tmp_path_factory.mktemp("inert")
    source = tmp / "in.jsonl"
    names = [f"甲{n}" for n in names]  # a name must not be blank
    source.write_bytes(b"".join(_jsonl_line(dict(GOOD, id=n, name=n, region=n)) for n in names))
    _job(source, tmp)
    for table in ("out.csv", "out.wide.csv", "out.errors.csv"):
        path = tmp / table
        records = _records(path)
        assert len(_physical_rows(path)) == len(records)  # no phantom rows
        for record in records[1:]:
            for cell in record:
                for line in cell.split("\n"):
                    assert not (line[:1] in ("=", "+", "-", "@", "\t") and not _number(line)), (table, cell)
                assert "\r" not in cell
    wide = _records(tmp / "out.errors.csv")
    assert len(wide) - 1 == len(names)  # every row is an error row: the region is no region


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_inert_csv_text_examples() -> None:
    frame = pd.DataFrame(
        {"a": ["x\ry", "=1", "a\n=HYPERLINK(1)", "q\r\n@cmd", "-5", None, "ok"], "n": range(7)}
    )
    buffer = io.StringIO()
    inert(frame).to_csv(buffer, index=False)
    text = buffer.getvalue()
    assert text == 'a,n\n"x\ny",0\n\'=1,1\n"a\n\'=HYPERLINK(1)",2\n"q\n\'@cmd",3\n-5,4\n,5\nok,6\n'


# -- 6. all or nothing ----------------------------------------------------------------------------------


@contextlib.contextmanager
def _tmpfs(where: Path, size: str) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


@pytest.mark.slow
def test_a_full_disk_while_writing_the_third_output_leaves_the_previous_set(tmp_path: Path) -> None:
    """The errors table (an Excel workbook, written when the others are complete) does not fit: the
    long and wide tables of the first run stay as they were, and no temporary file is left."""
    with _tmpfs(tmp_path / "disk", "512k") as disk:
        small = tmp_path / "small.jsonl"
        small.write_bytes(b"".join(_jsonl_line(r) for r in _rows([None, None, "array"])))
        args = ["-o", str(disk / "out.csv"), "--errors", str(disk / "errors.xlsx"), "--workers", "1"]
        assert main(["batch", str(small), *args], out=io.StringIO(), err=io.StringIO()) == 1
        before = {p.name: p.read_bytes() for p in disk.iterdir()}
        assert sorted(before) == ["errors.xlsx", "out.csv", "out.wide.csv"]
        big = tmp_path / "big.jsonl"  # good rows (small long and wide tables) and many long bad regions
        rows = [dict(GOOD, id=f"E{i}") for i in range(50)] + [
            dict(GOOD, id=f"B{i}", region=os.urandom(18).hex()) for i in range(20_000)
        ]
        big.write_bytes(b"".join(_jsonl_line(r) for r in rows))
        err = io.StringIO()
        code = main(["batch", str(big), *args], out=io.StringIO(), err=err)
        assert code == 1 and "No space left on device" in err.getvalue(), err.getvalue()
        after = {p.name: p.read_bytes() for p in disk.iterdir()}
        assert after == before  # the same three files, byte for byte, and nothing else


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc")
def test_a_killed_run_leaves_nothing_behind(tmp_path: Path) -> None:
    """A 200,000-row table prescribed by helper processes; the run is killed (-9) while it writes. Its
    helpers end within seconds, and the next run removes its temporary files and its directory of
    pickled rows."""
    examples = pd.read_csv(ROOT / "examples" / "enterprises.csv", dtype=str, keep_default_na=False)
    big = pd.concat([examples] * (200_000 // len(examples) + 1)).iloc[:200_000]
    source = tmp_path / "in.csv"
    big.to_csv(source, index=False)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = dict(os.environ, TMPDIR=str(scratch))
    out = tmp_path / "out.csv"
    argv = [
        sys.executable,
        "-m",
        "prescriber",
        "batch",
        str(source),
        "-o",
        str(out),
        "--workers",
        "3",
        "--chunk",
        "20000",
    ]
    run = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not (
            list(tmp_path.glob(".out.csv.*.tmp"))
            and list(scratch.glob("prescriber-*"))
            and len(_children(run.pid)) >= 2
        ):
            assert run.poll() is None and time.monotonic() < deadline, (
                "the run ended before it could be killed"
            )
            time.sleep(0.05)
        helpers = _children(run.pid)
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait()
    deadline = time.monotonic() + 10
    while any(_alive(h) for h in helpers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(h) for h in helpers), "a helper outlived its parent"
    assert list(tmp_path.glob(".out.csv.*.tmp")) and list(scratch.glob("prescriber-*"))  # what it left
    small = tmp_path / "small.csv"
    examples.iloc[:5].to_csv(small, index=False)
    done = subprocess.run(
        [sys.executable, "-m", "prescriber", "batch", str(small), "-o", str(out), "--workers", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode in (0, 1), done.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    assert list(scratch.glob("prescriber-*")) == []
    assert len(pd.read_csv(tmp_path / "out.wide.csv")) == 5


def test_temporary_names_are_unique_per_run(tmp_path: Path) -> None:
    from prescriber.batch import TableWriter

    a, b = TableWriter(tmp_path / "x.csv"), TableWriter(tmp_path / "x.csv")
    assert a.tmp != b.tmp and a.tmp.parent == tmp_path and str(os.getpid()) in a.tmp.name
