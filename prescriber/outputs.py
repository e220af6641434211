"""Where results may be written: an output path is checked before any work, so a mistyped path fails
in a second with a located line, not after an hour of prescribing with an error naming a temporary
file."""

from __future__ import annotations

import os
from pathlib import Path

from prescriber.errors import Problem

__all__ = ["output_problems"]


def output_problems(path: Path, suffixes: tuple[str, ...] = ()) -> list[Problem]:
    """What keeps ``path`` from being written as an output (empty when nothing does)."""

    def problem(code: str, message: str, hint: str) -> list[Problem]:
        return [Problem(str(path), 0, 0, "", code, message, hint)]

    if not path.parent.is_dir():
        return problem(
            "output.no-directory", f"目录 {path.parent} 不存在", "先创建这个目录，或换一个输出路径"
        )
    if path.is_dir():
        return problem(
            "output.is-directory", "这是一个目录，不能作为输出文件", "在目录后面写上文件名，例如 out/清单.csv"
        )
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return problem("output.read-only", "没有写入权限", "换一个可以写入的目录")
    if suffixes and path.suffix.lower() not in suffixes:
        return problem("output.format", f"不支持的输出格式 '{path.suffix}'", "使用 " + "、".join(suffixes))
    return []
