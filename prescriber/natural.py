"""What a person meant by a number or a yes/no typed the way people write them — ``1,200``, ``38%``,
``2.6亿``, ``120人``, ``很多``, ``是`` — put into a hint that says what was understood and what to write.

Nothing here accepts a value: a profile field keeps one spelling (the number, ``true``/``false``), and a
hint says which. Pure text in, text out; used by :mod:`prescriber.shape` (profile files),
:mod:`prescriber.derive` (flags) and :mod:`prescriber.batch` (table cells).
"""

from __future__ import annotations

import re

__all__ = ["flag_hint", "number_hint"]

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


def number_hint(text: str, unit: str = "") -> str:
    """A hint for ``text`` typed where a number belongs (``unit``: 人, 万元, 比例, 件 … or unknown):
    what it was read as, and what to write instead."""
    raw = str(text).strip()
    t = raw.replace("，", ",").replace("％", "%").replace(" ", "").replace("\u3000", "")
    plain = t.replace(",", "")
    if t.lower() in _VAGUE:
        return f"'{raw}' 不是一个数：请写具体的数，如 120；不知道就不写这一项（表格中留空）"
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", t):
        return f"理解为 {plain}：请写 {plain}（不加千位分隔符）"
    if m := re.fullmatch(f"({_NUMBER})%", plain):
        share = float(m.group(1)) / 100
        if unit in ("比例", ""):
            return f"理解为 {m.group(1)}%：比例请写小数 {_fmt(share)}"
        return f"理解为 {m.group(1)}%：这一项单位是{unit}，不是比例，请写{unit}数"
    if m := re.fullmatch(f"({_NUMBER})(亿|千万|百万|万|千|百)(元|人|件)?", plain):
        value = float(m.group(1)) * _SCALE[m.group(2)]
        if unit == "万元" or (unit == "" and m.group(3) == "元") or (unit == "" and m.group(2) == "亿"):
            return f"理解为 {raw} = {_fmt(value / 1e4)} 万元：金额以万元为单位，请写 {_fmt(value / 1e4)}"
        return f"理解为 {_fmt(value)}：请写 {_fmt(value)}"
    if m := re.fullmatch(f"({_NUMBER})元", plain):
        return (
            f"理解为 {m.group(1)} 元 = {_fmt(float(m.group(1)) / 1e4)} 万元："
            f"金额以万元为单位，请写 {_fmt(float(m.group(1)) / 1e4)}"
        )
    if m := re.fullmatch(
        f"(?:约|大约|近|超过|不到)?({_NUMBER})(人|名|个|件|起|次|小时|h|万元)?(左右|多|余|以上|以下)?", plain
    ):
        return f"理解为 {m.group(1)}：只写数字 {m.group(1)}" + (
            "，单位已经是" + unit if unit and unit != "比例" else ""
        )
    if m := re.fullmatch(f"({_NUMBER})[-~～至到]({_NUMBER})", plain):
        middle = (float(m.group(1)) + float(m.group(2))) / 2
        return f"理解为 {m.group(1)} 到 {m.group(2)} 之间：请写一个数，如 {_fmt(middle)}"
    if t and set(t) <= _CN_DIGITS:
        return f"'{raw}' 是汉字数字：请用阿拉伯数字书写，如 120"
    return "请写阿拉伯数字，如 120 或 1.5；不知道就不写这一项（表格中留空）"


_YES = {"是", "有", "对", "已", "已建", "已设", "已开展", "yes", "y", "true", "√", "✓", "1"}
_NO = {"否", "无", "没有", "不是", "未", "未建", "未设", "no", "n", "false", "×", "✗", "0"}


def flag_hint(text: object) -> str:
    """A hint for a yes/no fact given as ``text`` (``是``, ``否``, ``有`` …)."""
    word = str(text).strip().lower()
    if word in _YES:
        return "理解为“是”：请写 true"
    if word in _NO:
        return "理解为“否”：请写 false"
    return "是写 true，否写 false；不知道就不写"
