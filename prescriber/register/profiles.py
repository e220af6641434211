"""A record's profile read back (the text as received, YAML or JSON): the register needs two of its
facts the prescription does not carry — the enterprise's own 统一社会信用代码 and its linked suppliers."""

from __future__ import annotations

from sqlalchemy import Select, select

from prescriber import yamlsrc
from prescriber.errors import PrescriberError
from prescriber.loader import load_profile
from prescriber.models import Profile, Supplier
from prescriber.register.schema import Record

__all__ = ["profile_of", "records_of", "suppliers_of"]


def profile_of(text: str) -> Profile | None:
    """The profile of a stored record (``None`` for text that is not one: records only keep profiles that
    were prescribed, so this is a record written by hand or by an older version)."""
    try:
        return load_profile(yamlsrc.loads(text, "<record>")).profile
    except PrescriberError:
        return None


def suppliers_of(text: str) -> tuple[Supplier, ...]:
    """The suppliers a stored profile lists, in its order."""
    found = profile_of(text)
    return found.suppliers if found is not None else ()


def records_of(credit_code: str) -> Select[Record]:
    """Records whose profile text names ``credit_code`` (newest first): candidates, to be confirmed with
    :func:`profile_of` (the code may be a supplier's in another profile)."""
    # A code is 18 characters of [0-9A-Z]: no LIKE wildcard can be in it (the profile model checked it).
    return select(Record).where(Record.profile_text.contains(credit_code)).order_by(Record.id.desc())
