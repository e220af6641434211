"""Hypothesis strategies for whole profiles over the shipped vocabularies."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from prescriber.api import shipped
from prescriber.loader import load_catalog

CATALOG = load_catalog(shipped("catalog")).catalog


def _spelling(ident: str, name: str, synonyms: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.sampled_from((ident, name, *synonyms))


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    """A valid profile; every field but the name may be missing; values in any accepted spelling."""
    p: dict[str, Any] = {"name": draw(st.sampled_from(["某制造有限公司", "某科技公司", "某合作社"]))}
    maybe = st.integers(0, 4)
    if draw(maybe):
        r = draw(st.sampled_from(CATALOG.regions))
        p["region"] = draw(st.sampled_from((r.id, r.name, r.code, *r.aliases)))
    if draw(maybe):
        d = draw(st.sampled_from(CATALOG.divisions))
        p["industry"] = draw(st.sampled_from((d.code, d.section + d.code, d.section)))
    if draw(maybe):
        o = draw(st.sampled_from(CATALOG.ownerships))
        p["ownership"] = draw(_spelling(o.id, o.name, o.synonyms))
    if draw(maybe):
        p["employees"] = draw(st.sampled_from([0, 5, 19, 20, 45, 50, 100, 299, 300, 420, 1000, 3200]))
    if draw(maybe):
        p["revenue"] = draw(st.sampled_from([10, 300, 1999, 2000, 18000, 40000, 1200000]))
    pains = draw(st.lists(st.sampled_from(CATALOG.pain_points), max_size=6, unique_by=lambda x: x.id))
    p["pain_points"] = [
        draw(
            st.one_of(
                _spelling(x.id, x.name, x.synonyms),
                st.fixed_dictionaries({"id": st.just(x.id), "severity": st.integers(1, 5)}),
            )
        )
        for x in pains
    ]
    flags: dict[str, Any] = {}
    for f in CATALOG.flags:
        if draw(st.integers(0, 2)) == 0:
            flags[f.id] = (
                draw(st.sampled_from([c.id for c in f.choices]))
                if f.type == "choice"
                else draw(st.booleans())
            )
    p["flags"] = flags
    metrics: dict[str, Any] = {}
    for m in CATALOG.metrics:
        if draw(st.integers(0, 2)) == 0:
            value = (
                draw(st.floats(m.min, m.max, allow_nan=False))
                if not m.integer
                else draw(st.integers(int(m.min), int(min(m.max, 200))))
            )
            metrics[m.id] = value
    p["metrics"] = metrics
    return p
