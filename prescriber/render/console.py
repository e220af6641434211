"""What the command line writes besides prescriptions, in Chinese or English: the why-not, the
catalogue, the check summaries, scenario and coverage results, the batch summary, export and schema
notes, and the headline of each error. The words are :mod:`prescriber.render.messages`; data (names,
titles, reasons, paths) is passed through as written. The command line only chooses and writes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from prescriber.codes import did_you_mean
from prescriber.models import Category, Service, WhyNot
from prescriber.render.messages import paren, say, separator
from prescriber.render.text import rows
from prescriber.render.words import evidence

__all__ = [
    "batch_summary",
    "catalog_listing",
    "checked",
    "coverage_report",
    "export_done",
    "line",
    "scenario_failure",
    "scenario_results",
    "why_not",
    "why_summary",
]


# --- explain -------------------------------------------------------------------------------------


def why_not(w: WhyNot, lang: str = "zh", name_en: str | None = None) -> str:
    """A service's status, then every rule about it with each condition in words."""
    name = name_en if lang == "en" and name_en else w.name
    lines = [say("why.head", lang, name=name, service=w.service, summary=why_summary(w, lang)), ""]
    for r in w.rules:
        force = "" if r.in_force else say("why.not-in-force", lang)
        effect, outcome = say(f"effect.{r.effect}", lang), say(f"outcome.{r.outcome}", lang)
        lines.append(
            say("why.rule", lang, effect=effect, title=r.title, rule=r.rule, outcome=outcome, force=force)
        )
        if r.source:
            lines.append(say("why.source", lang, source=r.source))
        lines += [f"    · {evidence(e, lang)}" for e in r.evidence]
    if not w.rules:
        lines.append(say("why.none", lang))
    return "\n".join(lines) + "\n"


_STATUS_EN = {
    "recommended": "Prescribed, rank {rank}",
    "excluded": "Vetoed by an exclusion rule: {vetoes}",
    "lapsed": "Policy lapsed, awaiting a new one: every policy it rests on has ended by the date asked",
    "beyond-top": "Its rules fired, but it ranks beyond the top N asked for",
    "not-in-force": "The service is not in force on the date asked",
    "not-matched": "No recommending rule has all its conditions met",
}


def why_summary(w: WhyNot, lang: str) -> str:
    """The status in a sentence: as the library wrote it in Chinese, from the status id in English."""
    if lang != "en":
        return w.summary
    if w.status == "not-matched" and not w.rules:
        return "No rule recommends this service"
    vetoes = "; ".join(
        r.title for r in w.rules if r.effect == "exclude" and r.outcome == "true" and r.in_force
    )
    return _STATUS_EN[w.status].format(rank=w.rank, vetoes=vetoes)


# --- catalogue -----------------------------------------------------------------------------------


def catalog_listing(
    services: Sequence[Service], categories: Mapping[str, Category], fmt: str, lang: str = "zh"
) -> str:
    """The services as a terminal table or a Markdown table (``fmt``: ``table`` or ``markdown``)."""
    zh = lang == "zh"
    core = say("catalog.core", lang)
    listed = [
        (
            s.id,
            s.name if zh else s.name_en,
            categories[s.category].name if zh else categories[s.category].name_en,
            core if s.core else "",
        )
        for s in services
    ]
    if fmt == "markdown":
        return (
            say("catalog.md-head", lang)
            + "\n|---|---|---|---|\n"
            + "".join(f"| {' | '.join(r)} |\n" for r in listed)
        )
    columns = (say("catalog.id", lang), say("catalog.service", lang), say("catalog.category", lang), "")
    return rows([columns, *listed], (30, 46, 28))


def unknown_category(category: str, choices: Sequence[str], lang: str = "zh") -> str:
    return (
        say("catalog.unknown-category", lang, category=category, choices=separator(lang).join(choices)) + "\n"
    )


# --- checking a rule base ------------------------------------------------------------------------


def checked(rules: Path, catalog: Path, installed: bool, lang: str = "zh") -> str:
    """Which folders were checked (and, for the installed copy, how to check one's own)."""
    note = say("checked.installed", lang) if installed else ""
    return say("checked", lang, rules=rules, catalog=catalog, note=note) + "\n"


def validated(rules: int, services: int, fingerprint: str, lang: str = "zh") -> str:
    return say("validate.passed", lang, rules=rules, services=services, fingerprint=fingerprint) + "\n"


def lint_summary(counts: Mapping[str, int], lang: str = "zh") -> str:
    return (
        say("lint.summary", lang, errors=counts["error"], warnings=counts["warning"], infos=counts["info"])
        + "\n"
    )


class ScenarioFailure(Protocol):
    """What :class:`prescriber.scenarios.Failure` gives."""

    @property
    def kind(self) -> str: ...
    @property
    def values(self) -> Mapping[str, Any]: ...
    @property
    def why(self) -> WhyNot | None: ...
    @property
    def name_en(self) -> str: ...


def scenario_failure(f: ScenarioFailure, lang: str = "zh") -> str:
    """One expectation not met, in words: what was expected, what came out, and (for a service) why it
    is where it is — each of the service's rules with the conditions that did not hold."""
    v = dict(f.values)
    absent = say("scenario.absent", lang)
    if f.kind == "unknown-service":
        hint = v.pop("suggestion")
        return say("scenario.unknown-service", lang, **v) + (
            paren(did_you_mean(hint, lang=lang), lang) if hint else ""
        )
    if f.kind == "bad-profile":
        v["problems"] = ("；" if lang == "zh" else "; ").join(
            x.shown(lang).splitlines()[0] for x in v["problems"]
        )
    elif f.kind == "include":
        listed = separator(lang).join(f"{rank}.{service}" for rank, service in v["listing"])
        v["listing"] = listed or say("scenario.empty", lang)
    elif f.kind == "top":
        rank = v.pop("rank")
        v["actual"] = absent if rank is None else say("scenario.rank", lang, rank=rank)
    elif f.kind == "order":
        v.update({k: absent if v[k] is None else v[k] for k in ("rank_a", "rank_b")})
    text = say(f"scenario.{f.kind}", lang, **v)
    return text if f.why is None else text + "\n" + _why_lines(f.why, f.name_en, lang)


def _why_lines(w: WhyNot, name_en: str, lang: str) -> str:
    name = name_en if lang == "en" else w.name
    lines = [say("scenario.why", lang, name=name, summary=why_summary(w, lang))]
    for r in w.rules:
        mark = {"true": "✓", "false": "✗", "unknown": "?"}[r.outcome]
        lines.append(say("scenario.rule", lang, mark=mark, title=r.title, rule=r.rule))
        lines += [
            f"        · {evidence(e, lang)}"
            for e in r.evidence
            if r.outcome != "true" or r.effect == "exclude"
        ]
    return "\n".join(lines)


class ScenarioResult(Protocol):
    """What :class:`prescriber.scenarios.Outcome` gives (scenarios sit above render)."""

    @property
    def name(self) -> str: ...
    @property
    def file(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def failures(self) -> tuple[str, ...]: ...


def scenario_results(outcomes: Sequence[ScenarioResult], lang: str = "zh") -> str:
    """✓/✗ per scenario with its failures indented, then the count."""
    out = []
    for o in outcomes:
        mark = "✗" if o.failures else "✓"
        out.append(say("test.case", lang, mark=mark, name=o.name, file=o.file, line=o.line) + "\n")
        out += ["    " + failure.replace("\n", "\n    ") + "\n" for failure in o.failures]
    failed = sum(1 for o in outcomes if o.failures)
    return (
        "".join(out) + "\n" + say("test.summary", lang, passed=len(outcomes) - failed, failed=failed) + "\n"
    )


class _Rule(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def where(self) -> str: ...


class CoverageResult(Protocol):
    """What :class:`prescriber.coverage.Coverage` gives."""

    @property
    def enterprises(self) -> int: ...
    @property
    def rule_share(self) -> float: ...
    @property
    def condition_share(self) -> float: ...
    @property
    def conditions(self) -> int: ...
    @property
    def rules(self) -> Sequence[_Rule]: ...
    @property
    def fired(self) -> Mapping[str, int]: ...
    def never_fired(self) -> Sequence[_Rule]: ...


def coverage_report(c: CoverageResult, lang: str = "zh", limit: int = 50) -> str:
    """A short text report with the table of rules that never fired."""
    lines = [
        say(
            "coverage.head",
            lang,
            enterprises=c.enterprises,
            fired=sum(1 for r in c.rules if c.fired[r.id]),
            rules=len(c.rules),
            share=c.rule_share,
            conditions_share=c.condition_share,
            conditions=c.conditions,
        )
    ]
    never = c.never_fired()
    if never:
        lines.append(say("coverage.never", lang, n=len(never)))
        lines += [f"  {r.where}  {r.id}  {r.title}" for r in never[:limit]]
        if len(never) > limit:
            lines.append(say("coverage.more", lang, n=len(never) - limit))
    return "\n".join(lines) + "\n"


def coverage_short(share: float, minimum: float, lang: str = "zh") -> str:
    return say("coverage.short", lang, share=share, minimum=minimum) + "\n"


# --- batch, report, export, schema -----------------------------------------------------------------


class BatchCounts(Protocol):
    """What :class:`prescriber.batch.Summary` gives."""

    @property
    def rows(self) -> int: ...
    @property
    def bad(self) -> int: ...
    @property
    def items(self) -> int: ...
    @property
    def paths(self) -> tuple[Path, ...]: ...


def batch_summary(s: BatchCounts, lang: str = "zh") -> str:
    bad = say("batch.bad", lang, bad=s.bad) if s.bad else say("batch.no-bad", lang)
    paths = separator(lang).join(str(p) for p in s.paths)
    return (
        say("batch.summary", lang, rows=s.rows, done=s.rows - s.bad, items=s.items, bad=bad, paths=paths)
        + "\n"
    )


def export_done(
    kind: str,
    target: Path,
    files: int,
    rules: int,
    kept: Sequence[tuple[str, str, str]],
    yaml: Sequence[Path],
    lang: str = "zh",
) -> str:
    """What ``rules export`` wrote (``kind``: ``yaml`` or ``xlsx``), and the rules kept as YAML."""
    if kind == "yaml":
        out = say("export.yaml", lang, files=files, rules=rules, target=target) + "\n"
    else:
        out = say("export.xlsx", lang, books=files, rows=rules, target=target) + "\n"
    if kept:
        out += say("export.kept", lang, n=len(kept), files=", ".join(p.name for p in yaml)) + "\n"
        out += "".join(
            say("export.kept-rule", lang, where=where, rule=rule, why=why) + "\n" for rule, where, why in kept
        )
    return out


# --- lines and errors --------------------------------------------------------------------------------------


def line(key: str, lang: str = "zh", **values: object) -> str:
    """One message of :mod:`~prescriber.render.messages` as a line (an error's headline, a note)."""
    return say(key, lang, **values) + "\n"


def unknown_service(service: str, suggestion: str | None, lang: str = "zh") -> str:
    hint = did_you_mean(suggestion, lang=lang) if suggestion else say("error.see-catalog", lang)
    return say("error.unknown-service", lang, service=service, hint=hint) + "\n"
