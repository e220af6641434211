"""The policy register (政策登记册): every instrument a service or rule rests on, declared once.

Policy staff keep it in ``catalog/policies.yaml``::

    policies:
      - id: mohrss-2025-18
        title: 关于延续实施失业保险稳岗惠民政策措施的通知
        issuer: 人力资源社会保障部、财政部、国家税务总局
        number: 人社部发〔2025〕18号
        date: 2025-04
        status: 已失效
        valid_from: 2025-01-01
        valid_until: 2025-12-31
        source: https://m.bsap-park.com.cn/gansu/853520.html
        provides: 稳岗返还（大型 ≤30%、中小微 ≤60%）、技能提升补贴，执行至 2025-12-31

Services cite instruments in ``policy_basis`` and rules in ``source``, by id. An instrument is in
force on a day between ``valid_from`` and ``valid_until`` (both optional, both included); a service
whose every basis is out of force on the prescription date is not offered (see :mod:`prescriber.rank`).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from prescriber.codes import phrases
from prescriber.dates import in_force
from prescriber.models.base import Bool, Day, Frozen, Id, Int, Text

__all__ = ["STATUSES", "Policy", "PolicyBasis"]

STATUSES = ("现行", "已失效", "已废止", "待核实")
_ENDED = ("已失效", "已废止")


class Policy(Frozen):
    """One instrument of the register: a policy document, or a written practice of the department
    (``kind: 服务规范``) where no document sets the condition."""

    id: Id = Field(
        description="登记册编号，服务的 policy_basis 和规则的 source 用它引用。", examples=["mohrss-2025-18"]
    )
    title: Text = Field(
        description="文件标题（服务规范写规范内容）。",
        examples=["关于延续实施失业保险稳岗惠民政策措施的通知"],
    )
    kind: Literal["政策文件", "服务规范"] = Field(
        "政策文件",
        description="政策文件：有发文机关的文件、法律法规；服务规范：人社部门的工作惯例，没有文件规定。",
    )
    issuer: Text = Field(
        description="发文机关（服务规范写制定或执行的部门）。", examples=["人力资源社会保障部、财政部"]
    )
    number: Text | None = Field(
        None, description="文号；没有或未找到时不写。", examples=["人社部发〔2025〕18号"]
    )
    number_verified: Bool = Field(True, description="false：文号在公开来源中未核实（仅供工作人员参考）。")
    date: Text = Field(
        pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
        description="成文或发布日期：YYYY、YYYY-MM 或 YYYY-MM-DD。",
        examples=["2025-04"],
    )
    status: Literal["现行", "已失效", "已废止", "待核实"] = Field(
        description="现行；已失效（到期）；已废止（被新文件替代）；待核实（是否有效未能确认）。",
        examples=["现行"],
    )
    valid_from: Day | None = Field(None, description="开始执行的日期（含）。")
    valid_until: Day | None = Field(None, description="执行截止日期（含）；已失效、已废止的文件必须写。")
    open_ended: Bool = Field(
        False,
        description="true：法律、法规、规章等长期有效、没有执行期限的文件（写明后不再提示“缺截止日期”）。",
    )
    replaced_by: Id | None = Field(None, description="接续文件在登记册中的编号。")
    source: Text | None = Field(
        None,
        pattern=r"^https?://",
        description="可查到原文或转载的网址；政策文件没有网址时在 note 中说明。",
        examples=["https://m12333.cn/policy/mdrmb.html"],
    )
    provides: Text = Field(description="它规定了什么：对象、标准、期限（简述）。")
    note: Text | None = Field(None, description="核实情况等工作备注（只在工作人员视图中显示）。")

    @model_validator(mode="after")
    def _consistent(self) -> Policy:
        if self.status in _ENDED and self.valid_until is None:
            raise ValueError(phrases.ENDED_NEEDS_UNTIL.fill(status=self.status))
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError(phrases.UNTIL_BEFORE_FROM)
        if self.open_ended and self.valid_until is not None:
            raise ValueError(phrases.OPEN_AND_UNTIL)
        if self.kind == "政策文件" and self.source is None and self.note is None:
            raise ValueError(phrases.POLICY_NEEDS_SOURCE)
        return self

    @property
    def year(self) -> int:
        return int(self.date[:4])

    def in_force(self, day: dt.date) -> bool:
        """Whether the instrument applies on ``day``."""
        return in_force((self.valid_from, self.valid_until), day)

    def label(self) -> str:
        """How a rule cites it: the number when there is one, else the title."""
        return self.number or (f"服务规范：{self.title}" if self.kind == "服务规范" else self.title)

    def basis(self) -> PolicyBasis:
        """The instrument as a prescription cites it."""
        return PolicyBasis(
            id=self.id,
            title=self.title,
            issuer=self.issuer,
            number=self.number,
            year=self.year,
            verified=self.number_verified and self.status != "待核实",
            note=self.note,
            kind=self.kind,
            status=self.status,
            valid_until=self.valid_until,
        )


class PolicyBasis(Frozen):
    """A policy document a service rests on, as a prescription cites it (resolved from the register,
    or written inline in a catalogue without a register)."""

    id: Id | None = Field(None, description="Its id in the policy register.")
    title: Text = Field(description="Document title.", examples=["企业劳动争议协商调解规定"])
    issuer: Text = Field(description="Issuing body or bodies.", examples=["人力资源社会保障部"])
    number: Text | None = Field(None, description="Document number (文号).", examples=["人社部令第17号"])
    year: Int | None = Field(None, ge=1949, le=2100)
    verified: Bool = Field(True, description="false when the number or date was not confirmed in a source.")
    note: Text | None = None
    kind: Literal["政策文件", "服务规范"] = "政策文件"
    status: Literal["现行", "已失效", "已废止", "待核实"] = "现行"
    valid_until: Day | None = None
