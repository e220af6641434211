"""Shared building blocks of the models: the frozen base class and small annotated types."""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    Strict,
    StrictBool,
    StrictInt,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from prescriber.codes import Phrase, phrases
from prescriber.limits import CODE_LENGTH, ID_LENGTH, NUMBER_DIGITS, TEXT_LENGTH

__all__ = ["Bool", "Code", "Day", "Frozen", "Id", "Int", "Number", "Scalar", "Text"]


class Frozen(BaseModel):
    """Immutable, no unknown keys: what a YAML author writes is what the model holds.

    Scalars are strict (``"5"`` is not a number, ``"yes"`` is not a boolean) through the types below;
    containers are lax so that YAML lists fill tuple fields.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


_HUGE = 10**NUMBER_DIGITS  # yamlsrc reads at most that many digits; Python refuses to print more than 4,300


def _huge(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and not -_HUGE < value < _HUGE


def _code(value: Any) -> Any:
    # Codes are text, but authors write them bare (`region: 350100`, `industry: 36`).
    if _huge(value):
        raise _said("number", phrases.NUMBER_TOO_LONG, limit=NUMBER_DIGITS)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _scalar(value: Any) -> Any:
    if _huge(value):
        raise _said("number", phrases.NUMBER_TOO_LONG, limit=NUMBER_DIGITS)
    if isinstance(value, str | bool | int | float):
        return value
    raise _said("scalar", phrases.NOT_SCALAR, kind=_kind(value))


Bool = StrictBool
Int = StrictInt


def _number(value: Any) -> Any:
    # An integer stays an integer (50, not 50.0, in explanations); text, booleans and inf/nan are refused.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _said("number", phrases.NOT_A_NUMBER, kind=_kind(value))
    if _huge(value):
        raise _said("number", phrases.NUMBER_TOO_LONG, limit=NUMBER_DIGITS)
    if isinstance(value, float) and not math.isfinite(value):
        raise _said("number", phrases.NOT_FINITE)
    return 0.0 if value == 0 and isinstance(value, float) else value  # -0.0 is 0.0 (never "-0 万元")


def _kind(value: Any) -> Phrase | str:
    kinds = {
        type(None): phrases.KIND_NULL,
        list: phrases.KIND_LIST,
        dict: phrases.KIND_MAPPING,
        str: phrases.KIND_TEXT.fill(value=value),
        bool: phrases.KIND_BOOL,
    }
    return kinds.get(type(value), type(value).__name__)


def _said(error: str, phrase: Phrase, /, **params: object) -> PydanticCustomError:
    """A validation error whose message is ``phrase`` filled with ``params``: the Chinese as pydantic's
    message, the English in its context (``en``), where :mod:`prescriber.shape` finds it."""
    said = phrase.fill(**params)
    return PydanticCustomError(error, said.zh, {"en": said.en})


Id = Annotated[
    str,
    Strict(),
    Field(
        pattern=r"^[a-z0-9][a-z0-9_.-]*$",
        max_length=ID_LENGTH,
        description="Lower-case ASCII identifier: letters, digits, '.', '_' and '-'.",
    ),
]
Text = Annotated[str, Strict(), Field(min_length=1, max_length=TEXT_LENGTH)]
Code = Annotated[
    str,
    BeforeValidator(_code, json_schema_input_type=str | int),
    Strict(),
    Field(min_length=1, max_length=CODE_LENGTH),
]
Day = Annotated[date, Field(strict=False, description="A date written as YYYY-MM-DD.")]
Number = Annotated[float, PlainValidator(_number), WithJsonSchema({"type": "number"})]
Scalar = Annotated[Any, PlainValidator(_scalar), WithJsonSchema({"type": ["string", "number", "boolean"]})]
