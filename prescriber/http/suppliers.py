"""带动一批: supplier profiles handed in with a group (CLI ``--profiles``, API ``profiles``) are checked
against the leader's list by 统一社会信用代码, then prescribed as of the leader's record and stored, so that
opening the group finds them. No web framework here: the CLI and the routes both call it."""

from __future__ import annotations

from collections.abc import Sequence

from prescriber import yamlsrc
from prescriber.codes import Code, phrases
from prescriber.errors import CaseError, ProfileError, problem
from prescriber.http.service import Service
from prescriber.loader import load_profile
from prescriber.register.groups import Groups

__all__ = ["prescribe_suppliers"]


def prescribe_suppliers(
    svc: Service, groups: Groups, record_id: int, given: Sequence[tuple[str, str]], by: str
) -> list[int]:
    """Prescribe each ``(source, text)`` profile as of the leader's record ``record_id`` and store it;
    the new record ids. Every profile is checked first (a bad one is a located :class:`InputError`; one
    whose credit code the leader does not list, a :class:`CaseError`): nothing is stored unless all pass."""
    listed = {s.credit_code for s in groups.suppliers(record_id)}
    leader = groups.register.get(record_id)
    assert leader is not None  # suppliers() said it exists
    for source, text in given:
        loaded = load_profile(yamlsrc.loads(text, source))
        if loaded.problems:
            raise ProfileError(loaded.problems)
        code = loaded.profile.credit_code
        if code not in listed:
            raise CaseError(
                [
                    problem(
                        Code.GROUP_NOT_LISTED,
                        file=source,
                        path="credit_code",
                        code=code or phrases.NOT_GIVEN,
                        record=record_id,
                    )
                ]
            )
    # the register keeps at most 200 characters of a source name: a long path keeps its end
    return [
        svc.prescribe(text, source[-200:], leader.as_of, None, "staff", by)[0].id for source, text in given
    ]
