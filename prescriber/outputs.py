"""Where results may be written: an output path is checked before any work, so a mistyped path fails
in a second with a located line, not after an hour of prescribing with an error naming a temporary
file."""

from __future__ import annotations

import os
from pathlib import Path

from prescriber.codes import Code, listed
from prescriber.errors import Problem, problem

__all__ = ["output_problems"]


def output_problems(path: Path, suffixes: tuple[str, ...] = ()) -> list[Problem]:
    """What keeps ``path`` from being written as an output (empty when nothing does)."""

    if not path.parent.is_dir():
        return [problem(Code.OUTPUT_NO_DIRECTORY, file=str(path), directory=path.parent)]
    if path.is_dir():
        return [problem(Code.OUTPUT_IS_DIRECTORY, file=str(path))]
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return [problem(Code.OUTPUT_READ_ONLY, file=str(path))]
    if suffixes and path.suffix.lower() not in suffixes:
        return [problem(Code.OUTPUT_FORMAT, file=str(path), suffix=path.suffix, formats=listed(suffixes))]
    return []
