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
        raise PydanticCustomError("number", f"数字太长（最多 {NUMBER_DIGITS} 位）", {})
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _scalar(value: Any) -> Any:
    if _huge(value):
        raise PydanticCustomError("number", f"数字太长（最多 {NUMBER_DIGITS} 位）", {})
    if isinstance(value, str | bool | int | float):
        return value
    raise PydanticCustomError(
        "scalar", "应为单个取值（文本、数字或 true/false），而不是{kind}", {"kind": _kind(value)}
    )


Bool = StrictBool
Int = StrictInt


def _number(value: Any) -> Any:
    # An integer stays an integer (50, not 50.0, in explanations); text, booleans and inf/nan are refused.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("number", "应为数字，而不是{kind}", {"kind": _kind(value)})
    if _huge(value):
        raise PydanticCustomError("number", f"数字太长（最多 {NUMBER_DIGITS} 位）", {})
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError("number", "应为有限的数字", {})
    return 0.0 if value == 0 and isinstance(value, float) else value  # -0.0 is 0.0 (never "-0 万元")


def _kind(value: Any) -> str:
    return {type(None): "空值", list: "列表", dict: "映射", str: f"文本 '{value}'", bool: "true/false"}.get(
        type(value), type(value).__name__
    )


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
