"""Plain Python data from the YAML parser's event stream, built iteratively (depth is ours, not the
C stack's), with positions, duplicate-key and alias-bomb checks, and strict scalar resolution."""

from __future__ import annotations

import re
from typing import Any

import yaml

from prescriber.codes import Code, Phrase, phrases
from prescriber.errors import SourceError, problem
from prescriber.limits import NUMBER_DIGITS
from prescriber.yamlsrc import fullwidth
from prescriber.yamlsrc.document import Document, Limits, Mark, PathT

__all__ = ["build"]

_LOADER: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STD = "tag:yaml.org,2002:"
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(?:(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULL = {"", "~", "null", "Null", "NULL"}
_NUMERIC_START = frozenset("0123456789+-.")
MAX_DIGITS = NUMBER_DIGITS  # prescriber.limits


# libyaml's messages → plain words (Chinese, English), with a hint.
_SYNTAX = (
    (
        "mapping values are not allowed",
        Phrase("冒号的位置不对", "a colon in the wrong place"),
        Phrase(
            '值里含有冒号时请加引号，例如 title: "A: B"',
            'quote a value that contains a colon, e.g. title: "A: B"',
        ),
    ),
    (
        "could not find expected ':'",
        Phrase("缺少冒号", "a colon is missing"),
        Phrase("写成 键: 值，冒号后加空格", "write key: value, with a space after the colon"),
    ),
    (
        "did not find expected key",
        Phrase("缩进不一致", "the indentation is uneven"),
        Phrase("同一层的键要对齐", "align the keys of one level"),
    ),
    (
        "did not find expected '-' indicator",
        Phrase("列表项缩进不一致", "the list items' indentation is uneven"),
        Phrase("同一列表的 '- ' 要对齐", "align the '- ' of one list"),
    ),
    (
        "found unexpected end of stream",
        Phrase("引号或括号没有闭合", "a quote or bracket is not closed"),
        Phrase("检查成对的引号、[ ] 和 { }", "check the pairs of quotes, [ ] and { }"),
    ),
    (
        "did not find expected ',' or",
        Phrase(
            "括号内缺少逗号或括号没有闭合", "a comma is missing inside brackets, or a bracket is not closed"
        ),
        Phrase("写成 [a, b] 或 {k: v}", "write [a, b] or {k: v}"),
    ),
    (
        "found character that cannot start any token",
        Phrase("这里有 YAML 不能识别的字符", "a character here that YAML cannot read"),
        Phrase("以 @ ` % 等开头的值请加引号", "quote a value that starts with @ ` % or the like"),
    ),
    (
        "expected <document start>",
        Phrase("文件结构不对", "the file's structure is wrong"),
        Phrase("检查第一层的缩进", "check the top level's indentation"),
    ),
    (
        "did not find expected node content",
        Phrase("缺少值", "a value is missing"),
        Phrase("检查这一行是否少写了内容", "check whether this line is missing something"),
    ),
)


_SCALAR, _ALIAS = yaml.ScalarEvent, yaml.AliasEvent
_MAP_START, _SEQ_START = yaml.MappingStartEvent, yaml.SequenceStartEvent
_MAP_END, _SEQ_END = yaml.MappingEndEvent, yaml.SequenceEndEvent
_new_mark: Any = tuple.__new__  # Mark(line, column) without the named tuple's Python-level __new__


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

    def fail(self, mark: Any, code: Code, /, **params: Any) -> SourceError:
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        return SourceError([problem(code, file=self.file, line=line, column=col, **params)])

    def build(self, text: str) -> Document:
        self.text = text
        loader = _LOADER(text)
        try:
            data = self._run(loader)
        except yaml.MarkedYAMLError as exc:
            raise self._syntax(exc) from None
        except yaml.YAMLError as exc:
            raise self.fail(None, Code.YAML_SYNTAX, what=str(exc), how="") from None
        finally:
            loader.dispose()
        if keyboard := fullwidth.scan(self.file, text, data, self.marks, self.key_marks):
            raise SourceError(keyboard)
        return Document(self.file, data, self.marks, self.key_marks)

    def _syntax(self, exc: yaml.MarkedYAMLError) -> SourceError:
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        mark = exc.problem_mark or exc.context_mark
        if mark is not None and (keyboard := fullwidth.diagnose(self.file, self.text, mark.line)):
            return SourceError([keyboard])
        lines = self.text.splitlines()
        tab = mark is not None and mark.line < len(lines) and "\t" in lines[mark.line]
        plain, hint = next(((m, h) for key, m, h in _SYNTAX if key in what), phrases.SYNTAX_OTHER)
        if tab:
            plain, hint = phrases.SYNTAX_TAB
        return self.fail(mark, Code.YAML_SYNTAX, what=phrases.SYNTAX.fill(plain=plain, what=what), how=hint)

    def _run(self, loader: Any) -> Any:
        # The hot loop of loading: the common steps are written out here, the rare ones (tags,
        # anchors, aliases, errors) are in helpers. The innermost open container is held in local
        # variables: its value, path, whether it is a list, the key whose value comes next and that
        # value's path, its anchor and the node count after it; the enclosing ones are on ``stack``.
        stack: list[tuple[Any, PathT, bool, str | None, PathT, str | None, int]] = []
        top: Any = None
        top_path: PathT = ()
        is_list = False
        key: str | None = None
        key_path: PathT = ()
        anchor: str | None = None
        start = 0
        result: Any = None
        documents = 0
        marks, key_marks = self.marks, self.key_marks
        max_depth, max_nodes = self.limits.max_depth, self.limits.max_nodes
        get = loader.get_event
        while (ev := get()) is not None:  # None after the end of the stream
            kind = type(ev)
            if kind is _SCALAR or kind is _ALIAS:
                if top is None:
                    path: PathT = ()
                elif key is not None:
                    path = key_path
                elif is_list:
                    path = (*top_path, len(top))
                else:  # this event is a key
                    if kind is not _SCALAR or ev.value == "<<" or ev.value in top:
                        self._bad_key(top, top_path, ev)
                    key = ev.value
                    key_path = (*top_path, key)
                    m = ev.start_mark
                    key_marks[key_path] = _new_mark(Mark, (m.line + 1, m.column + 1))
                    self.nodes += 1
                    if self.nodes > max_nodes:
                        self._count(ev, 0)
                    continue
                if kind is _SCALAR and ev.tag is None and not ev.anchor:
                    self.nodes += 1
                    if self.nodes > max_nodes:
                        self._count(ev, 0)
                    value = _resolve_plain(ev.value) if not ev.style and ev.implicit[0] else ev.value
                    if value.__class__ is _TooLong:
                        raise self._too_long(ev)
                else:
                    value = self._scalar(ev) if kind is _SCALAR else self._alias(ev)
                m = ev.start_mark
                marks[path] = _new_mark(Mark, (m.line + 1, m.column + 1))
            elif kind is _MAP_END or kind is _SEQ_END:
                if anchor:
                    self.anchors[anchor] = (top, self.nodes - start)
                value = top
                top, top_path, is_list, key, key_path, anchor, start = stack.pop()
            elif kind is _MAP_START or kind is _SEQ_START:
                if ev.tag is not None:
                    self._check_tag(ev, "map" if kind is _MAP_START else "seq")
                if top is None:
                    path = ()
                elif key is not None:
                    path = key_path
                elif is_list:
                    path = (*top_path, len(top))
                else:
                    self._bad_key(top, top_path, ev)  # raises: a key must be simple text
                if len(stack) >= max_depth:
                    raise self.fail(ev.start_mark, Code.YAML_TOO_DEEP, depth=max_depth)
                self.nodes += 1
                if self.nodes > max_nodes:
                    self._count(ev, 0)
                m = ev.start_mark
                marks[path] = _new_mark(Mark, (m.line + 1, m.column + 1))
                stack.append((top, top_path, is_list, key, key_path, anchor, start))
                is_list = kind is _SEQ_START
                top, top_path, key, anchor, start = [] if is_list else {}, path, None, ev.anchor, self.nodes
                continue
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self.fail(ev.start_mark, Code.YAML_MULTIPLE_DOCUMENTS)
                continue
            else:
                continue
            if top is None:
                result = value
            elif is_list:
                top.append(value)
            else:
                top[key] = value
                key = None
        return result

    def _bad_key(self, mapping: dict[str, Any], path: PathT, ev: Any) -> None:
        """Raise for a key that is not simple text, a merge key, or a duplicate (when it is one)."""
        if type(ev) is not _SCALAR:
            raise self.fail(ev.start_mark, Code.YAML_COMPLEX_KEY)
        key = ev.value
        if key == "<<" and ev.implicit[0]:
            raise self.fail(ev.start_mark, Code.YAML_MERGE_KEY)
        if key in mapping:
            first = self.key_marks[(*path, key)]
            raise self.fail(ev.start_mark, Code.YAML_DUPLICATE_KEY, written=key, first=first.line)

    def _count(self, ev: Any, n: int) -> None:
        self.nodes += n
        if self.nodes > self.limits.max_nodes:
            raise self.fail(ev.start_mark, Code.YAML_TOO_MANY_NODES, limit=self.limits.max_nodes)

    def _alias(self, ev: Any) -> Any:
        if ev.anchor not in self.anchors:
            raise self.fail(ev.start_mark, Code.YAML_UNKNOWN_ALIAS, alias=ev.anchor)
        value, size = self.anchors[ev.anchor]
        self.alias_nodes += max(size, 1)
        if self.alias_nodes > self.limits.max_alias_nodes:
            raise self.fail(ev.start_mark, Code.YAML_ALIAS_BOMB)
        self._count(ev, max(size, 1))
        return value

    def _too_long(self, ev: Any) -> SourceError:
        digits = sum(c.isdigit() for c in ev.value)
        return self.fail(ev.start_mark, Code.YAML_NUMBER_TOO_LONG, digits=digits, limit=MAX_DIGITS)

    def _check_tag(self, ev: Any, kind: str) -> None:
        tag = ev.tag
        if tag not in (None, "!", _STD + kind):
            raise self.fail(ev.start_mark, Code.YAML_TAG, what=phrases.TAG_NOT_ALLOWED.fill(tag=tag))

    def _scalar(self, ev: Any) -> Any:
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            self._count(ev, 0)
        tag, text = ev.tag, ev.value
        if tag is None and not ev.style and ev.implicit[0]:
            value = _resolve_plain(text)
            if isinstance(value, _TooLong):
                raise self._too_long(ev)
        elif tag in (None, "!", _STD + "str"):
            value = text
        elif tag in (_STD + "int", _STD + "float", _STD + "bool", _STD + "null"):
            value = _resolve_plain(text)
            if isinstance(value, _TooLong):
                raise self._too_long(ev)
            want: Any = {"int": int, "float": (int, float), "bool": bool, "null": type(None)}[
                tag[len(_STD) :]
            ]
            if not isinstance(value, want) or (tag.endswith("int") and isinstance(value, bool)):
                raise self.fail(
                    ev.start_mark, Code.YAML_TAG, what=phrases.TAG_WRONG_TYPE.fill(text=text, tag=tag)
                )
        else:
            raise self.fail(ev.start_mark, Code.YAML_TAG, what=phrases.TAG_NOT_ALLOWED.fill(tag=tag))
        if ev.anchor:
            self.anchors[ev.anchor] = (value, 1)
        return value


class _TooLong(str):
    """A plain scalar that looks like a number with more than ``MAX_DIGITS`` digits."""


def _resolve_plain(text: str) -> Any:
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if text[0] not in _NUMERIC_START:
        return text
    if len(text) > MAX_DIGITS and (_INT.match(text) or _FLOAT.match(text)):
        return _TooLong(text)
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text) and not re.match(r"^[-+]?0[0-9]", text):
        return float(text)
    return text


def build(text: str, file: str, limits: Limits) -> Document:
    """Parse ``text``; raises :class:`SourceError` with one located problem."""
    return _Builder(file, limits).build(text)
