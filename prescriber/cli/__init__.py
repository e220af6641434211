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
from prescriber.errors import EngineError, InputError, PrescriberError, UnknownServiceError
from prescriber.render import console

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
    lang = _lang(args_list)
    try:
        parser = build(lang)
        args = parser.parse_args(args_list)
        if args.command is None:
            parser.print_help(out)
            return EXIT["usage"]
        args.lang = lang  # asked anywhere on the line, before the command or after it
        return COMMANDS[args.command](args, out, err, stdin)
    except Usage as exc:
        err.write(f"{exc}\n" + console.line("error.usage", lang))
        return EXIT["usage"]
    except InputError as exc:
        err.write(render.problems_text(exc.problems, lang))
        return EXIT["input"]
    except UnknownServiceError as exc:  # a service id named on the command line
        err.write(console.unknown_service(exc.service, exc.suggestion, lang))
        return EXIT["input"]
    except KeyboardInterrupt:
        err.write(console.line("error.interrupted", lang))
        return EXIT["interrupted"]
    except OSError as exc:
        if debug:
            raise
        if exc.filename is not None:  # the file system refused a named file: not our bug, not bad input
            err.write(console.line("error.file", lang, file=exc.filename, reason=exc.strerror or exc))
            return EXIT["input"]
        if exc.errno in _ENVIRONMENT:  # a full disk, a quota: the machine's state, not a bug
            err.write(console.line("error.disk", lang, reason=exc.strerror or exc, detail=exc))
            return EXIT["input"]
        return _internal(exc, err, lang)
    except (EngineError, PrescriberError, Exception) as exc:  # a bug (ValueError included): say so plainly
        if debug:
            raise
        return _internal(exc, err, lang)


def _internal(exc: BaseException, err: TextIO, lang: str) -> int:
    err.write(console.line("error.internal", lang, kind=type(exc).__name__, detail=exc))
    return EXIT["internal"]


def _lang(argv: Sequence[str]) -> str:
    """The language asked for with ``--lang`` (or ``--lang=``) anywhere on the line, so that an error
    found before or while parsing speaks it too; Chinese by default."""
    for i, arg in enumerate(argv):
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg.removeprefix("--lang=")
        if (arg == "--lang" or arg.startswith("--lang=")) and value in render.LANGS:
            return value
    return "zh"


if __name__ == "__main__":
    sys.exit(main())
