"""The engine's syntax as JSON text: rules (conditions in network order) and fact properties,
ASCII only and without exponent notation, which the engine's parser rejects."""

from __future__ import annotations

import json
import json.encoder
import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

from prescriber.engine.lower import KIND, Atom, Term

__all__ = ["atom_json", "dumps", "fragments", "ordered", "term_json"]

_EXPONENT = re.compile(r'(?<![\w"])-?[0-9]+(?:\.[0-9]+)?[eE][-+]?[0-9]+')
_DIGIT_E = re.compile(r"[0-9][eE]")  # what every match of _EXPONENT holds; four times faster to look for


def dumps(value: Any) -> str:
    """JSON for the engine: ASCII only, no exponent notation (its parser rejects ``1e3``). The C
    encoder writes it; when its text may hold a number in exponent notation (or a string that looks
    like one), the exact encoder below writes it again."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return _exact(value) if _DIGIT_E.search(text) and _EXPONENT.search(text) else text


def _exact(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        return format(Decimal(text), "f") if "e" in text or "E" in text else text
    if isinstance(value, str):
        return _encode_str(value)
    if isinstance(value, list | tuple):
        return "[" + ",".join([_exact(v) for v in value]) + "]"
    if isinstance(value, dict):
        return "{" + ",".join([_encode_str(k) + ":" + _exact(v) for k, v in value.items()]) + "}"
    raise TypeError(f"cannot encode {type(value).__name__}")


_encode_str = json.encoder.encode_basestring_ascii  # what json.dumps(s, ensure_ascii=True) gives, in C


@lru_cache(maxsize=4096)
def _key(name: str) -> str:
    return _encode_str(name) + ":"


def fragments(props: dict[str, Any]) -> dict[str, str]:
    """Each fact property as its JSON ``"name":value`` text (the same spelling as :func:`dumps`)."""
    out = {}
    for k, v in props.items():
        t = type(v)
        if t is str:
            text = _encode_str(v)
        elif t is bool:
            text = "true" if v else "false"
        elif t is int:
            text = repr(v)
        elif t is float:
            text = repr(v)  # what json.dumps writes for a finite float; exponents and inf/nan go below
            if "e" in text or "n" in text:
                text = dumps(v)
        elif t is list:
            text = "[" + ",".join(map(_encode_str, v)) + "]"
        else:
            text = dumps(v)
        out[k] = _key(k) + text
    return out


def atom_json(a: Atom) -> dict[str, Any]:
    """One test in the engine's rule syntax."""
    kind = a[0]
    if kind == "eq":
        return {a[1]: a[2]}
    if kind == "neq":
        return {"$neq": {a[1]: a[2]}}
    if kind == "or":
        return {"$or": [{a[1]: v} for v in a[2]]}
    if kind == "cmp":
        return {"$" + a[2]: {a[1]: a[3]}}
    if kind in ("ex", "nex"):
        return {"$" + kind: {a[1]: 1}}
    (item,) = a[2]
    return {"$iany": {a[1]: {"$i": item}}}


_ORDER = {"eq": 0, "or": 1, "cmp": 2, "neq": 3, "ex": 4, "nex": 5, "iany": 6}


def ordered(term: Term) -> list[Atom]:
    """Atoms in network order: selective equalities first, list tests last; deterministic."""
    if not term:
        return [("eq", KIND, "p")]
    return sorted(term, key=lambda a: _network_key(a, tuple(map(type, a))))


@lru_cache(maxsize=1 << 16)
def _network_key(a: Atom, types: tuple[type, ...]) -> tuple[int, str, str]:
    """Cached by the atom and the types of its parts: ``True == 1`` must not share a key."""
    return _ORDER[a[0]], a[1], dumps(list(a[2:]))


def term_json(term: Term) -> dict[str, Any]:
    """A conjunction as an engine rule body."""
    atoms = [atom_json(a) for a in ordered(term)]
    return {"all": [{"m": atoms[0] if len(atoms) == 1 else {"$and": atoms}}]}
