"""Vectorised scoring and ranking, with the rules of :mod:`prescriber.rank`: points = weight × factor
(factor from the highest severity among the pain points a rule asks for), a veto removes its service,
rules and services outside their validity are ignored, core services first, then score descending,
then catalogue order; ``top`` limits the non-core services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from prescriber.compiler import RuleBook
from prescriber.dates import in_force
from prescriber.vector.table import FactTable, Layout

__all__ = ["Ranked", "Scorer"]


@dataclass(frozen=True)
class Ranked:
    """The ranked lists of all rows, flat: entry ``k`` is service ``services[k]`` (catalogue index) at
    rank ``ranks[k]`` (from 1) of row ``rows[k]`` with score ``scores[k]``, ordered by row then rank;
    ``count[i]`` is the length of row ``i``'s list. ``pair_*`` are the (row, service, rule)
    recommendations that counted, for naming the fired rules."""

    rows: np.ndarray
    services: np.ndarray
    ranks: np.ndarray
    scores: np.ndarray
    count: np.ndarray
    pair_rows: np.ndarray
    pair_services: np.ndarray
    pair_rules: np.ndarray
    pair_at: np.ndarray | None = None
    """``pair_rows * len(services) + pair_services``, where ``rank`` has it."""
    own: bool = False
    """Every pair names its rule's own service, and no pair is a veto (so :meth:`rank` makes them)."""
    sizes: np.ndarray | None = None
    """The number of pairs of each rule, when the pairs come in runs of one rule in rule order."""


class Scorer:
    """Scores and orders services for tables of one rule book: the per-rule and per-service arrays
    are built once, not for every chunk."""

    def __init__(self, book: RuleBook, lay: Layout) -> None:
        self.book = book
        services = book.catalog.services
        svc_index = {s.id: i for i, s in enumerate(services)}
        self.rule_svc = np.array([svc_index[r.service] for r in book.rules], np.int32)
        self.veto = np.array([r.effect == "exclude" for r in book.rules], bool)
        self.core = np.array([s.core for s in services], bool)
        self.weight = np.array([r.weight or 0 for r in book.rules], float)
        by_id = sorted(range(len(book.rules)), key=lambda i: book.rules[i].id)
        self.id_rank = np.empty(len(book.rules), np.int64)  # a rule's place in id order
        self.id_rank[by_id] = np.arange(len(book.rules))
        index = lay.pain_index
        named = [sorted(index[p] for p in r.pains) for r in book.rules]
        self.single = np.array([n[0] if len(n) == 1 else -1 for n in named], np.int64)
        self.several = np.array([len(n) > 1 for n in named], bool)
        self.names = np.zeros((len(book.rules), len(index)), np.int8)
        for i, n in enumerate(named):
            self.names[i, n] = 1
        self._days: dict[date, tuple[np.ndarray, np.ndarray]] = {}
        # random keys per rule whose sums hash a list of rules (exact in float64: 31 bits each)
        keys = np.random.default_rng(18).integers(0, 2**31, (2, len(book.rules)))
        self._key_low, self._key_high = keys[0].astype(float), keys[1].astype(float)
        # points of each rule at each highest severity (0: none of its pain points reported)
        self.points = _points(self.weight[:, None], np.arange(_SEVERITIES, dtype=np.int8)[None, :])
        self._points_at = np.arange(len(book.rules), dtype=np.int64) * _SEVERITIES  # a rule's row of them
        self._bits()

    def _bits(self) -> None:
        """A bit for each recommending rule among those of its service, in id order, ``_BIT`` bits a
        word: the rules that named an entry are then the set bits of its service's words."""
        s_count, r_count = len(self.core), len(self.rule_svc)
        recommends = np.flatnonzero(~self.veto)
        order = recommends[np.lexsort((self.id_rank[recommends], self.rule_svc[recommends]))]
        per_service = np.bincount(self.rule_svc[order], minlength=s_count)
        starts = np.zeros(s_count, np.int64)
        np.cumsum(per_service[:-1], out=starts[1:])
        local = np.zeros(r_count, np.int64)  # the rule's place among its service's, in id order
        local[order] = np.arange(len(order)) - starts[self.rule_svc[order]]
        self._words = max(1, -(-int(per_service.max(initial=0)) // _BIT))
        self._bit_word = local // _BIT
        self._bit_value = np.ldexp(1.0, (local % _BIT).astype(np.int32))
        self._by_bit = np.full((s_count, self._words * 64), -1, np.int64)  # (service, word * 64 + bit)
        self._by_bit[self.rule_svc[order], local[order] // _BIT * 64 + local[order] % _BIT] = order
        self._recommends = np.where(self.veto, -1, self.rule_svc)  # the service a rule's bit is of

    def _valid_on(self, day: date) -> tuple[np.ndarray, np.ndarray]:
        """(rules, services) in force on ``day`` (safe to call from several threads)."""
        found = self._days.get(day)
        if found is None:
            services = self.book.catalog.services
            withheld = self.book.catalog.withheld  # every instrument of the register it cites is out of force
            svc_ok = np.array(
                [in_force((s.valid_from, s.valid_until), day) and not withheld(s.id, day) for s in services],
                bool,
            )
            rule_ok = np.array([r.in_force(day) for r in self.book.rules], bool) & svc_ok[self.rule_svc]
            found = (rule_ok, svc_ok)
            if len(self._days) > 16:
                self._days = {}
            self._days[day] = found
        return found

    def rank(
        self, t: FactTable, rows: np.ndarray, rules: np.ndarray, day: date, top: int | None = None
    ) -> Ranked:
        """Score and order the services for every row, from the (row, rule) pairs that fired."""
        n, s_count = t.n, len(self.core)
        rule_ok, svc_ok = self._valid_on(day)
        rule_svc = self.rule_svc
        if n * max(s_count, t.severity.shape[1]) >= 2**31:  # flat positions need 64 bits
            rows = rows.astype(np.int64)
        rec_rows, rec_rules = rows, rules
        sizes = _runs(rules, len(rule_svc))
        flat = rec_rows * s_count + _spread(rule_svc, sizes, rules)
        # the recommendations that count: of rules in force, neither a veto nor for a vetoed service
        # (one selection of the pairs for both)
        keep = None if rule_ok.all() else _spread(rule_ok, sizes, rules)
        if self.veto.any():
            v = _spread(self.veto & rule_ok, sizes, rules)
            vetoed = np.zeros(n * s_count, bool)
            vetoed[flat[v]] = True
            keep = ~v & ~vetoed[flat] if keep is None else keep & ~v & ~vetoed[flat]
        if keep is not None:
            rec_rows, rec_rules, flat = rec_rows[keep], rec_rules[keep], flat[keep]
            sizes = None if sizes is None else np.bincount(rec_rules, minlength=len(rule_svc))
        points = self._points(t, rec_rows, rec_rules, sizes)
        core = self.core & svc_ok
        present = np.tile(core, n)
        present[flat] = True
        # (float64 also without any pair: bincount of nothing gives integers)
        score = np.bincount(flat, weights=points, minlength=n * s_count).astype(np.float64, copy=False)
        # in whole cents, in place: a score is rounded as np.round(x, 2) does, rint(x * 100) / 100, and
        # only the listed entries are divided back (a pass over the whole grid costs more than a gather)
        cents = np.multiply(score, 100, out=score)
        np.rint(cents, out=cents)
        most = None if top is None else int(core.sum()) + top  # entries a list keeps at most
        by_row = _order_by_row(
            present.reshape(n, s_count), cents.reshape(n, s_count), core, most, in_cents=True
        )
        if by_row is not None:
            pair_services = _spread(rule_svc, sizes, rec_rules)
            return Ranked(*by_row, rec_rows, pair_services, rec_rules, flat, own=True, sizes=sizes)
        listed = np.flatnonzero(present)
        row_of, svc_of, score = _order(listed // s_count, listed % s_count, core, cents[listed] / 100)
        total = np.bincount(row_of, minlength=n)
        count = total if most is None else np.minimum(total, most)
        starts = np.concatenate(([0], np.cumsum(total)[:-1]))
        ranks = np.arange(len(row_of)) - starts[row_of] + 1
        shown = ranks <= count[row_of]
        return Ranked(
            row_of[shown],
            svc_of[shown],
            ranks[shown],
            score[shown],
            count,
            rec_rows,
            rule_svc[rec_rules],
            rec_rules,
            flat,
            own=True,
            sizes=sizes,
        )

    def named(self, ranked: Ranked) -> tuple[np.ndarray, np.ndarray]:
        """The rules that recommended each listed entry of ``ranked``, in id order, as ``(offsets,
        rules)``: entry ``k``'s are ``rules[offsets[k]:offsets[k + 1]]`` (none for a core service no
        rule named).

        A counting sort, without sorting the pairs: the pairs come in runs of one rule (the matcher
        gives them rule by rule and ``rank`` only drops some), and a rule names each entry at most once;
        taking the runs in id order and placing each run's pairs at the next free slot of their entry
        keeps every entry's rules in id order."""
        s_count = len(self.core)
        kind = np.int32 if len(ranked.rows) < 2**31 else np.int64
        entry_of = np.full(len(ranked.count) * s_count, -1, kind)
        entry_of[ranked.rows * s_count + ranked.services] = np.arange(len(ranked.rows), dtype=kind)
        at = (
            ranked.pair_at
            if ranked.pair_at is not None
            else ranked.pair_rows * s_count + ranked.pair_services
        )
        entries, rules = entry_of[at], ranked.pair_rules
        listed = entries >= 0  # only the services that made a list need their rules named
        if not listed.all():  # (all of them when no ``top`` cuts the lists)
            entries, rules = entries[listed], rules[listed]
        offsets = np.zeros(len(ranked.rows) + 1, np.int64)
        np.cumsum(np.bincount(entries, minlength=len(ranked.rows)), out=offsets[1:])
        runs = (
            np.flatnonzero(np.concatenate(([True], rules[1:] != rules[:-1]))) if len(rules) else offsets[:0]
        )
        bounds = np.append(runs, len(rules))
        free = offsets[:-1].copy()
        out = np.empty(len(rules), np.int64)
        for k in np.argsort(self.id_rank[rules[runs]], kind="stable").tolist():
            at = entries[bounds[k] : bounds[k + 1]]
            out[free[at]] = rules[bounds[k]]
            free[at] += 1
        return offsets, out

    def distinct_named(self, ranked: Ranked) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """What :meth:`named` and :func:`distinct_lists` give together, without sorting every entry's
        rules: ``(codes, bounds, rules)`` where entries ``i`` and ``j`` were recommended by the same
        rules exactly when ``codes[i] == codes[j]`` (codes in order of first appearance), and code
        ``c``'s rules, in id order, are ``rules[bounds[c]:bounds[c + 1]]``.

        Each entry's rules are hashed by two sums of random keys per rule (``bincount``: no sort), the
        entries coded by their hash, and the first entry of each code taken as its representative;
        then every (entry, rule) pair is checked against its representative's rules (a bit per (code,
        rule)) with the lengths, so equal codes are equal lists exactly; should two lists share a
        hash (or the bits not fit in memory), :meth:`named` and :func:`distinct_lists` decide.

        When no service has more than ``_WORDS * _BIT`` rules (1,000 rules: about 16 each), the lists
        are coded exactly without hashing: see :meth:`_coded_by_bits`."""
        rules = ranked.pair_rules
        if self._words <= _WORDS and (ranked.own or (self._recommends[rules] == ranked.pair_services).all()):
            return self._coded_by_bits(ranked)
        s_count, e_count = len(self.core), len(ranked.rows)
        kind = np.int32 if e_count < 2**31 else np.int64
        entry_of = np.full(len(ranked.count) * s_count, -1, kind)
        entry_of[ranked.rows * s_count + ranked.services] = np.arange(e_count, dtype=kind)
        at = (
            ranked.pair_at
            if ranked.pair_at is not None
            else ranked.pair_rows * s_count + ranked.pair_services
        )
        entries, rules = entry_of[at], ranked.pair_rules
        del entry_of, at
        listed = entries >= 0
        if not listed.all():
            entries, rules = entries[listed], rules[listed]
        r_count = len(self.id_rank)
        length = np.bincount(entries, minlength=e_count)
        key = np.bincount(entries, weights=self._key_low[rules], minlength=e_count).astype(np.uint64)
        key ^= np.bincount(entries, weights=self._key_high[rules], minlength=e_count).astype(np.uint64) << 23
        key += length.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        codes = _factorized(key)
        del key
        first = np.flatnonzero(np.diff(np.maximum.accumulate(codes), prepend=-1) > 0) if e_count else codes
        c_count = len(first)
        if c_count * r_count <= _BITS:
            pair_codes = codes[entries]
            rep = first[pair_codes] == entries  # the pairs of the representatives
            mark = pair_codes[rep].astype(np.int64) * r_count + rules[rep]
            bits = np.zeros((c_count * r_count >> 3) + 1, np.uint8)
            np.bitwise_or.at(bits, mark >> 3, np.left_shift(1, mark & 7).astype(np.uint8))
            ask = pair_codes.astype(np.int64) * r_count + rules
            if (length[first][codes] == length).all() and ((bits[ask >> 3] >> (ask & 7)) & 1).all():
                by = np.argsort(mark // r_count * r_count + self.id_rank[rules[rep]], kind="stable")
                named = rules[rep][by]
                bounds = np.zeros(c_count + 1, np.int64)
                np.cumsum(length[first], out=bounds[1:])
                return codes, bounds, named
        offsets, named = self.named(ranked)
        codes, first = distinct_lists(offsets, named)
        starts, sizes = offsets[first], offsets[first + 1] - offsets[first]
        bounds = np.zeros(len(first) + 1, np.int64)
        np.cumsum(sizes, out=bounds[1:])
        return codes, bounds, named[spans(starts, sizes)]

    def _coded_by_bits(self, ranked: Ranked) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`distinct_named` by the bits of each entry's rules among its service's: one sum of
        the pairs' bit values per (row, service, word) — exact in float64, the bits of one entry being
        distinct and fewer than 53 — so that an entry's words and service *are* its list; the lists are
        factorised on them and each distinct one read back from its first entry's bits."""
        s_count, words, e_count = len(self.core), self._words, len(ranked.rows)
        at = (
            ranked.pair_at
            if ranked.pair_at is not None
            else ranked.pair_rows * s_count + ranked.pair_services
        )
        rules = ranked.pair_rules
        if words > 1:
            at = at.astype(np.int64) * words + _spread(self._bit_word, ranked.sizes, rules)
        weights = _spread(self._bit_value, ranked.sizes, rules)
        grid = np.bincount(at, weights=weights, minlength=len(ranked.count) * s_count * words)
        del at
        where = ranked.rows.astype(np.int64) * s_count + ranked.services
        mask = [grid[where * words + w if words > 1 else where].astype(np.int64) for w in range(words)]
        del grid
        empty = mask[0] == 0
        for m in mask[1:]:
            empty &= m == 0
        # the service in the top bits (a rule recommends one service); every empty list alike
        key = np.where(empty, -1, mask[0] | (ranked.services.astype(np.int64) << _BIT))
        if s_count >= 1 << (63 - _BIT):  # the service does not fit beside the bits: its own factor
            key = np.where(empty, -1, _factorized(mask[0]) * np.int64(s_count) + ranked.services)
        codes = _factorized(key)
        for m in mask[1:]:
            codes = _factorized(codes * np.int64(max(e_count, 1)) + _factorized(m))
        # the first entry of each code (numbered in order of first appearance)
        first = np.searchsorted(np.maximum.accumulate(codes), np.arange(int(codes.max(initial=-1)) + 1))
        # each distinct list's bits, 64 a word (the top ones never set), unpacked a block of lists at a time
        services = ranked.services[first].astype(np.int64)
        words_of = np.stack([m[first] for m in mask], axis=1).astype("<i8")
        named, sizes = [], np.zeros(len(first), np.int64)
        for lo in range(0, len(first), _BLOCK):
            bits = np.unpackbits(words_of[lo : lo + _BLOCK].view(np.uint8), axis=1, bitorder="little")
            c, bit = np.nonzero(bits)
            named.append(self._by_bit[services[lo + c], bit])
            sizes[lo : lo + _BLOCK] = np.count_nonzero(bits, axis=1)
        bounds = np.zeros(len(first) + 1, np.int64)
        np.cumsum(sizes, out=bounds[1:])
        return codes, bounds, np.concatenate(named) if named else np.zeros(0, np.int64)

    def _points(
        self, t: FactTable, rows: np.ndarray, rules: np.ndarray, sizes: np.ndarray | None = None
    ) -> np.ndarray:
        """weight × factor for each (row, rule) recommendation, the factor from the highest severity
        among the pain points the rule names (1 when none of them is reported)."""
        p_count = t.severity.shape[1]
        # most rules name one pain point: one gather, from the severities with a column of zeros after
        # them that the rules naming none or several read
        sev = np.zeros((t.n, p_count + 1), t.severity.dtype)
        sev[:, :p_count] = t.severity
        if t.n * (p_count + 1) >= 2**31:
            rows = rows.astype(np.int64)
        column = np.where(self.single < 0, p_count, self.single).astype(rows.dtype)
        top_sev = sev.ravel()[rows * (p_count + 1) + _spread(column, sizes, rules)]
        del sev
        many = np.flatnonzero(_spread(self.several, sizes, rules))
        step = 1 << 20  # bounded temporaries: a million pairs at a time
        for lo in range(0, len(many), step):
            at = many[lo : lo + step]
            top_sev[at] = (t.severity[rows[at]] * self.names[rules[at]]).max(axis=1)
        if top_sev.max(initial=0) < _SEVERITIES:  # one gather from the table of every rule's points
            return self.points.ravel()[_spread(self._points_at, sizes, rules) + top_sev]
        return _points(self.weight[rules], top_sev)


_SEVERITIES = 6  # 0 (not reported) and 1–5
_BITS = 1 << 28  # a bit per (distinct list, rule) to check the hashed lists exactly: 32 MB at most
_BIT = 52  # bits of a word of an entry's rules: sums of distinct powers of two below 2**52 are exact
_WORDS = 4  # words at most (services of up to 208 rules); beyond, the lists are hashed
_HINT = 1 << 14  # keys the hash table of a factorisation is first sized for
_BLOCK = 1 << 16  # distinct lists whose bits are unpacked at once (64 bytes a word each)


def _points(weight: np.ndarray, top_sev: np.ndarray) -> np.ndarray:
    """weight × factor, both rounded to two decimals as :func:`prescriber.rank.factor` does."""
    factor = np.where(top_sev > 0, np.round(0.4 + 0.2 * top_sev, 2), 1.0)
    return np.round(weight * factor, 2)


def _order_by_row(
    present: np.ndarray,
    score: np.ndarray,
    core: np.ndarray,
    keep: int | None,
    in_cents: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """(rows, services, ranks, scores, count) of the entries where ``present`` holds — ``present`` and
    ``score`` are (row, service) matrices, ``score`` in whole cents when ``in_cents`` — in the order of
    :func:`_order`, keeping ``keep`` entries per row at most, each score rounded to cents: one small
    sort per row (of integer keys holding core first, score descending, catalogue order) instead of one
    sort of all entries. The keys are made on the whole matrix (a few passes over contiguous memory, no
    gather or scatter), 32-bit when they fit in 30 bits (sorted several times faster than 64-bit ones);
    the sorted keys give each entry's service, its score is read back from the cents. ``None`` when
    nothing is present or the keys do not fit in 62 bits."""
    n, s_count = present.shape
    if not present.any():
        return None
    cents = (score if in_cents else np.rint(score * 100)).reshape(n, s_count)
    low, high = float(cents.min()), float(cents.max())  # over every cell: absent ones are 0
    span = int(high - low) + 1
    top = span * bool(core.any()) + span - 1  # the largest rank key: core first, then the score
    s_bits, k_bits = (s_count - 1).bit_length(), top.bit_length()
    if s_bits + k_bits > 62:
        return None
    small = s_bits + k_bits <= 30
    a_bit = 30 if small else 62
    absent = 1 << a_bit  # every key of an absent service is at least this
    kind = np.int32 if small else np.int64
    # the rank key (larger first): the cents above the lowest …
    if small and low > -(2**31) and high < 2**31:  # subtracted in 32 bits
        key: Any = cents.astype(kind)
        np.subtract(key, int(low), out=key)
    else:
        key = (cents - low).astype(kind)
    key[:, core] += span  # … core services above all
    np.subtract(kind(top), key, out=key)
    np.left_shift(key, s_bits, out=key)
    key |= np.arange(s_count, dtype=kind)
    key |= np.left_shift((~present).astype(kind), a_bit)  # absent services: the largest keys, last
    key.sort(axis=1)
    if keep is not None:
        key = key[:, :keep]
    # the first keys of each row up to its first absent one, row after row
    shown = key < absent
    count = np.count_nonzero(shown, axis=1).astype(np.int64, copy=False)
    at = np.flatnonzero(shown)
    rows = np.repeat(np.arange(n), count)
    at -= rows * key.shape[1]
    services = (key[shown] & ((1 << s_bits) - 1)).astype(np.int64, copy=False)
    return rows, services, at + 1, cents.ravel()[rows * s_count + services] / 100, count


def _order(
    rows: np.ndarray, services: np.ndarray, core: np.ndarray, score: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The entries (rows, services, scores) ordered by row, then core services first, then score
    descending, then catalogue order: one sort of integer keys that hold all three (scores are whole
    cents), or a lexicographic sort when they do not fit in 63 bits."""
    if not len(rows):
        return rows, services, score
    cents = np.rint(score * 100).astype(np.int64)
    low, span = int(cents.min()), int(cents.max()) - int(cents.min()) + 1
    rank_key = core[services].astype(np.int64) * span + (cents - low)  # larger first
    top = int(rank_key.max())
    s_bits, k_bits, r_bits = int(services.max()).bit_length(), top.bit_length(), int(rows.max()).bit_length()
    if s_bits + k_bits + r_bits > 62:
        order = np.lexsort((services, -rank_key, rows))
        return rows[order], services[order], score[order]
    key = np.sort((rows << (k_bits + s_bits)) | ((top - rank_key) << s_bits) | services)
    services = key & ((1 << s_bits) - 1)
    cents = (top - ((key >> s_bits) & ((1 << k_bits) - 1))) % span + low
    return key >> (k_bits + s_bits), services, cents / 100  # as np.round(x, 2) gives it


_KEY = np.random.default_rng(18).integers(0, 2**63, 1 << 16, dtype=np.int64).view(np.uint64)
"""A fixed random 64-bit key per value (values beyond the table wrap around it): the hash of a list is
the sum of its values' keys and its length, made exact by :func:`distinct_lists`."""


def distinct_lists(offsets: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dictionary-encode lists of non-negative integers: list ``k`` is ``values[offsets[k]:offsets[k + 1]]``.
    Returns ``(codes, first)``: lists ``i`` and ``j`` are equal exactly when ``codes[i] == codes[j]``,
    codes are numbered in order of first appearance and ``first[c]`` is the first list with code ``c``.

    Empty and one-value lists (most of them) are coded by their value; the longer ones by a hash (their
    length and the sum of a random key per value, one cumulative sum), factorised, and then compared
    with the first list of their code element by element; should two different lists share a hash,
    those lists are coded by their contents instead."""
    n = len(offsets) - 1
    lengths = np.diff(offsets)
    high = int(values.max(initial=-1)) + 2  # codes below: empty (0) and one value v (v + 1)
    codes = np.zeros(n, np.int64)
    one = lengths == 1
    codes[one] = values[offsets[:-1][one]] + 1
    multi = np.flatnonzero(lengths > 1)
    if len(multi):
        sizes = lengths[multi]
        at = spans(offsets[multi], sizes)
        sub = np.zeros(len(multi) + 1, np.int64)
        np.cumsum(sizes, out=sub[1:])
        codes[multi] = high + _hashed(sub, values[at])
    if n == 0:
        return codes, codes
    dense = np.cumsum(np.bincount(codes) > 0) - 1
    codes = dense[codes]
    first = np.full(int(dense[-1]) + 1, n)
    np.minimum.at(first, codes, np.arange(n))
    order = np.argsort(first)
    renumber = np.empty(len(order), np.int64)
    renumber[order] = np.arange(len(order))
    return renumber[codes], first[order]


def _runs(rules: np.ndarray, r_count: int) -> np.ndarray | None:
    """The number of pairs of each rule when ``rules`` come in runs of one rule in rule order (as the
    matcher gives them), else ``None``."""
    if len(rules) and not (rules[1:] >= rules[:-1]).all():
        return None
    return np.bincount(rules, minlength=r_count)


def _spread(values: np.ndarray, sizes: np.ndarray | None, rules: np.ndarray) -> np.ndarray:
    """``values[rules]``: each rule's value for each of its pairs — repeated run by run when the pairs
    come in runs (``sizes``), ten times cheaper than a gather."""
    return values[rules] if sizes is None else np.repeat(values, sizes)


def _factorized(keys: np.ndarray) -> np.ndarray:
    """The codes of ``keys`` in order of first appearance. The hash table starts small and grows: sized
    for every key (pandas' default), a table of hundreds of thousands of keys with some thousands of
    distinct ones costs four times as much (fresh memory to fault in, fewer cache hits)."""
    codes: np.ndarray = pd.factorize(keys, size_hint=min(len(keys), _HINT))[0]
    return codes


def spans(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The positions ``starts[k] … starts[k] + sizes[k] - 1`` for every ``k``, one after the other."""
    return np.repeat(starts - np.cumsum(sizes) + sizes, sizes) + np.arange(int(sizes.sum()))


def _hashed(offsets: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Codes of lists in first-appearance order, equal exactly for equal lists (see distinct_lists)."""
    n, lengths = len(offsets) - 1, np.diff(offsets)
    total = np.zeros(len(values) + 1, np.uint64)
    np.cumsum(_KEY[values & 0xFFFF] ^ (values >> 16).astype(np.uint64), out=total[1:])
    hashes = total[offsets[1:]] - total[offsets[:-1]]
    hashes += lengths.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    codes = _factorized(hashes)
    first = np.flatnonzero(np.diff(np.maximum.accumulate(codes), prepend=-1) > 0)
    rep = first[codes]
    if (lengths[rep] == lengths).all():
        entry = np.repeat(np.arange(n), lengths)
        if (values[offsets[rep][entry] + np.arange(len(values)) - offsets[:-1][entry]] == values).all():
            return codes
    # a collision of hashes: code by the lists themselves
    return pd.factorize(np.array([values[offsets[k] : offsets[k + 1]].tobytes() for k in range(n)], object))[
        0
    ]
