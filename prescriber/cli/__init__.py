"""The command line: ``prescriber prescribe|explain|catalog|validate|test|schema``. The only part of
prescriber that prints or exits; one error handler maps exceptions to exit codes.

====  ==========================================================
0     success
1     problems in the input (profile, rules, catalogue, scenarios)
2     usage error (unknown option, missing argument)
3     internal error (a bug: rerun with ``--debug`` and report it)
130   interrupted (Ctrl-C)
====  ==========================================================
"""

from __future__ import annotations

import errno
import sys
from collections.abc import Sequence
from typing import TextIO

from prescriber import render
from prescriber.cli.commands import COMMANDS, EXIT
from prescriber.cli.parser import Usage, build
from prescriber.codes import did_you_mean
from prescriber.errors import EngineError, InputError, PrescriberError, UnknownServiceError

__all__ = ["EXIT", "main"]


# Errors of the machine, not of the program: a full disk or a quota (errno), reported as such, exit 1.
_ENVIRONMENT = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})


def main(
    argv: Sequence[str] | None = None,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit code."""
    out, err, stdin = out or sys.stdout, err or sys.stderr, stdin or sys.stdin
    args_list = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args_list
    try:
        parser = build()
        args = parser.parse_args(args_list)
        if args.command is None:
            parser.print_help(out)
            return EXIT["usage"]
        return COMMANDS[args.command](args, out, err, stdin)
    except Usage as exc:
        err.write(f"{exc}\n用 'prescriber --help' 查看用法。\n")
        return EXIT["usage"]
    except InputError as exc:
        err.write(render.problems_text(exc.problems))
        return EXIT["input"]
    except UnknownServiceError as exc:  # a service id named on the command line
        hint = did_you_mean(exc.suggestion) if exc.suggestion else "用 prescriber catalog 查看全部服务"
        err.write(f"prescriber: 未知的服务 '{exc.service}' — {hint}\n")
        return EXIT["input"]
    except KeyboardInterrupt:
        err.write("prescriber: 已中断\n")
        return EXIT["interrupted"]
    except OSError as exc:
        if debug:
            raise
        if exc.filename is not None:  # the file system refused a named file: not our bug, not bad input
            err.write(f"prescriber: 无法读写 {exc.filename}：{exc.strerror or exc}\n")
            return EXIT["input"]
        if exc.errno in _ENVIRONMENT:  # a full disk, a quota: the machine's state, not a bug
            err.write(f"prescriber: 无法写出结果：{exc.strerror or exc}（{exc}）；原有的输出文件保持不变\n")
            return EXIT["input"]
        return _internal(exc, err)
    except (EngineError, PrescriberError, Exception) as exc:  # a bug (ValueError included): say so plainly
        if debug:
            raise
        return _internal(exc, err)


def _internal(exc: BaseException, err: TextIO) -> int:
    err.write(
        f"prescriber: 内部错误：{type(exc).__name__}: {exc}（这是程序的问题，不是输入的问题；"
        "加 --debug 重新运行可看到详细信息，请连同它一起报告）\n"
    )
    return EXIT["internal"]


if __name__ == "__main__":
    sys.exit(main())
