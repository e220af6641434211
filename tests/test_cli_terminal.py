"""The command line in a real pseudo-terminal (what a caseworker's shell gives it: a tty on stdout and
stderr, a window width), and the printed outputs a caseworker hands out: the table fitted to the
terminal, HTML that prints on A4 and reads on a phone, one document for several enterprises."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

import prescriber
from prescriber import render
from prescriber.cli import main
from prescriber.errors import InputError
from prescriber.render.text import width

ROOT = Path(__file__).resolve().parent.parent
VEHICLE = "examples/fuzhou-vehicle-maker.yaml"
JINJIANG = "examples/jinjiang-footwear-sme.yaml"


def in_terminal(
    *argv: str,
    columns: int = 100,
    cwd: Path = ROOT,
    timeout: float = 120,
    environ: dict[str, str] | None = None,
) -> tuple[int, str]:
    """Run ``prescriber ARGV`` with a pseudo-terminal of ``columns`` as stdin, stdout and stderr
    (``columns=0``: a terminal that reports no size, as ``script`` makes one)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50 if columns else 0, columns, 0, 0))
    env = {**os.environ, "COLUMNS": "", "LINES": ""}
    env.pop("COLUMNS")
    env.pop("LINES")
    env.update(environ or {})
    proc = subprocess.Popen(
        [sys.executable, "-m", "prescriber", *argv],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=cwd,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    chunks = []
    deadline = time.monotonic() + timeout
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
        assert time.monotonic() < deadline, "command did not finish"
    os.close(master)
    code = proc.wait(timeout=timeout)
    text = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    return code, re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\r", "", text)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err, stdin=io.StringIO(""))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


# -- every command in a terminal ----------------------------------------------------------------------


@pytest.mark.slow
def test_batch_in_a_terminal_draws_progress_and_finishes(tmp_path: Path) -> None:
    """It exited 3 on any terminal: ``bool()`` of a tqdm bar without a total is a TypeError."""
    code, text = in_terminal(
        "batch",
        "examples/enterprises.csv",
        "-o",
        str(tmp_path / "out.csv"),
        "--as-of",
        "2026-06-01",
        "--top",
        "5",
        "--chunk",
        "50",
    )
    assert code == 0, text
    assert "内部错误" not in text and "Traceback" not in text
    assert "240 行：240 家企业已开具清单" in text
    for name in ("out.csv", "out.wide.csv", "out.errors.csv"):  # one BOM at the start, however many chunks
        data = (tmp_path / name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1, name


@pytest.mark.slow
@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (("prescribe", JINJIANG, "--as-of", "2026-06-01"), 0),
        (("prescribe", VEHICLE, "--explain", "--as-of", "2026-06-01", "--lang", "en"), 0),
        (("explain", JINJIANG, "--service", "job-fair", "--as-of", "2026-06-01"), 0),
        (("catalog",), 0),
        (("validate",), 0),
        (("lint",), 0),
        (("test",), 0),
        (("coverage", "examples/enterprises.csv", "--as-of", "2026-06-01"), 0),
        (("schema", "profile"), 0),
        (("report", "examples/enterprises.csv", "--as-of", "2026-06-01"), 0),
        (("--help",), 0),
        (("prescribe", "nope.yaml"), 1),
        (("prescribe", "--bogus"), 2),
    ],
)
def test_every_command_runs_in_a_terminal(argv: tuple[str, ...], expected: int) -> None:
    code, text = in_terminal(*argv)
    assert code == expected, text
    assert "Traceback" not in text and "prescriber: 内部错误" not in text


def _cells(text: str) -> list[tuple[str, str]]:
    """(service, reason) of each row of a printed table, each cell's wrapped lines joined again."""
    lines = text.splitlines()
    head = lines[3]
    at = [width(head[: head.index(word)]) for word in ("服务", "得分", "主要理由")]
    rows: list[list[str]] = []
    for line in lines[4:]:
        if not line:
            break
        cells = [_slice(line, at[0], at[1]).strip(), _slice(line, at[2], 10_000).strip()]
        if re.match(r"^\d+ ", line):
            rows.append(cells)
        else:
            rows[-1] = [
                rows[-1][0] + cells[0],
                rows[-1][1] + (" " if re.match(r"[ -~]", cells[1][:1]) else "") + cells[1],
            ]
    return [(a, b) for a, b in rows]


def _slice(line: str, start: int, end: int) -> str:
    out, used = "", 0
    for ch in line:
        if start <= used < end:
            out += ch
        used += width(ch)
    return out


@pytest.mark.slow
def test_the_table_uses_the_terminal_width_and_cuts_no_name() -> None:
    rx = prescriber.load().prescribe(ROOT / JINJIANG, as_of="2026-06-01")
    names = [i.name for i in rx.items]
    code, wide = in_terminal("prescribe", JINJIANG, "--as-of", "2026-06-01", columns=160)
    assert code == 0
    rows = [line for line in wide.splitlines() if re.match(r"^\d+ ", line)]
    assert len(rows) == len(names)  # one line each: nothing wrapped at 160 columns
    assert [cell[0] for cell in _cells(wide)] == names
    assert max(width(line) for line in rows) > 100  # the old table stopped at 80–100 columns
    code, narrow = in_terminal("prescribe", JINJIANG, "--as-of", "2026-06-01", columns=70)
    assert code == 0
    lines = narrow.splitlines()
    assert all(width(line) <= 70 for line in lines[3 : lines.index("", 3)])
    assert [cell[0] for cell in _cells(narrow)] == names
    assert "…" not in narrow


@pytest.mark.slow
def test_a_terminal_that_reports_no_size_gets_the_file_width_and_columns_wins() -> None:
    """`script` and some consoles report 0 × 0: the table was squeezed to 40 columns; COLUMNS, as in
    shutil.get_terminal_size, is the user's word and comes first."""
    code, text = in_terminal("prescribe", JINJIANG, "--as-of", "2026-06-01", columns=0)
    assert code == 0
    rows = [line for line in text.splitlines() if re.match(r"^\d+ ", line)]
    assert max(width(line) for line in rows) > 60
    assert all(width(line) <= 100 for line in text.splitlines()[3:])
    code, text = in_terminal(
        "prescribe", JINJIANG, "--as-of", "2026-06-01", columns=0, environ={"COLUMNS": "70"}
    )
    assert code == 0 and all(
        width(line) <= 70 for line in text.splitlines()[3 : text.splitlines().index("", 3)]
    )


def test_a_file_gets_the_whole_reason_wrapped_never_cut() -> None:
    rx = prescriber.load().prescribe(ROOT / JINJIANG, as_of="2026-06-01")
    text = render.render(rx, "table", columns=60)
    # A line may break at a space ("420 | 人"): compare without spaces, every character kept.
    squash = lambda s: re.sub(r"\s", "", s)  # noqa: E731
    assert [(a, squash(b)) for a, b in _cells(text)] == [
        (i.name, squash(i.rules[0].reason if i.rules else "")) for i in rx.items
    ]
    assert "…" not in text


# -- output files ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "start"), [("x.html", "<!DOCTYPE html>"), ("x.md", "# "), ("x.json", "{"), ("x.txt", "东南")]
)
def test_the_suffix_of_the_output_sets_the_format(tmp_path: Path, name: str, start: str) -> None:
    code, out, err = run("prescribe", VEHICLE, "--as-of", "2026-06-01", "-o", str(tmp_path / name))
    assert (code, out, err) == (0, "", "")
    assert (tmp_path / name).read_text(encoding="utf-8").startswith(start)


def test_explain_honours_a_json_suffix(tmp_path: Path) -> None:
    assert run("explain", VEHICLE, "--service", "job-fair", "-o", str(tmp_path / "w.json"))[0] == 0
    assert (tmp_path / "w.json").read_text(encoding="utf-8").startswith("{")
    assert run("explain", VEHICLE, "--service", "job-fair", "-o", str(tmp_path / "w.txt"))[0] == 0
    assert (tmp_path / "w.txt").read_text(encoding="utf-8").startswith("专场招聘")


def test_an_explicit_format_wins_over_the_suffix(tmp_path: Path) -> None:
    assert run("prescribe", VEHICLE, "--format", "markdown", "-o", str(tmp_path / "x.html"))[0] == 0
    assert (tmp_path / "x.html").read_text(encoding="utf-8").startswith("# ")


def test_several_profiles_make_one_html_document_a_page_each(tmp_path: Path) -> None:
    target = tmp_path / "all.html"
    code, _, err = run(
        "prescribe",
        VEHICLE,
        JINJIANG,
        "examples/fuzhou-software-startup.json",
        "--as-of",
        "2026-06-01",
        "-o",
        str(target),
    )
    assert (code, err) == (0, "")
    page = target.read_text(encoding="utf-8")
    assert page.count("<!DOCTYPE html>") == 1 and page.count("</html>") == 1 and page.count("<body>") == 1
    assert page.count("<article>") == 3
    assert "article+article{break-before:page" in page
    assert "@page{size:A4" in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page


def test_the_html_list_keeps_warnings_and_questions(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"  # revenue that looks like yuan, not 万元: a warning
    profile.write_text(
        "name: 某制造企业\nindustry: C13\nemployees: 300\nrevenue: 80000000\n", encoding="utf-8"
    )
    rx = prescriber.load().prescribe(profile, as_of="2026-06-01")
    assert rx.warnings and rx.questions
    code, out, err = run("prescribe", str(profile), "--as-of", "2026-06-01", "--format", "html")
    assert (code, err) == (0, "")
    from html import escape

    assert escape(rx.warnings[0]) in out
    assert all(escape(q.text) in out for q in rx.questions)


def test_two_runs_writing_one_file_do_not_share_a_temporary_file(tmp_path: Path) -> None:
    """The temporary name was fixed (``.x.md.tmp``): another run's file there broke this one."""
    (tmp_path / ".x.md.tmp").mkdir()  # another run's temporary file, as the old name would collide with
    code, _, err = run("prescribe", VEHICLE, "-o", str(tmp_path / "x.md"))
    assert (code, err) == (0, "")
    assert (tmp_path / "x.md").read_text(encoding="utf-8").startswith("# ")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".x.md.tmp", "x.md"]
    assert (tmp_path / "x.md").stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# -- errors -----------------------------------------------------------------------------------------


def test_a_bad_as_of_is_a_located_input_error() -> None:
    with pytest.raises(InputError) as caught:
        prescriber.load().prescribe(ROOT / VEHICLE, as_of="2026-13-01")
    (problem,) = caught.value.problems
    assert (problem.path, problem.code) == ("as_of", "input.as-of")
    assert "YYYY-MM-DD" in problem.hint


def test_a_value_error_from_a_bug_is_an_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from prescriber.cli import commands

    def bug(*_: object) -> int:
        raise ValueError("oops")

    monkeypatch.setitem(commands.COMMANDS, "catalog", bug)
    code, out, err = run("catalog")
    assert (code, out) == (3, "")
    assert err.startswith("prescriber: 内部错误：ValueError: oops") and "--debug" in err


def test_an_unwritable_named_file_is_not_called_a_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    from prescriber.cli import commands

    def refused(*_: object) -> int:
        raise PermissionError(13, "Permission denied", "/srv/x.csv")

    monkeypatch.setitem(commands.COMMANDS, "catalog", refused)
    assert run("catalog") == (1, "", "prescriber: 无法读写 /srv/x.csv：Permission denied\n")
