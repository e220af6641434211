"""统一社会信用代码 check digit (GB 32100-2015), with the reference's valid and invalid examples."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prescriber import uscc
from prescriber.models import Profile

VALID = [
    "914403001922038216",
    "91350900587527783P",
    "91330100799655058B",
    "91110108551385082Q",
    "91440300708461136T",
    "91350000158142711F",
    "91360727MA35LGHK7K",
    "91441900MA51XAPG4N",
]
INVALID = {
    "914403001922038217": "6",
    "91330100799655058C": "B",
    "91110108717809965C": "J",
    "9133010057462616XH": "9",
}


@pytest.mark.parametrize("code", VALID)
def test_valid_codes_pass(code: str) -> None:
    assert uscc.validate(code) is None


@pytest.mark.parametrize(("code", "expected"), INVALID.items())
def test_wrong_check_digit_names_the_right_one(code: str, expected: str) -> None:
    assert uscc.validate(code) == f"校验位错误：第 18 位应为 {expected}，实际为 {code[-1]}"


def test_shape_errors() -> None:
    assert uscc.validate("9135") == "应为 18 位，实际 4 位"
    assert (
        uscc.validate("91350900587527783O") == "含有不允许的字符 O（代码不使用字母 I、O、Z、S、V 和小写字母）"
    )
    assert uscc.validate("91A50900587527783P") == "第 3–8 位应为行政区划数字代码"


_BODY = st.text(alphabet=uscc.ALPHABET, min_size=10, max_size=10)


@given(
    region=st.text(alphabet="0123456789", min_size=6, max_size=6),
    body=_BODY,
    pos=st.integers(0, 16),
    new=st.sampled_from(uscc.ALPHABET),
)
def test_any_single_character_change_is_caught(region: str, body: str, pos: int, new: str) -> None:
    first = "91" + region + body[:9]
    code = first + uscc.check_character(first)
    assert uscc.validate(code) is None
    changed = code[:pos] + new + code[pos + 1 :]
    if changed != code and changed[2:8].isdigit():
        assert uscc.validate(changed) is not None


def test_profile_rejects_a_bad_code_with_its_reason() -> None:
    with pytest.raises(ValueError, match="校验位错误：第 18 位应为 P"):
        Profile(name="x", credit_code="91350900587527783Q")
