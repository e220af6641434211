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

import sys
from collections.abc import Sequence
from typing import TextIO

from prescriber import render
from prescriber.cli.commands import COMMANDS, EXIT
from prescriber.cli.parser import Usage, build
from prescriber.errors import EngineError, InputError, PrescriberError, UnknownServiceError

__all__ = ["EXIT", "main"]


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None,
         stdin: TextIO | None = None) -> int:
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
        err.write(f"{exc}\nTry 'prescriber --help'.\n")
        return EXIT["usage"]
    except InputError as exc:
        err.write(render.problems_text(exc.problems))
        return EXIT["input"]
    except (UnknownServiceError, ValueError, OSError) as exc:  # bad input named on the command line
        if debug and not isinstance(exc, UnknownServiceError):
            raise
        err.write(f"prescriber: {exc}\n")
        return EXIT["input"]
    except KeyboardInterrupt:
        err.write("prescriber: interrupted\n")
        return EXIT["interrupted"]
    except (EngineError, PrescriberError, Exception) as exc:  # a bug: say so plainly
        if debug:
            raise
        err.write(f"prescriber: internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)\n")
        return EXIT["internal"]


if __name__ == "__main__":
    sys.exit(main())
