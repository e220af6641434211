"""Round trips and hostile workbooks: any row-shaped rule base → workbooks → the identical rule book;
a workbook built to hurt (entity bomb, zip bomb, a huge declared or real size) is refused, fast."""

from __future__ import annotations

import json
import re
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from budget import examples
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from test_workbook import CATALOG, HEAD, _row, make, rulebook, same

import prescriber
from prescriber import loader, workbook
from prescriber.workbook import Limits, write

ROOT = Path(__file__).resolve().parent.parent
CODES = [s.code for s in CATALOG.sections] + [d.code for d in CATALOG.divisions][:30]
PAINS = [p.id for p in CATALOG.pain_points] + [p.name for p in CATALOG.pain_points]
REGIONS = [r.id for r in CATALOG.regions] + [r.name for r in CATALOG.regions]
OWNERS = [o.id for o in CATALOG.ownerships] + [o.name for o in CATALOG.ownerships]
SIZES = ["large", "medium", "small", "micro", "大型", "中型", "小型", "微型"]
BOOL_FLAGS = [f"flags.{f.id}" for f in CATALOG.flags if f.type == "bool"]
RATIOS = [f"metrics.{m.id}" for m in CATALOG.metrics if m.max == 1]
SERVICES = [s.id for s in CATALOG.services]
NOT_CORE = [s.id for s in CATALOG.services if not s.core]
POLICIES = [p.id for p in CATALOG.policies]
SOURCES = st.one_of(
    st.sampled_from(POLICIES),  # one register id, or a list of them (a、b in a cell)
    st.lists(st.sampled_from(POLICIES), min_size=2, max_size=3, unique=True),
)
TEXT = (
    st.text(
        alphabet=st.sampled_from(
            list("企业职工技能人才短缺 →（）、，。abcXYZ0123456789-=+@#%:;'\"!?$&*[]<>/\\\n")
        ),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)


def _some(values: list[Any], most: int = 3) -> st.SearchStrategy[list[Any]]:
    return st.lists(st.sampled_from(values), min_size=1, max_size=most, unique=True)


def _number(low: int, high: int, step: float = 1) -> st.SearchStrategy[Any]:
    return st.integers(low, high).map(lambda n: n if step == 1 else round(n * step, 2))


def _compare(field: str, values: st.SearchStrategy[Any]) -> st.SearchStrategy[tuple[str, Any]]:
    ops = st.sampled_from(["gte", "gt", "lte", "lt"])
    between = st.lists(values, min_size=2, max_size=2).map(sorted).map(lambda v: {"between": v})
    return st.tuples(st.just(field), st.one_of(st.builds(lambda o, v: {o: v}, ops, values), between))


CONDITIONS: st.SearchStrategy[tuple[str, Any]] = st.one_of(
    st.tuples(
        st.just("industry"),
        st.one_of(
            st.sampled_from(CODES),
            _some(CODES).map(lambda v: {"in": v}),
            _some(CODES).map(lambda v: {"not_in": v}),
        ),
    ),
    st.tuples(st.just("size"), st.one_of(st.sampled_from(SIZES), _some(SIZES).map(lambda v: {"in": v}))),
    st.tuples(st.just("region"), _some(REGIONS).map(lambda v: {"in": v})),
    st.tuples(
        st.just("ownership"),
        st.one_of(st.sampled_from(OWNERS), st.sampled_from(OWNERS).map(lambda v: {"eq": v})),
    ),
    st.tuples(
        st.just("pain_points"),
        st.one_of(
            st.sampled_from(PAINS),
            st.sampled_from(PAINS).map(lambda v: {"contains": v}),
            _some(PAINS).map(lambda v: {"contains_any": v}),
            _some(PAINS).map(lambda v: {"contains_all": v}),
        ),
    ),
    _compare("employees", _number(0, 100_000)),
    _compare("revenue", _number(0, 10_000, 0.5)),
    st.tuples(
        st.sampled_from(RATIOS),
        st.builds(lambda o, v: {o: v}, st.sampled_from(["gte", "lt"]), _number(0, 20, 0.05)),
    ),
    st.tuples(st.sampled_from(["above_scale", *BOOL_FLAGS]), st.booleans()),
    st.tuples(st.sampled_from(BOOL_FLAGS), st.booleans().map(lambda b: {"exists": b})),
)


@st.composite
def rules(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A rule base of row-shaped rules: one service or veto, one weight, at most four conditions."""
    out = []
    for i in range(draw(st.integers(1, 6))):
        conds = draw(st.lists(CONDITIONS, min_size=1, max_size=4))
        leaves = [{f: t} for f, t in conds]
        rule: dict[str, Any] = {
            "id": f"gen.r{i}",
            "title": draw(TEXT),
            "when": leaves[0] if len(leaves) == 1 else {"all": leaves},
            "reason": draw(TEXT),
        }
        if draw(st.booleans()):
            rule |= {"service": draw(st.sampled_from(SERVICES)), "weight": draw(st.integers(1, 100))}
        else:
            rule["exclude"] = draw(st.sampled_from(NOT_CORE))
        for key in ("source", "valid_from", "valid_until"):
            if draw(st.booleans()):
                rule[key] = (
                    draw(SOURCES)
                    if key == "source"
                    else f"{2020 + (key == 'valid_until') * 5}-0{draw(st.integers(1, 9))}-01"
                )
        out.append(rule)
    return out


@pytest.mark.slow
@examples(25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(base=rules())
def test_row_shaped_rules_to_workbooks_and_back_are_the_same_rule_book(
    tmp_path_factory: pytest.TempPathFactory, base: list[dict[str, Any]]
) -> None:
    tmp = tmp_path_factory.mktemp("rt")
    (tmp / "rules").mkdir()
    (tmp / "rules" / "gen.yaml").write_text(json.dumps(base, ensure_ascii=False, indent=1), encoding="utf-8")
    before = rulebook(tmp / "rules")
    source, loaded = loader.load_rulebase(tmp / "rules", ROOT / "catalog")
    done = write.export([(r.origin.doc, int(r.origin.path[0])) for r in loaded], source.catalog, tmp / "out")
    assert done.kept == () and done.rows == len(base)
    assert [p.name for p in (tmp / "out").iterdir()] == ["gen.xlsx"]
    same(before, rulebook(tmp / "out"))
    _, rows = loader.load_rulebase(tmp / "out", ROOT / "catalog")  # and back to YAML
    write.export_yaml([(r.origin.doc, int(r.origin.path[0])) for r in rows], tmp / "back")
    assert [p.name for p in (tmp / "back").iterdir()] == ["gen.yaml"]
    same(before, rulebook(tmp / "back"))


@examples(200, deadline=None)
@given(
    rule=st.fixed_dictionaries(
        {
            "id": st.just("a.b"),
            "title": st.text(min_size=1, max_size=20).filter(lambda t: "\x00" not in t),
            "when": st.one_of(
                CONDITIONS.map(lambda c: {c[0]: c[1]}),
                st.lists(CONDITIONS, min_size=2, max_size=3).map(lambda cs: {"all": [{f: t} for f, t in cs]}),
            ),
            "reason": st.text(
                alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30
            ),
            "weight": st.integers(1, 100),
        }
    )
)
def test_a_rule_written_as_yaml_reads_back_as_itself(rule: dict[str, Any]) -> None:
    from prescriber import yamlsrc
    from prescriber.workbook.emit import rule_yaml

    assert yamlsrc.loads(rule_yaml(rule)).data == [rule]


# --- hostile workbooks ---------------------------------------------------------------------------


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def _rezip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _refused(path: Path, seconds: float = 10) -> list[prescriber.Problem]:
    t0 = time.perf_counter()
    with pytest.raises(prescriber.RuleBaseError) as caught:
        rulebook(path)
    assert time.perf_counter() - t0 < seconds
    return list(caught.value.problems)


def test_an_entity_bomb_is_refused(tmp_path: Path) -> None:
    path = make(tmp_path / "b.xlsx", {"s": [HEAD, _row(标题="BOMB")]})
    parts = _parts(path)
    entities = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    for name, data in parts.items():
        if b"BOMB" in data:
            text = data.decode()
            head, rest = text.split("?>", 1) if text.startswith("<?xml") else ("", text)
            root = rest.lstrip().split()[0].lstrip("<")
            parts[name] = (
                head
                + ("?>" if head else "")
                + f"<!DOCTYPE {root} [{entities}]>"
                + rest.replace("BOMB", "&a9;")
            ).encode()
    assert any(b"&a9;" in data for data in parts.values())  # the bomb is really planted
    problems = _refused(_rezip(path, parts))
    assert [(p.file, p.code) for p in problems] == [(str(path), "source.excel")]
    assert "实体炸弹" in problems[0].message  # refused by the parser (defusedxml), not expanded


def test_a_huge_declared_size_costs_nothing_and_a_far_cell_is_refused(tmp_path: Path) -> None:
    path = make(tmp_path / "b.xlsx", {"s": [HEAD, _row()]})
    parts = _parts(path)
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    text = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', parts[sheet].decode())
    parts[sheet] = text.encode()
    assert len(rulebook(_rezip(path, parts)).rules) == 1  # the declared size is not trusted
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    parts[sheet] = text.replace("</sheetData>", far).encode()
    problems = _refused(_rezip(path, parts), seconds=5)
    assert [str(p).splitlines()[0] for p in problems] == [f"{path}!s!A10001: error: 工作表超过 10000 行"]


def test_a_zip_bomb_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    path = make(tmp_path / "b.xlsx", {"s": [HEAD, _row()]})
    parts = _parts(path)
    parts["xl/padding.xml"] = b" " * (120 * 1024 * 1024)
    problems = _refused(_rezip(path, parts))
    assert [(p.code, p.message) for p in problems] == [
        ("source.too-large", "工作簿解压后过大（可能是压缩炸弹）")
    ]


def test_caps_on_size_rows_and_columns(tmp_path: Path) -> None:
    path = make(
        tmp_path / "b.xlsx",
        {"s": [HEAD, _row(), _row(编号="a.two"), [*_row(编号="a.three"), *[None] * 8, "x"]]},
    )
    assert workbook.read(path, CATALOG, Limits(max_bytes=100))[1][0].code == "source.too-large"
    rows = workbook.read(path, CATALOG, Limits(max_rows=2))[1]
    assert [(p.line, p.message) for p in rows] == [(3, "工作表超过 2 行")]
    wide = workbook.read(path, CATALOG, Limits(max_columns=12))[1]
    assert [(p.line, p.column, p.message) for p in wide] == [(4, 18, "超过 12 列")]


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04", b"not a workbook", b"PK\x05\x06" + b"\x00" * 18])
def test_a_broken_file_named_xlsx_is_one_problem_of_ours(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "r.xlsx").write_bytes(data)
    problems = _refused(tmp_path)
    assert [(p.file, p.code) for p in problems] == [(str(tmp_path / "r.xlsx"), "source.excel")]


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::UserWarning")  # openpyxl warns about the very damage we made
@examples(60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damage_inside_a_workbook_is_one_of_our_errors(tmp_path: Path, data: st.DataObject) -> None:
    """Bytes changed inside one XML part of a real rule workbook: our located error, or (when the damage
    happens to be harmless) a rule base; never a crash or a foreign exception."""
    path = make(tmp_path / "b.xlsx", {"s": [HEAD, _row(), _row(编号="a.two", 标题="第二条")]})
    parts = _parts(path)
    name = data.draw(st.sampled_from(sorted(n for n in parts if n.endswith(".xml"))))
    raw = bytearray(parts[name])
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] = data.draw(st.sampled_from(list(b"<>&\"'=/ x0\xff")))
    parts[name] = bytes(raw)
    try:
        rulebook(_rezip(path, parts))
    except prescriber.PrescriberError as exc:
        assert all(p.file.startswith(str(path)) for p in getattr(exc, "problems", ()))
