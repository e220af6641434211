"""Every line the command line writes in its own words, one table per language, keyed by id.

A message is a ``str.format`` template: ``say("lint.summary", "en", errors=1, warnings=0, infos=2)``.
Both languages have the same ids and the same placeholders (a test checks). What is *data* — a service
name, an enterprise, a rule's title or reason, a policy document, a file name, a vocabulary label, a
problem found in an input file — is passed in as a value and stays as it was written.
"""

from __future__ import annotations

__all__ = ["MESSAGES", "say", "separator"]

_ZH: dict[str, str] = {
    # explain (why / why not)
    "why.head": "{name}（{service}）：{summary}",
    "why.rule": "- [{effect}] {title}（{rule}）：{outcome}{force}",
    "why.source": "    依据：{source}",
    "why.none": "（没有规则涉及这项服务）",
    "why.not-in-force": "（不在有效期内）",
    "effect.recommend": "推荐",
    "effect.exclude": "排除",
    "outcome.true": "成立",
    "outcome.false": "不成立",
    "outcome.unknown": "无法判断（信息不全）",
    # catalogue
    "catalog.unknown-category": "prescriber: 未知的类别 '{category}' — 可选：{choices}",
    "catalog.core": "核心",
    "catalog.id": "ID",
    "catalog.service": "服务",
    "catalog.category": "类别",
    "catalog.md-head": "| id | 服务 | 类别 | |",
    # the rule base being checked
    "checked": "检查的规则：{rules}，服务目录：{catalog}{note}",
    "checked.installed": "（prescriber 自带的副本；要检查自己编辑的规则，请在含 rules/ 和 catalog/ 的目录里运行，"
    "或用 --rules、--catalog 指定）",
    "validate.passed": "通过：{rules} 条规则，{services} 项服务，规则库 {fingerprint}",
    "lint.summary": "{errors} 个错误，{warnings} 个警告，{infos} 条提示",
    # scenarios and coverage
    "test.case": "{mark} {name}  ({file}:{line})",
    "test.summary": "{passed} 个场景通过，{failed} 个未通过",
    "coverage.short": "规则覆盖 {share:.1f}% 低于要求的 {minimum:g}%",
    "coverage.head": "企业 {enterprises} 家；规则覆盖 {fired}/{rules}（{share:.1f}%）；"
    "条件覆盖（成立过也不成立过）{conditions_share:.1f}%（共 {conditions} 个条件）",
    "coverage.never": "从未触发的规则（{n} 条）：",
    "coverage.more": "  … 另有 {n} 条",
    # batch and report
    "batch.summary": "{rows:,} 行：{done:,} 家企业已开具清单（{items:,} 项服务），{bad}；输出：{paths}",
    "batch.bad": "{bad:,} 行有问题（见错误表）",
    "batch.no-bad": "没有有问题的行",
    "batch.progress-unit": " 行",
    "report.bad-rows": "{n} 行数据有误，未计入报告；用 prescriber batch 可得到错误表",
    # rules export, schema
    "export.not-empty": "prescriber: {target} 不是空文件夹：请导出到一个新的或空的文件夹",
    "export.yaml": "{files} 个 YAML 文件，{rules} 条规则写入 {target}",
    "export.xlsx": "{books} 个工作簿，{rows} 条规则（每条一行）写入 {target}",
    "export.kept": "{n} 条规则写不成一行，仍为 YAML（{files}）：",
    "export.kept-rule": "  {where}  {rule}：{why}",
    "export.mismatch": "prescriber: 内部错误：{target} 的规则库指纹是 {got}，而不是 {expected}",
    "export.same": "规则库指纹相同：{fingerprint}",
    "schema.written": "已写入 {target}（服务目录：{catalog}）；{kind} 文件的第一行写：\n"
    "# yaml-language-server: $schema={name}\n"
    "（文件和 {name} 在同一个文件夹里时；在子文件夹里写 ../{name}）",
    # diff (two versions of the rule base)
    "diff.fires": "规则 {rule}「{title}」成立",
    "diff.stopped": "规则 {rule}「{title}」不再成立",
    "diff.deleted": "规则 {rule}「{title}」已删除",
    "diff.vetoed": "被排除规则 {rule}「{title}」否决",
    "diff.unvetoed": "排除规则 {rule}「{title}」不再成立",
    "diff.catalog-added": "服务目录新增了这项服务",
    "diff.catalog-dropped": "服务目录中已没有这项服务",
    "diff.catalog-valid": "服务目录中这项服务的有效期现在包括这一天",
    "diff.catalog-lapsed": "服务目录中这项服务已不在有效期内",
    "diff.top": "没有规则新增或失效：得分变化使它进出清单",
    "diff.added": "  + {name}（{service}）第 {rank} 位，得分 {score:g}",
    "diff.dropped": "  - {name}（{service}）原第 {rank} 位，得分 {score:g}",
    "diff.because": "      因为：{cause}",
    "diff.enterprise-id": "{enterprise}（{id}）",
    "diff.part-1": "一、新增和去掉的服务",
    "diff.none": "（没有企业新增或去掉服务）",
    "diff.part-2": "二、得分和名次变化（汇总）",
    "diff.summary": "{serviced} / {total} 家企业的服务清单有增删，{moved} 家有名次变动",
    "diff.weight": "规则 {rule} 权重 {old} → {new}",
    "diff.now-fires": "规则 {rule} 成立（{new} 分）",
    "diff.no-longer": "规则 {rule} 不再成立（原 {old} 分）",
    "diff.more-rules": " 等 {n} 条",
    "diff.rescored": "得分变化：{name}（{service}）{up} 家上升、{down} 家下降 —— {why}{more}",
    "diff.moved": "{moved} 家企业有服务名次变动（其中 {only} 家只有名次变动），多为上面变化的连带结果：",
    "diff.moved-service": "  {name}（{service}）：上升 {up} 家，下降 {down} 家",
    "diff.moved-more": "  …… 另有 {n} 项服务名次有变动（--format json 列出全部）",
    # the command line's own argument types (argparse words are translated in cli.parser)
    "usage.integer": "应为整数，而不是 {value}",
    "usage.at-least-one": "至少为 1",
    # errors (the headline; a problem found in an input file is data)
    "error.usage": "用 'prescriber --help' 查看用法。",
    "error.unknown-service": "prescriber: 未知的服务 '{service}' — {hint}",
    "error.did-you-mean": "您是不是想写 '{close}'？",
    "error.see-catalog": "用 prescriber catalog 查看全部服务",
    "error.interrupted": "prescriber: 已中断",
    "error.file": "prescriber: 无法读写 {file}：{reason}",
    "error.disk": "prescriber: 无法写出结果：{reason}（{detail}）；原有的输出文件保持不变",
    "error.internal": "prescriber: 内部错误：{kind}: {detail}（这是程序的问题，不是输入的问题；"
    "加 --debug 重新运行可看到详细信息，请连同它一起报告）",
    # prescriber case
    "case.opened": "立案",
    "case.updated-plan": "已按新清单更新",
    "case.head": "{what}：案 {case} · {enterprise} · {city} · {year} 年 · {items} 项",
    "case.added": "新增事项",
    "case.offered": "新推荐、待企业确认",
    "case.flagged": "不再推荐、待复核",
    "case.services": "{label}：{services}",
    "case.no-items": "没有符合条件的事项。",
    "case.item-head": "事项 {item} · {enterprise} · {name}（{service}）· 版本 {version}",
    "case.item-status": "状态：{label}{reason}{review}",
    "case.item-reason": "（{reason}）",
    "case.item-review": " · 不再推荐，待复核",
    "case.item-by": "承办单位：{delivered_by}",
    "case.item-officer": "负责人：{officer} · 期限：{due}",
    "case.unassigned": "（未指派）",
    "case.evidence": "凭证：{evidence}",
    "case.satisfaction": "回访满意度：{n}",
    "case.history": "  {at} v{version} {by} {action}{move}{note}",
    "case.history-note": "：{note}",
    "case.moved": "事项 {item}：{label} · 版本 {version}",
    "case.written": "已写出 {path}：{enterprises} 家企业，{prescribed} 项服务，已办结 {delivered} 项",
    "case.review-mark": "·待复核",
    "case.table": "事项|版本|状态|期限|负责人|企业|服务",
    "case.figures": "指标|数值",
    "case.cohort": "记录|入选|影响力|需求|企业|依据",
    "case.confirmed": "已确认",
    "case.proposed": "提名",
    "case.no-candidates": "{city} {year} 年没有候选企业的记录。",
    "case.conflict": "prescriber: {detail}（用 prescriber case show {item} 查看最新版本）",
    "case.no-item": "prescriber: 没有编号为 {item} 的事项（用 prescriber case items 查看）",
}

_EN: dict[str, str] = {
    "why.head": "{name} ({service}): {summary}",
    "why.rule": "- [{effect}] {title} ({rule}): {outcome}{force}",
    "why.source": "    Source: {source}",
    "why.none": "(no rule concerns this service)",
    "why.not-in-force": " (not in force)",
    "effect.recommend": "recommend",
    "effect.exclude": "exclude",
    "outcome.true": "holds",
    "outcome.false": "does not hold",
    "outcome.unknown": "cannot tell (information missing)",
    "catalog.unknown-category": "prescriber: unknown category '{category}' — one of: {choices}",
    "catalog.core": "core",
    "catalog.id": "ID",
    "catalog.service": "SERVICE",
    "catalog.category": "CATEGORY",
    "catalog.md-head": "| id | service | category | |",
    "checked": "Rules checked: {rules}, catalogue: {catalog}{note}",
    "checked.installed": " (the copy installed with prescriber; to check rules you edit, run in a folder "
    "holding rules/ and catalog/, or give --rules and --catalog)",
    "validate.passed": "Passed: {rules} rules, {services} services, rule base {fingerprint}",
    "lint.summary": "{errors} error(s), {warnings} warning(s), {infos} note(s)",
    "test.case": "{mark} {name}  ({file}:{line})",
    "test.summary": "{passed} scenario(s) passed, {failed} failed",
    "coverage.short": "Rule coverage {share:.1f}% is below the required {minimum:g}%",
    "coverage.head": "{enterprises} enterprise(s); rule coverage {fired}/{rules} ({share:.1f}%); "
    "condition coverage (both held and failed) {conditions_share:.1f}% (of {conditions} conditions)",
    "coverage.never": "Rules that never fired ({n}):",
    "coverage.more": "  … and {n} more",
    "batch.summary": "{rows:,} row(s): {done:,} enterprise(s) prescribed ({items:,} services), {bad}; "
    "output: {paths}",
    "batch.bad": "{bad:,} row(s) with problems (see the error table)",
    "batch.no-bad": "no rows with problems",
    "batch.progress-unit": " rows",
    "report.bad-rows": "{n} row(s) have bad data and are left out of the report; prescriber batch gives "
    "the error table",
    "export.not-empty": "prescriber: {target} is not an empty folder: export into a new or empty folder",
    "export.yaml": "{files} YAML file(s), {rules} rule(s) written to {target}",
    "export.xlsx": "{books} workbook(s), {rows} rule(s) (one per row) written to {target}",
    "export.kept": "{n} rule(s) do not fit in one row and stay YAML ({files}):",
    "export.kept-rule": "  {where}  {rule}: {why}",
    "export.mismatch": "prescriber: internal error: the rule base in {target} has fingerprint {got}, "
    "not {expected}",
    "export.same": "Same rule-base fingerprint: {fingerprint}",
    "schema.written": "Written {target} (catalogue: {catalog}); the first line of a {kind} file reads:\n"
    "# yaml-language-server: $schema={name}\n"
    "(when the file is in the same folder as {name}; in a subfolder write ../{name})",
    "diff.fires": 'rule {rule} "{title}" now holds',
    "diff.stopped": 'rule {rule} "{title}" no longer holds',
    "diff.deleted": 'rule {rule} "{title}" was deleted',
    "diff.vetoed": 'vetoed by exclusion rule {rule} "{title}"',
    "diff.unvetoed": 'exclusion rule {rule} "{title}" no longer holds',
    "diff.catalog-added": "the catalogue added this service",
    "diff.catalog-dropped": "the catalogue no longer has this service",
    "diff.catalog-valid": "the service's period in the catalogue now includes the day",
    "diff.catalog-lapsed": "the service is no longer in force in the catalogue",
    "diff.top": "no rule came or went: changed scores moved it into or out of the list",
    "diff.added": "  + {name} ({service}) rank {rank}, score {score:g}",
    "diff.dropped": "  - {name} ({service}) was rank {rank}, score {score:g}",
    "diff.because": "      because: {cause}",
    "diff.enterprise-id": "{enterprise} ({id})",
    "diff.part-1": "1. Services added and dropped",
    "diff.none": "(no enterprise gained or lost a service)",
    "diff.part-2": "2. Changes of score and rank (summary)",
    "diff.summary": "{serviced} / {total} enterprise(s) gained or lost services, {moved} had services change rank",
    "diff.weight": "rule {rule} weight {old} → {new}",
    "diff.now-fires": "rule {rule} now holds ({new} points)",
    "diff.no-longer": "rule {rule} no longer holds (was {old} points)",
    "diff.more-rules": " and {n} in all",
    "diff.rescored": "Score changed: {name} ({service}) up for {up}, down for {down} — {why}{more}",
    "diff.moved": "{moved} enterprise(s) had services change rank ({only} with rank changes only), mostly as a "
    "consequence of the changes above:",
    "diff.moved-service": "  {name} ({service}): up for {up}, down for {down}",
    "diff.moved-more": "  … and {n} more services changed rank (--format json lists all)",
    "usage.integer": "expected a whole number, not {value}",
    "usage.at-least-one": "must be at least 1",
    "error.usage": "See 'prescriber --help' for usage.",
    "error.unknown-service": "prescriber: unknown service '{service}' — {hint}",
    "error.did-you-mean": "did you mean '{close}'?",
    "error.see-catalog": "prescriber catalog lists every service",
    "error.interrupted": "prescriber: interrupted",
    "error.file": "prescriber: cannot read or write {file}: {reason}",
    "error.disk": "prescriber: cannot write the results: {reason} ({detail}); the existing output files "
    "are unchanged",
    "error.internal": "prescriber: internal error: {kind}: {detail} (a fault of the program, not of the "
    "input; rerun with --debug for the details and report them)",
    "case.opened": "Opened",
    "case.updated-plan": "Updated to the new list",
    "case.head": "{what}: case {case} · {enterprise} · {city} · {year} · {items} item(s)",
    "case.added": "New items",
    "case.offered": "Newly recommended, awaiting the enterprise's confirmation",
    "case.flagged": "No longer recommended, to review",
    "case.services": "{label}: {services}",
    "case.no-items": "No items match.",
    "case.item-head": "Item {item} · {enterprise} · {name} ({service}) · version {version}",
    "case.item-status": "Status: {label}{reason}{review}",
    "case.item-reason": " ({reason})",
    "case.item-review": " · no longer recommended, to review",
    "case.item-by": "Delivered by: {delivered_by}",
    "case.item-officer": "Officer: {officer} · due: {due}",
    "case.unassigned": "(unassigned)",
    "case.evidence": "Evidence: {evidence}",
    "case.satisfaction": "Follow-up satisfaction: {n}",
    "case.history": "  {at} v{version} {by} {action}{move}{note}",
    "case.history-note": ": {note}",
    "case.moved": "Item {item}: {label} · version {version}",
    "case.written": "Written {path}: {enterprises} enterprise(s), {prescribed} service(s), {delivered} done",
    "case.review-mark": " · review",
    "case.table": "ITEM|VER|STATUS|DUE|OFFICER|ENTERPRISE|SERVICE",
    "case.figures": "FIGURE|VALUE",
    "case.cohort": "RECORD|CHOSEN|INFLUENCE|NEED|ENTERPRISE|WHY",
    "case.confirmed": "confirmed",
    "case.proposed": "proposed",
    "case.no-candidates": "No candidate enterprises on record for {city} in {year}.",
    "case.conflict": "prescriber: item {item} was changed by someone else (you read version {expected}, it is "
    "now version {current}): read it again before changing it (prescriber case show {item} shows the latest)",
    "case.no-item": "prescriber: no item numbered {item} (prescriber case items lists them)",
}

MESSAGES: dict[str, dict[str, str]] = {"zh": _ZH, "en": _EN}
"""Language → message id → template."""


def say(key: str, lang: str = "zh", /, **values: object) -> str:
    """The message ``key`` in ``lang`` (Chinese for a language without it), filled with ``values``."""
    return MESSAGES.get(lang, _ZH)[key].format(**values)


def separator(lang: str) -> str:
    """Between the items of a list in running text: 、 in Chinese, a comma in English."""
    return "、" if lang == "zh" else ", "
