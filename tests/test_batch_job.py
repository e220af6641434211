"""Batch jobs: every input format, the errors table, atomic outputs, and the Dask path on a real
two-worker LocalCluster giving results identical to the local run."""

from __future__ import annotations

import datetime
import io
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import prescriber
from prescriber import batch, cluster
from prescriber.cli import main

ROOT = Path(__file__).resolve().parent.parent
CSV = ROOT / "examples/enterprises.csv"
DAY = datetime.date(2026, 6, 1)


@pytest.fixture(scope="module")
def book() -> Any:
    return prescriber.load(engine="python").book


@pytest.fixture(scope="module")
def expected(book: Any, tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    out = tmp_path_factory.mktemp("ref") / "long.csv"
    batch.run_job(book, CSV, batch.Outputs(out), DAY, top=5)
    return pd.read_csv(out, dtype=str, keep_default_na=False)


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet", ".xlsx"])
def test_every_input_format_gives_the_same_result(
    book: Any, expected: pd.DataFrame, tmp_path: Path, suffix: str
) -> None:
    frame = pd.read_csv(CSV, dtype=str, keep_default_na=False)
    source = tmp_path / f"in{suffix}"
    if suffix == ".jsonl":
        frame.to_json(source, orient="records", lines=True, force_ascii=False)
    elif suffix == ".parquet":
        frame.to_parquet(source, index=False)
    else:
        frame.to_excel(source, index=False)
    out = tmp_path / "long.csv"
    summary = batch.run_job(book, source, batch.Outputs(out), DAY, top=5, chunk=70)
    assert (summary.rows, summary.bad) == (240, 0)
    pd.testing.assert_frame_equal(pd.read_csv(out, dtype=str, keep_default_na=False), expected)


def test_helper_processes_give_the_same_tables_in_the_same_order(
    book: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = []
    run = batch.Engine.run

    def slow(self: Any, frame: pd.DataFrame, *args: Any, **kwargs: Any) -> Any:
        here.append(len(frame))  # only this process is slowed down: the helpers start afresh
        time.sleep(0.4)
        return run(self, frame, *args, **kwargs)

    source = tmp_path / "in.csv"
    frame = pd.read_csv(CSV, dtype=str, keep_default_na=False)
    frame.loc[[7, 130], "industry"] = "C99"  # bad rows in chunks this process and a helper prescribe
    frame.to_csv(source, index=False)
    outputs = {}
    for workers in (1, 3):
        if workers > 1:
            monkeypatch.setattr(batch.Engine, "run", slow)
        out = tmp_path / f"w{workers}.csv"
        summary = batch.run_job(book, source, batch.Outputs(out), DAY, top=5, chunk=20, workers=workers)
        assert (summary.rows, summary.bad) == (240, 2)
        outputs[workers] = [
            pd.read_csv(p, dtype=str, keep_default_na=False) for p in batch.Outputs(out).resolved()
        ]
    assert 0 < len(here) < 12, "the helpers prescribed no chunk"
    for one, many in zip(outputs[1], outputs[3], strict=True):
        pd.testing.assert_frame_equal(one, many)
    assert outputs[3][2]["row"].tolist() == ["8", "131"]
    assert not list(tmp_path.glob(".*tmp"))


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet", ".xlsx"])
def test_every_output_format(book: Any, expected: pd.DataFrame, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"long{suffix}"
    batch.run_job(book, CSV, batch.Outputs(out), DAY, top=5, chunk=100)
    read = {
        ".csv": lambda p: pd.read_csv(p, dtype=str, keep_default_na=False),
        ".jsonl": lambda p: pd.read_json(p, lines=True, dtype=False),
        ".parquet": pd.read_parquet,
        ".xlsx": pd.read_excel,
    }[suffix]
    got = read(out)
    assert len(got) == len(expected) and list(got["service"]) == list(expected["service"])
    assert (tmp_path / f"long.wide{suffix}").exists() and (tmp_path / "long.errors.csv").exists()


def test_bad_rows_go_to_the_errors_table_and_the_others_are_kept(book: Any, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "id,name,region,employees,pain_points,metrics.turnover_rate\n"
        "A,甲公司,福州,120,招工难,0.2\n"
        "B,乙公司,杭州,80,,\n"
        "C,丙公司,厦门,一百,招人难,2\n"
        "D,丁公司,厦门,15,缺工,\n",
        encoding="utf-8",
    )
    out = tmp_path / "long.csv"
    summary = batch.run_job(book, source, batch.Outputs(out), DAY)
    assert (summary.rows, summary.bad) == (4, 2)
    errors = pd.read_csv(tmp_path / "long.errors.csv", dtype=str, keep_default_na=False)
    assert errors.values.tolist() == [
        ["2", "B", "region", "profile.unknown-region", "未知的所在地区 '杭州'", errors.hint[0]],
        [
            "3",
            "C",
            "employees",
            "table.number",
            "employees 应为数字，而不是 '一百'",
            "'一百' 是汉字数字：请用阿拉伯数字书写，如 120",
        ],
        [
            "3",
            "C",
            "metrics.turnover_rate",
            "profile.metric-range",
            "年度员工流失率（turnover_rate）= 2.0，应在 0–1 之间",
            "若指 2%，比例请写小数 0.02",
        ],  # every problem of the row, not only the first
    ]
    assert sorted(set(pd.read_csv(out).id)) == ["A", "D"]


def test_an_interrupted_job_leaves_no_output(
    book: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = {"n": 0}
    run = batch.Engine.run

    def failing(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return run(self, *args, **kwargs)

    monkeypatch.setattr(batch.Engine, "run", failing)
    with pytest.raises(KeyboardInterrupt):
        batch.run_job(book, CSV, batch.Outputs(tmp_path / "long.parquet"), DAY, chunk=100)
    assert list(tmp_path.iterdir()) == []


def test_batch_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out, err = io.StringIO(), io.StringIO()
    code = main(
        [
            "batch",
            "examples/enterprises.csv",
            "-o",
            str(tmp_path / "r.csv"),
            "--top",
            "3",
            "--as-of",
            "2026-06-01",
        ],
        out=out,
        err=err,
    )
    assert (code, out.getvalue()) == (0, "")
    assert err.getvalue() == (
        f"240 行：240 家企业已开具清单（960 项服务），没有有问题的行；输出："
        f"{tmp_path / 'r.csv'}、{tmp_path / 'r.wide.csv'}、{tmp_path / 'r.errors.csv'}\n"
    )
    wide = pd.read_csv(tmp_path / "r.wide.csv")
    assert list(wide.columns) == [
        "row",
        "id",
        "name",
        *(f"{c}_{k}" for k in range(1, 5) for c in ("service", "service_name")),
    ]
    names = {s.id: s.name for s in prescriber.load(engine="python").book.catalog.services}
    assert all(wide["service_name_1"] == wide["service_1"].map(names))  # names beside ids, for the caseworker
    for table in ("r.csv", "r.wide.csv", "r.errors.csv"):  # Excel reads Chinese only after a BOM
        assert (tmp_path / table).read_bytes().startswith("\ufeff".encode()), table
        assert (tmp_path / table).read_bytes().count("\ufeff".encode()) == 1, table


def test_dask_on_a_two_worker_local_cluster(book: Any, expected: pd.DataFrame, tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as lc, Client(lc) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        frame = cluster.read_dask(CSV, blocksize="8KB")
        assert frame.npartitions >= 4
        results = list(cluster.prescribe_dask(book, frame, DAY, top=5, client=client))
    long = pd.concat([r.long for r in results], ignore_index=True).astype(str)
    local = expected.astype(str)
    assert long["row"].tolist() == local["row"].tolist()
    assert (
        long[["service", "rank", "rules"]].values.tolist()
        == local[["service", "rank", "rules"]].values.tolist()
    )


def test_the_chunk_default_is_the_one_the_help_names() -> None:
    from prescriber.cli.parser import build

    text = build()._subparsers._group_actions[0].choices["batch"].format_help()  # type: ignore[union-attr]
    assert f"默认 {batch.CHUNK:,}" in " ".join(text.split())


def test_outputs_are_checked_before_any_work(book: Any, tmp_path: Path) -> None:
    """A missing directory, an output that is the input, two outputs on one file: refused at once,
    and the input is left as it was."""
    source = tmp_path / "in.csv"
    source.write_bytes(CSV.read_bytes())
    cases = {
        batch.Outputs(tmp_path / "nodir" / "o.csv"): (
            "output.no-directory",
            f"目录 {tmp_path / 'nodir'} 不存在",
        ),
        batch.Outputs(source): ("output.clash", "输出文件与输入文件相同，会覆盖它"),
        batch.Outputs(tmp_path / "o.csv", wide=tmp_path / "o.csv"): (
            "output.clash",
            f"输出文件与另一个输出文件（{tmp_path / 'o.csv'}）相同，会覆盖它",
        ),
        batch.Outputs(tmp_path / "o.csv", errors=tmp_path / "o.txt"): (
            "table.format",
            "不支持的表格格式 '.txt'",
        ),
    }
    for outputs, (code, message) in cases.items():
        with pytest.raises(prescriber.SourceError) as err:
            batch.run_job(book, source, outputs, DAY)
        assert {(p.code, p.message) for p in err.value.problems} == {
            (code, message)
        }  # the long, wide or errors file
    assert source.read_bytes() == CSV.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_a_directory_or_a_link_to_the_input_is_no_output(book: Any, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(CSV.read_bytes())
    (tmp_path / "adir.csv").mkdir()
    with pytest.raises(prescriber.SourceError) as err:
        batch.run_job(book, source, batch.Outputs(tmp_path / "adir.csv"), DAY)
    assert [(p.code, p.message) for p in err.value.problems] == [
        ("output.is-directory", "这是一个目录，不能作为输出文件")
    ]
    (tmp_path / "link.csv").hardlink_to(source)
    with pytest.raises(prescriber.SourceError) as err:
        batch.run_job(book, source, batch.Outputs(tmp_path / "link.csv"), DAY)
    assert [p.code for p in err.value.problems] == ["output.clash"]
    assert source.read_bytes() == CSV.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adir.csv", "in.csv", "link.csv"]


def test_rows_of_json_lines_are_located_on_their_own_line(tmp_path: Path) -> None:
    source = tmp_path / "t.jsonl"
    source.write_text(
        '{"name": "甲", "employees": "很多"}\n{"name": "乙", "employees": 5}\n', encoding="utf-8"
    )
    rows = list(batch.read_table(source))
    assert [(r.number, r.line) for r in rows] == [(1, 1), (2, 2)]
    assert [(p.line, p.path) for p in rows[0].problems] == [(1, "employees")]
