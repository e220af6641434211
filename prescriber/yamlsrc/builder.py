"""Plain Python data from the YAML parser's event stream, built iteratively (depth is ours, not the
C stack's), with positions, duplicate-key and alias-bomb checks, and strict scalar resolution."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from prescriber.errors import Problem, SourceError
from prescriber.yamlsrc.document import Document, Limits, Mark, PathT

__all__ = ["build", "problem"]

_LOADER: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STD = "tag:yaml.org,2002:"
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(?:(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULL = {"", "~", "null", "Null", "NULL"}
_NUMERIC_START = frozenset("0123456789+-.")


def problem(file: str, line: int, col: int, code: str, message: str, hint: str = "") -> Problem:
    return Problem(file, line, col, "", code, message, hint)


# libyaml's messages → plain Chinese, with a hint.
_SYNTAX = (
    ("mapping values are not allowed", "冒号的位置不对", "值里含有冒号时请加引号，例如 title: \"A: B\""),
    ("could not find expected ':'", "缺少冒号", "写成 键: 值，冒号后加空格"),
    ("did not find expected key", "缩进不一致", "同一层的键要对齐"),
    ("did not find expected '-' indicator", "列表项缩进不一致", "同一列表的 '- ' 要对齐"),
    ("found unexpected end of stream", "引号或括号没有闭合", "检查成对的引号、[ ] 和 { }"),
    ("did not find expected ',' or", "括号内缺少逗号或括号没有闭合", "写成 [a, b] 或 {k: v}"),
    ("found character that cannot start any token", "这里有 YAML 不能识别的字符", "以 @ ` % 等开头的值请加引号"),
    ("expected <document start>", "文件结构不对", "检查第一层的缩进"),
    ("did not find expected node content", "缺少值", "检查这一行是否少写了内容"),
)


@dataclass
class _Frame:
    value: dict[str, Any] | list[Any]
    path: PathT
    anchor: str | None
    start_nodes: int
    key: str | None = None
    key_mark: Mark | None = None


class _Builder:
    """Builds plain Python data from parser events, iteratively (no recursion, so depth is ours)."""

    def __init__(self, file: str, limits: Limits) -> None:
        self.file, self.limits = file, limits
        self.text = ""
        self.marks: dict[PathT, Mark] = {}
        self.key_marks: dict[PathT, Mark] = {}
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        self.alias_nodes = 0

    def fail(self, mark: Any, code: str, message: str, hint: str = "") -> SourceError:
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        return SourceError([problem(self.file, line, col, code, message, hint)])

    def build(self, text: str) -> Document:
        self.text = text
        loader = _LOADER(text)
        try:
            data = self._run(loader)
        except yaml.MarkedYAMLError as exc:
            raise self._syntax(exc) from None
        except yaml.YAMLError as exc:
            raise self.fail(None, "yaml.syntax", f"YAML 语法错误: {exc}") from None
        finally:
            loader.dispose()
        return Document(self.file, data, self.marks, self.key_marks)

    def _syntax(self, exc: yaml.MarkedYAMLError) -> SourceError:
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        mark = exc.problem_mark or exc.context_mark
        lines = self.text.splitlines()
        tab = mark is not None and mark.line < len(lines) and "\t" in lines[mark.line]
        plain, hint = next(((m, h) for key, m, h in _SYNTAX if key in what), ("格式不对", "检查这一行的缩进、冒号和引号"))
        if tab:
            plain, hint = "这一行用了 Tab 缩进", "YAML 不允许用 Tab 缩进，请改用空格"
        return self.fail(mark, "yaml.syntax", f"YAML 语法错误：{plain}（{what}）", hint)

    def _run(self, loader: Any) -> Any:
        stack: list[_Frame] = []
        result: Any = None
        documents = 0
        check, get = loader.check_event, loader.get_event
        while check():
            ev = get()
            kind = type(ev)
            if kind is yaml.ScalarEvent or kind is yaml.AliasEvent:
                path = self._child_path(stack, ev)
                if path is None:
                    continue
                value = self._scalar(ev) if kind is yaml.ScalarEvent else self._alias(ev)
                self.marks[path] = _at(ev)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = stack.pop()
                if frame.anchor:
                    self.anchors[frame.anchor] = (frame.value, self.nodes - frame.start_nodes)
                value = frame.value
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self._start(stack, ev, kind is yaml.MappingStartEvent)
                continue
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self.fail(ev.start_mark, "yaml.multiple-documents", "一个文件只能有一个 YAML 文档",
                                    "删除多余的 '---'，或把内容拆成几个文件")
                continue
            else:
                continue
            if stack:
                self._attach(stack[-1], value)
            else:
                result = value
        return result

    def _start(self, stack: list[_Frame], ev: Any, mapping: bool) -> None:
        self._check_tag(ev, "map" if mapping else "seq")
        path = self._child_path(stack, ev)
        if path is None:
            return
        if len(stack) >= self.limits.max_depth:
            raise self.fail(ev.start_mark, "yaml.too-deep", f"嵌套超过 {self.limits.max_depth} 层", "把条件拆成几条规则")
        self._count(ev, 1)
        self.marks[path] = _at(ev)
        stack.append(_Frame({} if mapping else [], path, ev.anchor, self.nodes))

    def _child_path(self, stack: list[_Frame], ev: Any) -> PathT | None:
        """Path of the node this event starts; ``None`` when the event is a mapping key."""
        if not stack:
            return ()
        top = stack[-1]
        if type(top.value) is list:
            return (*top.path, len(top.value))
        if top.key is None:  # this event is a key
            if type(ev) is not yaml.ScalarEvent:
                raise self.fail(ev.start_mark, "yaml.complex-key", "映射的键必须是简单文本",
                                "把键写成一个词，例如 employees")
            key = ev.value
            mark = _at(ev)
            if key == "<<" and ev.implicit[0]:
                raise self.fail(ev.start_mark, "yaml.merge-key", "不支持合并键 '<<'", "把要合并的内容直接写出来")
            assert isinstance(top.value, dict)
            if key in top.value:
                first = self.key_marks[(*top.path, key)]
                raise self.fail(ev.start_mark, "yaml.duplicate-key", f"重复的键 '{key}'（第一次出现在第 {first.line} 行）",
                                "删除其中一个，或合并两处内容")
            top.key, top.key_mark = key, mark
            self._count(ev, 1)
            return None
        return (*top.path, top.key)

    def _attach(self, frame: _Frame, value: Any) -> None:
        container = frame.value
        if type(container) is list:
            container.append(value)
            return
        assert isinstance(container, dict) and frame.key is not None and frame.key_mark is not None
        container[frame.key] = value
        self.key_marks[(*frame.path, frame.key)] = frame.key_mark
        frame.key = frame.key_mark = None

    def _count(self, ev: Any, n: int) -> None:
        self.nodes += n
        if self.nodes > self.limits.max_nodes:
            raise self.fail(ev.start_mark, "yaml.too-many-nodes", "文件中的值太多", "拆分成几个较小的文件")

    def _alias(self, ev: Any) -> Any:
        if ev.anchor not in self.anchors:
            raise self.fail(ev.start_mark, "yaml.unknown-alias", f"未定义的别名 '*{ev.anchor}'", "先用 &名字 定义锚点")
        value, size = self.anchors[ev.anchor]
        self.alias_nodes += max(size, 1)
        if self.alias_nodes > self.limits.max_alias_nodes:
            raise self.fail(ev.start_mark, "yaml.alias-bomb", "别名展开后内容过大（可能是 YAML 别名炸弹）",
                            "不要嵌套引用别名；直接写出内容")
        self._count(ev, max(size, 1))
        return value

    def _check_tag(self, ev: Any, kind: str) -> None:
        tag = ev.tag
        if tag not in (None, "!", _STD + kind):
            raise self.fail(ev.start_mark, "yaml.tag", f"不允许的 YAML 标签 '{tag}'", "删除这个标签")

    def _scalar(self, ev: Any) -> Any:
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            self._count(ev, 0)
        tag, text = ev.tag, ev.value
        if tag is None and not ev.style and ev.implicit[0]:
            value = _resolve_plain(text)
        elif tag in (None, "!", _STD + "str"):
            value = text
        elif tag in (_STD + "int", _STD + "float", _STD + "bool", _STD + "null"):
            value = _resolve_plain(text)
            want: Any = {"int": int, "float": (int, float), "bool": bool, "null": type(None)}[tag[len(_STD):]]
            if not isinstance(value, want) or (tag.endswith("int") and isinstance(value, bool)):
                raise self.fail(ev.start_mark, "yaml.tag", f"'{text}' 不是标签 {tag} 要求的类型", "删除这个标签")
        else:
            raise self.fail(ev.start_mark, "yaml.tag", f"不允许的 YAML 标签 '{tag}'", "删除这个标签")
        if ev.anchor:
            self.anchors[ev.anchor] = (value, 1)
        return value


def _at(ev: Any) -> Mark:
    return Mark(ev.start_mark.line + 1, ev.start_mark.column + 1)


def _resolve_plain(text: str) -> Any:
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if text[0] not in _NUMERIC_START:
        return text
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text) and not re.match(r"^[-+]?0[0-9]", text):
        return float(text)
    return text


def build(text: str, file: str, limits: Limits) -> Document:
    """Parse ``text``; raises :class:`SourceError` with one located problem."""
    return _Builder(file, limits).build(text)
