"""The command line's help in Chinese and in English: every subcommand's description, example and option,
keyed by id — the command's path and the option (``"case update --status"``), or ``:description`` /
``:epilog`` after the path; an option every command words alike by the option alone (``"--db"``), else by
its destination in :data:`COMMON`. Both languages have the same keys (a test checks); :mod:`prescriber.cli`
declares the commands and options and asks :func:`option` for their words. argparse's own usage errors
are put in the language here too (:func:`usage_error`)."""

from __future__ import annotations

import re

from prescriber.render.messages import MESSAGES

__all__ = ["COMMON", "HELP", "TITLES", "option", "usage_error"]

TITLES: dict[str, dict[str, str]] = {
    "zh": {
        "usage": "用法：",
        "positionals": "参数",
        "optionals": "选项",
        "commands": "命令",
        "help": "显示本帮助并退出",
    },
    "en": {
        "usage": "usage: ",
        "positionals": "arguments",
        "optionals": "options",
        "commands": "commands",
        "help": "show this help and exit",
    },
}
"""argparse's own headings, per language."""

_COMMON_EN: dict[str, str] = {
    "format": "output format",
    "lang": "language: zh Chinese (default) or en English",
    "as_of": "prescribe with the policies in force on this day (default today), written YYYY-MM-DD",
    "year": "year, e.g. 2026",
    "db": "register address (default sqlite:///prescriber-register.db, or the environment variable "
    "PRESCRIBER_DB_URL)",
    "item": "item number (see prescriber case items)",
    "due": "due date, written YYYY-MM-DD",
}
_COMMON_ZH: dict[str, str] = {
    "format": "输出格式",
    "lang": "语言：zh 中文（默认）或 en 英文",
    "as_of": "按这一天有效的政策开具（默认今天），写作 YYYY-MM-DD",
    "year": "年度，例如 2026",
    "db": "登记库地址（默认 sqlite:///prescriber-register.db，或环境变量 PRESCRIBER_DB_URL）",
    "item": "事项编号（见 prescriber case items）",
    "due": "办理期限，写作 YYYY-MM-DD",
}
COMMON = {"zh": _COMMON_ZH, "en": _COMMON_EN}
"""The options many commands share, by destination, worded once (a command may give its own words)."""

_RULES_EDITED = (
    "rule-base folder (default: ./rules when the current folder holds rules/ and catalog/, else the copy "
    "installed with prescriber)"
)
_CATALOG_EDITED = "service catalogue folder (default: as above, ./catalog or the installed copy)"
_EXAMPLE = "example:\n  "

_EN: dict[str, str] = {
    # the top level
    ":description": "Prescribe on need, deliver on prescription — a personalised list of services for an "
    "enterprise.",
    ":epilog": "examples:\n"
    "  prescriber prescribe examples/fuzhou-vehicle-maker.yaml\n"
    "  prescriber prescribe examples/*.yaml --format json -o out.json\n"
    "  prescriber prescribe examples/jinjiang-footwear-sme.yaml --format html -o list.html\n"
    "  prescriber explain examples/fuzhou-vehicle-maker.yaml --service mediation-committee\n"
    "  prescriber catalog --category skills\n"
    "  prescriber validate --rules rules/ --catalog catalog/\n"
    "  prescriber lint --strict\n"
    "  prescriber test scenarios/ --coverage\n"
    "  prescriber diff old-rules/ rules/ --profiles examples/enterprises.csv\n"
    "  prescriber batch examples/enterprises.csv -o out.parquet --top 5\n"
    "  prescriber schema rules -o rules/\n"
    "  prescriber rules export --xlsx rule-sheets/\n\n"
    "exit codes: 0 success, 1 problems in the input, 2 usage error, 3 internal error (a fault of the "
    "program), 130 interrupted\n",
    "--version": "show the version and exit",
    "--debug": "show the full traceback on an internal error",
    # options several commands word alike
    "--rules": "rule-base folder (default: {rules})",
    "--catalog": "service catalogue folder (default: the copy installed with prescriber)",
    "--output": "write to this file (default: standard output); the suffix .html/.md/.json/.txt picks the "
    "format",
    "--top": "list at most N services beyond the core",
    "--db": "register (default PRESCRIBER_DB_URL or sqlite:///prescriber-register.db)",
    "--by": "who makes the change (default: the user logged in)",
    "--officer": "the officer responsible for each item",
    "--due": "due date (default: in 30 days)",
    "--city": "region id or name, e.g. fuzhou, Fuzhou, 福州市",
    "--min-coverage": "fail when fewer than P%% of the rules fire",
    # the commands
    "prescribe": "prescribe for one or more enterprise profiles (YAML or JSON; - reads standard input)",
    "prescribe:description": "Prescribe for one or more enterprise profiles (YAML or JSON; - reads standard "
    "input).",
    "prescribe:epilog": _EXAMPLE
    + "prescriber prescribe examples/fuzhou-vehicle-maker.yaml --top 5 --format markdown",
    "prescribe profiles": "enterprise profile file",
    "prescribe --format": "output format (default: by the suffix of -o, else a table)",
    "prescribe --lang": "language of the list (rule titles and reasons exist in Chinese only)",
    "prescribe --explain": "list every rule that fired, its source and the facts it rests on (for staff)",
    "prescribe --as-of": "prescribe with the rules in force on this day (default: today)",
    "prescribe --engine": "matching engine",
    "explain": "say why a service is or is not recommended",
    "explain:description": "Say why a service is or is not recommended.",
    "explain:epilog": _EXAMPLE + "prescriber explain examples/jinjiang-footwear-sme.yaml --service job-fair",
    "explain profile": "enterprise profile file",
    "explain --service": "service id (see prescriber catalog)",
    "explain --format": "output format (default: JSON when -o ends in .json, else text)",
    "explain --as-of": "prescribe with the rules in force on this day (default: today)",
    "explain --engine": "matching engine",
    "catalog": "list the services of the catalogue",
    "catalog:description": "List the services of the catalogue.",
    "catalog:epilog": _EXAMPLE + "prescriber catalog --category skills",
    "catalog --category": "only this category (id or Chinese name)",
    "validate": "check the rule base and the catalogue and list every problem",
    "validate:description": "Check the rule base and the catalogue and list every problem.",
    "validate:epilog": _EXAMPLE + "prescriber validate --rules rules/ --format json",
    "validate --rules": _RULES_EDITED,
    "validate --catalog": _CATALOG_EDITED,
    "lint": "find rules that never fire, duplicates, rules a veto overrides and vocabulary never used",
    "lint:description": "Find rules that never fire, duplicates, rules a veto overrides and vocabulary never "
    "used.",
    "lint:epilog": _EXAMPLE + "prescriber lint --strict",
    "lint --strict": "exit code 1 on warnings too",
    "lint --as-of": "also list the services whose policies have all ended by this day",
    "lint --rules": _RULES_EDITED,
    "lint --catalog": _CATALOG_EDITED,
    "test": "run the scenario tests written in YAML",
    "test:description": "Run the scenario tests written in YAML.",
    "test:epilog": _EXAMPLE + "prescriber test scenarios/",
    "test paths": "scenario files or folders (default: scenarios/)",
    "test --coverage": "report which rules and conditions the scenarios cover",
    "test --rules": _RULES_EDITED,
    "test --catalog": _CATALOG_EDITED,
    "coverage": "count on a set of profiles which rules fire and which never do",
    "coverage:description": "Count on a set of profiles which rules fire and which never do.",
    "coverage:epilog": _EXAMPLE + "prescriber coverage examples/enterprises.csv --as-of 2026-06-01",
    "coverage inputs": "enterprise profile files or tables",
    "diff": "compare two versions of the rule base: whose lists change, and how",
    "diff:description": "Compare two versions of the rule base: whose lists change, and how.",
    "diff:epilog": _EXAMPLE + "prescriber diff old-rules/ rules/ --profiles examples/enterprises.csv",
    "diff old": "the old rule-base folder",
    "diff new": "the new rule-base folder",
    "diff --profiles": "enterprise profile files or tables",
    "diff --catalog": "the catalogue both sides use (default: ./catalog when there is one, else the "
    "installed copy)",
    "diff --old-catalog": "the catalogue of the old side (default: --catalog)",
    "diff --new-catalog": "the catalogue of the new side (default: --catalog)",
    "batch": "prescribe for every row of a table of enterprises (CSV, JSON Lines, Parquet, Excel)",
    "batch:description": "Prescribe for every row of a table of enterprises (CSV, JSON Lines, Parquet, "
    "Excel).",
    "batch:epilog": _EXAMPLE + "prescriber batch examples/enterprises.csv -o out.csv --top 5",
    "batch input": "table of enterprises",
    "batch --output": "the long table (a row per enterprise and service); the suffix picks the format",
    "batch --wide": "the wide table (default: OUTPUT.wide.<suffix>)",
    "batch --errors": "the error table (default: OUTPUT.errors.csv)",
    "batch --chunk": "rows per chunk; memory grows with it (default 50,000)",
    "batch --workers": "processes prescribing in parallel (default: the CPUs less one, kept for reading "
    "and writing, at most 4)",
    "batch --engine": "batch engine",
    "batch --scheduler": "dask scheduler address (default: a local cluster)",
    "report": "population report: services by city, industry and size; a shortlist per city; rules "
    "never fired",
    "report:description": "Population report: services by city, industry and size; a shortlist per city; "
    "rules never fired.",
    "report:epilog": _EXAMPLE + "prescriber report examples/enterprises.csv -o report.html",
    "report input": "table of enterprises",
    "report --output": ".md or .html (default: Markdown to standard output)",
    "rules": "convert the rule base: export to Excel workbooks (a rule per row), or back to YAML",
    "rules:description": "Convert the rule base: export to Excel workbooks (a rule per row), or back to "
    "YAML.",
    "rules:epilog": _EXAMPLE + "prescriber rules export --xlsx rule-sheets/",
    "rules export": "write the rule base as workbooks (a rule that does not fit in one row stays YAML), "
    "or back as YAML",
    "rules export:description": "Write the rule base as workbooks (a rule that does not fit in one row "
    "stays YAML), or back as YAML.",
    "rules export:epilog": _EXAMPLE
    + "prescriber rules export --xlsx rule-sheets/ && prescriber validate --rules rule-sheets/",
    "rules export --xlsx": "workbooks (a rule per row), written into a new or empty folder",
    "rules export --yaml": "YAML files (each row of the workbooks written as a YAML rule)",
    "schema": "write the JSON Schema of a kind of file (with the catalogue's services, fields and values) "
    "for editors' completion",
    "schema:description": "Write the JSON Schema of a kind of file (with the catalogue's services, fields "
    "and values) for editors' completion.",
    "schema:epilog": _EXAMPLE + "prescriber schema rules -o rules/",
    "schema kind": "kind of file",
    "schema --catalog": "the catalogue whose values it lists (default: ./catalog when there is one, else "
    "the installed copy)",
    "schema --output": "a file, or a folder to write KIND.schema.json into (default: standard output)",
    "serve": "run the HTTP API and the pages (on the local address only while no authentication is set)",
    "serve:description": "Run the HTTP API (/api/v1) and the pages: self-assessment, service lists, "
    "confirmation, staff pages.",
    "serve:epilog": _EXAMPLE
    + "PRESCRIBER_STAFF_PASSWORD=… prescriber serve --port 8000 --db sqlite:///register.db\n\n"
    "environment: PRESCRIBER_API_TOKEN, PRESCRIBER_STAFF_PASSWORD, PRESCRIBER_USER_HEADER, "
    "PRESCRIBER_DB_URL",
    "serve --host": "address to bind (default 127.0.0.1)",
    "serve --port": "port (default 8000)",
    "serve --rules": "rule-base folder (default: the copy installed with prescriber)",
    "serve --catalog": "service catalogue folder (default: the copy installed with prescriber)",
    "serve --db": "register (default sqlite:///prescriber-register.db, or the environment variable "
    "PRESCRIBER_DB_URL); for PostgreSQL write postgresql+psycopg://…",
    "serve --forwarded-allow-ips": "trusted reverse proxies, addresses or networks (comma-separated, or "
    "PRESCRIBER_FORWARDED_ALLOW_IPS): only their requests have the rate limit counted by X-Forwarded-For",
    "serve --no-watch": "do not reload when the rules or the catalogue change",
    "db": "manage the register (database migrations)",
    "db:description": "Manage the register: upgrade to the latest structure, or show the current version.",
    "db:epilog": _EXAMPLE + "prescriber db upgrade --db sqlite:///register.db",
    "db action": "upgrade or current",
    "db --db": _COMMON_EN["db"],
    "case": "follow-through: cases, items, delivery, city assessment (a case per enterprise)",
    "case:description": "Follow-through: turn the services an enterprise confirmed into the items of its "
    "case, delivered one by one, recorded and assessed.",
    "case:epilog": "examples:\n  prescriber case open 12 --officer Li\n"
    "  prescriber case items --officer Li --open\n"
    "  prescriber case update 7 --version 2 --status done --evidence sign-in.pdf\n"
    "  prescriber case assess --city fuzhou --year 2026 -o fuzhou-2026.xlsx\n"
    "  prescriber case group open 12 --profiles suppliers/",
    "case open": "open a case from a confirmed record (a case of the same enterprise and year is brought "
    "up to date with the new list)",
    "case open record": "record number",
    "case items": "list the items (earliest due first)",
    "case items --officer": "only this officer's items",
    "case items --open": "only items pending or in progress",
    "case items --city": "only this city (region id or name, e.g. fuzhou, Fuzhou, 福州市)",
    "case show": "an item's evidence and every change made to it",
    "case update": "change an item: status, note, evidence, officer, due date, follow-up satisfaction",
    "case update --version": "the version read (so that no one else's change is overwritten)",
    "case update --status": "pending, in-progress, done, declined, ineligible (or in Chinese: 待对接, "
    "办理中, 已办结, 企业放弃, 不符合条件)",
    "case update --reason": "why declined or not eligible",
    "case update --note": "a note on the work",
    "case update --evidence": "evidence of delivery: a link, or a file (its name and SHA-256 are recorded)",
    "case update --officer": "hand the item to this officer",
    "case update --due": _COMMON_EN["due"],
    "case update --satisfaction": "follow-up satisfaction",
    "case assess": "a city's assessment for a year (CSV or Excel)",
    "case assess --output": ".xlsx or .csv (default: the summary on standard output)",
    "case cohort": "key enterprises of the year: proposed by influence (then need), confirmed by staff",
    "case cohort --size": "how many to propose (beyond those confirmed; default 10)",
    "case cohort --confirm": "confirm these records' enterprises",
    "case group": "groups: a chain leader's suppliers prescribed, opened and followed together",
    "case group:description": "Groups: the suppliers a chain leader's profile lists are prescribed and "
    "given a case each, and followed as a group. A supplier without a record of the year is listed as to "
    "collect, never left out.",
    "case group:epilog": "examples:\n  prescriber case group open 12 --profiles suppliers/ --officer Li\n"
    "  prescriber case group show 1\n  prescriber case group list --city fuzhou --year 2026",
    "case group open": "open a group from a chain leader's record (again: brought up to date with the "
    "latest records and the profiles newly collected)",
    "case group open record": "the chain leader's record number",
    "case group open --profiles": "the suppliers' profiles (YAML/JSON files, or a folder of them): matched "
    "by unified social credit code, prescribed and recorded first",
    "case group show": "a group: the leader and each supplier's items and progress",
    "case group show group": "group number",
    "case group list": "list the groups (by city, by year)",
}

_EXAMPLE_ZH = "示例：\n  "

_ZH: dict[str, str] = {
    ":description": "按需开方、依方取药 — 为企业开具个性化服务清单。",
    ":epilog": "示例：\n"
    "  prescriber prescribe examples/fuzhou-vehicle-maker.yaml\n"
    "  prescriber prescribe examples/*.yaml --format json -o out.json\n"
    "  prescriber prescribe examples/jinjiang-footwear-sme.yaml --format html -o 清单.html\n"
    "  prescriber explain examples/fuzhou-vehicle-maker.yaml --service mediation-committee\n"
    "  prescriber catalog --category skills\n"
    "  prescriber validate --rules rules/ --catalog catalog/\n"
    "  prescriber lint --strict\n"
    "  prescriber test scenarios/ --coverage\n"
    "  prescriber diff old-rules/ rules/ --profiles examples/enterprises.csv\n"
    "  prescriber batch examples/enterprises.csv -o out.parquet --top 5\n"
    "  prescriber schema rules -o rules/\n"
    "  prescriber rules export --xlsx 规则表/\n\n"
    "退出码：0 成功，1 输入有问题，2 用法错误，3 内部错误（程序的问题），130 被中断\n",
    "--version": "显示版本并退出",
    "--debug": "内部错误时显示完整的调用栈",
    "--rules": "规则库目录（默认：{rules}）",
    "--catalog": "服务目录（默认：随程序安装的目录）",
    "--output": "写入这个文件（默认：标准输出）；后缀 .html/.md/.json/.txt 决定格式",
    "--top": "核心服务之外最多列出 N 项",
    "--db": "登记库（默认 PRESCRIBER_DB_URL 或 sqlite:///prescriber-register.db）",
    "--by": "操作人（默认：当前登录用户名）",
    "--officer": "各事项的负责人",
    "--due": "办理期限（默认：30 天后）",
    "--city": "地区编号或名称，如 fuzhou、福州市",
    "--min-coverage": "触发的规则少于 P%% 时失败",
    "prescribe": "为一个或多个企业档案开具服务清单（YAML 或 JSON；- 表示从标准输入读取）",
    "prescribe:description": "为一个或多个企业档案开具服务清单（YAML 或 JSON；- 表示从标准输入读取）。",
    "prescribe:epilog": _EXAMPLE_ZH
    + "prescriber prescribe examples/fuzhou-vehicle-maker.yaml --top 5 --format markdown",
    "prescribe profiles": "企业档案文件",
    "prescribe --format": "输出格式（默认：按 -o 的后缀，否则为表格）",
    "prescribe --lang": "清单语言（规则的标题和理由只有中文）",
    "prescribe --explain": "列出每条命中的规则、依据和所依据的事实（工作人员用）",
    "prescribe --as-of": "按这一天有效的规则开具（默认：今天）",
    "prescribe --engine": "匹配引擎",
    "explain": "说明某项服务为什么推荐或不推荐",
    "explain:description": "说明某项服务为什么推荐或不推荐。",
    "explain:epilog": _EXAMPLE_ZH
    + "prescriber explain examples/jinjiang-footwear-sme.yaml --service job-fair",
    "explain profile": "企业档案文件",
    "explain --service": "服务编号（见 prescriber catalog）",
    "explain --format": "输出格式（默认：-o 为 .json 时 JSON，否则文本）",
    "explain --as-of": "按这一天有效的规则开具（默认：今天）",
    "explain --engine": "匹配引擎",
    "catalog": "列出服务目录中的服务",
    "catalog:description": "列出服务目录中的服务。",
    "catalog:epilog": _EXAMPLE_ZH + "prescriber catalog --category skills",
    "catalog --category": "只列这一类（编号或中文名）",
    "validate": "检查规则库和服务目录，列出全部问题",
    "validate:description": "检查规则库和服务目录，列出全部问题。",
    "validate:epilog": _EXAMPLE_ZH + "prescriber validate --rules rules/ --format json",
    "validate --rules": "规则库目录（默认：当前目录下有 rules/ 和 catalog/ 时用 ./rules，否则用随程序安装"
    "的）",
    "validate --catalog": "服务目录（默认：同上，./catalog 或随程序安装的）",
    "lint": "查找永不触发、重复、被否决覆盖的规则和未用到的词表项",
    "lint:description": "查找永不触发、重复、被否决覆盖的规则和未用到的词表项。",
    "lint:epilog": _EXAMPLE_ZH + "prescriber lint --strict",
    "lint --strict": "有警告时退出码也为 1",
    "lint --as-of": "同时列出到这一天全部政策依据都已到期的服务",
    "lint --rules": "规则库目录（默认：当前目录下有 rules/ 和 catalog/ 时用 ./rules，否则用随程序安装的）",
    "lint --catalog": "服务目录（默认：同上，./catalog 或随程序安装的）",
    "test": "运行用 YAML 写的场景测试",
    "test:description": "运行用 YAML 写的场景测试。",
    "test:epilog": _EXAMPLE_ZH + "prescriber test scenarios/",
    "test paths": "场景文件或目录（默认：scenarios/）",
    "test --coverage": "报告场景覆盖了哪些规则和条件",
    "test --rules": "规则库目录（默认：当前目录下有 rules/ 和 catalog/ 时用 ./rules，否则用随程序安装的）",
    "test --catalog": "服务目录（默认：同上，./catalog 或随程序安装的）",
    "coverage": "在一批企业档案上统计哪些规则触发、哪些从不触发",
    "coverage:description": "在一批企业档案上统计哪些规则触发、哪些从不触发。",
    "coverage:epilog": _EXAMPLE_ZH + "prescriber coverage examples/enterprises.csv --as-of 2026-06-01",
    "coverage inputs": "企业档案文件或企业表格",
    "diff": "比较两版规则库：哪些企业的清单有变化、怎样变化",
    "diff:description": "比较两版规则库：哪些企业的清单有变化、怎样变化。",
    "diff:epilog": _EXAMPLE_ZH + "prescriber diff old-rules/ rules/ --profiles examples/enterprises.csv",
    "diff old": "旧规则库目录",
    "diff new": "新规则库目录",
    "diff --profiles": "企业档案文件或企业表格",
    "diff --catalog": "两边共用的服务目录（默认：当前目录下有 catalog/ 时用它，否则用随程序安装的）",
    "diff --old-catalog": "旧版一侧的服务目录（默认：--catalog）",
    "diff --new-catalog": "新版一侧的服务目录（默认：--catalog）",
    "batch": "为表格的每一行企业开具清单（CSV、JSON Lines、Parquet、Excel）",
    "batch:description": "为表格的每一行企业开具清单（CSV、JSON Lines、Parquet、Excel）。",
    "batch:epilog": _EXAMPLE_ZH + "prescriber batch examples/enterprises.csv -o out.csv --top 5",
    "batch input": "企业表格",
    "batch --output": "长表（每家企业每项服务一行）；后缀决定格式",
    "batch --wide": "宽表（默认：OUTPUT.wide.<后缀>）",
    "batch --errors": "错误表（默认：OUTPUT.errors.csv）",
    "batch --chunk": "每块行数，内存随之增长（默认 50,000）",
    "batch --workers": "并行开具的进程数（默认：CPU 数减一，留一个读写，最多 4）",
    "batch --engine": "批量引擎",
    "batch --scheduler": "dask 调度器地址（默认：本机集群）",
    "report": "群体报告：按设区市、行业、规模统计服务；各市建议名单；未触发的规则",
    "report:description": "群体报告：按设区市、行业、规模统计服务；各市建议名单；未触发的规则。",
    "report:epilog": _EXAMPLE_ZH + "prescriber report examples/enterprises.csv -o 报告.html",
    "report input": "企业表格",
    "report --output": ".md 或 .html（默认：Markdown 输出到标准输出）",
    "rules": "转换规则库：导出为 Excel 工作簿（每条规则一行），或导回 YAML",
    "rules:description": "转换规则库：导出为 Excel 工作簿（每条规则一行），或导回 YAML。",
    "rules:epilog": _EXAMPLE_ZH + "prescriber rules export --xlsx 规则表/",
    "rules export": "把规则库写成工作簿（写不成一行的规则仍为 YAML），或写回 YAML",
    "rules export:description": "把规则库写成工作簿（写不成一行的规则仍为 YAML），或写回 YAML。",
    "rules export:epilog": _EXAMPLE_ZH
    + "prescriber rules export --xlsx 规则表/ && prescriber validate --rules 规则表/",
    "rules export --xlsx": "工作簿（每条规则一行），写入一个新的或空的文件夹",
    "rules export --yaml": "YAML 文件（工作簿的每一行写成一条 YAML 规则）",
    "schema": "输出某类文件的 JSON Schema（含服务目录中的服务、字段和取值），供编辑器自动补全",
    "schema:description": "输出某类文件的 JSON Schema（含服务目录中的服务、字段和取值），供编辑器自动补全。",
    "schema:epilog": _EXAMPLE_ZH + "prescriber schema rules -o rules/",
    "schema kind": "文件类型",
    "schema --catalog": "列出其取值的服务目录（默认：当前目录下有 catalog/ 时用它，否则用随程序安装的）",
    "schema --output": "一个文件，或写入 KIND.schema.json 的目录（默认：标准输出）",
    "serve": "运行 HTTP 接口和网页（未配置身份认证时只绑定本机地址）",
    "serve:description": "运行 HTTP 接口（/api/v1）和网页：企业自评、服务清单、意愿确认、工作人员页面。",
    "serve:epilog": "示例：\n  PRESCRIBER_STAFF_PASSWORD=… prescriber serve --port 8000 --db sqlite:///reg"
    "ister.db\n\n环境变量：PRESCRIBER_API_TOKEN、PRESCRIBER_STAFF_PASSWORD、PRESCRIBER_USER_HEADER、PRE"
    "SCRIBER_DB_URL",
    "serve --host": "绑定的地址（默认 127.0.0.1）",
    "serve --port": "端口（默认 8000）",
    "serve --rules": "规则库目录（默认：随程序安装的）",
    "serve --db": "登记库（默认 sqlite:///prescriber-register.db，或环境变量 PRESCRIBER_DB_URL）；PostgreS"
    "QL 写 postgresql+psycopg://…",
    "serve --forwarded-allow-ips": "可信的反向代理地址或网段（逗号分隔，或环境变量 PRESCRIBER_FORWARDED_AL"
    "LOW_IPS）：只有来自它们的请求才按 X-Forwarded-For 计算访问频率限制",
    "serve --no-watch": "规则或服务目录改动时不自动重新加载",
    "db": "管理登记库（数据库迁移）",
    "db:description": "管理登记库：upgrade 升级到最新结构，current 显示当前版本。",
    "db:epilog": _EXAMPLE_ZH + "prescriber db upgrade --db sqlite:///register.db",
    "db action": "upgrade 或 current",
    "db --db": _COMMON_ZH["db"],
    "case": "依方取药：立案、事项、办理、城市考核（一企一案）",
    "case:description": "依方取药：把企业确认的服务清单变成一企一案的事项，逐项办理、留痕、考核。",
    "case:epilog": "示例：\n  prescriber case open 12 --officer 李四\n  prescriber case items --officer 李"
    "四 --open\n  prescriber case update 7 --version 2 --status 已办结 --evidence 签到表.pdf\n  prescri"
    "ber case assess --city 福州市 --year 2026 -o 福州2026.xlsx\n  prescriber case group open 12 --prof"
    "iles 配套企业/",
    "case open": "从已意愿确认的记录立案（同一企业同一年已有案时，按新清单更新）",
    "case open record": "记录编号",
    "case items": "列出事项（按期限先后）",
    "case items --officer": "只列这位负责人的事项",
    "case items --open": "只列待对接、办理中的事项",
    "case items --city": "只列这个城市（地区编号或名称，如 fuzhou、福州市）",
    "case show": "一个事项的凭证和全部修改记录",
    "case update": "修改一个事项：状态、备注、凭证、负责人、期限、回访满意度",
    "case update --version": "读取时的版本号（防止覆盖他人的修改）",
    "case update --status": "待对接、办理中、已办结、企业放弃、不符合条件（或 pending、in-progress、done、"
    "declined、ineligible）",
    "case update --reason": "企业放弃、不符合条件的原因",
    "case update --note": "办理备注",
    "case update --evidence": "办结凭证：一个链接，或一个文件（记录文件名和 SHA-256）",
    "case update --officer": "改由这位负责人跟进",
    "case update --due": _COMMON_ZH["due"],
    "case update --satisfaction": "回访满意度",
    "case assess": "一个城市一年的考核数据（CSV 或 Excel）",
    "case assess --output": ".xlsx 或 .csv（默认：汇总写到标准输出）",
    "case cohort": "年度重点企业：按影响力（其次按需求）提名，经办人确认",
    "case cohort --size": "提名多少家（已确认的之外；默认 10）",
    "case cohort --confirm": "确认这些记录的企业入选",
    "case group": "带动一批：链主企业的配套企业一并开方、立案、成组跟进",
    "case group:description": "带动一批：链主企业档案中列出的配套企业（suppliers）一并开具清单、各自立案，"
    "成组跟进。没有当年记录的配套企业列为“待采集”，不会被略去。",
    "case group:epilog": "示例：\n  prescriber case group open 12 --profiles 配套企业/ --officer 李四\n  p"
    "rescriber case group show 1\n  prescriber case group list --city 福州市 --year 2026",
    "case group open": "从链主企业的一条记录开组（再次执行则按最新记录和新采集的档案更新）",
    "case group open record": "链主企业的记录编号",
    "case group open --profiles": "配套企业的档案（YAML/JSON 文件，或放档案的文件夹）：按统一社会信用代码"
    "对应，先开具清单并登记",
    "case group show": "一个组：链主和每家配套企业的事项与进度",
    "case group show group": "组编号",
    "case group list": "列出组（可按城市、年度）",
    "serve --catalog": "服务目录（默认：随程序安装的）",
}

HELP = {"zh": _ZH, "en": _EN}
"""The help, per language, keyed by the command's path and the option (see the module docstring)."""


def option(path: str, name: str, dest: str, lang: str) -> str:
    """The words for option (or positional argument) ``name`` of the command ``path`` in ``lang``: its
    own, else the option's words every command shares, else those of its destination (a missing entry is
    a KeyError, which the tests of both languages catch)."""
    table = HELP[lang]
    key = f"{path} {name}".strip()
    return table[key] if key in table else table[name] if name in table else COMMON[lang][dest]


# argparse's own words, in the language of the rest of the command line
_ARGPARSE_ZH = (
    (r"^unrecognized arguments: ", "无法识别的参数："),
    (r"^the following arguments are required: ", "缺少必需的参数："),
    (r"^argument (\S+): invalid choice: (.*) \(choose from (.*)\)$", r"参数 \1：无效的选择 \2（可选：\3）"),
    (r"^argument (\S+): expected one argument$", r"参数 \1 后面需要一个值"),
    (r"^argument (\S+): expected at least one argument$", r"参数 \1 后面至少需要一个值"),
    (r"^argument (\S+): invalid (\S+) value: (.*)$", r"参数 \1：无效的值 \3"),
    (r"^argument (\S+): expected at most one argument$", r"参数 \1 后面最多一个值"),
    (r"^argument (\S+): expected (\d+) arguments?$", r"参数 \1 后面需要 \2 个值"),
    (r"^argument (\S+): not allowed with argument (\S+)$", r"参数 \1 不能与参数 \2 同时使用"),
    (r"^argument (\S+): ignored explicit argument (.*)$", r"参数 \1 不接受值 \2"),
    (r"^argument (\S+): ", r"参数 \1："),
    (r"^one of the arguments (.*) is required$", r"需要以下参数之一：\1"),
    (r"^ambiguous option: (\S+) could match (.*)$", r"选项 \1 有歧义，可能是：\2"),
    (r"^unexpected option string: ", "意外的选项："),
)

# the command line's own argument types write Chinese (they know no language); in English, their words
_OWN_EN = tuple(
    (
        re.escape(MESSAGES["zh"][key]).replace(re.escape("{value}"), "(.*)"),
        MESSAGES["en"][key].replace("{value}", r"\1"),
    )
    for key in ("usage.integer", "usage.at-least-one")
)


def usage_error(message: str, lang: str) -> str:
    """argparse's usage error ``message`` in ``lang`` (argparse's own English words are kept for ``en``)."""
    for pattern, said in _ARGPARSE_ZH if lang == "zh" else _OWN_EN:
        message = re.sub(pattern, said, message)
    return message
