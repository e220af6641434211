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

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prescriber import loader, shape, yamlsrc
from prescriber.api import Prescriber
from prescriber.codes import Code
from prescriber.errors import InputError, SourceError, problem
from prescriber.models import Prescription, Scenario, WhyNot
from prescriber.render import console

__all__ = ["Failure", "Outcome", "cases", "load_scenarios", "run", "scenario_files"]


@dataclass(frozen=True)
class Failure:
    """One expectation not met, by id: ``kind`` names its message (``scenario.<kind>`` in
    :mod:`prescriber.render.messages`), ``values`` what the message says (ids, ranks, scores), and for a
    failure about one service its why-not and English name. :func:`prescriber.render.console.scenario_failure`
    words it."""

    kind: str
    values: Mapping[str, Any]
    why: WhyNot | None = None
    name_en: str = ""


@dataclass(frozen=True)
class Outcome:
    """One scenario's result: where it is written, and each failure (empty = passed), in words of
    ``lang`` as :attr:`failures`."""

    name: str
    file: str
    line: int
    found: tuple[Failure, ...] = ()
    lang: str = "zh"

    @property
    def failures(self) -> tuple[str, ...]:
        """Each failure in words, with why the service is where it is."""
        return tuple(console.scenario_failure(f, self.lang) for f in self.found)

    @property
    def passed(self) -> bool:
        return not self.found


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
            found = tuple(_found(rx, scenario, path))
            outcomes.append(Outcome(scenario.name, str(path), line, found, lang))
    return outcomes


def cases(paths: Sequence[Path | str]) -> list[tuple[Any, Any]]:
    """Every scenario's profile (a mapping, or the file it names) and date, for coverage."""
    out = []
    for path in scenario_files(paths):
        for s, _ in load_scenarios(path):
            out.append((s.profile if isinstance(s.profile, dict) else path.parent / s.profile, s.as_of))
    return out


def _check(rx: Prescriber, s: Scenario, path: Path, lang: str = "zh") -> list[str]:
    return [console.scenario_failure(f, lang) for f in _found(rx, s, path)]


def _found(rx: Prescriber, s: Scenario, path: Path) -> list[Failure]:
    known = rx.book.catalog.service_by_id
    wrong = [sid for sid in _mentioned(s) if sid not in known]
    if wrong:
        return [
            Failure("unknown-service", {"service": sid, "suggestion": shape.suggest(sid, known)})
            for sid in wrong
        ]
    profile: Any = s.profile if isinstance(s.profile, dict) else path.parent / s.profile
    try:
        p = rx.prescribe(profile, as_of=s.as_of, top=s.top)
    except InputError as exc:
        return [Failure("bad-profile", {"problems": tuple(exc.problems)})]
    return [
        Failure(kind, values, *_why(rx, profile, s, sid)) if sid else Failure(kind, values)
        for kind, values, sid in _failures(s, p)
    ]


def _mentioned(s: Scenario) -> list[str]:
    e = s.expect
    ids = [*e.include, *e.exclude, *e.vetoed, *e.lapsed, *(x for pair in e.order for x in pair), *e.score]
    return list(dict.fromkeys([*ids, *(e.top.include if e.top else ())]))


def _failures(s: Scenario, p: Prescription) -> list[tuple[str, dict[str, Any], str | None]]:
    """(message id, its values, the service it is about) for every expectation not met."""
    e = s.expect
    rank = {i.service: i.rank for i in p.items}
    score = {i.service: i.score for i in p.items}
    core = sum(1 for i in p.items if i.core)
    listing = tuple((i.rank, i.service) for i in p.items)
    out: list[tuple[str, dict[str, Any], str | None]] = []
    out += [("include", {"service": sid, "listing": listing}, sid) for sid in e.include if sid not in rank]
    out += [("exclude", {"service": sid, "rank": rank[sid]}, sid) for sid in e.exclude if sid in rank]
    if e.top:
        out += [
            ("top", {"service": sid, "n": e.top.n, "rank": rank.get(sid)}, sid)
            for sid in e.top.include
            if rank.get(sid, 10**6) > core + e.top.n
        ]
    for a, b in e.order:
        if a not in rank or (b in rank and rank[a] > rank[b]):
            out.append(("order", {"a": a, "b": b, "rank_a": rank.get(a), "rank_b": rank.get(b)}, a))
    for sid, (lo, hi) in e.score.items():
        if not lo <= score.get(sid, 0) <= hi:
            out.append(("score", {"service": sid, "lo": lo, "hi": hi, "score": score.get(sid, 0)}, sid))
    vetoed = {x.service for x in p.excluded}
    out += [("vetoed", {"service": sid}, sid) for sid in e.vetoed if sid not in vetoed]
    lapsed = {x.service for x in p.lapsed}
    out += [("lapsed", {"service": sid}, sid) for sid in e.lapsed if sid not in lapsed]
    return out


def _why(rx: Prescriber, profile: Any, s: Scenario, service: str) -> tuple[WhyNot, str]:
    """Why ``service`` is where it is, and its English name."""
    w = rx.why_not(profile, service, as_of=s.as_of, top=s.top)
    return w, rx.book.catalog.service_by_id[service].name_en
