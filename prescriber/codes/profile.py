"""Codes of an enterprise profile (``profile``), of a table of profiles for a batch (``table``), of the
batch's output paths (``output``) and of the CLI's dates (``input``)."""

from __future__ import annotations

from prescriber.codes.names import Code
from prescriber.codes.spec import Example, Spec

_NAME = "name: 示例企业\n"

CODES = {
    Code.PROFILE_EMPTY: Spec(
        "error",
        "企业档案是空的",
        "至少写上 name（企业名称），例如 name: 某某有限公司",
        Example("profile", "# 只有注释\n"),
    ),
    Code.PROFILE_NOT_MAPPING: Spec(
        "error", "企业档案应为“键: 值”的映射", "参考 examples/ 中的档案", Example("profile", "- 示例企业\n")
    ),
    Code.PROFILE_UNKNOWN_REGION: Spec(
        "error", "未知的{label} '{value}'", "{how}", Example("profile", _NAME + "region: fuzou\n")
    ),
    Code.PROFILE_UNKNOWN_OWNERSHIP: Spec(
        "error", "未知的{label} '{value}'", "{how}", Example("profile", _NAME + "ownership: 国有企\n")
    ),
    Code.PROFILE_BAD_INDUSTRY: Spec(
        "error",
        "行业代码 '{industry}' 无效：{why}",
        "按 GB/T 4754-2017 填写，例如 C36（汽车制造业）、65（软件和信息技术服务业）",
        Example("profile", _NAME + "industry: C99\n"),
    ),
    Code.PROFILE_UNIT: Spec(
        "warning",
        "{label} {value} 万元，人均超过 2 亿元，单位可能填成了“元”",
        "{label}以万元为单位：例如 1.2 亿元写 12000",
        Example("profile", _NAME + "employees: 10\nrevenue: 120000000\n"),
    ),
    Code.PROFILE_UNKNOWN_PAIN_POINT: Spec(
        "error",
        "未知的诉求或痛点 '{value}'",
        "{how}",
        Example("profile", _NAME + "pain_points: [skill-shortge]\n"),
    ),
    Code.PROFILE_DUPLICATE_PAIN_POINT: Spec(
        "warning",
        "诉求或痛点 '{value}' 重复（{label}），取较高的严重程度",
        "删除重复项",
        Example("profile", _NAME + "pain_points: [skill-shortage, skill-shortage]\n"),
    ),
    Code.PROFILE_UNKNOWN_FLAG: Spec(
        "error", "未知的标志 '{id}'", "{how}", Example("profile", _NAME + "flags: {has_mediation: true}\n")
    ),
    Code.PROFILE_FLAG_TYPE: Spec(
        "error",
        "{label}（{id}）应为 true 或 false",
        "{how}",
        Example("profile", _NAME + "flags: {has_mediation_committee: 是}\n"),
    ),
    Code.PROFILE_FLAG_CHOICE: Spec(
        "error",
        "{label}（{id}）不能是 '{value}'",
        "{how}",
        Example("profile", _NAME + "flags: {harmonious_level: 国家}\n"),
    ),
    Code.PROFILE_UNKNOWN_METRIC: Spec(
        "error", "未知的指标 '{id}'", "{how}", Example("profile", _NAME + "metrics: {turnover: 0.1}\n")
    ),
    Code.PROFILE_METRIC_RANGE: Spec(
        "error",
        "{label}（{id}）= {value}，应在 {low:g}–{high:g} 之间",
        "{how}",
        Example("profile", _NAME + "metrics: {turnover_rate: 12}\n"),
    ),
    Code.PROFILE_METRIC_INTEGER: Spec(
        "error",
        "{label}（{id}）应为整数",
        "",
        Example("profile", _NAME + "metrics: {disputes_last_year: 2.5}\n"),
    ),
    Code.PROFILE_BAD_DATE: Spec(
        "error",
        "{label} '{value}' 无法使用：{why}",
        "{how}",
        Example("profile", _NAME + "collective_contract_until: 2027-02-30\n"),
    ),
    Code.PROFILE_DATE_OVERRIDES: Spec(
        "warning",
        "集体合同期满日期 {until} 在 {day} 还剩 {months} 个月，"
        "与填写的剩余期限 {stated} 个月不同，按期满日期计算",
        "剩余期限会随日期变化，只写期满日期即可（删去 metrics.collective_contract_months_left）",
        Example(
            "profile",
            _NAME + "collective_contract_until: 2027-03-31\nmetrics: {collective_contract_months_left: 5}\n",
            args="2026-12-07",
        ),
    ),
    Code.INPUT_AS_OF: Spec(
        "error",
        "日期 '{value}' 无法识别",
        "写成 YYYY-MM-DD，例如 2026-06-01",
        Example("call", "input_as_of", note='prescribe(..., as_of="2026-13-01")'),
    ),
    Code.OUTPUT_IS_DIRECTORY: Spec(
        "error",
        "这是一个目录，不能作为输出文件",
        "在目录后面写上文件名，例如 out/清单.csv",
        Example("call", "output_is_directory", note="批量处理的输出路径是一个目录"),
    ),
    Code.OUTPUT_NO_DIRECTORY: Spec(
        "error",
        "目录 {directory} 不存在",
        "先创建这个目录，或换一个输出路径",
        Example("call", "output_no_directory", note="批量处理的输出路径所在的目录不存在"),
    ),
    Code.OUTPUT_READ_ONLY: Spec(
        "error",
        "没有写入权限",
        "换一个可以写入的目录",
        Example("call", "output_read_only", note="批量处理的输出路径已存在且不可写"),
    ),
    Code.OUTPUT_FORMAT: Spec(
        "error",
        "不支持的输出格式 '{suffix}'",
        "使用 {formats}",
        Example("call", "output_format", note="批量处理的输出写成 .txt"),
    ),
    Code.OUTPUT_CLASH: Spec(
        "error",
        "输出文件与{what}相同，会覆盖它",
        "用 -o、--wide、--errors 另选文件名",
        Example("call", "output_clash", note="批量处理的两个输出是同一个文件"),
    ),
    Code.TABLE_FORMAT: Spec(
        "error", "{what}", "{how}", Example("call", "table_format", note="批量处理一个 .txt 文件")
    ),
    Code.TABLE_NUMBER: Spec(
        "error", "{name} 应为数字，而不是 '{text}'", "{how}", Example("table", "name,employees\n甲,很多\n")
    ),
    Code.TABLE_UNKNOWN_COLUMN: Spec(
        "error", "未知的列 '{name}'", "{how}", Example("table", "name,employes\n甲,30\n")
    ),
    Code.TABLE_RAGGED_ROW: Spec(
        "error",
        "这一行有 {fields} 个字段，表头只有 {width} 列",
        "检查这一行是否多了逗号；含逗号的内容请加引号",
        Example("table", "name,employees\n甲,30\n乙,40,50\n"),
    ),
    Code.TABLE_JSON: Spec(
        "error", "{what}", "{how}", Example("table", '{"name": "甲"}\n{"name": \n', args=".jsonl")
    ),
    Code.TABLE_JSON_ROW: Spec(
        "error",
        "这一行是{kind}，不是 JSON 对象",
        "{how}",
        Example("table", '{"name": "甲"}\n[1, 2]\n', args=".jsonl"),
    ),
    Code.BATCH_INTERNAL: Spec(
        "error",
        "内部错误：{kind}",
        "",
        Example("call", "batch_internal", note="网页批量任务的处理过程意外失败"),
    ),
    Code.BATCH_INTERRUPTED: Spec(
        "error",
        "任务在完成前中断：运行它的服务进程（{host} 上的 {pid}）已停止或失联",
        "重新上传这张表格再运行一次；已处理的行不会保留",
        Example("call", "batch_interrupted", note="运行网页批量任务的服务进程在任务完成前停止"),
    ),
}
