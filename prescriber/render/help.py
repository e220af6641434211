"""The command line's help in English: every subcommand's description, example and option, keyed by id —
the command's path and the option (``"case update --status"``), or ``:description`` / ``:epilog`` after
the path; an option every command words alike by the option alone (``"--db"``) or, when the shared Chinese
wording is used, by its destination in :data:`COMMON`. The Chinese help is written beside each option in
:mod:`prescriber.cli` (argparse keeps it there); a test checks that every help text has its English."""

from __future__ import annotations

__all__ = ["COMMON", "HELP", "TITLES"]

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

COMMON: dict[str, str] = {
    "format": "output format",
    "lang": "language: zh Chinese (default) or en English",
    "as_of": "prescribe with the policies in force on this day (default today), written YYYY-MM-DD",
    "year": "year, e.g. 2026",
    "db": "register address (default sqlite:///prescriber-register.db, or the environment variable "
    "PRESCRIBER_DB_URL)",
    "item": "item number (see prescriber case items)",
    "due": "due date, written YYYY-MM-DD",
}
"""The options many commands share (by destination), as ``cli.parser`` describes them in Chinese."""

_RULES_EDITED = (
    "rule-base folder (default: ./rules when the current folder holds rules/ and catalog/, else the copy "
    "installed with prescriber)"
)
_CATALOG_EDITED = "service catalogue folder (default: as above, ./catalog or the installed copy)"
_EXAMPLE = "example:\n  "

HELP: dict[str, str] = {
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
    "serve --db": "register (default sqlite:///prescriber-register.db, or the environment variable "
    "PRESCRIBER_DB_URL); for PostgreSQL write postgresql+psycopg://…",
    "serve --forwarded-allow-ips": "trusted reverse proxies, addresses or networks (comma-separated, or "
    "PRESCRIBER_FORWARDED_ALLOW_IPS): only their requests have the rate limit counted by X-Forwarded-For",
    "serve --no-watch": "do not reload when the rules or the catalogue change",
    "db": "manage the register (database migrations)",
    "db:description": "Manage the register: upgrade to the latest structure, or show the current version.",
    "db:epilog": _EXAMPLE + "prescriber db upgrade --db sqlite:///register.db",
    "db action": "upgrade or current",
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
"""English help, keyed by the command's path and the option (see the module docstring)."""
