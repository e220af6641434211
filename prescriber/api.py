"""The library API: load a rule base once, prescribe many times, from any number of threads.

>>> import prescriber
>>> rx = prescriber.load()                                  # the shipped rule base and catalogue
>>> p = rx.prescribe("examples/fuzhou-vehicle-maker.yaml", as_of="2026-01-01")
>>> [i.service for i in p.items][:1]
['harmony-checkup']
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

from prescriber import engine, explain, loader, yamlsrc
from prescriber.compiler import RuleBook, compile_rulebook
from prescriber.dates import parse_day
from prescriber.derive import derive
from prescriber.errors import Problem, ProfileError, RuleBaseError, UnknownServiceError
from prescriber.models import Prescription, Profile, WhyNot
from prescriber.rank import rank
from prescriber.semantics import Facts
from prescriber.shape import suggest
from prescriber.version import __version__

__all__ = ["Prescriber", "ProfileInput", "as_of_date", "load", "shipped"]

ProfileInput = Profile | dict[str, Any] | str | Path | yamlsrc.Document


def shipped(kind: str) -> Path:
    """Where the shipped ``rules``, ``catalog`` or ``examples`` are: inside the installed package,
    or at the top of the source tree when running from a checkout."""
    inside = Path(__file__).parent / "_shipped" / kind
    return inside if inside.is_dir() else Path(__file__).parent.parent / kind


_FRAME_CHUNK = 25_000
"""Rows per chunk of :meth:`Prescriber.prescribe_frame` (bench/bench_batch.py ``--part frame``)."""


class _State:
    """One rule book with its matcher; swapped as a whole on reload, freed by its last user."""

    def __init__(self, book: RuleBook, engine_name: str) -> None:
        self.book = book
        self.matcher = engine.build(
            engine_name, ((r.id, r.expr, r.file, r.line) for r in book.rules), declared=book.declared
        )
        self._users = 0
        self._retired = False
        self._lock = threading.Lock()
        self._tables: Any = None

    @property
    def tables(self) -> Any:
        """The vectorised engine for tables (:class:`prescriber.batch.Engine`), built on first use."""
        from prescriber import batch

        with self._lock:
            if self._tables is None:
                self._tables = batch.Engine(self.book)
            return self._tables

    def acquire(self) -> None:
        with self._lock:
            self._users += 1

    def release(self) -> None:
        with self._lock:
            self._users -= 1
            free = self._retired and self._users == 0
        if free:
            self.matcher.close()

    def retire(self) -> None:
        """No new users; free now if nobody is using it, else when the last one leaves."""
        with self._lock:
            self._retired = True
            free = self._users == 0
        if free:
            self.matcher.close()


class Prescriber:
    """Prescribes services for enterprise profiles with one rule base."""

    def __init__(
        self, book: RuleBook, *, engine: str = "durable", paths: tuple[Path, Path] | None = None
    ) -> None:
        self.engine = engine
        self._paths = paths
        self._versions = {"prescriber": __version__} | (
            {"durable_rules": _dist_version("durable-rules")} if engine == "durable" else {}
        )
        self._state = _State(book, engine)
        self._reload_lock = threading.Lock()
        self._swap_lock = threading.Lock()

    @classmethod
    def from_paths(
        cls, rules: str | Path | None = None, catalog: str | Path | None = None, *, engine: str = "durable"
    ) -> Prescriber:
        """Load, check and compile a rule base. Raises :class:`RuleBaseError` listing every problem."""
        paths = (Path(rules) if rules else shipped("rules"), Path(catalog) if catalog else shipped("catalog"))
        with _collector_paused():
            return cls(_compile(*paths), engine=engine, paths=paths)

    @property
    def book(self) -> RuleBook:
        """The compiled rule base in use."""
        return self._state.book

    @property
    def fingerprint(self) -> str:
        """The content fingerprint of the rule base in use."""
        return self._state.book.fingerprint

    def facts(
        self, profile: ProfileInput, as_of: date | str | None = None
    ) -> tuple[Profile, Facts, tuple[str, ...]]:
        """The profile, its resolved and derived facts on ``as_of`` (default today), and warnings.
        Raises :class:`ProfileError`."""
        model, facts, notes = self._facts(self._state.book, profile, _day(as_of))
        return model, facts, tuple(p.shown("zh") for p in notes)

    def notes(self, profile: ProfileInput, as_of: date | str | None = None) -> tuple[Problem, ...]:
        """The warnings of :meth:`prescribe` as problems, to be said in a language: a prescription keeps
        them as Chinese text (``Prescription.warnings``, what its JSON holds), ``p.shown("en")`` says
        them in English. Raises :class:`ProfileError`."""
        return self._facts(self._state.book, profile, _day(as_of))[2]

    def prescribe(
        self, profile: ProfileInput, as_of: date | str | None = None, top: int | None = None
    ) -> Prescription:
        """The ranked, explained prescription for one enterprise.

        Args:
            profile: a :class:`Profile`, a mapping, or the path of a YAML/JSON file.
            as_of: the date the prescription is written for (rules in force then); default today.
            top: keep at most this many services besides the core ones.
        """
        day = _day(as_of)
        with self._swap_lock:  # self._current(), without a generator's cost on every prescription
            state = self._state
            state.acquire()
        try:
            book = state.book
            model, facts, notes = self._facts(book, profile, day)
            ranking = rank(book, facts, state.matcher.match(facts), day, top)
            return explain.prescription(
                book,
                facts,
                ranking,
                name=model.name,
                enterprise_id=model.id,
                as_of=day,
                engine=self.engine,
                versions=self._versions,
                warnings=tuple([p.shown("zh") for p in notes]),
            )
        finally:
            state.release()

    def why_not(
        self, profile: ProfileInput, service: str, as_of: date | str | None = None, top: int | None = None
    ) -> WhyNot:
        """Why ``service`` is, or is not, in this enterprise's prescription."""
        day = _day(as_of)
        with self._current() as state:
            if service not in state.book.catalog.service_by_id:
                raise UnknownServiceError(service, suggest(service, state.book.catalog.service_by_id))
            _, facts, _ = self._facts(state.book, profile, day)
            ranking = rank(state.book, facts, state.matcher.match(facts), day, top)
            return explain.why_not(state.book, facts, service, ranking, day)

    def prescribe_frame(
        self, frame: Any, as_of: date | str | None = None, top: int | None = None, *, chunk: int | None = None
    ) -> Any:
        """Prescribe for every row of a pandas DataFrame (columns as in a batch table) with the
        vectorised engine. Returns a :class:`prescriber.batch.BatchResult` with ``long``, ``wide`` and
        ``errors`` DataFrames; a bad row goes to ``errors`` and never stops the others.

        The rows are prescribed ``chunk`` at a time (default 25,000), as ``prescriber batch`` does, so
        the working memory is that of one chunk whatever the frame's length; the result is the same
        for every chunk size. The chunk is half that of ``prescriber batch``, which writes its results
        out instead of keeping them. The chunks' arrays are joined before any table is built, each
        column allocated once. The returned tables cost about 0.75 KB per row at 1,000 match-heavy rules
        with every service listed: ids, services and rule lists are categoricals (the long table's ``id``
        categories of the input ``id`` column's type), ``row`` is 32-bit, ``rank`` 16-bit, ``score``
        the float64 :meth:`prescribe` gives (1,000,000 such rows: ≈ 780 MB kept, besides the input). For
        tables larger than memory, :meth:`iter_prescribe_frame` yields the chunks one by one. Python's
        cycle collector is paused during the call, as while loading a rule base."""
        from prescriber.batch.parts import join
        from prescriber.batch.run import chunks

        day, size = _day(as_of), _chunk(chunk)
        # the cycle collector paused, as while loading: the call makes containers that all stay alive
        # (a full collection, scanning every object of the process, took 6 % of 100,000 rows)
        with self._current() as state, _collector_paused():
            engine = state.tables
            # the chunks' arrays, joined before any table is built: each table is built once, whole
            parts = [engine.parts(rows, day, top, first, file) for first, rows, file in chunks(frame, size)]
            return engine.tables(join(parts))

    def iter_prescribe_frame(
        self,
        frames: Any,
        as_of: date | str | None = None,
        top: int | None = None,
        *,
        chunk: int | None = None,
    ) -> Iterator[Any]:
        """What :meth:`prescribe_frame` gives, one chunk at a time: a
        :class:`prescriber.batch.BatchResult` for each ``chunk`` rows (default 25,000), rows numbered
        within the whole input, so that memory holds one chunk's work and tables whatever the length.
        ``frames`` is a DataFrame, DataFrames one after the other (e.g. ``pandas.read_csv(…,
        chunksize=…)``), or the path of a table (CSV, JSON Lines, Parquet, Excel), read a chunk at a
        time. :func:`prescriber.batch.joined` of the chunks is what :meth:`prescribe_frame` returns.
        The rule base in use when it starts is used to the end, even across a :meth:`reload`."""
        day, size = _day(as_of), _chunk(chunk)
        return self._frame_chunks(frames, day, top, size)

    def _frame_chunks(self, frames: Any, day: date, top: int | None, size: int) -> Iterator[Any]:
        from prescriber.batch.run import chunks

        with self._current() as state:
            engine = state.tables
            for first, rows, file in chunks(frames, size):
                yield engine.run(rows, day, top, first, file)

    def reload(self, rules: str | Path | None = None, catalog: str | Path | None = None) -> str:
        """Load a new rule base, check it completely, then swap it in atomically.

        On any problem the old rule base stays in use and the error is raised. Returns the new
        fingerprint. Prescriptions running in other threads finish with the rule base they began with.
        """
        with self._reload_lock:
            old_paths = self._paths or (shipped("rules"), shipped("catalog"))
            paths = (Path(rules) if rules else old_paths[0], Path(catalog) if catalog else old_paths[1])
            with _collector_paused():
                new = _State(_compile(*paths), self.engine)
            with self._swap_lock:
                old, self._state, self._paths = self._state, new, paths
            old.retire()
            return new.book.fingerprint

    def close(self) -> None:
        """Free the engine's memory (once no prescription is running)."""
        self._state.retire()

    @contextmanager
    def _current(self) -> Iterator[_State]:
        # Taking the state and registering as its user must be one step, or a reload could free it
        # in between.
        with self._swap_lock:
            state = self._state
            state.acquire()
        try:
            yield state
        finally:
            state.release()

    def __enter__(self) -> Prescriber:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _facts(
        self, book: RuleBook, profile: ProfileInput, day: date
    ) -> tuple[Profile, Facts, tuple[Problem, ...]]:
        loaded = loader.load_profile(profile if not isinstance(profile, str) else Path(profile))
        derived = derive(loaded.profile, book.table, book.catalog, day)
        located = [
            loaded.origin.place(loc, p, key=p.code == "profile.unknown-flag") for loc, p in derived.findings
        ]
        if loaded.problems or not derived.ok:
            raise ProfileError([*loaded.problems, *located])
        return loaded.profile, derived.facts, tuple(sorted(located))


def load(*, engine: str = "durable") -> Prescriber:
    """A :class:`Prescriber` with the shipped rule base and catalogue."""
    return Prescriber.from_paths(engine=engine)


_collector_lock = threading.Lock()
_collector_users = 0
_collector_was_on = True


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a rule base is built. Building creates hundreds of
    thousands of containers that all stay alive; the collector would scan them again and again for
    garbage that is not there (a quarter of the time of loading 5,000 rules, bench/bench_engine.py).
    Nested and concurrent loads count their users: the collector is switched back on by the last one
    to leave, and only if it was on when the first one came."""
    global _collector_users, _collector_was_on
    with _collector_lock:
        if _collector_users == 0:
            _collector_was_on = gc.isenabled()
            gc.disable()
        _collector_users += 1
    try:
        yield
    finally:
        with _collector_lock:
            _collector_users -= 1
            if _collector_users == 0 and _collector_was_on:
                gc.enable()


def _compile(rules: Path, catalog: Path) -> RuleBook:
    """Read and compile a rule base; raises :class:`RuleBaseError` with the problems of every file: the
    rules of the files that could be read are checked even when another file is broken."""
    source, loaded, problems = loader.read_rulebase(rules, catalog)
    if source is None:
        raise RuleBaseError(problems)
    try:
        book = compile_rulebook(source, loaded)
    except RuleBaseError as exc:
        # A rule in a broken file may be the one another supersedes: not a problem of its own.
        later = [p for p in exc.problems if not (problems and p.code == "rule.unknown-supersedes")]
        raise RuleBaseError([*problems, *later]) from None
    if problems:
        raise RuleBaseError(problems)
    return book


def _chunk(chunk: int | None) -> int:
    """Rows per chunk of the table methods: ``chunk``, or the default."""
    size = chunk or _FRAME_CHUNK
    if size < 1:
        raise ValueError(f"chunk must be at least 1, not {chunk}")
    return size


as_of_date = parse_day
"""The date a prescription is written for (:func:`prescriber.dates.parse_day`): ``None`` is today;
text must be ``YYYY-MM-DD``, else :class:`~prescriber.errors.InputError` at ``as_of``."""

_day = as_of_date


def _dist_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"
