"""prescriber — 按需开方、依方取药.

A rule-based, explainable recommender for public employment services: an enterprise needs profile
goes through a YAML rule base and comes out as a ranked prescription of services from a catalogue.

    >>> import prescriber
    >>> rx = prescriber.load()
    >>> p = rx.prescribe({"name": "某汽车公司", "industry": "C36", "region": "福州", "employees": 3200,
    ...                   "revenue": 1200000, "pain_points": ["技能人才短缺"]}, as_of="2026-01-01")
    >>> p.items[0].core
    True
"""

from prescriber.api import Prescriber, ProfileInput, load, shipped
from prescriber.errors import (
    EngineError,
    InputError,
    PrescriberError,
    Problem,
    ProfileError,
    RuleBaseError,
    SourceError,
    UnknownServiceError,
)
from prescriber.models import (
    Catalog,
    Evidence,
    Exclusion,
    FiredRule,
    Item,
    NeedInfo,
    PainPointEntry,
    Prescription,
    Profile,
    Rule,
    RuleCheck,
    Service,
    WhyNot,
)
from prescriber.version import __version__

__all__ = [
    "Catalog",
    "EngineError",
    "Evidence",
    "Exclusion",
    "FiredRule",
    "InputError",
    "Item",
    "NeedInfo",
    "PainPointEntry",
    "Prescriber",
    "PrescriberError",
    "Prescription",
    "Problem",
    "Profile",
    "ProfileError",
    "ProfileInput",
    "Rule",
    "RuleBaseError",
    "RuleCheck",
    "Service",
    "SourceError",
    "UnknownServiceError",
    "WhyNot",
    "__version__",
    "load",
    "shipped",
]
