"""``prescriber case`` as a caseworker types it: exit codes, stdout and stderr exactly."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from case_support import body, record
from openpyxl import load_workbook

from prescriber.cli import main
from prescriber.register import NewRecord, Register


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    reg = Register(url)
    reg.upgrade()
    record(reg, "福州某公司", ["job-fair", "harmony-checkup"])
    record(reg, "厦门某公司", ["job-fair"], confirm=())
    reg.close()
    return url


def run(db: str, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["case", *args, "--db", db, "--by", "李四"], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_open_list_update_show_and_assess(db: str, tmp_path: Path) -> None:
    code, out, err = run(db, "open", "1", "--officer", "李四", "--due", "2026-07-01")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "立案：案 1 · 福州某公司 · 福州市 · 2026 年 · 2 项"
    assert out.splitlines()[1] == "新增事项：服务job-fair、服务harmony-checkup"  # the services' names
    assert out.splitlines()[3].split() == [
        "1",
        "1",
        "待对接",
        "2026-07-01",
        "李四",
        "福州某公司",
        "服务job-fair",
    ]
    assert run(db, "open", "2") == (
        1,
        "",
        "RECORD_ID: error: 记录 2 尚无意愿确认 [record] — 先由企业或经办人确认要办理的服务，再立案\n",
    )
    assert run(db, "items", "--officer", "王五") == (0, "没有符合条件的事项。\n", "")
    assert run(db, "update", "1", "--version", "1", "--status", "已办结") == (
        1,
        "",
        "--status: error: 不能从“待对接”改为“已办结” [status] — "
        "“待对接”之后可改为：办理中、企业放弃、不符合条件\n",
    )
    assert run(db, "update", "1", "--version", "1", "--status", "办理中") == (
        0,
        "事项 1：办理中 · 版本 2\n",
        "",
    )
    assert run(db, "update", "1", "--version", "1", "--note", "迟到的修改") == (
        1,
        "",
        "prescriber: 事项 1 已被他人修改（您读取的版本 1，当前版本 2）："
        "请重新读取后再改（用 prescriber case show 1 查看最新版本）\n",
    )
    # a version the item never had is a slip of the keyboard, not someone else's change
    assert run(db, "update", "1", "--version", "9", "--note", "x") == (
        1,
        "",
        "prescriber: 事项 1 没有版本 9（当前版本 2）："
        "请核对版本号后再改（用 prescriber case show 1 查看最新版本）\n",
    )
    proof = tmp_path / "签到表.pdf"
    proof.write_bytes(b"hello\n")
    assert run(db, "update", "1", "--version", "2", "--status", "done", "--evidence", str(proof))[:2] == (
        0,
        "事项 1：已办结 · 版本 3\n",
    )
    code, out, _ = run(db, "show", "1")
    assert (
        "凭证：签到表.pdf（sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03）" in out
    )
    assert out.rstrip().endswith("李四 状态变更 办理中 → 已办结")
    assert run(db, "update", "2", "--version", "1", "--status", "企业放弃") == (
        1,
        "",
        "--reason: error: 改为“企业放弃”须写明原因 [reason] — "
        "写明企业放弃或不符合条件的原因，例如：企业已自行招满\n",
    )
    assert run(db, "update", "2", "--version", "1", "--evidence", "nowhere.pdf")[0] == 1
    assert run(db, "update", "9", "--version", "1", "--note", "x") == (
        1,
        "",
        "prescriber: 没有编号为 9 的事项（用 prescriber case items 查看）\n",
    )
    code, out, _ = run(db, "items", "--open", "--format", "json")
    assert code == 0 and '"service": "harmony-checkup"' in out and '"job-fair"' not in out
    code, out, _ = run(db, "assess", "--city", "fuzhou", "--year", "2026")
    assert code == 0 and "已办结项数" in out and out.splitlines()[9].split() == ["已办结项数", "1"]
    xlsx = tmp_path / "福州.xlsx"
    assert run(db, "assess", "--city", "fuzhou", "--year", "2026", "-o", str(xlsx)) == (
        0,
        f"已写出 {xlsx}：1 家企业，2 项服务，已办结 1 项\n",
        "",
    )
    assert load_workbook(xlsx)["汇总"]["B10"].value == 1
    csv = tmp_path / "福州.csv"
    assert run(db, "assess", "--city", "fuzhou", "--year", "2026", "-o", str(csv))[0] == 0
    assert csv.read_text(encoding="utf-8").startswith("\ufeff指标,数值\n城市,福州市\n")
    assert run(db, "assess", "--city", "putian", "--year", "2026") == (
        1,
        "",
        "--city: error: 没有城市 'putian' 的案 [city] — 有案的城市：fuzhou\n",
    )
    assert run(db, "assess", "--city", "fuzhou", "--year", "2026", "-o", str(tmp_path / "x.txt"))[
        2
    ].startswith("-o: error: 不认识的输出格式 .txt")


def test_cohort_proposed_then_confirmed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    reg = Register(url)
    reg.upgrade()
    record(reg, "甲公司", ["job-fair"], facts={"size": "large", "flags.chain_leader": True})
    record(reg, "乙公司", ["job-fair", "harmony-checkup"], facts={"size": "small"})
    reg.close()
    code, out, err = run(url, "cohort", "--city", "福州市", "--year", "2026", "--size", "1")
    assert (code, err) == (0, "") and [line.split() for line in out.splitlines()] == [
        ["记录", "入选", "影响力", "需求", "企业", "依据"],
        ["1", "提名", "65", "1", "甲公司", "规模+40", "链主+25"],
    ]
    code, out, _ = run(url, "cohort", "--city", "fuzhou", "--year", "2026", "--confirm", "2")
    assert code == 0 and out.splitlines()[1].split() == ["2", "已确认", "10", "2", "乙公司", "规模+10"]
    assert run(url, "cohort", "--city", "fuzhou", "--year", "2026", "--confirm", "9") == (
        1,
        "",
        "--confirm: error: 记录 9 不是 fuzhou 2026 年的候选企业的最新记录 [records] — "
        "用 prescriber case cohort --city … --year … 查看候选企业及其记录编号\n",
    )


def test_group_open_prescribes_the_given_supplier_profiles_and_lists_the_rest_as_uncollected(
    tmp_path: Path,
) -> None:
    from prescriber.register import NewRecord

    url = f"sqlite:///{tmp_path / 'g.db'}"
    reg = Register(url)
    reg.upgrade()
    record(reg, "甲公司", ["job-fair"])  # the snapshot the leader's record needs
    leader = {
        "name": "链主公司",
        "credit_code": "91350100MA0000001P",
        "suppliers": [
            {"credit_code": "91350100MA0000011Q", "name": "座椅公司"},
            {"credit_code": "91350100MA0000012U", "name": "线束公司"},
        ],
    }
    text = json.dumps(leader, ensure_ascii=False)
    rid = reg.add(NewRecord("<test>", text, body("链主公司", ["job-fair"]), "staff", "test")).id
    reg.confirm(rid, ["job-fair"], by="enterprise")
    reg.close()
    seat = tmp_path / "seat.yaml"
    seat.write_text(
        "name: 座椅公司\ncredit_code: 91350100MA0000011Q\nregion: 闽侯县\nindustry: C36\nemployees: 420\n"
        "revenue: 30000\npain_points: [招工难]\n",
        encoding="utf-8",
    )
    code, out, err = run(url, "group", "open", str(rid), "--profiles", str(seat), "--officer", "李四")
    assert (code, err) == (0, "")
    lines = [line.split() for line in out.splitlines()]
    assert out.splitlines()[0] == f"组 1 · 链主 链主公司 · 福州市 · 2026 年 · 记录 {rid} · 案 1（1 项）"
    assert lines[2][:3] == ["座椅公司", "91350100MA0000011Q", "待确认"] and lines[2][5] == "0/0"
    assert lines[3] == ["线束公司", "91350100MA0000012U", "待采集", "—", "—", "0/0"]
    assert out.splitlines()[4].startswith("待采集 1 家：尚无 2026 年的记录。")
    assert run(url, "group", "list", "--city", "福州")[1].splitlines()[1].split() == [
        "1", "2026", "福州市", "链主公司", "2", "1", "1",
    ]  # fmt: skip
    other = tmp_path / "other.yaml"
    other.write_text("name: 别家\ncredit_code: 91350100MA0000013Y\n", encoding="utf-8")
    assert run(url, "group", "open", str(rid), "--profiles", str(other)) == (
        1,
        "",
        f"{other}: error: 档案的统一社会信用代码 91350100MA0000013Y 不在记录 {rid} 列出的配套企业中 "
        "[credit_code] — 配套企业的档案须写明 credit_code，且与链主企业档案 suppliers 中的一致\n",
    )
    assert run(url, "group", "show", "7") == (
        1,
        "",
        "prescriber case group: error: 没有编号为 7 的组 [group] — "
        "用 prescriber case group list 查看组编号\n",
    )


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", ["立项：依记录 1 的意愿确认立项", "备注：电话联系", "状态变更 待对接 → 办理中"]),
        ("en", ["opened: 依记录 1 的意愿确认立项", "note: 电话联系", "status changed pending → in progress"]),
    ],
)
def test_the_history_words_each_action_in_the_language_asked(db: str, lang: str, words: list[str]) -> None:
    run(db, "open", "1", "--officer", "李四")
    run(db, "update", "1", "--version", "1", "--note", "电话联系")
    run(db, "update", "1", "--version", "2", "--status", "in-progress")
    code, out, _ = run(db, "show", "1", "--lang", lang)
    history = [line.split(" 李四 ", 1)[1] for line in out.splitlines() if line.startswith("  ")]
    assert (code, history) == (0, words)


def test_reopening_names_the_services_it_adds_offers_and_flags(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    reg = Register(url)
    reg.upgrade()
    record(reg, "泉州某鞋业公司", ["job-fair", "harmony-checkup"])
    record(
        reg, "泉州某鞋业公司", ["harmony-checkup", "skills-competition", "pay-survey"], confirm=["pay-survey"]
    )
    reg.close()
    assert run(url, "open", "1")[0] == 0
    code, out, err = run(url, "open", "2")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[1:4] == [
        "新增事项：服务pay-survey",
        "新推荐、待企业确认：服务skills-competition",
        "不再推荐、待复核：服务job-fair",
    ], out


def test_reopening_in_english_names_the_services_in_english_where_the_list_has_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    reg = Register(url)
    reg.upgrade()
    record(reg, "泉州某鞋业公司", ["job-fair"])
    english = json.loads(body("泉州某鞋业公司", ["skills-competition", "pay-survey"]))
    for item in english["items"]:
        item["name_en"] = f"Service {item['service']}"
    rid = reg.add(NewRecord("<test>", "{}", json.dumps(english, ensure_ascii=False), "staff", "test")).id
    reg.confirm(rid, ["pay-survey"], by="enterprise")
    reg.close()
    assert run(url, "open", "1")[0] == 0
    out = io.StringIO()
    assert main(["--lang", "en", "case", "open", str(rid), "--db", url, "--by", "Li"], out=out) == 0
    assert out.getvalue().splitlines()[1:4] == [
        "New items: Service pay-survey",
        "Newly recommended, awaiting the enterprise's confirmation: Service skills-competition",
        "No longer recommended, to review: 服务job-fair",  # only the case holds it: its Chinese name
    ]
