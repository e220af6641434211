"""Codes of the rule base and the catalogue: their files (``rules``, ``catalog``), their shape against the
models (``shape``), the meaning of each rule (``rule``), the policy register (``policy``) and what the
durable engine can take (``engine``)."""

from __future__ import annotations

from prescriber.codes.names import Code
from prescriber.codes.spec import Example, Spec


def _rule(when: str = "{employees: {gte: 50}}", reason: str = "示例", more: str = "") -> str:
    """A rule file of one rule, correct but for what the example changes."""
    return (
        f"- id: demo.rule\n  title: 示例\n  service: job-fair\n  weight: 10\n{more}"
        f"  when: {when}\n  reason: {reason}\n"
    )


# A value that does not fit its model: ``shape.<pydantic error type>``. The message says what (``{what}``:
# the field and, in Chinese, what it should be) and the hint how to write it.
_SHAPES: dict[Code, Example | None] = {
    Code.SHAPE_STRING_TYPE: Example("rules", _rule().replace("id: demo.rule", "id: 123")),
    Code.SHAPE_STRING_PATTERN_MISMATCH: Example("rules", _rule().replace("id: demo.rule", "id: Demo Rule")),
    Code.SHAPE_STRING_TOO_SHORT: Example("rules", _rule().replace("title: 示例", 'title: ""')),
    Code.SHAPE_STRING_TOO_LONG: Example("profile", "name: " + "长" * 2001 + "\n"),
    Code.SHAPE_INT_TYPE: Example("profile", "name: 示例企业\nemployees: 很多\n"),
    Code.SHAPE_NUMBER: Example("rules", _rule(when="{employees: {gte: 五十}}")),
    Code.SHAPE_BOOL_TYPE: Example("profile", "name: 示例企业\nflags: {has_mediation_committee: [是]}\n"),
    Code.SHAPE_SCALAR: Example("rules", _rule(when="{region: {eq: {fuzhou: 1}}}")),
    Code.SHAPE_TUPLE_TYPE: Example("rules", _rule(when="{industry: {in: C}}")),
    Code.SHAPE_DICT_TYPE: Example("rules", _rule(when="5")),
    Code.SHAPE_MODEL_TYPE: Example("profile", "name: 示例企业\npain_points: [[招工难]]\n"),
    Code.SHAPE_DATE_FROM_DATETIME_PARSING: Example("rules", _rule(more="  valid_from: 2024-13-01\n")),
    Code.SHAPE_DATE_FROM_DATETIME_INEXACT: Example("rules", _rule(more="  valid_from: 20240101\n")),
    Code.SHAPE_LITERAL_ERROR: Example("call", "shape_literal_error"),
    Code.SHAPE_GREATER_THAN_EQUAL: Example("rules", _rule().replace("weight: 10", "weight: 0")),
    Code.SHAPE_LESS_THAN_EQUAL: Example("rules", _rule().replace("weight: 10", "weight: 1000")),
    Code.SHAPE_TOO_SHORT: Example("rules", _rule(when="{all: []}")),
    Code.SHAPE_TOO_LONG: Example("rules", _rule(when="{employees: {between: [10, 20, 30]}}")),
    Code.SHAPE_VALUE_ERROR: Example("rules", _rule(more="  exclude: job-fair\n")),
    Code.SHAPE_CREDIT_CODE: Example("profile", "name: 示例企业\ncredit_code: 91350000000000000X\n"),
    Code.SHAPE_INVALID: Example("call", "shape_invalid"),
}

CODES = {
    Code.RULES_NOT_FOUND: Spec(
        "error",
        "规则路径不存在",
        "检查路径拼写",
        Example("call", "rules_not_found", note="规则路径写错"),
        en=("the rules path does not exist", "check the path's spelling"),
    ),
    Code.RULES_EMPTY: Spec(
        "error",
        "规则目录中没有 .yaml 文件",
        "检查路径",
        Example("call", "rules_empty", note="规则目录是空的"),
        en=("no .yaml file in the rules directory", "check the path"),
    ),
    Code.RULES_TOO_LARGE: Spec(
        "error",
        "规则的文件合计 {size:.1f} MB，超过 {limit} MB 上限",
        "一个规则库应远小于这个大小：检查是否混入了生成的或重复的文件",
        Example("call", "rules_too_large", note="规则目录中的文件合计超过 4 MB"),
        en=(
            "the rule files total {size:.1f} MB, over the {limit} MB limit",
            "a rule base should be far smaller: check for generated or duplicated files mixed in",
        ),
    ),
    Code.RULES_TOO_MANY: Spec(
        "error",
        "规则库共有 {count:,} 条规则，超过 {limit:,} 条上限",
        "一个规则库应远小于这个规模：检查是否混入了生成的或重复的文件",
        Example("call", "rules_too_many", note="一个规则库有一万多条规则"),
        en=(
            "the rule base has {count:,} rules, over the limit of {limit:,}",
            "a rule base should be far smaller: check for generated or duplicated files mixed in",
        ),
    ),
    Code.RULES_NOT_LIST: Spec(
        "error",
        "规则文件应为规则的列表",
        "每条规则以 '- id: ...' 开头",
        Example("rules", "id: demo.rule\n"),
        en=("a rule file should be a list of rules", "each rule begins with '- id: ...'"),
    ),
    Code.CATALOG_NOT_FOUND: Spec(
        "error",
        "服务目录路径不存在",
        "检查路径拼写",
        Example("call", "catalog_not_found", note="目录路径写错"),
        en=("the catalogue path does not exist", "check the path's spelling"),
    ),
    Code.CATALOG_EMPTY: Spec(
        "error",
        "服务目录目录中没有 .yaml 文件",
        "检查路径",
        Example("call", "catalog_empty", note="服务目录的目录是空的"),
        en=("no .yaml file in the catalogue directory", "check the path"),
    ),
    Code.CATALOG_TOO_LARGE: Spec(
        "error",
        "服务目录的文件合计 {size:.1f} MB，超过 {limit} MB 上限",
        "一个规则库应远小于这个大小：检查是否混入了生成的或重复的文件",
        Example("call", "catalog_too_large", note="服务目录的文件合计超过 4 MB"),
        en=(
            "the catalogue files total {size:.1f} MB, over the {limit} MB limit",
            "a rule base should be far smaller: check for generated or duplicated files mixed in",
        ),
    ),
    Code.CATALOG_NOT_MAPPING: Spec(
        "error",
        "目录文件应为映射",
        "顶层写 services:、pain_points: 等小节",
        Example("catalog", "- a\n- b\n"),
        en=(
            "a catalogue file should be a mapping",
            "at the top write sections such as services:, pain_points:",
        ),
    ),
    Code.CATALOG_DUPLICATE: Spec(
        "error",
        "{section} 中 '{entry}' 重复（另见 {first}）",
        "删除或改名其中一个",
        Example("catalog", "categories:\n  - {id: skills, name: 技能人才培养, name_en: Skills}\n"),
        en=("'{entry}' appears twice in {section} (see also {first})", "delete or rename one of them"),
    ),
    Code.CATALOG_UNKNOWN_CATEGORY: Spec(
        "error",
        "未知的服务类别 '{category}'",
        "{how}",
        Example("call", "catalog_unknown_category", note="一个服务的 category 写成 skils"),
        en=("unknown service category '{category}'", "{how}"),
    ),
    Code.CATALOG_NO_CORE: Spec(
        "error",
        "服务目录中没有核心服务（core: true）",
        "把“构建和谐劳动关系”类的综合服务标为 core: true",
        Example("call", "catalog_no_core", note="目录中所有服务都是 core: false"),
        en=(
            "the catalogue has no core service (core: true)",
            "mark the comprehensive harmonious-labour-relations service as core: true",
        ),
    ),
    Code.CATALOG_INLINE_BASIS: Spec(
        "error",
        "服务目录已有政策登记册，policy_basis 应写登记册中的编号",
        "{how}",
        Example(
            "call", "catalog_inline_basis", note="有政策登记册时，服务的 policy_basis 写成了文件标题和文号"
        ),
        en=("the catalogue has a policy register: policy_basis should give a register id", "{how}"),
    ),
    Code.POLICY_UNKNOWN: Spec(
        "error",
        "政策登记册中没有 '{cited}'",
        "{how}",
        Example("rules", _rule(more="  source: no-such-policy\n")),
        en=("the policy register has no '{cited}'", "{how}"),
    ),
    Code.RULE_DUPLICATE_ID: Spec(
        "error",
        "规则编号 '{id}' 重复（另见 {first}）",
        "每条规则的 id 必须唯一",
        Example("rules", _rule() + _rule()),
        en=("duplicate rule id '{id}' (see also {first})", "every rule's id must be unique"),
    ),
    Code.RULE_UNKNOWN_SUPERSEDES: Spec(
        "error",
        "被替代的规则 '{old}' 不存在",
        "{how}",
        Example("rules", _rule(more="  supersedes: demo.old\n")),
        en=("the superseded rule '{old}' does not exist", "{how}"),
    ),
    Code.RULE_UNKNOWN_SERVICE: Spec(
        "error",
        "未知的服务 '{service}'",
        "{how}",
        Example("rules", _rule().replace("job-fair", "job-fare")),
        en=("unknown service '{service}'", "{how}"),
    ),
    Code.RULE_EXCLUDE_CORE: Spec(
        "error",
        "'{service}' 是核心服务（“1”），不能被排除",
        "核心服务对每家企业都开具；请删除这条排除规则",
        Example("call", "rule_exclude_core", note="一条 exclude 规则排除了核心服务"),
        en=(
            "'{service}' is a core service (the \"1\") and cannot be excluded",
            "core services are prescribed to every enterprise: delete this exclude rule",
        ),
    ),
    Code.RULE_UNKNOWN_FIELD: Spec(
        "error",
        "未知的字段 '{field}'",
        "{how}",
        Example("rules", _rule(when="{employes: {gte: 50}}")),
        en=("unknown field '{field}'", "{how}"),
    ),
    Code.RULE_BAD_OPERATOR: Spec(
        "error",
        "{field}不能用 {op}",
        "可用: {ops}",
        Example("rules", _rule(when="{region: {gte: 3}}")),
        en=("{field} cannot use {op}", "allowed: {ops}"),
    ),
    Code.RULE_BAD_PATTERN: Spec(
        "error",
        "{field}: {what}",
        "{how}",
        Example("rules", _rule(when='{name: {regex: "(福州.*)+集团"}}')),
        en=("{field}: {what}", "{how}"),
    ),
    Code.RULE_BAD_VALUE: Spec(
        "error",
        "{field}: {what}",
        "{how}",
        Example("rules", _rule(when="{metrics.turnover_rate: {gte: 15}}")),
        en=("{field}: {what}", "{how}"),
    ),
    Code.RULE_EMPTY_GROUP: Spec(
        "error",
        "{group} 下面是空的（没有条件）",
        "在 {group}: 下面每行写一个条件，例如 '- employees: {{gte: 50}}'；不需要就删掉 {group}",
        Example("rules", _rule(when="{all: [{any: null}]}")),
        en=(
            "nothing under {group} (no conditions)",
            "under {group}: write one condition a line, e.g. '- employees: {{gte: 50}}'; delete {group} "
            "if it is not needed",
        ),
    ),
    Code.RULE_UNPAIRED_BRACE: Spec(
        "error",
        "理由中的花括号 {{ }} 不成对，这段文字不会被替换",
        "占位符写成 {{字段}}，例如 {{employees}}；不是占位符的花括号请删去",
        Example("rules", _rule(reason='"职工 {employees 人"')),
        en=(
            "the braces {{ }} in the reason are not paired: this text will not be filled in",
            "write a placeholder as {{field}}, e.g. {{employees}}; delete braces that are no placeholder",
        ),
    ),
    Code.RULE_BAD_PLACEHOLDER: Spec(
        "error",
        "理由中的 {{{inner}}} 不会被替换（花括号内不能有空格或为空）",
        "{how}",
        Example("rules", _rule(reason='"职工 { employees } 人"')),
        en=(
            "{{{inner}}} in the reason will not be filled in (no spaces inside the braces, and not empty)",
            "{how}",
        ),
    ),
    Code.RULE_UNKNOWN_PLACEHOLDER: Spec(
        "error",
        "理由中的 {{{name}}} {what}",
        "{how}",
        Example("rules", _rule(reason='"职工 {employes} 人"')),
        en=("{{{name}}} in the reason {what}", "{how}"),
    ),
    Code.RULE_DOUBLED_UNIT: Spec(
        "error",
        "{{{name}}} {what}",
        "删去 {{{name}}} 后面的“{after}”",
        Example("rules", _rule(reason='"职工 {employees} 人以上"')),
        en=("{{{name}}} {what}", "delete the '{after}' after {{{name}}}"),
    ),
    Code.RULE_MEASURE_WORD: Spec(
        "warning",
        "{{{name}}} 显示时已带单位“{unit}”，后面再写“{after}”会读作“12 {unit} {after}”",
        "删去 {{{name}}} 后面的“{after}”",
        Example("rules", _rule(reason='"计划招用 {metrics.graduates_planned} 名毕业生"')),
        en=(
            "{{{name}}} is shown with its unit '{unit}': the '{after}' after it reads as '12 {unit} {after}'",
            "delete the '{after}' after {{{name}}}",
        ),
    ),
    Code.SHAPE_UNKNOWN_KEY: Spec(
        "error",
        "未知的键 '{written}'",
        "{how}",
        Example("rules", _rule(more="  wieght: 5\n")),
        en=("unknown key '{written}'", "{how}"),
    ),
    Code.SHAPE_MISSING: Spec(
        "error",
        "{what}",
        "{how}",
        Example("rules", "- id: demo.rule\n  title: 示例\n  reason: 示例\n"),
        en=("{what}", "{how}"),
    ),
    **{
        code: Spec("error", "{what}", "{how}", example, en=("{what}", "{how}"))
        for code, example in _SHAPES.items()
    },
    Code.ENGINE_LIMIT: Spec(
        "error",
        "{what}",
        "{how}",
        Example("call", "engine_limit", note="引擎的证明失败而说不出是哪条规则"),
        en=("{what}", "{how}"),
    ),
    Code.ENGINE_TOO_COMPLEX: Spec(
        "error",
        "规则 {rule} 的条件过于复杂：{why}",
        "把 any/not 拆成几条规则",
        Example("call", "engine_too_complex", note="一条规则展开后的“或”分支超过引擎上限"),
        en=("rule {rule}'s conditions are too complex: {why}", "split the any/not into several rules"),
    ),
    Code.ENGINE_TOO_MANY_ORS: Spec(
        "error",
        "规则 {rule} 有 {count} 个多选条件，超过引擎上限 {limit}",
        "拆成几条规则",
        Example("call", "engine_too_many_ors", note="一条规则的 any 组合太多"),
        en=(
            "rule {rule} has {count} multiple-choice conditions, over the engine's limit of {limit}",
            "split it into several rules",
        ),
    ),
    Code.ENGINE_TOO_MANY_FIELDS: Spec(
        "error",
        "规则用到 {count} 个字段，超过引擎上限 {limit}",
        "减少标志或指标的数量",
        Example("call", "engine_too_many_fields", note="一条规则用到的字段超过引擎上限"),
        en=("the rules use {count} fields, over the engine's limit of {limit}", "use fewer flags or metrics"),
    ),
    Code.ENGINE_BASE_TOO_LARGE: Spec(
        "error",
        "规则 {rule} 展开为 {n} 条引擎规则；整个规则库共 {total:,} 条，超过上限 {limit:,} 条",
        "把 any/not 组合拆成几条简单的规则，或减少规则数量",
        Example("call", "engine_base_too_large", note="整个规则库超过引擎的总量上限"),
        en=(
            "rule {rule} expands to {n} engine rules; the whole rule base to {total:,}, over the limit of "
            "{limit:,}",
            "split the any/not combinations into several simple rules, or use fewer rules",
        ),
    ),
    Code.ENGINE_HASH_COLLISION: Spec(
        "error",
        "字段名 '{field}' 与 '{other}' 在规则引擎中的编号（哈希）相同，引擎会把它们当成同一个字段",
        "给其中一个标志或指标改个名字（例如加一个字母）",
        Example("call", "engine_hash_collision", note="两个名字在引擎中散列相同"),
        en=(
            "the field names '{field}' and '{other}' have the same number (hash) in the rule engine, "
            "which would take them for one field",
            "rename one of the flags or metrics (e.g. add a letter)",
        ),
    ),
}
