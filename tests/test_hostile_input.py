"""Hostile and accidental input: every loader answers random bytes and random YAML with one of our
own errors (located), never a crash or a foreign exception; bad profile values each get a clear
error or warning."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from budget import examples
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

import prescriber
from prescriber import batch, loader, scenarios
from prescriber.errors import PrescriberError

YAMLISH = st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#?, \n\t0.5中é%@`~")), max_size=300)
LOADERS = {
    "profile": lambda p: loader.load_profile(p),
    "rules": lambda p: loader.load_rules(p),
    "catalog": lambda p: loader.load_catalog(p),
    "scenarios": lambda p: scenarios.load_scenarios(p),
    "table": lambda p: list(batch.read_table(p)),
}


def _only_ours(kind: str, path: Path) -> None:
    try:
        LOADERS[kind](path)
    except PrescriberError as exc:
        problems = getattr(exc, "problems", ())
        assert all(p.file for p in problems)


@examples(60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(sorted(LOADERS)), data=st.binary(max_size=400))
def test_random_bytes_to_every_loader(tmp_path: Path, kind: str, data: bytes) -> None:
    path = tmp_path / ("f.csv" if kind == "table" else "f.yaml")
    path.write_bytes(data)
    _only_ours(kind, path)


@examples(60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    suffix=st.sampled_from([".jsonl", ".parquet", ".xlsx"]),
    data=st.one_of(
        st.binary(max_size=400), st.sampled_from([b"PAR1", b"PK\x03\x04", b"{}\n{", b"PAR1x" * 9])
    ),
)
def test_random_bytes_to_every_table_format(tmp_path: Path, suffix: str, data: bytes) -> None:
    path = tmp_path / f"f{suffix}"
    path.write_bytes(data)
    _only_ours("table", path)


@examples(60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(sorted(LOADERS)), text=YAMLISH)
def test_random_yaml_to_every_loader(tmp_path: Path, kind: str, text: str) -> None:
    path = tmp_path / ("f.csv" if kind == "table" else "f.yaml")
    path.write_text(text, encoding="utf-8")
    _only_ours(kind, path)


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        ({"name": "x", "employees": -3}, "employees: 应 ≥ 0"),
        (
            {"name": "x", "metrics": {"turnover_rate": 1.5}},
            "年度员工流失率（turnover_rate）= 1.5，应在 0–1 之间",
        ),
        (
            {"name": "x", "credit_code": "91350900587527783Q"},
            "credit_code: 统一社会信用代码无效：校验位错误：第 18 位应为 P，实际为 Q",
        ),
        ({"name": "x", "pain_points": ["招人困难"]}, "未知的诉求或痛点 '招人困难'"),
        ({"name": "x", "region": "杭州"}, "未知的所在地区 '杭州'"),
        ({"name": "x", "industry": "C99"}, "行业代码 'C99' 无效：没有行业大类 99"),
        (
            {"name": "x", "industry": "Z1"},
            "行业代码 'Z1' 无效：行业代码应为门类字母（如 C）或 2–4 位数字代码（如 36、C36、3610）",
        ),
        ({"name": "x", "flags": {"has_unoin": True}}, "未知的标志 'has_unoin'"),
        ({"name": "x", "employees": "五十"}, "employees: 应为整数，而不是 '五十'"),
        ({"name": "x", "flags": {"has_union": "yes"}}, "已建工会（has_union）应为 true 或 false"),
        ({}, "缺少必填项 'name'"),
    ],
)
def test_bad_profile_values(rx_python: Any, profile: dict[str, Any], message: str) -> None:
    with pytest.raises(prescriber.ProfileError) as caught:
        rx_python.prescribe(profile)
    assert message in [p.message for p in caught.value.problems]


def test_did_you_mean_for_pain_points_and_flags(rx_python: Any) -> None:
    with pytest.raises(prescriber.ProfileError) as caught:
        rx_python.prescribe({"name": "x", "pain_points": ["招工难难"], "flags": {"has_unoin": True}})
    hints = sorted(p.hint for p in caught.value.problems)
    assert hints == ["您是不是想写 'has_union'？", "您是不是想写 'recruitment-difficulty'（招工难）？"]


def test_revenue_in_the_wrong_unit_is_a_warning(rx_python: Any) -> None:
    p = rx_python.prescribe({"name": "x", "industry": "C13", "employees": 10, "revenue": 5_000_000})
    assert [w.split(": warning: ")[1].splitlines() for w in p.warnings] == [
        [
            "营业收入 5000000 万元，人均超过 2 亿元，单位可能填成了“元” [revenue]",
            "  hint: 营业收入以万元为单位：例如 1.2 亿元写 12000",
        ]
    ]


def test_an_excel_entity_bomb_is_refused_fast(tmp_path: Path) -> None:
    """A workbook whose sheet declares nested entities ("billion laughs") is refused by the XML parser
    (openpyxl parses through defusedxml), not expanded."""
    import time
    import zipfile

    import pandas as pd

    good, bomb = tmp_path / "good.xlsx", tmp_path / "bomb.xlsx"
    pd.DataFrame({"id": ["E1"], "name": ["某企业"]}).to_excel(good, index=False)
    entities = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bomb, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if "某企业".encode() in data:  # the sheet (inline strings) or the shared strings
                text = data.decode()
                head, rest = text.split("?>", 1) if text.startswith("<?xml") else ("", text)
                root = rest.lstrip().split()[0].lstrip("<")
                data = (
                    head
                    + ("?>" if head else "")
                    + f"<!DOCTYPE {root} [{entities}]>"
                    + rest.replace("某企业", "&a9;")
                ).encode()
            dst.writestr(item, data)
    t0 = time.perf_counter()
    with pytest.raises(PrescriberError) as err:
        list(batch.read_table(bomb))
    assert time.perf_counter() - t0 < 10  # a generous bound: expanding it would take minutes and gigabytes
    assert err.value.problems[0].file == str(bomb)
    with zipfile.ZipFile(bomb) as planted:  # the bomb is really in the workbook
        assert any(b"&a9;" in planted.read(name) for name in planted.namelist())


def test_numbers_in_a_text_column_are_not_prefixed(tmp_path: Path) -> None:
    import pandas as pd

    from prescriber.batch.io import inert

    frame = pd.DataFrame({"id": [-5, "-5", "-2+3", "A"], "n": [1, 2, 3, 4]})
    assert inert(frame)["id"].tolist() == [-5, "-5", "'-2+3", "A"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_formulas_in_names_stay_text_in_spreadsheet_output(tmp_path: Path, suffix: str) -> None:
    """An enterprise named "=HYPERLINK(…)" must not become a live formula in the tables a caseworker
    opens in Excel; Parquet and JSON Lines keep the value as it was."""
    import pandas as pd

    source = tmp_path / "in.csv"
    source.write_text(
        'id,name,employees\n=1+2,"=HYPERLINK(""http://x"",""点我"")",50\nE2,-正常,40\n', encoding="utf-8"
    )
    book = prescriber.load(engine="python").book
    out = tmp_path / f"out{suffix}"
    batch.run_job(book, source, batch.Outputs(out), datetime.date(2026, 6, 1), top=3)
    wide = out.with_name(f"out.wide{suffix}")
    if suffix == ".xlsx":
        import openpyxl

        sheet = openpyxl.load_workbook(wide).active
        cells = [(c.value, c.data_type) for c in sheet["B"][1:] + sheet["C"][1:]]
        # text cells holding exactly what the enterprise wrote; no formula
        assert cells == [("=1+2", "s"), ("E2", "s"), ('=HYPERLINK("http://x","点我")', "s"), ("-正常", "s")]
    else:
        frame = pd.read_csv(wide, dtype=str)
        assert frame["id"].tolist() == ["'=1+2", "E2"]
        assert frame["name"].tolist() == ['\'=HYPERLINK("http://x","点我")', "'-正常"]
    parquet = tmp_path / "out.parquet"
    batch.run_job(book, source, batch.Outputs(parquet), datetime.date(2026, 6, 1), top=3)
    assert (
        pd.read_parquet(tmp_path / "out.wide.parquet")["name"].tolist()[0] == '=HYPERLINK("http://x","点我")'
    )


def _workbook(path: Path) -> dict[str, bytes]:
    import zipfile

    import pandas as pd

    pd.DataFrame({"id": ["E1", "E2"], "name": ["甲", "乙"], "employees": [50, 60]}).to_excel(
        path, index=False
    )
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def _rezip(path: Path, parts: dict[str, bytes]) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_a_damaged_part_inside_a_workbook_is_our_error(tmp_path: Path) -> None:
    """openpyxl raises TypeError on an unknown attribute in the styles: still one line of ours."""
    path = tmp_path / "w.xlsx"
    parts = _workbook(path)
    parts["xl/styles.xml"] = parts["xl/styles.xml"].replace(b"numFmtId", b"numFmtIO")
    _rezip(path, parts)
    with pytest.raises(PrescriberError) as err:
        list(batch.read_table(path))
    assert [p.code for p in err.value.problems] == ["source.excel"]


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::UserWarning")  # openpyxl warns about the very damage we made
@examples(80, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(data=st.data())
def test_mutated_parts_inside_a_workbook(tmp_path: Path, data: st.DataObject) -> None:
    """Bytes changed inside one XML part of a real workbook (where random whole files never reach)."""
    path = tmp_path / "w.xlsx"
    parts = _workbook(path)
    name = data.draw(st.sampled_from(sorted(parts)))
    body = parts[name]
    start = data.draw(st.integers(0, len(body) - 1))
    end = data.draw(st.integers(start, min(len(body), start + 40)))
    parts[name] = body[:start] + data.draw(st.binary(max_size=20)) + body[end:]
    _rezip(path, parts)
    _only_ours("table", path)
