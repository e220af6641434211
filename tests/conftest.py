"""Shared fixtures: the shipped rule base (loaded once) and a child process for durable_rules."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from gen import Child
from hypothesis import HealthCheck, settings

import prescriber

ROOT = Path(__file__).resolve().parent.parent

settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True)
settings.register_profile(
    "thorough", deadline=None, max_examples=1000, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def rx() -> Iterator[prescriber.Prescriber]:
    with prescriber.load() as p:
        yield p


@pytest.fixture(scope="session")
def rx_python() -> prescriber.Prescriber:
    return prescriber.load(engine="python")


@pytest.fixture(scope="session")
def child() -> Iterator[Child]:
    c = Child()
    yield c
    c.close()
