"""Lint over the policy register: money without an end date, services resting only on instruments
that have lapsed on a given date, and document numbers a rule writes that the register does not hold."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from prescriber.compiler import CompiledRule, RuleBook
from prescriber.errors import Problem

__all__ = ["NUMBER", "lapsed_services", "money_without_end", "unregistered_numbers"]

NUMBER = re.compile(r"[\u4e00-\u9fa5]+〔\d{4}〕\d+号|[\u4e00-\u9fa5]*令第\d+号")
"""A Chinese document number: 人社部发〔2025〕18号, 国务院令第724号."""

At = Callable[[str, str, str, str, str, str, str], Problem]


def money_without_end(book: RuleBook, at: At) -> list[Problem]:
    """A service that pays money while nothing says when the money ends: the service has no
    ``valid_until`` and none of its instruments has one or is declared ``open_ended``."""
    out = []
    catalog = book.catalog
    for s in catalog.services:
        if not s.money or s.valid_until is not None:
            continue
        cited = catalog.instruments(s.id)
        if not any(p.valid_until is not None or p.open_ended for p in cited):
            names = "、".join(p.id for p in cited) or "（内联文件）"
            out.append(
                at(
                    "services",
                    s.id,
                    s.id,
                    "lint.money-without-end",
                    "warning",
                    f"服务 {s.id}（{s.name}）涉及资金，但它依据的文件（{names}）都没有执行截止日期",
                    "在 policies.yaml 中为文件写 valid_until；长期有效的法规、规章写 open_ended: true",
                )
            )
    return out


def lapsed_services(book: RuleBook, day: date, at: At) -> list[Problem]:
    """Services whose every instrument has ended by ``day``: from then on they are not offered."""
    out = []
    catalog = book.catalog
    for s in catalog.services:
        if catalog.lapsed(s.id, day):
            ends = "、".join(
                f"{p.label()} 截至 {p.valid_until}" for p in catalog.instruments(s.id) if p.valid_until
            )
            out.append(
                at(
                    "services",
                    s.id,
                    s.id,
                    "lint.lapsed-service",
                    "warning",
                    f"服务 {s.id}（{s.name}）依据的文件在 {day} 均已到期（{ends}）：不再向企业推荐，显示为“政策已到期，待新政策”",
                    "登记接续文件并加入 policy_basis；没有接续政策时保留，作为历史记录",
                )
            )
    return out


def unregistered_numbers(
    book: RuleBook, finding: Callable[[CompiledRule, str, str, str, str], Problem]
) -> list[Problem]:
    """A document number written in a rule's title or reason that the register does not hold."""
    registered = [p.number for p in book.catalog.policies if p.number]
    if not registered:
        return []
    out = []
    for r in book.rules:
        for number in dict.fromkeys(NUMBER.findall(f"{r.title} {r.reason}")):
            if not any(number in n or n in number for n in registered):
                out.append(
                    finding(
                        r,
                        "lint.unregistered-number",
                        "warning",
                        f"规则 {r.id} 写到的文号 {number} 不在政策登记册中",
                        "先在 catalog/policies.yaml 中登记这份文件并在 source 中引用它的编号，或删去文号",
                    )
                )
    return out
