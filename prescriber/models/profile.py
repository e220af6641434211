"""The enterprise needs profile, as an integrator or caseworker writes it (shape only).

Meaning (is the region known, is the pain point in the vocabulary, which size class follows) is
checked later by :mod:`prescriber.derive` against the catalogue's vocabularies.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, Strict, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from prescriber import uscc
from prescriber.codes import phrases
from prescriber.limits import ASSETS_MAX, EMPLOYEES_MAX, PAIN_POINTS, PROFILE_KEYS, REVENUE_MAX
from prescriber.models.base import Bool, Code, Frozen, Int, Number, Text

__all__ = ["INVISIBLE", "MAX_KEYS", "MAX_SUPPLIERS", "PainPointEntry", "Profile", "Supplier"]

INVISIBLE = (
    "".join(chr(c) for c in range(0x110000) if chr(c).isspace())
    + "\u200b\u200c\u200d\u2060\ufeff\u180e\u3164\u2800"
)
"""White space and the characters that show nothing: a name of only these is empty."""

MAX_KEYS = PROFILE_KEYS  # prescriber.limits


MAX_SUPPLIERS = 500
"""Suppliers one profile may list (配套企业): a chain leader's direct suppliers, not its whole chain."""


def _valid_code(value: str) -> str:
    reason = uscc.reason(value.strip())
    if reason:
        said = phrases.BAD_CREDIT_CODE.fill(reason=reason)
        raise PydanticCustomError("credit_code", said.zh, {"en": said.en})
    return value.strip()


class Supplier(Frozen):
    """A supplier the enterprise names as its own (链主带动的配套企业), by its 统一社会信用代码."""

    credit_code: Text = Field(
        description="The supplier's 统一社会信用代码, 18 characters; the check digit is verified.",
        examples=["91350100MA0000011Q"],
    )
    name: Text = Field(description="The supplier's name.", examples=["福州某汽车座椅有限公司"])

    @field_validator("credit_code")
    @classmethod
    def _check_code(cls, value: str) -> str:
        return _valid_code(value)


class PainPointEntry(Frozen):
    """One pain point with how strongly the enterprise feels it."""

    id: Text = Field(description="Pain-point id, Chinese label or synonym.", examples=["skill-shortage"])
    severity: Int = Field(3, ge=1, le=5, description="1 (mild) to 5 (severe); 3 when not given.")


def _entry(value: Any) -> Any:
    return {"id": value} if isinstance(value, str) else value


def _day_text(value: Any) -> Any:
    # A date object (from Python, a spreadsheet or Parquet) as the text a YAML or JSON profile holds;
    # whether the text is a day is checked by derive (prescriber.dates.parse_day), located.
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date().isoformat()
    return value.isoformat() if isinstance(value, date) and not isinstance(value, datetime) else value


DayText = Annotated[
    str,
    BeforeValidator(_day_text, json_schema_input_type=str),
    Strict(),
    Field(min_length=1, max_length=40, json_schema_extra={"format": "date"}),
]


class Profile(Frozen):
    """An enterprise's needs profile. Every field but ``name`` may be missing: missing is *unknown*."""

    name: Text = Field(description="Enterprise name.", examples=["东南(福建)汽车工业股份有限公司"])
    id: Code | None = Field(None, description="Your own identifier for this enterprise (kept in the output).")
    credit_code: Text | None = Field(
        None,
        description="统一社会信用代码, 18 characters; the check digit is verified.",
        examples=["91350900587527783P"],
    )
    region: Code | None = Field(
        None, description="Region id, Chinese name or division code.", examples=["fuzhou"]
    )
    industry: Code | None = Field(
        None,
        description="GB/T 4754-2017 code: section letter, division, group or class, "
        "with or without the section letter.",
        examples=["C36"],
    )
    ownership: Text | None = Field(None, description="Ownership id or Chinese name.", examples=["state"])
    employees: Int | None = Field(None, ge=0, le=EMPLOYEES_MAX, description="从业人员, persons.")
    revenue: Number | None = Field(None, ge=0, le=REVENUE_MAX, description="营业收入, 万元 (10,000 yuan).")
    assets: Number | None = Field(None, ge=0, le=ASSETS_MAX, description="资产总额, 万元 (10,000 yuan).")
    pain_points: tuple[
        Annotated[PainPointEntry, BeforeValidator(_entry, json_schema_input_type=str | PainPointEntry)], ...
    ] = Field((), description="Pain points: ids/labels, or {id, severity}.", max_length=PAIN_POINTS)
    flags: dict[str, Bool | Text] = Field(
        default_factory=dict, description="Declared yes/no or choice facts.", max_length=MAX_KEYS
    )
    metrics: dict[str, Number] = Field(
        default_factory=dict, description="Declared numeric indicators.", max_length=MAX_KEYS
    )
    collective_contract_until: DayText | None = Field(
        None,
        description="The last day of the current collective contract (集体合同期满日期), YYYY-MM-DD. "
        "metrics.collective_contract_months_left is counted from it on the prescription's day "
        "(as_of), and it wins over months stated by hand. Past when the contract has expired.",
        examples=["2027-03-31"],
    )
    suppliers: tuple[Supplier, ...] = Field(
        (),
        description="Linked suppliers (配套企业), each by 统一社会信用代码 and name: a chain leader's "
        "list, prescribed and followed together (带动一批); each counts towards the yearly influence "
        "ranking. No code twice, and not the enterprise's own.",
        max_length=MAX_SUPPLIERS,
    )

    @field_validator("name")
    @classmethod
    def _check_name(cls, value: str) -> str:
        if not value.strip(INVISIBLE):
            raise PydanticCustomError("string_too_short", "企业名称不能为空（只有空格或不可见字符）", {})
        return value

    @field_validator("credit_code")
    @classmethod
    def _check_code(cls, value: str | None) -> str | None:
        if value is None:
            return None
        return _valid_code(value)

    @field_validator("suppliers")
    @classmethod
    def _check_suppliers(cls, value: tuple[Supplier, ...], info: ValidationInfo) -> tuple[Supplier, ...]:
        seen: dict[str, int] = {}
        own = info.data.get("credit_code")
        for n, s in enumerate(value, start=1):
            if s.credit_code == own:
                said = phrases.SUPPLIER_SELF.fill(n=n)
                raise PydanticCustomError("supplier_self", said.zh, {"en": said.en})
            if s.credit_code in seen:
                said = phrases.SUPPLIER_TWICE.fill(n=n, first=seen[s.credit_code], code=s.credit_code)
                raise PydanticCustomError("supplier_twice", said.zh, {"en": said.en})
            seen[s.credit_code] = n
        return value
