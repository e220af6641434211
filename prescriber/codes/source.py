"""Codes of reading a file at all: the file itself (``source``), YAML (``yaml``), a workbook (``sheet``)
and the cap on problems per file (``problems``)."""

from __future__ import annotations

from prescriber.codes.names import Code
from prescriber.codes.spec import Example, Spec

_RULE = "- id: demo\n  service: job-fair\n  reason: 示例\n  when:\n"

CODES = {
    Code.SOURCE_IS_DIRECTORY: Spec(
        "error",
        "这是一个目录，不是文件",
        "请给出一个 YAML 或 JSON 文件的路径",
        Example("call", "source_is_directory", note="把一个目录当作企业档案读"),
        en=("this is a directory, not a file", "give the path of a YAML or JSON file"),
    ),
    Code.SOURCE_NOT_FOUND: Spec(
        "error",
        "{what}",
        "{how}",
        Example("call", "source_not_found", note="读一个不存在的文件"),
        en=("{what}", "{how}"),
    ),
    Code.SOURCE_UNREADABLE: Spec(
        "error",
        "{what}",
        "{how}",
        Example("call", "source_unreadable", note="读一个没有读取权限的文件（在服务里：重新加载规则库失败）"),
        en=("{what}", "{how}"),
    ),
    Code.SOURCE_TOO_LARGE: Spec(
        "error",
        "{what}",
        "{how}",
        Example("call", "source_too_large", note="读一个超过 10 MB 的 YAML 文件"),
        en=("{what}", "{how}"),
    ),
    Code.SOURCE_BINARY: Spec(
        "error",
        "这是二进制文件，不是文本",
        "请给出 UTF-8 编码的 YAML 或 JSON 文件",
        Example("call", "source_binary", note="读一个含有 NUL 字节的文件"),
        en=("this is a binary file, not text", "give a UTF-8 encoded YAML or JSON file"),
    ),
    Code.SOURCE_ENCODING: Spec(
        "error",
        "{what}",
        "{how}",
        Example("call", "source_encoding", note="读一个 GBK 编码的 YAML 文件"),
        en=("{what}", "{how}"),
    ),
    Code.SOURCE_EXCEL: Spec(
        "error",
        "{what}",
        "{how}",
        Example("call", "source_excel", note="把一个文本文件改名为 .xlsx 当作规则工作簿读"),
        en=("{what}", "{how}"),
    ),
    Code.SOURCE_TABLE: Spec(
        "error",
        "无法读取表格：{why}",
        "检查文件格式和内容",
        Example("call", "source_table", note="批量处理一个内容不是 Parquet 的 .parquet 文件"),
        en=("cannot read the table: {why}", "check the file's format and content"),
    ),
    Code.YAML_SYNTAX: Spec(
        "error",
        "YAML 语法错误：{what}",
        "{how}",
        Example("yaml", "title: A: B\n"),
        en=("YAML syntax error: {what}", "{how}"),
    ),
    Code.YAML_TOO_DEEP: Spec(
        "error",
        "嵌套超过 {depth} 层",
        "把条件拆成几条规则",
        Example("yaml", "a: " + "[" * 70 + "]" * 70 + "\n"),
        en=("nested more than {depth} levels deep", "split the conditions into several rules"),
    ),
    Code.YAML_MULTIPLE_DOCUMENTS: Spec(
        "error",
        "一个文件只能有一个 YAML 文档",
        "删除多余的 '---'，或把内容拆成几个文件",
        Example("yaml", "a: 1\n---\nb: 2\n"),
        en=(
            "a file may hold only one YAML document",
            "delete the extra '---', or split the content into several files",
        ),
    ),
    Code.YAML_COMPLEX_KEY: Spec(
        "error",
        "映射的键必须是简单文本",
        "把键写成一个词，例如 employees",
        Example("yaml", "? [a, b]\n: 1\n"),
        en=("a mapping's key must be plain text", "write the key as one word, e.g. employees"),
    ),
    Code.YAML_MERGE_KEY: Spec(
        "error",
        "不支持合并键 '<<'",
        "把要合并的内容直接写出来",
        Example("yaml", "base: &b {x: 1}\nother:\n  <<: *b\n"),
        en=("merge keys '<<' are not supported", "write out what is to be merged"),
    ),
    Code.YAML_DUPLICATE_KEY: Spec(
        "error",
        "重复的键 '{written}'（第一次出现在第 {first} 行）",
        "删除其中一个，或合并两处内容",
        Example("yaml", "name: 甲\nname: 乙\n"),
        en=("duplicate key '{written}' (first on line {first})", "delete one of them, or merge the two"),
    ),
    Code.YAML_TOO_MANY_NODES: Spec(
        "error",
        "文件中的值太多（超过 {limit:,} 个）",
        "拆分成几个较小的文件",
        Example("call", "yaml_too_many_nodes", note="一个有上百万个值的 YAML 文件"),
        en=("too many values in the file (more than {limit:,})", "split it into several smaller files"),
    ),
    Code.YAML_UNKNOWN_ALIAS: Spec(
        "error",
        "未定义的别名 '*{alias}'",
        "先用 &名字 定义锚点",
        Example("yaml", "a: *nowhere\n"),
        en=("undefined alias '*{alias}'", "define the anchor first with &name"),
    ),
    Code.YAML_ALIAS_BOMB: Spec(
        "error",
        "别名展开后内容过大（可能是 YAML 别名炸弹）",
        "不要嵌套引用别名；直接写出内容",
        Example(
            "yaml",
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{b}: &{b} [{', '.join(['*' + p] * 10)}]\n"
                for p, b in zip("abcdefg", "bcdefgh", strict=True)
            ),
        ),
        en=(
            "the aliases expand to too much content (perhaps a YAML alias bomb)",
            "do not nest aliases; write the content out",
        ),
    ),
    Code.YAML_NUMBER_TOO_LONG: Spec(
        "error",
        "数字太长（{digits:,} 位，最多 {limit} 位）",
        "检查是否多粘贴了内容；代码类的值（如统一社会信用代码）请加引号写成文本",
        Example("yaml", "employees: " + "1" * 120 + "\n"),
        en=(
            "number too long ({digits:,} digits, at most {limit})",
            "check for pasted extra text; quote code-like values (such as a unified social credit code) "
            "as text",
        ),
    ),
    Code.YAML_TAG: Spec(
        "error",
        "{what}",
        "删除这个标签",
        Example("yaml", "employees: !!python/object 5\n"),
        en=("{what}", "delete this tag"),
    ),
    Code.YAML_FULLWIDTH: Spec(
        "error",
        "{head}这里用了{name}“{char}”",
        "{how}",
        Example("yaml", "- id: demo.rule\n  title: 示例\n  weight：35\n"),
        en=("{head}a {name} '{char}' is used here", "{how}"),
    ),
    Code.YAML_BRACE_VALUE: Spec(
        "error",
        "{what}",
        '整个值加上引号，例如 reason: "{{employees}} 人以上……"',
        Example("yaml", "reason: {employees} 人以上的企业\n"),
        en=("{what}", 'quote the whole value, e.g. reason: "{{employees}} or more employees …"'),
    ),
    Code.SHEET_TOO_MANY: Spec(
        "error",
        "工作表超过 {limit} 个",
        "拆成几个工作簿",
        Example("call", "sheet_too_many", note="一个有 201 个工作表的规则工作簿"),
        en=("more than {limit} sheets", "split it into several workbooks"),
    ),
    Code.SHEET_TOO_LARGE: Spec(
        "error",
        "工作表{what}",
        "删除多余的行和格式，或拆成几个工作表",
        Example("call", "sheet_too_large", note="一个行数超过上限的规则工作表"),
        en=("the sheet {what}", "delete the extra rows and formatting, or split it into several sheets"),
    ),
    Code.SHEET_TOO_WIDE: Spec(
        "error",
        "超过 {limit} 列",
        "删除多余的列",
        Example("call", "sheet_too_wide", note="一个列数超过上限的规则工作表"),
        en=("more than {limit} columns", "delete the extra columns"),
    ),
    Code.SHEET_FORMULA: Spec(
        "error",
        "单元格中不能写公式",
        "直接写出取值",
        Example("call", "sheet_formula", note="规则工作表的一个单元格写了 =1+1"),
        en=("a cell may not hold a formula", "write the value itself"),
    ),
    Code.SHEET_ERROR_VALUE: Spec(
        "error",
        "单元格的值是错误 {value}",
        "直接写出取值",
        Example("call", "sheet_error_value", note="规则工作表的一个单元格的值是 #DIV/0!"),
        en=("the cell's value is the error {value}", "write the value itself"),
    ),
    Code.SHEET_DUPLICATE_COLUMN: Spec(
        "error",
        "重复的列 '{text}'（另见第 {first} 列）",
        "删除其中一列",
        Example("call", "sheet_duplicate_column", note="规则工作表有两列都叫 reason"),
        en=("duplicate column '{text}' (see also column {first})", "delete one of the columns"),
    ),
    Code.SHEET_NO_ID_COLUMN: Spec(
        "error",
        "工作表缺少“编号”列",
        "第一行是表头，写 编号、标题、推荐服务、权重、条件列、理由、依据；说明性的工作表以 _ 开头命名",
        Example("call", "sheet_no_id_column", note="规则工作表没有 id 列"),
        en=(
            "the sheet has no id column (编号)",
            "the first row is the header: 编号 (id), 标题 (title), 推荐服务 (service), 权重 (weight), the "
            "condition columns, 理由 (reason), 依据 (source); name a sheet of notes with a leading _",
        ),
    ),
    Code.SHEET_NO_HEADER: Spec(
        "error",
        "这一列没有表头",
        "在第一行写上列名，或删除这一格",
        Example("call", "sheet_no_header", note="规则工作表的一列有值却没有表头"),
        en=("this column has no header", "write the column's name in the first row, or delete this cell"),
    ),
    Code.SHEET_UNKNOWN_OPERATOR: Spec(
        "error",
        "未知的运算符 '{word}'",
        "{how}",
        Example("call", "sheet_unknown_operator", note="规则工作表的条件列写成“职工人数 大约”"),
        en=("unknown operator '{word}'", "{how}"),
    ),
    Code.PROBLEMS_MORE: Spec(
        "error",
        "…… 另有 {count:,} 个问题未列出（and {count:,} more）",
        "先改正上面列出的问题，再检查一次",
        Example(
            "call", "problems_more", note="一个规则文件里有 150 条都写错了键的规则（严重程度取其中最重的）"
        ),
        en=("… and {count:,} more problem(s) not listed", "fix the problems listed above, then check again"),
    ),
}
