"""Linked suppliers in a profile: each code's check digit verified, no code twice, not the enterprise's
own; each refusal located at its line with a Chinese message. Suppliers change no prescription."""

from __future__ import annotations

from pathlib import Path

import pytest

from prescriber import influence
from prescriber.api import Prescriber
from prescriber.errors import ProfileError

OWN = "91350100MA0000001P"
A, B = "91350100MA0000011Q", "91350100MA0000012U"


@pytest.mark.parametrize(
    ("lines", "line", "message"),
    [
        ([f"  - {{credit_code: {A[:-1]}R, name: 甲}}"], 5, "校验位错误：第 18 位应为 Q，实际为 R"),
        (
            [f"  - {{credit_code: {A}, name: 甲}}", f"  - {{credit_code: {A}, name: 乙}}"],
            5,
            "第 2 家配套企业与第 1 家",
        ),
        ([f"  - {{credit_code: {OWN}, name: 自己}}"], 5, "第 1 家配套企业的统一社会信用代码是本企业自己的"),
        ([f"  - {{credit_code: {A}}}"], 5, "name"),
    ],
)
def test_a_bad_supplier_list_is_a_located_error(
    rx_python: Prescriber, tmp_path: Path, lines: list[str], line: int, message: str
) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "\n".join(["name: 链主", f"credit_code: {OWN}", "region: fuzhou", "suppliers:", *lines]) + "\n",
        encoding="utf-8",
    )
    with pytest.raises(ProfileError) as exc:
        rx_python.prescribe(path, as_of="2026-06-01")
    (p,) = exc.value.problems
    assert (p.file, p.line) == (str(path), line) and p.path.startswith("suppliers")
    assert message in p.message


def test_suppliers_change_no_prescription(rx_python: Prescriber) -> None:
    base = {"name": "链主", "region": "fuzhou", "industry": "C36", "employees": 3200, "revenue": 1200000}
    listed = base | {"suppliers": [{"credit_code": A, "name": "甲"}, {"credit_code": B, "name": "乙"}]}
    one, two = (rx_python.prescribe(p, as_of="2026-06-01") for p in (base, listed))
    assert one.model_dump_json() == two.model_dump_json()


def test_supplier_points_are_capped() -> None:
    assert [influence.supplier_points(n) for n in (0, 1, 9, 10, 11, 500, -3)] == [0, 2, 18, 20, 20, 20, 0]
