"""How many examples a property test runs, scaled by the hypothesis profile that conftest.py loads
(``HYPOTHESIS_PROFILE``: ``ci``, the default, which CI runs; ``thorough``: ten times as many). A
property test never pins its own ``max_examples`` (tests/test_budget.py checks): it asks for
:func:`examples`, so that the thorough profile is honoured by every one of them."""

from __future__ import annotations

from typing import Any

from hypothesis import settings

BASE = 100
"""Hypothesis' own ``max_examples``, which the ``ci`` profile keeps: a test's number is meant for it."""


def examples(n: int, **kwargs: Any) -> settings:
    """Settings for a property test worth ``n`` examples under the ``ci`` profile, scaled by the loaded
    profile's ``max_examples``; health checks it suppresses are added to the profile's, not put in
    their place."""
    profile = settings.default
    if "suppress_health_check" in kwargs:
        kwargs["suppress_health_check"] = [*profile.suppress_health_check, *kwargs["suppress_health_check"]]
    return settings(max_examples=max(1, n * profile.max_examples // BASE), **kwargs)
