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
        en=(
            "the enterprise profile is empty",
            "write at least name (the enterprise's name), e.g. name: Example Co., Ltd.",
        ),
    ),
    Code.PROFILE_NOT_MAPPING: Spec(
        "error",
        "企业档案应为“键: 值”的映射",
        "参考 examples/ 中的档案",
        Example("profile", "- 示例企业\n"),
        en=("an enterprise profile should be a mapping of 'key: value'", "see the profiles in examples/"),
    ),
    Code.PROFILE_UNKNOWN_REGION: Spec(
        "error",
        "未知的{label} '{value}'",
        "{how}",
        Example("profile", _NAME + "region: fuzou\n"),
        en=("unknown {label} '{value}'", "{how}"),
    ),
    Code.PROFILE_UNKNOWN_OWNERSHIP: Spec(
        "error",
        "未知的{label} '{value}'",
        "{how}",
        Example("profile", _NAME + "ownership: 国有企\n"),
        en=("unknown {label} '{value}'", "{how}"),
    ),
    Code.PROFILE_BAD_INDUSTRY: Spec(
        "error",
        "行业代码 '{industry}' 无效：{why}",
        "按 GB/T 4754-2017 填写，例如 C36（汽车制造业）、65（软件和信息技术服务业）",
        Example("profile", _NAME + "industry: C99\n"),
        en=(
            "invalid industry code '{industry}': {why}",
            "use GB/T 4754-2017, e.g. C36 (motor vehicle manufacturing) or 65 (software and IT services)",
        ),
    ),
    Code.PROFILE_UNIT: Spec(
        "warning",
        "{label} {value} 万元，人均超过 2 亿元，单位可能填成了“元”",
        "{label}以万元为单位：例如 1.2 亿元写 12000",
        Example("profile", _NAME + "employees: 10\nrevenue: 120000000\n"),
        en=(
            "{label} {value} (in 10,000 yuan) is over 200 million yuan per employee: the unit may have "
            "been yuan",
            "{label} is in 10,000 yuan: 120 million yuan is written 12000",
        ),
    ),
    Code.PROFILE_UNKNOWN_PAIN_POINT: Spec(
        "error",
        "未知的诉求或痛点 '{value}'",
        "{how}",
        Example("profile", _NAME + "pain_points: [skill-shortge]\n"),
        en=("unknown need or pain point '{value}'", "{how}"),
    ),
    Code.PROFILE_DUPLICATE_PAIN_POINT: Spec(
        "warning",
        "诉求或痛点 '{value}' 重复（{label}），取较高的严重程度",
        "删除重复项",
        Example("profile", _NAME + "pain_points: [skill-shortage, skill-shortage]\n"),
        en=(
            "need or pain point '{value}' given twice ({label}): the higher severity is kept",
            "delete the duplicate",
        ),
    ),
    Code.PROFILE_UNKNOWN_FLAG: Spec(
        "error",
        "未知的标志 '{id}'",
        "{how}",
        Example("profile", _NAME + "flags: {has_mediation: true}\n"),
        en=("unknown flag '{id}'", "{how}"),
    ),
    Code.PROFILE_FLAG_TYPE: Spec(
        "error",
        "{field}应为 true 或 false",
        "{how}",
        Example("profile", _NAME + "flags: {has_mediation_committee: 是}\n"),
        en=("{field} should be true or false", "{how}"),
    ),
    Code.PROFILE_FLAG_CHOICE: Spec(
        "error",
        "{field}不能是 '{value}'",
        "{how}",
        Example("profile", _NAME + "flags: {harmonious_level: 国家}\n"),
        en=("{field} cannot be '{value}'", "{how}"),
    ),
    Code.PROFILE_UNKNOWN_METRIC: Spec(
        "error",
        "未知的指标 '{id}'",
        "{how}",
        Example("profile", _NAME + "metrics: {turnover: 0.1}\n"),
        en=("unknown metric '{id}'", "{how}"),
    ),
    Code.PROFILE_METRIC_RANGE: Spec(
        "error",
        "{field}= {value}，应在 {low:g}–{high:g} 之间",
        "{how}",
        Example("profile", _NAME + "metrics: {turnover_rate: 12}\n"),
        en=("{field} = {value}, should be between {low:g} and {high:g}", "{how}"),
    ),
    Code.PROFILE_METRIC_INTEGER: Spec(
        "error",
        "{field}应为整数",
        "",
        Example("profile", _NAME + "metrics: {disputes_last_year: 2.5}\n"),
        en=("{field} should be a whole number", ""),
    ),
    Code.PROFILE_BAD_DATE: Spec(
        "error",
        "{label} '{value}' 无法使用：{why}",
        "{how}",
        Example("profile", _NAME + "collective_contract_until: 2027-02-30\n"),
        en=("{label} '{value}' cannot be used: {why}", "{how}"),
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
        en=(
            "the collective contract ending {until} has {months} months left on {day}, not the {stated} "
            "stated: the end day counts",
            "the months left change from day to day: give the end day alone (delete "
            "metrics.collective_contract_months_left)",
        ),
    ),
    Code.INPUT_AS_OF: Spec(
        "error",
        "日期 '{value}' 无法识别",
        "写成 YYYY-MM-DD，例如 2026-06-01",
        Example("call", "input_as_of", note='prescribe(..., as_of="2026-13-01")'),
        en=("date '{value}' not understood", "write YYYY-MM-DD, e.g. 2026-06-01"),
    ),
    Code.OUTPUT_IS_DIRECTORY: Spec(
        "error",
        "这是一个目录，不能作为输出文件",
        "在目录后面写上文件名，例如 out/清单.csv",
        Example("call", "output_is_directory", note="批量处理的输出路径是一个目录"),
        en=(
            "this is a directory and cannot be an output file",
            "add a file name after the directory, e.g. out/list.csv",
        ),
    ),
    Code.OUTPUT_NO_DIRECTORY: Spec(
        "error",
        "目录 {directory} 不存在",
        "先创建这个目录，或换一个输出路径",
        Example("call", "output_no_directory", note="批量处理的输出路径所在的目录不存在"),
        en=(
            "directory {directory} does not exist",
            "create the directory first, or choose another output path",
        ),
    ),
    Code.OUTPUT_READ_ONLY: Spec(
        "error",
        "没有写入权限",
        "换一个可以写入的目录",
        Example("call", "output_read_only", note="批量处理的输出路径已存在且不可写"),
        en=("no permission to write", "choose a directory you can write to"),
    ),
    Code.OUTPUT_FORMAT: Spec(
        "error",
        "不支持的输出格式 '{suffix}'",
        "使用 {formats}",
        Example("call", "output_format", note="批量处理的输出写成 .txt"),
        en=("unsupported output format '{suffix}'", "use {formats}"),
    ),
    Code.OUTPUT_CLASH: Spec(
        "error",
        "输出文件与{what}相同，会覆盖它",
        "用 -o、--wide、--errors 另选文件名",
        Example("call", "output_clash", note="批量处理的两个输出是同一个文件"),
        en=(
            "the output file is the same as {what} and would overwrite it",
            "choose other file names with -o, --wide, --errors",
        ),
    ),
    Code.TABLE_FORMAT: Spec(
        "error",
        "{what}",
        "{how}",
        Example("call", "table_format", note="批量处理一个 .txt 文件"),
        en=("{what}", "{how}"),
    ),
    Code.TABLE_NUMBER: Spec(
        "error",
        "{name} 应为数字，而不是 '{text}'",
        "{how}",
        Example("table", "name,employees\n甲,很多\n"),
        en=("{name} should be a number, not '{text}'", "{how}"),
    ),
    Code.TABLE_UNKNOWN_COLUMN: Spec(
        "error",
        "未知的列 '{name}'",
        "{how}",
        Example("table", "name,employes\n甲,30\n"),
        en=("unknown column '{name}'", "{how}"),
    ),
    Code.TABLE_RAGGED_ROW: Spec(
        "error",
        "这一行有 {fields} 个字段，表头只有 {width} 列",
        "检查这一行是否多了逗号；含逗号的内容请加引号",
        Example("table", "name,employees\n甲,30\n乙,40,50\n"),
        en=(
            "this row has {fields} fields but the header only {width} columns",
            "check the row for an extra comma; quote text that contains commas",
        ),
    ),
    Code.TABLE_JSON: Spec(
        "error",
        "{what}",
        "{how}",
        Example("table", '{"name": "甲"}\n{"name": \n', args=".jsonl"),
        en=("{what}", "{how}"),
    ),
    Code.TABLE_JSON_ROW: Spec(
        "error",
        "这一行是{kind}，不是 JSON 对象",
        "{how}",
        Example("table", '{"name": "甲"}\n[1, 2]\n', args=".jsonl"),
        en=("this line is {kind}, not a JSON object", "{how}"),
    ),
    Code.BATCH_INTERNAL: Spec(
        "error",
        "内部错误：{kind}",
        "",
        Example("call", "batch_internal", note="网页批量任务的处理过程意外失败"),
        en=("internal error: {kind}", ""),
    ),
    Code.BATCH_INTERRUPTED: Spec(
        "error",
        "任务在完成前中断：运行它的服务进程（{host} 上的 {pid}）已停止或失联",
        "重新上传这张表格再运行一次；已处理的行不会保留",
        Example("call", "batch_interrupted", note="运行网页批量任务的服务进程在任务完成前停止"),
        en=(
            "the job stopped before it finished: the service process running it ({pid} on {host}) stopped "
            "or was lost",
            "upload the table again and run it once more; the rows already done are not kept",
        ),
    ),
}
