"""Scenario tests policy staff write in YAML, run without Python.

A scenario file is a list of scenarios::

    - name: 汽车制造企业的三项诉求排在前面
      profile: ../examples/fuzhou-vehicle-maker.yaml    # relative to this file, or an inline mapping
      as_of: 2026-06-01
      expect:
        include: [skills-appraisal-body, product-showcase]
        exclude: [social-evaluation]
        top: {n: 5, include: [skills-appraisal-body]}
        order: [[skills-appraisal-body, order-class]]   # the first ranks before the second
        score: {skills-appraisal-body: [60, 100]}
        vetoed: [mediation-committee]

A failure says which expectation failed, what came out, and why the service is where it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prescriber import loader, shape, yamlsrc
from prescriber.api import Prescriber
from prescriber.codes import Code, did_you_mean
from prescriber.errors import InputError, SourceError, problem
from prescriber.models import Prescription, Scenario
from prescriber.render import console
from prescriber.render.messages import say, separator

__all__ = ["Outcome", "cases", "load_scenarios", "run", "scenario_files"]


@dataclass(frozen=True)
class Outcome:
    """One scenario's result: where it is written, and each failure in words (empty = passed)."""

    name: str
    file: str
    line: int
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


def scenario_files(paths: Iterable[Path | str]) -> list[Path]:
    """Scenario files from files and directories (YAML files below them, sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        out += loader.yaml_files(p) if p.is_dir() else [p]
    return out


def load_scenarios(path: Path) -> list[tuple[Scenario, int]]:
    """The scenarios of one file with their line numbers. Raises :class:`InputError` with every problem."""
    doc = yamlsrc.load(path)
    if not isinstance(doc.data, list):
        raise SourceError([problem(Code.SCENARIO_NOT_LIST, file=str(path), line=1, column=1)])
    out, problems = [], []
    for i, item in enumerate(doc.data):
        model, found = shape.validate(doc, (i,), Scenario, item)
        problems += found
        if model is not None:
            out.append((model, doc.mark((i,)).line))
    if problems:
        raise InputError(problems)
    return out


def run(rx: Prescriber, paths: Sequence[Path | str], lang: str = "zh") -> list[Outcome]:
    """Run every scenario of the given files or directories; failures in words of ``lang``."""
    outcomes = []
    for path in scenario_files(paths):
        for scenario, line in load_scenarios(path):
            outcomes.append(Outcome(scenario.name, str(path), line, tuple(_check(rx, scenario, path, lang))))
    return outcomes


def cases(paths: Sequence[Path | str]) -> list[tuple[Any, Any]]:
    """Every scenario's profile (a mapping, or the file it names) and date, for coverage."""
    out = []
    for path in scenario_files(paths):
        for s, _ in load_scenarios(path):
            out.append((s.profile if isinstance(s.profile, dict) else path.parent / s.profile, s.as_of))
    return out


def _check(rx: Prescriber, s: Scenario, path: Path, lang: str = "zh") -> list[str]:
    known = rx.book.catalog.service_by_id
    wrong = [sid for sid in _mentioned(s) if sid not in known]
    if wrong:
        return [
            f"未知的服务 '{sid}'" + (f"（{did_you_mean(c)}）" if (c := shape.suggest(sid, known)) else "")
            for sid in wrong
        ]
    profile: Any = s.profile if isinstance(s.profile, dict) else path.parent / s.profile
    try:
        p = rx.prescribe(profile, as_of=s.as_of, top=s.top)
    except InputError as exc:
        problems = ("；" if lang == "zh" else "; ").join(x.shown(lang).splitlines()[0] for x in exc.problems)
        return [say("scenario.bad-profile", lang, problems=problems)]
    failures = _failures(s, p, lang)
    return [f"{text}\n{_why(rx, profile, s, sid, lang)}" if sid else text for text, sid in failures]


def _mentioned(s: Scenario) -> list[str]:
    e = s.expect
    ids = [*e.include, *e.exclude, *e.vetoed, *e.lapsed, *(x for pair in e.order for x in pair), *e.score]
    return list(dict.fromkeys([*ids, *(e.top.include if e.top else ())]))


def _failures(s: Scenario, p: Prescription, lang: str) -> list[tuple[str, str | None]]:
    e = s.expect
    rank = {i.service: i.rank for i in p.items}
    score = {i.service: i.score for i in p.items}
    core = sum(1 for i in p.items if i.core)
    listing = separator(lang).join(f"{i.rank}.{i.service}" for i in p.items) or say("scenario.empty", lang)
    absent = say("scenario.absent", lang)
    out: list[tuple[str, str | None]] = []
    out += [
        (say("scenario.include", lang, service=sid, listing=listing), sid)
        for sid in e.include
        if sid not in rank
    ]
    out += [
        (say("scenario.exclude", lang, service=sid, rank=rank[sid]), sid) for sid in e.exclude if sid in rank
    ]
    if e.top:
        out += [
            (
                say(
                    "scenario.top",
                    lang,
                    service=sid,
                    n=e.top.n,
                    actual=say("scenario.rank", lang, rank=rank[sid]) if sid in rank else absent,
                ),
                sid,
            )
            for sid in e.top.include
            if rank.get(sid, 10**6) > core + e.top.n
        ]
    for a, b in e.order:
        if a not in rank or (b in rank and rank[a] > rank[b]):
            ranks = {"rank_a": rank.get(a, absent), "rank_b": rank.get(b, absent)}
            out.append((say("scenario.order", lang, a=a, b=b, **ranks), a))
    for sid, (lo, hi) in e.score.items():
        if not lo <= score.get(sid, 0) <= hi:
            out.append((say("scenario.score", lang, service=sid, lo=lo, hi=hi, score=score.get(sid, 0)), sid))
    vetoed = {x.service for x in p.excluded}
    out += [(say("scenario.vetoed", lang, service=sid), sid) for sid in e.vetoed if sid not in vetoed]
    lapsed = {x.service for x in p.lapsed}
    out += [(say("scenario.lapsed", lang, service=sid), sid) for sid in e.lapsed if sid not in lapsed]
    return out


def _why(rx: Prescriber, profile: Any, s: Scenario, service: str, lang: str) -> str:
    w = rx.why_not(profile, service, as_of=s.as_of, top=s.top)
    name = rx.book.catalog.service_by_id[service].name_en if lang == "en" else w.name
    lines = [say("scenario.why", lang, name=name, summary=console.why_summary(w, lang))]
    for r in w.rules:
        mark = {"true": "✓", "false": "✗", "unknown": "?"}[r.outcome]
        lines.append(say("scenario.rule", lang, mark=mark, title=r.title, rule=r.rule))
        lines += [f"        · {e.text}" for e in r.evidence if r.outcome != "true" or r.effect == "exclude"]
    return "\n".join(lines)
