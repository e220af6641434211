"""What call sites say inside a problem — a ``{what}``, a ``{how}``, a word a template quotes — in Chinese
and in English, declared once here so that no call site writes prose in one language only. A phrase with
``{placeholders}`` is filled with :meth:`Phrase.fill` (its parameters are data, or phrases themselves).

Grouped by what is being read, as the code tables are."""

from __future__ import annotations

from prescriber.codes.spec import Phrase

P = Phrase

# -- files ----------------------------------------------------------------------------------------------
IS_DIRECTORY = P("这是一个目录，不是文件", "this is a directory, not a file")
FILE_MISSING = P("文件不存在", "the file does not exist")
CHECK_PATH_SPELLING = P("检查路径拼写，或用绝对路径", "check the path's spelling, or give an absolute path")
CHECK_PATH = P("检查路径", "check the path")
CANNOT_READ = P("无法读取文件: {error}", "cannot read the file: {error}")
CHECK_PERMISSIONS = P("检查文件权限", "check the file's permissions")
FILE_OVER = P("文件超过 {limit} MB 上限", "the file is over the {limit} MB limit")
INPUT_OVER = P("输入超过 {limit} MB 上限", "the input is over the {limit} MB limit")
TEXT_OVER = P("文本超过大小上限", "the text is over the size limit")
SPLIT_FILES = P("拆分成几个较小的文件", "split it into several smaller files")
NOT_UTF8 = P("文件不是 UTF-8 编码", "the file is not UTF-8 encoded")
RESAVE_UTF8 = P(
    "用编辑器另存为 UTF-8（例如从 GBK 转换）", "save it as UTF-8 in an editor (e.g. converted from GBK)"
)
RESAVE_CSV_UTF8 = P("另存为 UTF-8（Excel：“CSV UTF-8”）", "save it as UTF-8 (in Excel: 'CSV UTF-8')")
RESAVE_UTF8_SHORT = P("另存为 UTF-8", "save it as UTF-8")
ROW_NOT_UTF8 = P("这一行不是 UTF-8 编码", "this row is not UTF-8 encoded")
BODY_NOT_UTF8 = P("请求内容不是 UTF-8 文本（第 {at} 字节）", "the request body is not UTF-8 text (byte {at})")
SEND_UTF8 = P("以 UTF-8 编码发送 YAML 或 JSON", "send YAML or JSON encoded as UTF-8")
NOT_A_WORKBOOK = P("无法读取 Excel 工作簿：{why}", "cannot read the Excel workbook: {why}")
RESAVE_XLSX = P("用 Excel 打开后另存为 .xlsx", "open it in Excel and save it as .xlsx")
RESAVE_XLSX_OR_CSV = P(
    "用 Excel 打开后另存为 .xlsx，或导出为“CSV UTF-8”",
    "open it in Excel and save it as .xlsx, or export it as 'CSV UTF-8'",
)

# -- YAML -----------------------------------------------------------------------------------------------
TAG_NOT_ALLOWED = P("不允许的 YAML 标签 '{tag}'", "YAML tag '{tag}' is not allowed")
TAG_WRONG_TYPE = P("'{text}' 不是标签 {tag} 要求的类型", "'{text}' is not of the type tag {tag} asks for")
SYNTAX_HEAD = P("YAML 语法错误：", "YAML syntax error: ")
BRACE_VALUE_SYNTAX = P(
    "YAML 语法错误：以 { 开头的值会被当成映射",
    "YAML syntax error: a value starting with { is read as a mapping",
)
BRACE_VALUE = P(
    "以 { 开头的值被当成了映射，而不是文字", "a value starting with { was read as a mapping, not as text"
)
SYNTAX = P("{plain}（{what}）", "{plain} ({what})")
SYNTAX_OTHER = (
    P("格式不对", "the layout is wrong"),
    P("检查这一行的缩进、冒号和引号", "check this line's indentation, colons and quotes"),
)
SYNTAX_TAB = (
    P("这一行用了 Tab 缩进", "this line is indented with a tab"),
    P("YAML 不允许用 Tab 缩进，请改用空格", "YAML does not allow tabs for indentation: use spaces"),
)

# -- full-width characters (a Chinese keyboard) ---------------------------------------------------------
FULL_COLON = P("全角冒号", "full-width colon")
FULL_COMMA = P("全角逗号", "full-width comma")
IDEOGRAPHIC_COMMA = P("顿号", "ideographic comma")
FULL_BRACKET = P("全角方括号", "full-width bracket")
FULL_BRACE = P("全角花括号", "full-width brace")
FULL_SPACE = P("全角空格", "full-width space")
FIX_LIST_SPACED = P(
    "列表的各项之间用半角逗号加空格分隔，例如 [C, E]",
    "separate a list's items with a comma and a space, e.g. [C, E]",
)
FIX_KEY_COLON = P(
    "键和值之间用半角冒号加空格，例如 weight: 35",
    "put a colon and a space between key and value, e.g. weight: 35",
)
FIX_LIST_BRACKETS = P("列表用半角方括号，例如 [C, E]", "write a list in ASCII brackets, e.g. [C, E]")
FIX_BRACES = P("用半角花括号，例如 {gte: 50}", "use ASCII braces, e.g. {gte: 50}")
FIX_SPACE = P("用半角空格", "use an ASCII space")
FIX_COLON = P(
    "改成半角冒号加空格，例如 weight: 35（输入法切换到英文标点）",
    "use an ASCII colon and a space, e.g. weight: 35 (switch the keyboard to English punctuation)",
)
FIX_LIST_COMMA = P(
    "列表的各项之间用半角逗号分隔，例如 [C, E]（输入法切换到英文标点）",
    "separate a list's items with ASCII commas, e.g. [C, E] (switch the keyboard to English punctuation)",
)
FIX_IN_BRACKETS = P("列表用半角方括号，例如 in: [C, E]", "write a list in ASCII brackets, e.g. in: [C, E]")
FIX_INDENT_SPACE = P(
    "缩进只能用半角空格：删掉这个全角空格，重新用空格键缩进",
    "indent with ASCII spaces only: delete this full-width space and indent with the space bar",
)
FULLWIDTH_IN = P(
    "“{written}”里有{name}（中文输入法的标点）：{fix}",
    "'{written}' has a {name} (Chinese keyboard punctuation): {fix}",
)

# -- rules ----------------------------------------------------------------------------------------------
WRITE_AS = P("写成 {text}", "write {text}")
DROP_BRACES = P(
    "删去这对花括号，或写上字段，例如 {employees}",
    "delete the braces, or name a field in them, e.g. {employees}",
)
WRITE_FIELD_ID = P("要写字段编号", "must name the field's id")
NOT_A_FIELD = P("不是已知字段", "is not a known field")
SHOWN_AS_PERCENT = P(
    "显示为百分数（如 12%），后面的“{after}”会重复",
    "is shown as a percentage (e.g. 12%): the '{after}' after it repeats it",
)
SHOWN_WITH_UNIT = P(
    "显示时已带单位“{unit}”（如 3,000 {unit}），后面的“{unit}”会重复",
    "is shown with its unit '{unit}' (e.g. 3,000 {unit}): the '{unit}' after it repeats it",
)
SERVICES_IN_CATALOG = P(
    "服务编号和名称见 prescriber catalog", "prescriber catalog lists the services' ids and names"
)
SERVICE_NAMES_IN_CATALOG = P("服务名称见 prescriber catalog", "prescriber catalog lists the services' names")
FIELDS_ARE = P("可用字段：{fields}", "fields: {fields}")
CHOOSE = P("可选: {choices}", "choose: {choices}")
ALLOWED = P("可选：{choices}", "choose: {choices}")
WRITE_OLD_ID = P("写被替代规则的 id", "write the id of the rule it supersedes")
REGISTER_THEN_CITE = P(
    "在 policies.yaml 中登记这份文件，再写它的 id", "register the document in policies.yaml, then give its id"
)

NOT_BOOL = P("应为 true 或 false，而不是 '{value}'", "should be true or false, not '{value}'")
WRITE_BOOL = P(
    "写 true 或 false（不加引号）；yes/no、是/否 不算",
    "write true or false (no quotes); yes/no and 是/否 do not count",
)
NOT_NUMBER = P("应为数字，而不是 '{value}'", "should be a number, not '{value}'")
UNIT = P("单位：{unit}", "unit: {unit}")
SHARE_15 = P("比例用小数表示，例如 15% 写 0.15", "a share is a decimal: 15% is written 0.15")
SHARE_12 = P("比例用小数表示，例如 12% 写 0.12", "a share is a decimal: 12% is written 0.12")
IF_PERCENT = P(
    "若指 {value}%，比例请写小数 {share}", "if {value}% is meant, write the share as the decimal {share}"
)
OUT_OF_RANGE = P(
    "{value} 超出取值范围 {low}–{high}，条件永远不会成立",
    "{value} is outside the range {low}–{high}: the condition can never hold",
)
NOT_INDUSTRY = P("应为行业代码", "should be an industry code")
BAD_INDUSTRY = P("行业代码 '{value}' 无效：{why}", "invalid industry code '{value}': {why}")
INDUSTRY_IN_RULES = P(
    "写门类字母（如 C）、两位大类代码（如 36）或门类、大类的名称（如 建筑业）",
    "write a section letter (e.g. C), a two-digit division (e.g. 36), or a section's or division's name",
)
INDUSTRY_TOO_FINE = P(
    "规则中的行业只能写到门类或大类，'{value}' 是中类/小类",
    "a rule names an industry down to its section or division only: '{value}' is a group or class",
)
WRITE_DIVISION = P("改写为大类 {division}", "write the division {division}")
NOT_IN_VOCABULARY = P("'{value}' 不在词表中", "'{value}' is not in the vocabulary")
INDUSTRY_FORM = P(
    "行业代码应为门类字母（如 C）或 2–4 位数字代码（如 36、C36、3610）",
    "an industry code is a section letter (e.g. C) or a code of 2–4 digits (e.g. 36, C36, 3610)",
)
NO_SECTION = P("没有门类 {letter}", "there is no section {letter}")
NO_DIVISION = P("没有行业大类 {division}", "there is no division {division}")
DIVISION_ELSEWHERE = P(
    "大类 {division} 属于门类 {section}，不是 {letter}",
    "division {division} belongs to section {section}, not {letter}",
)
LOW_ABOVE_HIGH = P(
    "{op} 的下限 {low} 大于上限 {high}", "{op}: the low end {low} is above the high end {high}"
)
WRITE_LOW_HIGH = P("写成 [小, 大]", "write [low, high]")
PATTERN_TOO_LONG = P(
    "正则表达式太长（{length} 个字符，最多 {limit} 个）",
    "the regular expression is too long ({length} characters, at most {limit})",
)
PATTERN_SHORTER = P("写得更短，或拆成几条规则", "write it shorter, or split it over several rules")
PATTERN_AT = P("第 {at} 个字符处，", "at character {at}: ")
PATTERN_WRONG = P(
    "正则表达式 '{pattern}' 写法有误（{at}{why}）", "the regular expression '{pattern}' is wrong ({at}{why})"
)
PATTERN_CHECK = P(
    "检查括号、方括号是否成对；要匹配点、括号等符号本身，在前面加 \\",
    "check that parentheses and brackets are paired; to match a dot, a parenthesis or the like itself, "
    "put \\ before it",
)
PATTERN_SLOW = P(
    "正则表达式 '{pattern}' 含有嵌套的重复或反向引用，匹配可能极慢",
    "the regular expression '{pattern}' has a nested repetition or a back-reference: matching may be "
    "extremely slow",
)
PATTERN_FIX = P(
    "去掉括号外的 + 或 *，例如把 (福州.*)+ 写成 福州.*",
    "drop the + or * outside the parentheses, e.g. write (福州.*)+ as 福州.*",
)
AVAILABLE = P("可用: {choices}", "available: {choices}")
COUNTY = P(
    "'{named}' 是{city}下辖的区县；规则中的地区只能写设区市或平潭，写区县会把整个{city}都算进去",
    "'{named}' is a county or district of {city}: a rule names a city (or Pingtan), and a county would "
    "stand for the whole of {city}",
)
WRITE_CITY = P(
    "写 {id}（{city}）表示{the_city}全市；规则暂不能按区县区分",
    "write {id} for the whole of {the_city}; rules cannot tell counties apart yet",
)

REGISTER_FIRST = P(
    "先在 catalog/policies.yaml 中登记这份文件", "register the document in catalog/policies.yaml first"
)
REGISTER_ID = P(
    "登记册中这份文件的编号是 '{id}'，写 {id}", "the register's id of this document is '{id}': write {id}"
)
WRITE_EXCLUDE = P(
    "写一条排除规则：exclude: {service}，when: {when}",
    "write an exclude rule: exclude: {service}, when: {when}",
)
WRITE_POSITIVE = P("把条件改写为肯定形式", "rewrite the condition in a positive form")

# -- rule workbooks ------------------------------------------------------------------------------------
BAD_SHEET = P("无法读取工作表 '{sheet}'：{why}", "cannot read sheet '{sheet}': {why}")
BOOK_OVER = P("工作簿超过 {limit} MB", "the workbook is over {limit} MB")
SPLIT_BOOKS = P("拆成几个工作簿", "split it into several workbooks")
NOT_XLSX = P("不是 .xlsx 工作簿：{why}", "not an .xlsx workbook: {why}")
ZIP_BOMB = P("工作簿解压后过大（可能是压缩炸弹）", "the workbook unpacks too large (perhaps a zip bomb)")
XML_ENTITIES = P(
    "含有 XML 实体或文档类型定义（可能是“实体炸弹”），已拒绝",
    "it holds XML entities or a document type definition (perhaps an 'entity bomb'): refused",
)
ROWS_OVER = P("超过 {limit} 行", "has more than {limit} rows")
TOO_MANY_CELLS = P("单元格过多", "has too many cells")
REQUIRED_MISSING = P("缺少必填项 '{key}'", "the required '{key}' is missing")
FILL_IN = P("填写“{column}”", "fill in '{column}'")
ADD_COLUMN = P("（先加一列“{column}”）", " (add a column '{column}' first)")
FILL_A_CONDITION = P("至少在一个条件列中填写", "fill in at least one condition column")
SHEET_BETWEEN = P("例如 20 ~ 300（含两端）", "e.g. 20 ~ 300 (both ends included)")
SHEET_BOOL = P("写 {yes} 或 {no}（也可以写 TRUE / FALSE）", "write {yes} (yes) or {no} (no), or TRUE / FALSE")
SHEET_EXISTS = P(
    "写 {yes}（企业填了这项）或 {no}（没有填）", "write {yes} (the enterprise gave it) or {no} (it did not)"
)
SHEET_BAD_RANGE = P("{op}：'{raw}' 应{how}", "{op}: write '{raw}' as low ~ high")
SHEET_NOT_YES_NO = P("应为 {yes} 或 {no}，而不是 '{raw}'", "should be {yes} (yes) or {no} (no), not '{raw}'")
FIELDS_IN_SCHEMA = P("可用字段见 prescriber schema", "prescriber schema lists the fields")

INLINE_DOCUMENTS = P("（内联文件）", "(documents written inline)")
ENDS = P("{document} 截至 {day}", "{document} until {day}")

# -- shape (a value against its model) -------------------------------------------------------------------
KEYS_ALLOWED = P("可用的键: {keys}", "allowed keys: {keys}")
DELETE_KEY = P("删除这个键", "delete this key")
ITEM_MISSING = P("{field}: 缺少第 {n} 项", "{field}: item {n} is missing")
FROM_TO = P("写成 [从, 到]，例如 [20, 300]", "write [from, to], e.g. [20, 300]")
ADD_KEY = P("加上 {key}: …", "add {key}: …")
NOT_WHOLE = P("应为整数，而不是 '{value}'", "should be a whole number, not '{value}'")

# -- tables ---------------------------------------------------------------------------------------------
TABLE_FORMAT = P("不支持的表格格式 '{suffix}'", "unsupported table format '{suffix}'")
TABLE_FORMATS = P("使用 .csv、.jsonl、.parquet 或 .xlsx", "use .csv, .jsonl, .parquet or .xlsx")
DASK_FORMAT = P("Dask 不支持的表格格式 '{suffix}'", "a table format Dask does not read: '{suffix}'")
DASK_FORMATS = P("使用 .csv、.jsonl 或 .parquet", "use .csv, .jsonl or .parquet")
JSON_INCOMPLETE = P(
    "这一行不是完整的 JSON（第 {column} 列：{why}）",
    "this line is not complete JSON (column {column}: {why})",
)
JSON_BAD = P("这一行的 JSON 有问题：{why}", "this line's JSON is wrong: {why}")
JSON_ARRAY = P("数组", "an array")
JSON_TEXT = P("文本", "a string")
JSON_VALUE = P("单个值", "a single value")

JSON_ONE_OBJECT = P(
    '每行写一个 JSON 对象，例如 {"name": "某某公司", "employees": 120}',
    'write one JSON object a line, e.g. {"name": "Example Co.", "employees": 120}',
)
THE_INPUT = P("输入文件", "the input file")
ANOTHER_OUTPUT = P("另一个输出文件（{file}）", "another output file ({file})")
FLAG_METRIC_COLUMNS = P(
    "标志写 flags.<id>，指标写 metrics.<id>", "write a flag as flags.<id>, a metric as metrics.<id>"
)

# -- the register ---------------------------------------------------------------------------------------
NO_RECORD = P("没有编号为 {record} 的记录", "no record numbered {record}")
RECORD_NOT_NUMBER = P(
    "记录编号应为正整数，而不是 {raw}", "a record number is a positive whole number, not {raw}"
)
FIND_RECORD_PAGE = P("在“查找记录”页面找到记录编号", "find the record number on the 'find a record' page")
FIND_RECORD = P(
    "用 prescriber case items 或员工页面查找记录编号",
    "find the record number with prescriber case items or on the staff pages",
)
DONE_NEEDS_EVIDENCE = P("改为“已办结”须附办结凭证", "changing to 'done' needs evidence that it was done")
EVIDENCE_HOW = P(
    "附一个链接（https://…）或一个文件（记录文件名和 SHA-256）",
    "attach a link (https://…) or a file (its name and SHA-256 are kept)",
)
EVIDENCE_WRONG = P("办结凭证的写法不对", "the evidence is not written right")
EVIDENCE_MISSING = P("找不到凭证文件 {file}", "evidence file {file} not found")
EVIDENCE_GIVE = P(
    "给出一个链接（https://…），或一个存在的文件", "give a link (https://…), or a file that exists"
)
EVIDENCE_LINK = P(
    "链接以 http:// 或 https:// 开头，不含空格，不超过 2000 个字符",
    "a link begins with http:// or https://, has no spaces and at most 2,000 characters",
)
EVIDENCE_FILE = P(
    "文件凭证写文件名（不含目录）和 64 位小写十六进制的 SHA-256",
    "a file is given by its name (no directory) and its SHA-256 in 64 lower-case hex digits",
)
EVIDENCE_EITHER = P(
    "凭证是一个链接，或一个文件名加它的 SHA-256，二者选一",
    "evidence is either a link, or a file name with its SHA-256",
)
NO_VERSION = P(
    "事项 {item} 没有版本 {expected}（当前版本 {current}）：请核对版本号后再改",
    "item {item} has no version {expected} (it is at version {current}): check the version number",
)
CHANGED_BY_OTHERS = P(
    "事项 {item} 已被他人修改（您读取的版本 {expected}，当前版本 {current}）：请重新读取后再改",
    "item {item} was changed by someone else (you read version {expected}, it is now at {current}): "
    "read it again, then change it",
)
FINAL = P("无（已是最终状态）", "nothing (it is final)")
NO_CASES_YET = P("（还没有任何案）", "(no cases yet)")
NO_SUFFIX = P("（无后缀）", "(no suffix)")
NOT_GIVEN = P("（未填）", "(not given)")

# -- the engine -----------------------------------------------------------------------------------------
BEYOND_ENGINE = P("规则 {rule} 超出引擎能力：{why}", "rule {rule} is beyond what the engine can do: {why}")
BASE_BEYOND_ENGINE = P("规则库超出引擎能力", "the rule base is beyond what the engine can do")
SPLIT_BASE = P("把规则分成几个较小的规则库", "split the rules into several smaller rule bases")
NEEDS_TERMS = P(
    "需要超过 {limit} 条引擎规则才能精确表达", "it takes more than {limit} engine rules to say exactly"
)
SPLIT_VALUES = P(
    "把取值分到几条规则里（例如每条不超过 500 个），或简化条件",
    "spread the values over several rules (e.g. at most 500 each), or simplify the conditions",
)
TOO_MANY_VALUES = P(
    "一个条件列出的取值太多（{n} 个，引擎最多 {limit} 个）",
    "a condition lists too many values ({n}, the engine takes {limit})",
)
TOO_MANY_CHOICES = P(
    "同一字段上的多选条件太多（{n} 个，引擎最多 {limit} 个）",
    "too many multiple-choice conditions on one field ({n}, the engine takes {limit})",
)
TOO_MANY_ALIKE = P(
    "相同条件的规则太多（{n} 条，引擎最多 {limit} 条）",
    "too many rules with the same conditions ({n}, the engine takes {limit})",
)
TOO_DEEP = P(
    "条件的嵌套或并列太多（引擎需要 {n} 层，最多 {limit} 层）",
    "conditions nested or side by side too much (the engine needs {n} levels, at most {limit})",
)
TOO_MANY_ENGINE_RULES = P(
    "展开后的引擎规则太多（{n} 条，最多 {limit} 条）",
    "too many engine rules once expanded ({n}, at most {limit})",
)

# -- the web service ------------------------------------------------------------------------------------
INPUT_ERRORS = P("输入有 {count} 处错误", "{count} error(s) in the input")
NO_SERVICE = P("目录中没有服务 '{service}'", "the catalogue has no service '{service}'")
LIST_SERVICES = P("用 GET /api/v1/services 查看服务编号", "GET /api/v1/services lists the services' ids")
BAD_REQUEST = P("请求参数有误", "the request's parameters are wrong")
# what an error answer says (an HTTPException's detail), in the language the request asks for
NO_ITEM = P("没有编号为 {item} 的事项", "no item numbered {item}")
NO_GROUP = P("没有编号为 {group} 的组", "no group numbered {group}")
NO_JOB = P("没有编号为 {job} 的批量任务", "no batch job numbered {job}")
JOB_NOT_DONE = P("任务尚未完成（{state}）", "the job is not finished yet ({state})")
EMPTY_UPLOAD = P("上传的表格是空的", "the uploaded table is empty")
UPLOAD_FILES = P(
    "表单上传应恰有一个文件（字段名任意），现有 {count} 个；也可以把表格本身作为请求体上传",
    "a form upload should hold exactly one file (any field name), it holds {count}; or send the table "
    "itself as the body",
)
UPLOAD_FORMAT = P(
    "无法从文件名 '{name}' 判断表格格式：在地址中写明 format=csv、jsonl、parquet 或 xlsx",
    "cannot tell the table's format from the file name '{name}': say format=csv, jsonl, parquet or xlsx",
)
NOT_IN_LIST = P("这些服务不在该清单中：{services}", "these services are not in the list: {services}")
CONFIRM_NEEDS_KEY = P(
    "确认需要清单的记录密钥（X-Record-Key），或员工身份",
    "confirming needs the list's record key (X-Record-Key), or staff credentials",
)
NO_STAFF_SET = P(
    "未配置员工凭据：设置 PRESCRIBER_STAFF_PASSWORD 或 PRESCRIBER_API_TOKEN 后重启服务",
    "no staff credentials are configured: set PRESCRIBER_STAFF_PASSWORD or PRESCRIBER_API_TOKEN, "
    "then restart the service",
)
STAFF_ONLY = P("需要员工身份认证", "staff authentication is required")
TOO_FREQUENT = P("请求过于频繁，请 {wait} 秒后再试", "too many requests: try again in {wait} seconds")
MEDIA_UNSUPPORTED = P(
    "不支持的内容类型 {media}：请用 application/json 或 application/yaml",
    "unsupported content type {media}: use application/json or application/yaml",
)
BODY_OVER = P("请求内容超过 {kb} KB 上限", "the request body is over the {kb} KB limit")
INTERNAL = P("服务器内部错误（已记录）", "internal server error (logged)")
NO_LIST = P("没有这份清单（链接不完整或已失效）", "no such list (the link is incomplete or has expired)")
NO_SUCH_ITEM = P("没有这个事项", "no such item")
NO_SUCH_RECORD = P("没有这条记录", "no such record")
TICK_SUPPLIERS = P("请勾选要确认入选的企业", "tick the enterprises to confirm as chosen")
FOREIGN_FORM = P("拒绝来自其他网站的提交", "a form sent from another site is refused")

# -- models (what pydantic's validators say) ---------------------------------------------------------------
NUMBER_TOO_LONG = P("数字太长（最多 {limit} 位）", "number too long (at most {limit} digits)")
NOT_SCALAR = P(
    "应为单个取值（文本、数字或 true/false），而不是{kind}",
    "should be one value (text, a number or true/false), not {kind}",
)
NOT_A_NUMBER = P("应为数字，而不是{kind}", "should be a number, not {kind}")
NOT_FINITE = P("应为有限的数字", "should be a finite number")
KIND_NULL = P("空值", "empty")
KIND_LIST = P("列表", "a list")
KIND_MAPPING = P("映射", "a mapping")
KIND_TEXT = P("文本 '{value}'", "the text '{value}'")
KIND_BOOL = P("true/false", "true/false")
BAD_CREDIT_CODE = P("统一社会信用代码无效：{reason}", "invalid unified social credit code: {reason}")
USCC_LENGTH = P("应为 18 位，实际 {length} 位", "it should have 18 characters, not {length}")
USCC_CHARACTERS = P(
    "含有不允许的字符 {bad}（代码不使用字母 I、O、Z、S、V 和小写字母）",
    "it has characters not allowed: {bad} (codes use no I, O, Z, S, V and no lower-case letters)",
)
USCC_REGION = P(
    "第 3–8 位应为行政区划数字代码", "characters 3–8 should be a numeric administrative division code"
)
USCC_CHECK = P(
    "校验位错误：第 18 位应为 {expected}，实际为 {found}",
    "wrong check character: the 18th should be {expected}, not {found}",
)
SUPPLIER_SELF = P(
    "第 {n} 家配套企业的统一社会信用代码是本企业自己的",
    "supplier {n}'s unified social credit code is the enterprise's own",
)
SUPPLIER_TWICE = P(
    "第 {n} 家配套企业与第 {first} 家的统一社会信用代码相同（{code}）",
    "suppliers {n} and {first} have the same unified social credit code ({code})",
)
SOME_OPERATOR = P("至少写一个运算符: {operators}", "write at least one operator: {operators}")
SOME_GROUP = P(
    "条件组至少要有 all、any 或 not 之一", "a group of conditions needs at least one of all, any or not"
)
ONE_EFFECT = P(
    "每条规则要么写 service（推荐）要么写 exclude（排除），只能二选一",
    "a rule has either service (to recommend) or exclude (to veto), not both and not neither",
)
NEEDS_WEIGHT = P(
    "推荐规则需要 weight（{low}–{high}）", "a rule that recommends needs a weight ({low}–{high})"
)
NO_WEIGHT = P("排除规则不需要 weight", "an exclude rule takes no weight")
UNTIL_BEFORE_FROM = P("valid_until 早于 valid_from", "valid_until is before valid_from")
ENDED_NEEDS_UNTIL = P(
    "状态为“{status}”的文件必须写 valid_until（执行截止日期）",
    "a document whose status is '{status}' must give valid_until (its end date)",
)
OPEN_AND_UNTIL = P(
    "open_ended: true（长期有效）与 valid_until 不能同时写",
    "open_ended: true (standing) and valid_until cannot both be given",
)
POLICY_NEEDS_SOURCE = P(
    "政策文件要写 source（可查到原文的网址）；找不到网址时在 note 中说明，没有文件依据的做法写 kind: "
    "服务规范",
    "a policy document needs a source (the address of its text); without one say why in note, and write a "
    "practice with no document behind it as kind: 服务规范",
)
CHOICES_ONLY = P(
    "choices 只用于 type: choice，且 choice 类型必须列出 choices",
    "choices go with type: choice only, and a choice type must list its choices",
)

# -- the collective contract's end day --------------------------------------------------------------------
NOT_A_DAY = P("不是日期", "not a date")
MONTHS_OUT = P(
    "距 {day} 为 {months} 个月，超出 {low}–{high} 个月",
    "{months} months from {day}, outside {low}–{high} months",
)
NO_SUCH_METRIC = P("所用目录没有这个指标", "the catalogue in use has no such metric")
CONTRACT_UNTIL_LABEL = P("集体合同期满日期", "collective_contract_until")
CONTRACT_DAY_HOW = P(
    "写成 YYYY-MM-DD，例如 2027-03-31；集体合同期限一般为 1～3 年",
    "write YYYY-MM-DD, e.g. 2027-03-31; a collective contract usually runs 1 to 3 years",
)
