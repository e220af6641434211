"""Codes of ``prescriber lint``: findings about a rule base that loads, each a proof over the rules as
written (``lint``). Their examples are rule files linted beside the shipped catalogue."""

from __future__ import annotations

from prescriber.codes.names import Code
from prescriber.codes.spec import Example, Spec


def _rule(id: str, when: str, *, service: str = "job-fair", effect: str = "service", more: str = "") -> str:
    weight = "  weight: 10\n" if effect == "service" else ""  # a veto has no weight
    return f"- id: {id}\n  title: 示例\n  {effect}: {service}\n{weight}{more}  when: {when}\n  reason: 示例\n"


CODES = {
    Code.LINT_NEVER_FIRES: Spec(
        "error",
        "规则 {rule} 的条件永远不会成立",
        "检查互相矛盾的条件，或上下限写反的区间",
        Example("lint", _rule("demo.never", "{all: [{employees: {lt: 10}}, {employees: {gt: 100}}]}")),
        en=(
            "rule {rule}'s conditions can never hold",
            "look for contradicting conditions, or a range with its bounds swapped",
        ),
    ),
    Code.LINT_OVERLAPPING_VERSIONS: Spec(
        "error",
        "规则 {rule} 替代 {old}，但两者的有效期重叠",
        "把 {old} 的 valid_until 设在 {rule} 的 valid_from 之前",
        Example(
            "lint",
            _rule("demo.old", "{employees: {gte: 50}}")
            + _rule("demo.new", "{employees: {gte: 100}}", more="  supersedes: demo.old\n"),
        ),
        en=(
            "rule {rule} supersedes {old}, but their periods of validity overlap",
            "set {old}'s valid_until before {rule}'s valid_from",
        ),
    ),
    Code.LINT_DUPLICATE: Spec(
        "warning",
        "规则 {rule} 与 {other} 的条件和效果相同",
        "删除其中一条，或合并它们的权重",
        Example(
            "lint", _rule("demo.a", "{employees: {gte: 50}}") + _rule("demo.b", "{employees: {gte: 50}}")
        ),
        en=(
            "rules {rule} and {other} have the same conditions and effect",
            "delete one of them, or add up their weights",
        ),
    ),
    Code.LINT_SHADOWED: Spec(
        "warning",
        "规则 {rule} 每次成立时，排除规则 {veto} 也成立，所以它永远不会推荐出服务",
        "收窄 {veto} 的条件，或删除 {rule}",
        Example(
            "lint",
            _rule("demo.offer", "{employees: {gte: 100}}")
            + _rule("demo.veto", "{employees: {gte: 50}}", effect="exclude"),
        ),
        en=(
            "whenever rule {rule} holds, the exclude rule {veto} holds too, so it never recommends its "
            "service",
            "narrow {veto}'s conditions, or delete {rule}",
        ),
    ),
    Code.LINT_SUBSUMED: Spec(
        "info",
        "规则 {rule} 只在 {other} 也成立时成立，它的分数总是叠加在 {other} 上",
        "如果不是有意加分，请合并两条规则",
        Example(
            "lint", _rule("demo.big", "{employees: {gte: 100}}") + _rule("demo.any", "{employees: {gte: 50}}")
        ),
        en=(
            "rule {rule} holds only when {other} holds too: its score always adds to {other}'s",
            "if the extra score is not intended, merge the two rules",
        ),
    ),
    Code.LINT_UNREACHABLE_SERVICE: Spec(
        "warning",
        "没有能成立的规则推荐服务 {service}（{name}）",
        "为它写一条推荐规则，或从目录中删除",
        Example("lint", _rule("demo.only", "{employees: {gte: 50}}")),
        en=(
            "no rule that can hold recommends service {service} ({name})",
            "write a rule that recommends it, or delete it from the catalogue",
        ),
    ),
    Code.LINT_UNUSED_PAIN_POINT: Spec(
        "warning",
        "没有规则读取诉求或痛点 {pain}（{name}）",
        "为它写一条规则，否则企业报告了也不起作用",
        Example("lint", _rule("demo.only", "{employees: {gte: 50}}")),
        en=(
            "no rule reads the need or pain point {pain} ({name})",
            "write a rule for it: otherwise an enterprise that reports it gets nothing from it",
        ),
    ),
    Code.LINT_UNUSED_FIELD: Spec(
        "warning",
        "没有规则读取 {field}",
        "为它写一条规则，或从词表中删除",
        Example("lint", _rule("demo.only", "{employees: {gte: 50}}")),
        en=("no rule reads {field}", "write a rule for it, or delete it from the vocabulary"),
    ),
    Code.LINT_NEGATED_OPTIONAL: Spec(
        "warning",
        "规则 {rule} 的 not 条件读取 {field}：企业档案不填这一项时，not 的结果是“未知”，规则永远不会成立",
        "{how}",
        Example("lint", _rule("demo.not", "{not: [{flags.has_mediation_committee: true}]}")),
        en=(
            "rule {rule}'s not condition reads {field}: when a profile leaves it out, the not is "
            "'unknown' and the rule never holds",
            "{how}",
        ),
    ),
    Code.LINT_UNGUARANTEED_PLACEHOLDER: Spec(
        "warning",
        "规则 {rule} 的理由引用 {{{field}}}，但规则成立时这一项可能未知，会印出“未知”",
        "在条件中要求 {field} 已知（例如 exists: true），或把理由改写为不含 {{{field}}}",
        Example(
            "lint",
            _rule("demo.says", "{pain_points: 招工难}").replace("reason: 示例", 'reason: "职工 {employees}"'),
        ),
        en=(
            "rule {rule}'s reason quotes {{{field}}}, which may be unknown when the rule holds: it would "
            "print 'unknown'",
            "require {field} to be known in the conditions (e.g. exists: true), or reword the reason "
            "without {{{field}}}",
        ),
    ),
    Code.LINT_REDUNDANT_VETO: Spec(
        "warning",
        "排除规则 {rule} 成立时，排除规则 {other} 总是也成立，它是重复的",
        "删除 {rule}",
        Example(
            "lint",
            _rule("demo.veto-big", "{employees: {gte: 100}}", effect="exclude")
            + _rule("demo.veto-any", "{employees: {gte: 50}}", effect="exclude"),
        ),
        en=(
            "whenever exclude rule {rule} holds, exclude rule {other} holds too: it is redundant",
            "delete {rule}",
        ),
    ),
    Code.LINT_MONEY_WITHOUT_END: Spec(
        "warning",
        "服务 {service}（{name}）涉及资金，但它依据的文件（{cited}）都没有执行截止日期",
        "在 policies.yaml 中为文件写 valid_until；长期有效的法规、规章写 open_ended: true",
        Example("call", "lint_money_without_end", note="一项涉及资金的服务依据的文件都没有截止日期"),
        en=(
            "service {service} ({name}) involves funds, but none of the documents it rests on ({cited}) "
            "has an end date",
            "give the document a valid_until in policies.yaml; a standing law or regulation gets "
            "open_ended: true",
        ),
    ),
    Code.LINT_UNREGISTERED_NUMBER: Spec(
        "warning",
        "规则 {rule} 写到的文号 {number} 不在政策登记册中",
        "先在 catalog/policies.yaml 中登记这份文件并在 source 中引用它的编号，或删去文号",
        Example(
            "lint",
            _rule("demo.cites", "{employees: {gte: 50}}").replace(
                "reason: 示例", "reason: 依据测部发〔2024〕1号"
            ),
        ),
        en=(
            "rule {rule} cites document number {number}, which is not in the policy register",
            "register the document in catalog/policies.yaml and cite its id in source, or delete the number",
        ),
    ),
    Code.LINT_LAPSED_SERVICE: Spec(
        "warning",
        "服务 {service}（{name}）依据的文件在 {day} 均已到期（{ends}）："
        "不再向企业推荐，显示为“政策已到期，待新政策”",
        "登记接续文件并加入 policy_basis；没有接续政策时保留，作为历史记录",
        Example("lint", _rule("demo.only", "{employees: {gte: 50}}"), args="2099-01-01"),
        en=(
            "every document that service {service} ({name}) rests on has lapsed by {day} ({ends}): it is "
            "no longer recommended and shows as 'policy lapsed, awaiting a new one'",
            "register the follow-up document and add it to policy_basis; with no follow-up policy keep it "
            "as a record",
        ),
    ),
}
