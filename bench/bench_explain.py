"""Benchmark: where the time of a whole ``prescribe()`` goes, part by part, on both rule families.

    python bench/bench_explain.py                          # 1,000 rules, 400 profiles, best of 5
    python bench/bench_explain.py --rules 5000 --profiles 200
    valgrind --tool=callgrind --collect-atstart=no --toggle-collect=functools_reduce \
        python bench/bench_explain.py --stage whole --families heavy --profiles 100   # instructions

Each part is timed over the same profiles in its own pass (CPU time of this process, the best of
``--repeat`` passes, so that other work on the machine counts as little as possible); the parts are
approximate because the passes share caches. ``whole ÷ match`` is the throughput of a whole
``prescribe()`` divided by that of the match alone, with the results of a pass kept in a list (as a
batch caller would: the cycle collector then walks them and the rule book, see ``collector share``);
``dropped ÷ match`` with each result dropped as a service does after sending it; ``whole + JSON`` adds
``model_dump_json()``, what a service does with a prescription.

``--stage`` runs one stage (``facts``, ``match``, ``rank``, ``explain`` or ``whole``) over ``--profiles``
profiles after ``--warm`` others, inside one ``functools.reduce`` call, so that callgrind counts the
instructions of that stage alone (set ``PYTHONHASHSEED=0``): a measure the load of a shared machine
does not move, where CPU time on it varies by ±30 % from run to run.
"""

from __future__ import annotations

import argparse
import functools
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth
from pydantic import BaseModel

from prescriber import Prescriber, explain
from prescriber.models import Evidence, PolicyBasis
from prescriber.models.prescription import trusted
from prescriber.rank import rank

DAY = date(2026, 6, 1)


def _best(fn: Callable[[], Any], n: int, repeat: int) -> float:
    """µs per profile: the best of ``repeat`` passes."""
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return min(times) / n * 1e6


def _drop(results: Iterable[Any]) -> None:
    for _ in results:
        pass


def _collector_share(fn: Callable[[], Any]) -> float:
    """The share of ``fn``'s CPU time spent in Python's cycle collector (``gc.callbacks``)."""
    spent, start = [0.0], [0.0]

    def timed(phase: str, _: dict[str, int]) -> None:
        if phase == "start":
            start[0] = time.process_time()
        else:
            spent[0] += time.process_time() - start[0]

    gc.callbacks.append(timed)
    try:
        t0 = time.process_time()
        fn()
        total = time.process_time() - t0
    finally:
        gc.callbacks.remove(timed)
    return spent[0] / total


def parts(family: str, n_rules: int, n: int, repeat: int, workdir: Path) -> dict[str, float]:
    rx = Prescriber.from_paths(
        rules=synth.write_rules(workdir / f"{family}{n_rules}", n_rules, family=family)
    )
    make = synth.heavy_profiles if family == "heavy" else synth.profiles
    profiles = make(n + 200)
    for p in profiles[n:]:  # warm the memos on other profiles
        rx.prescribe(p, as_of=DAY)
    profiles = profiles[:n]
    book, matcher = rx.book, rx._state.matcher
    facts = [rx.facts(p) for p in profiles]
    fired = [matcher.match(f) for _, f, _ in facts]
    ranked = [rank(book, f, x, DAY) for (_, f, _), x in zip(facts, fired, strict=True)]
    pairs = list(zip(facts, ranked, strict=True))
    scored = [(f, x) for (_, f, _), r in pairs for item in r.items for x in item.rules]
    out = {
        "profile": _best(lambda: [rx.facts(p) for p in profiles], n, repeat),
        "match": _best(lambda: [matcher.match(f) for _, f, _ in facts], n, repeat),
        "rank": _best(
            lambda: [rank(book, f, x, DAY) for (_, f, _), x in zip(facts, fired, strict=True)], n, repeat
        ),
        "evidence": _best(lambda: [explain._evidence(x.rule, f, book) for f, x in scored], n, repeat),
        "reasons": _best(
            lambda: [explain.render_reason(x.rule, f, book.table, "") for f, x in scored], n, repeat
        ),
        "needs-information": _best(
            lambda: [
                explain.needs_information(book, f, DAY, {i.service for i in r.items})
                for (_, f, _), r in pairs
            ],
            n,
            repeat,
        ),
        "explain (all)": _best(
            lambda: [
                explain.prescription(
                    book,
                    f,
                    r,
                    name=m.name,
                    enterprise_id=m.id,
                    as_of=DAY,
                    engine=rx.engine,
                    versions={},
                    warnings=w,
                )
                for (m, f, w), r in pairs
            ],
            n,
            repeat,
        ),
        "whole prescribe()": _best(lambda: [rx.prescribe(p, as_of=DAY) for p in profiles], n, repeat),
        # each result dropped as a service would after sending it (bench_engine does so): the objects of
        # a prescription are freed by reference counting, so the cycle collector rarely runs
        "whole, dropped": _best(lambda: _drop(rx.prescribe(p, as_of=DAY) for p in profiles), n, repeat),
        "whole + JSON, dropped": _best(
            lambda: _drop(rx.prescribe(p, as_of=DAY).model_dump_json() for p in profiles), n, repeat
        ),
        "collector, kept": _collector_share(lambda: [rx.prescribe(p, as_of=DAY) for p in profiles]),
        "fired": sum(map(len, fired)) / n,
    }
    rx.close()
    return out


def inside(family: str, n_rules: int, n: int, workdir: Path) -> dict[str, float]:
    """CPU µs per profile of each stage of a whole ``prescribe()`` timed inside it, each result dropped
    as a service would (median of 5 passes over ``n`` profiles not used to warm the memos), beside the
    match alone in a loop of its own: the engine's calls cost more when Python's work between them has
    evicted the engine's memory from the caches."""
    rx = Prescriber.from_paths(
        rules=synth.write_rules(workdir / f"{family}{n_rules}", n_rules, family=family)
    )
    make = synth.heavy_profiles if family == "heavy" else synth.profiles
    profiles = make(n + 200)
    for p in profiles[n:]:
        rx.prescribe(p, as_of=DAY)
    profiles = profiles[:n]
    book, matcher, clock = rx.book, rx._state.matcher, time.process_time
    facts = [rx.facts(p)[1] for p in profiles]
    built = [_output_models(rx.prescribe(p, as_of=DAY), []) for p in profiles]
    names = ("profile", "match", "rank", "explain", "model_dump_json()")
    extra = ("match alone", "profile + match", "output models", "whole prescribe()", "fired")
    passes: dict[str, list[float]] = {k: [] for k in (*names, *extra)}
    for _ in range(5):
        t0 = clock()
        _drop(matcher.match(f) for f in facts)
        passes["match alone"].append(clock() - t0)
        t0 = clock()  # what every prescription does before ranking: read the profile, match
        _drop(matcher.match(rx.facts(p)[1]) for p in profiles)
        passes["profile + match"].append(clock() - t0)
        t0 = clock()  # a prescription's output models alone, from their fields found beforehand
        _drop([trusted(cls, fields.copy()) for cls, fields in models] for models in built)
        passes["output models"].append(clock() - t0)
        spent = dict.fromkeys(names, 0.0)
        fired = 0
        for p in profiles:
            t0 = clock()
            model, f, warnings = rx.facts(p)
            t1 = clock()
            x = matcher.match(f)
            t2 = clock()
            r = rank(book, f, x, DAY)
            t3 = clock()
            out = explain.prescription(
                book,
                f,
                r,
                name=model.name,
                enterprise_id=model.id,
                as_of=DAY,
                engine=rx.engine,
                versions={},
                warnings=warnings,
            )
            t4 = clock()
            out.model_dump_json()
            t5 = clock()
            del out
            for k, a, b in zip(names, (t0, t1, t2, t3, t4), (t1, t2, t3, t4, t5), strict=True):
                spent[k] += b - a
            fired += len(x)
        for k in names:
            passes[k].append(spent[k])
        t0 = clock()
        _drop(rx.prescribe(p, as_of=DAY) for p in profiles)
        passes["whole prescribe()"].append(clock() - t0)
        passes["fired"].append(fired)
    rx.close()
    return {k: statistics.median(v) / n * (1 if k == "fired" else 1e6) for k, v in passes.items()}


def _output_models(obj: Any, out: list[tuple[type[BaseModel], dict[str, Any]]]) -> list[Any]:
    """The output models a prescription builds for itself, innermost first, each as (class, fields):
    not the evidence and policy bases, which come from the rule book's memo."""
    if isinstance(obj, BaseModel) and not isinstance(obj, Evidence | PolicyBasis):
        for v in obj.__dict__.values():
            _output_models(v, out)
        out.append((type(obj), dict(obj.__dict__)))
    elif isinstance(obj, tuple):
        for v in obj:
            _output_models(v, out)
    return out


def stage(name: str, family: str, n_rules: int, n: int, warm: int, workdir: Path) -> None:
    """Run one stage over ``n`` profiles inside one ``functools.reduce`` call (see the module's doc)."""
    rx = Prescriber.from_paths(
        rules=synth.write_rules(workdir / f"{family}{n_rules}", n_rules, family=family)
    )
    make = synth.heavy_profiles if family == "heavy" else synth.profiles
    profiles = make(warm + n)
    for p in profiles[:warm]:
        rx.prescribe(p, as_of=DAY)
    profiles = profiles[warm:]
    book, matcher = rx.book, rx._state.matcher
    facts = [rx.facts(p) for p in profiles] if name != "whole" else []
    fired = [matcher.match(f) for _, f, _ in facts] if name in ("rank", "explain") else []
    ranked = [rank(book, f, x, DAY) for (_, f, _), x in zip(facts, fired, strict=True)] if fired else []
    steps: dict[str, tuple[Callable[[Any], Any], list[Any]]] = {
        "facts": (rx.facts, profiles),
        "match": (lambda f: matcher.match(f[1]), facts),
        "rank": (lambda t: rank(book, t[0][1], t[1], DAY), list(zip(facts, fired, strict=False))),
        "explain": (
            lambda t: explain.prescription(
                book,
                t[0][1],
                t[1],
                name=t[0][0].name,
                enterprise_id=t[0][0].id,
                as_of=DAY,
                engine=rx.engine,
                versions={},
                warnings=t[0][2],
            ),
            list(zip(facts, ranked, strict=False)),  # empty unless this stage is the one run
        ),
        "whole": (lambda p: rx.prescribe(p, as_of=DAY), profiles),
    }
    fn, items = steps[name]
    functools.reduce(lambda _, x: fn(x) and None, items, None)  # each result dropped
    rx.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rules", type=int, default=1000)
    ap.add_argument("--profiles", type=int, default=400)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--families", default="plain,heavy")
    ap.add_argument("--inside", action="store_true", help="time each stage inside a whole prescribe()")
    ap.add_argument("--stage", choices=("facts", "match", "rank", "explain", "whole"))
    ap.add_argument("--warm", type=int, default=300, help="--stage: profiles prescribed first")
    args = ap.parse_args()
    if args.stage:
        with tempfile.TemporaryDirectory() as tmp:
            for family in args.families.split(","):
                stage(args.stage, family, args.rules, args.profiles, args.warm, Path(tmp))
        return 0
    if args.inside:
        return _print_inside(args)
    print(
        f"{args.rules:,} rules, {args.profiles} profiles, CPU µs per profile (best of {args.repeat}), "
        f"Python {sys.version.split()[0]}\n"
    )
    names = [
        "profile",
        "match",
        "rank",
        "evidence",
        "reasons",
        "needs-information",
        "explain (all)",
        "whole prescribe()",
        "whole, dropped",
        "whole + JSON, dropped",
    ]
    print(
        "| family | fired/profile | " + " | ".join(names) + " | whole ÷ match | dropped ÷ match "
        "| collector share, kept |"
    )
    print("|---|---:|" + "---:|" * (len(names) + 3))
    with tempfile.TemporaryDirectory() as tmp:
        for family in args.families.split(","):
            r = parts(family, args.rules, args.profiles, args.repeat, Path(tmp))
            print(
                f"| {family} | {r['fired']:.1f} | "
                + " | ".join(f"{r[k]:,.0f}" for k in names)
                + f" | {r['match'] / r['whole prescribe()']:.2f} | {r['match'] / r['whole, dropped']:.2f} "
                f"| {r['collector, kept']:.0%} |",
                flush=True,
            )
    return 0


def _print_inside(args: argparse.Namespace) -> int:
    print(
        f"{args.rules:,} rules, {args.profiles} profiles, CPU µs per profile inside a whole prescribe() "
        f"(median of 5 passes, each result dropped), Python {sys.version.split()[0]}\n"
    )
    cols = ("match alone", "profile", "match", "rank", "explain", "whole prescribe()", "model_dump_json()")
    print("| family | fired/profile | " + " | ".join(cols) + " | whole ÷ match alone |")
    print("|---|---:|" + "---:|" * (len(cols) + 1))
    bounds = []
    with tempfile.TemporaryDirectory() as tmp:
        for family in args.families.split(","):
            r = inside(family, args.rules, args.profiles, Path(tmp))
            cells = " | ".join(f"{r[k]:,.0f}" for k in cols)
            ratio = r["match alone"] / r["whole prescribe()"]
            print(f"| {family} | {r['fired']:.1f} | {cells} | {ratio:.2f} |", flush=True)
            bounds.append((family, r))
    # the best whole ÷ match alone any ranking and explaining could give: a prescription still reads its
    # profile and matches (one loop doing only that), and builds its output models
    print(
        "\n| family | match alone | profile + match, one loop | output models alone | "
        "÷ if ranking and explaining were free | ÷ if they cost only their models |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for family, r in bounds:
        m, pm, om = r["match alone"], r["profile + match"], r["output models"]
        print(f"| {family} | {m:,.0f} | {pm:,.0f} | {om:,.0f} | {m / pm:.2f} | {m / (pm + om):.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
