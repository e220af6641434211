"""What a person meant by a number or a yes/no typed the way people write them — ``1,200``, ``38%``,
``2.6亿``, ``120人``, ``很多``, ``是`` — put into a hint that says what was understood and what to write.

Nothing here accepts a value: a profile field keeps one spelling (the number, ``true``/``false``), and a
hint says which. Text in, a :class:`~prescriber.codes.Phrase` (Chinese and English) out; used by
:mod:`prescriber.shape` (profile files), :mod:`prescriber.derive` (flags) and :mod:`prescriber.batch`
(table cells).
"""

from __future__ import annotations

import re

from prescriber.codes import Phrase

__all__ = ["flag_hint", "flag_phrase", "number_hint", "number_phrase"]

_VAGUE = (
    "很多",
    "较多",
    "不少",
    "大量",
    "若干",
    "一些",
    "少量",
    "很少",
    "几个",
    "多",
    "少",
    "不详",
    "未知",
    "不清楚",
    "不知道",
    "暂无",
    "无",
    "没有",
    "待定",
    "n/a",
    "na",
    "-",
    "—",
    "/",
    "？",
    "?",
)
_SCALE = {"亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4, "千": 1e3, "百": 1e2}
_NUMBER = r"[-+]?\d+(?:\.\d+)?"
_CN_DIGITS = set("零〇一二两三四五六七八九十百千万亿")


def _fmt(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def number_phrase(text: str, unit: str = "") -> Phrase:
    """A hint for ``text`` typed where a number belongs (``unit``: 人, 万元, 比例, 件 … or unknown):
    what it was read as, and what to write instead, in both languages."""
    raw = str(text).strip()
    t = raw.replace("，", ",").replace("％", "%").replace(" ", "").replace("\u3000", "")
    plain = t.replace(",", "")
    en_unit = _UNITS_EN.get(unit, unit)
    if t.lower() in _VAGUE:
        return Phrase(
            f"'{raw}' 不是一个数：请写具体的数，如 120；不知道就不写这一项（表格中留空）",
            f"'{raw}' is not a number: write the number, e.g. 120; if it is not known, leave it out "
            "(empty in a table)",
        )
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", t):
        return Phrase(
            f"理解为 {plain}：请写 {plain}（不加千位分隔符）",
            f"read as {plain}: write {plain} (no thousands separators)",
        )
    if m := re.fullmatch(f"({_NUMBER})%", plain):
        share = float(m.group(1)) / 100
        if unit in ("比例", ""):
            return Phrase(
                f"理解为 {m.group(1)}%：比例请写小数 {_fmt(share)}",
                f"read as {m.group(1)}%: write a share as a decimal, {_fmt(share)}",
            )
        return Phrase(
            f"理解为 {m.group(1)}%：这一项单位是{unit}，不是比例，请写{unit}数",
            f"read as {m.group(1)}%: this field counts {en_unit}, it is no share: write the number of "
            f"{en_unit}",
        )
    if m := re.fullmatch(f"({_NUMBER})(亿|千万|百万|万|千|百)(元|人|件)?", plain):
        value = float(m.group(1)) * _SCALE[m.group(2)]
        if unit == "万元" or (unit == "" and m.group(3) == "元") or (unit == "" and m.group(2) == "亿"):
            return Phrase(
                f"理解为 {raw} = {_fmt(value / 1e4)} 万元：金额以万元为单位，请写 {_fmt(value / 1e4)}",
                f"read as {_fmt(value)} yuan = {_fmt(value / 1e4)} × 10,000 yuan: amounts are in 10,000 "
                f"yuan, "
                f"write {_fmt(value / 1e4)}",
            )
        return Phrase(
            f"理解为 {_fmt(value)}：请写 {_fmt(value)}", f"read as {_fmt(value)}: write {_fmt(value)}"
        )
    if m := re.fullmatch(f"({_NUMBER})元", plain):
        return Phrase(
            f"理解为 {m.group(1)} 元 = {_fmt(float(m.group(1)) / 1e4)} 万元："
            f"金额以万元为单位，请写 {_fmt(float(m.group(1)) / 1e4)}",
            f"read as {m.group(1)} yuan = {_fmt(float(m.group(1)) / 1e4)} × 10,000 yuan: "
            f"amounts are in 10,000 yuan, write {_fmt(float(m.group(1)) / 1e4)}",
        )
    if m := re.fullmatch(
        f"(?:约|大约|近|超过|不到)?({_NUMBER})(人|名|个|件|起|次|小时|h|万元)?(左右|多|余|以上|以下)?", plain
    ):
        known = unit and unit != "比例"
        return Phrase(
            f"理解为 {m.group(1)}：只写数字 {m.group(1)}" + ("，单位已经是" + unit if known else ""),
            f"read as {m.group(1)}: write the number {m.group(1)} alone"
            + (f", the unit is already {en_unit}" if known else ""),
        )
    if m := re.fullmatch(f"({_NUMBER})[-~～至到]({_NUMBER})", plain):
        middle = (float(m.group(1)) + float(m.group(2))) / 2
        return Phrase(
            f"理解为 {m.group(1)} 到 {m.group(2)} 之间：请写一个数，如 {_fmt(middle)}",
            f"read as between {m.group(1)} and {m.group(2)}: write one number, e.g. {_fmt(middle)}",
        )
    if t and set(t) <= _CN_DIGITS:
        return Phrase(
            f"'{raw}' 是汉字数字：请用阿拉伯数字书写，如 120",
            f"'{raw}' is written in Chinese numerals: write it in digits, e.g. 120",
        )
    return Phrase(
        "请写阿拉伯数字，如 120 或 1.5；不知道就不写这一项（表格中留空）",
        "write digits, e.g. 120 or 1.5; if it is not known, leave it out (empty in a table)",
    )


_UNITS_EN = {"人": "people", "万元": "10,000 yuan", "件": "cases", "比例": "share", "名": "people"}

_YES = {"是", "有", "对", "已", "已建", "已设", "已开展", "yes", "y", "true", "√", "✓", "1"}
_NO = {"否", "无", "没有", "不是", "未", "未建", "未设", "no", "n", "false", "×", "✗", "0"}


def flag_phrase(text: object) -> Phrase:
    """A hint for a yes/no fact given as ``text`` (``是``, ``否``, ``有`` …), in both languages."""
    word = str(text).strip().lower()
    if word in _YES:
        return Phrase("理解为“是”：请写 true", "read as 'yes': write true")
    if word in _NO:
        return Phrase("理解为“否”：请写 false", "read as 'no': write false")
    return Phrase(
        "是写 true，否写 false；不知道就不写",
        "write true for yes, false for no; if it is not known, leave it out",
    )


def number_hint(text: str, unit: str = "") -> str:
    """:func:`number_phrase` in Chinese."""
    return number_phrase(text, unit).zh


def flag_hint(text: object) -> str:
    """:func:`flag_phrase` in Chinese."""
    return flag_phrase(text).zh
