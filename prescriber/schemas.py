"""The JSON Schemas editors use, built from the catalogue in use: the shape of each file type
(:mod:`prescriber.models.schema`) with Chinese descriptions, and the catalogue's services, fields
and vocabulary values as enums with their Chinese names, so that an editor completes ``service:``,
a condition's field and its values, and underlines what the catalogue does not have.

``prescriber schema rules -o rules/`` writes ``rules/rules.schema.json``; a rule file then starts
with ``# yaml-language-server: $schema=rules.schema.json``, which keeps working in any copy of the
folder.
"""

from __future__ import annotations

import json
from typing import Any, assert_never

from prescriber.fields import FieldSpec, FieldTable, field_table
from prescriber.models import Catalog
from prescriber.models.rules import WEIGHT
from prescriber.models.schema import KINDS
from prescriber.models.schema import json_schema as shape_schema
from prescriber.operators import BARE, BY_KIND, OPERATORS, PATTERN_MAX, Operator, Shape

__all__ = ["FILE_NAMES", "KINDS", "editor_schema"]

FILE_NAMES = {kind: f"{kind}.schema.json" for kind in KINDS}

_ZH: dict[str, dict[str, str]] = {
    "Rule": {
        "": "一条规则：条件成立时推荐（service + weight）或排除（exclude）一项服务。",
        "id": "规则编号：小写英文字母、数字和 . _ -，全库唯一，例如 skills.apprenticeship.manufacturing",
        "title": "标题：一句话说清楚，例如 制造业技能人才短缺 → 企业新型学徒制",
        "service": "推荐哪项服务：服务编号或中文名称",
        "weight": f"推荐加多少分（{WEIGHT[0]}–{WEIGHT[1]}）",
        "exclude": "排除（一票否决）哪项服务：服务编号或中文名称；排除规则不写 service 和 weight",
        "when": "什么情况下：一个条件（字段: 要求），或条件组 all / any / not",
        "reason": (
            "写进企业服务清单的理由；{字段} 换成企业的数据并自带单位，例如 {employees} 显示为“3,000 人”"
        ),
        "source": "依据：政策文号或名称；工作经验写“服务规范：……”",
        "valid_from": "从这一天起有效（YYYY-MM-DD）",
        "valid_until": "到这一天为止有效（YYYY-MM-DD）",
        "supersedes": "这条规则替代的旧版本规则的编号；新旧有效期不能重叠",
    },
    "Group": {
        "": "条件组：all 每项都成立；any 至少一项成立；not 没有一项成立。同一层的几个组要全部成立。",
        "all": "下面每一项都要成立",
        "any": "下面至少一项成立",
        "not": "下面没有一项成立",
    },
    "Profile": {
        "": "企业需求档案。除 name 外都可以不填：没填的信息是“未知”，不是“否”。",
        "name": "企业名称",
        "id": "您自己的企业编号（原样写进结果）",
        "credit_code": "统一社会信用代码（18 位，会校验最后一位）",
        "region": "所在地区：编号、中文名或行政区划代码，区县也可以",
        "industry": "行业（GB/T 4754-2017）：门类字母、大类、中类或小类代码，例如 C36",
        "ownership": "所有制：编号或中文名",
        "employees": "从业人员（人）",
        "revenue": "营业收入（万元）",
        "assets": "资产总额（万元）",
        "pain_points": "诉求与痛点：编号、中文名或同义词，或 {id, severity}",
        "flags": "是否类和选项类信息",
        "metrics": "指标（比例写小数：12% 写 0.12）",
    },
    "PainPointEntry": {
        "": "一个痛点及其严重程度",
        "id": "痛点：编号、中文名或同义词",
        "severity": "严重程度 1（轻）–5（重），不写为 3",
    },
    "Scenario": {
        "": "一个场景测试：一份企业档案和它的清单必须满足的期望",
        "name": "场景名称",
        "profile": "企业档案：直接写，或写档案文件路径（相对于场景文件）",
        "as_of": "按这一天的规则开方（YYYY-MM-DD）",
        "top": "清单最多几项（核心服务之外）",
        "expect": "期望",
    },
    "Expectations": {
        "": "清单必须满足的期望；写了的每一项都会检查",
        "include": "清单中必须有的服务",
        "exclude": "清单中不能有的服务",
        "top": "在核心服务之后的前 n 项里",
        "order": "[甲, 乙]：甲排在乙前面",
        "score": "服务: [最低分, 最高分]",
        "vetoed": "被排除规则否决的服务",
    },
    "TopN": {"": "这些服务在核心服务之后的前 n 项里", "n": "前几项", "include": "服务"},
    "Service": {
        "": "服务目录中的一项服务",
        "id": "服务编号：小写英文字母、数字和 -，例如 new-apprenticeship",
        "name": "服务名称（中文）",
        "name_en": "服务名称（英文，--lang en 时显示），必填",
        "category": "服务类别编号",
        "summary": "一句话说明服务内容",
        "core": "true 表示核心服务（“1”）：每家企业都开具，排在最前",
        "delivered_by": "承办单位",
        "channel": "办理渠道",
        "eligibility": "服务对象和条件（文字）",
        "benefit": "企业得到什么（文字）",
        "policy_basis": (
            "政策依据：至少一条，每条写 title（文件名）、issuer（发文机关）、number（文号）、year（年份）"
        ),
        "valid_from": "从这一天起提供（YYYY-MM-DD）",
        "valid_until": "到这一天为止提供（YYYY-MM-DD）",
    },
    "PolicyBasis": {
        "": "一份政策文件",
        "title": "文件名称",
        "issuer": "发文机关",
        "number": "文号，例如 人社部发〔2021〕39号",
        "year": "发文年份",
        "verified": "文号或日期未能在原文中核实时写 false",
        "note": "备注，例如 文号待核实",
    },
    "Category": {"": "服务类别", "id": "类别编号", "name": "类别名称（中文）", "name_en": "类别名称（英文）"},
    "CatalogFile": {
        "": "服务目录文件：可以只写其中几节，各文件的同名小节合在一起",
        "categories": "服务类别（“1+X”菜单）",
        "services": "服务",
        "sections": "国民经济行业门类（GB/T 4754-2017）",
        "divisions": "行业大类",
        "regions": "地区（设区市和平潭）",
        "ownerships": "所有制",
        "pain_points": "诉求与痛点",
        "flags": "是否类和选项类信息（档案的 flags、规则的 flags.编号）",
        "metrics": "指标（档案的 metrics、规则的 metrics.编号）",
        "size_classes": "企业规模划分（统计上大中小微型企业划分办法 2017）",
        "above_scale": "规模以上（限额以上）标准",
    },
    "PainPoint": {
        "": "企业可以报告的一个诉求或痛点",
        "id": "痛点编号：小写英文字母、数字和 -",
        "name": "中文名称",
        "synonyms": "同义词：档案和规则里写这些也算",
        "definition": "含义",
    },
    "Flag": {
        "": "是否类（type: bool）或选项类（type: choice）信息",
        "id": "编号：小写英文字母、数字和 _",
        "name": "中文名称",
        "type": "bool 或 choice",
        "choices": "选项（choice 类）",
        "definition": "含义",
    },
    "Choice": {"": "选项类信息的一个选项", "id": "选项编号", "name": "中文名称"},
    "Metric": {
        "": "一个数值指标",
        "id": "编号：小写英文字母、数字和 _",
        "name": "中文名称",
        "unit": "单位；比例写“比例”（取值写小数）",
        "min": "最小值",
        "max": "最大值",
        "integer": "true：只能是整数",
        "definition": "含义和口径",
    },
    "Region": {
        "": "规则可以用的地区：设区市或平潭综合实验区",
        "id": "地区编号",
        "name": "中文名称",
        "code": "行政区划代码（6 位）",
        "aliases": "别名，例如 福州",
        "counties": "下辖区县：档案中写区县时算作本市",
    },
    "County": {"": "区县", "code": "行政区划代码（6 位）", "name": "中文名称"},
    "Ownership": {"": "所有制类型", "id": "编号", "name": "中文名称", "synonyms": "同义词"},
    "Section": {"": "行业门类", "code": "门类字母", "name": "名称"},
    "Division": {"": "行业大类", "code": "两位大类代码", "section": "所属门类字母", "name": "名称"},
}
_LEAF = "One condition: `field: value` or `field: {operator: value}`."


def editor_schema(kind: str, catalog: Catalog) -> str:
    """The JSON Schema (draft 2020-12) of ``kind`` files, with the values of ``catalog``."""
    body: dict[str, Any] = json.loads(shape_schema(kind))
    table = field_table(catalog)
    _translate(body, kind)
    defs = body.setdefault("$defs", {})
    services = _services(catalog)
    if kind == "rules":
        defs["Service"] = _enum(services + [(s.name, s.id) for s in catalog.services], "服务编号或中文名称")
        rule = defs["Rule"]["properties"]
        for key in ("service", "exclude"):
            rule[key] = {"$ref": "#/$defs/Service", "description": _ZH["Rule"][key]}
        defs["Condition"] = _condition(table, defs)
        defs["Group"]["minProperties"] = 1
        for group in defs["Group"]["properties"].values():  # `all:` with nothing below is a mistake
            group.update(next(a for a in group.pop("anyOf") if a.get("type") == "array"))
            group.pop("default", None)
        body = _replace_leaves(body)
        body["$defs"].pop("Test", None)
    elif kind == "scenarios":
        defs["ServiceId"] = _enum(services, "服务编号")
        _service_lists(defs)
    elif kind == "profile":
        _profile(body, table)
    elif kind == "catalog":
        defs["Service"]["properties"]["category"] = {
            **_enum([(c.id, c.name) for c in catalog.categories], "服务类别编号"),
            "description": _ZH["Service"]["category"],
        }
    body["title"] = {
        "rules": "prescriber 规则文件",
        "profile": "prescriber 企业档案",
        "catalog": "prescriber 服务目录",
        "scenarios": "prescriber 场景测试",
    }[kind]
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def _services(catalog: Catalog) -> list[tuple[str, str]]:
    return [(s.id, s.name) for s in catalog.services]


def _enum(pairs: list[tuple[str, str]], what: str) -> dict[str, Any]:
    seen = dict(pairs)
    return {
        "type": "string",
        "description": what,
        "enum": list(seen),
        "enumDescriptions": list(seen.values()),
    }


def _translate(body: dict[str, Any], kind: str) -> None:
    roots = {"profile": "Profile", "catalog": "CatalogFile", "rules": "", "scenarios": ""}
    targets = [(name, d) for name, d in body.get("$defs", {}).items()]
    if roots[kind]:
        targets.append((roots[kind], body))
    for name, d in targets:
        words = _ZH.get(name, {})
        if "" in words:
            d["description"] = words[""]
        for prop, schema in d.get("properties", {}).items():
            if prop in words:
                schema["description"] = words[prop]
                schema.pop("title", None)


def _values(spec: FieldSpec, table: FieldTable, *, rule: bool) -> dict[str, Any]:
    """What one value of ``spec`` may be written as."""
    if spec.kind == "bool":
        return {"type": "boolean"}
    if spec.kind == "number":
        out: dict[str, Any] = {"type": "number"}
        if spec.low is not None:
            out["minimum"] = spec.low
        if spec.high is not None:
            out["maximum"] = spec.high
        return out
    if spec.kind == "text":
        return {"type": "string", "minLength": 1, "maxLength": 2000}
    if spec.kind == "industry":
        names = [(code, name) for name, code in table.industry_names.items()]
        pairs = (
            [(c, n) for c, n in sorted(spec.names.items()) if len(c) == 1]
            + [(c[1:], n) for c, n in sorted(spec.names.items()) if len(c) == 3]
            + [(n, c) for c, n in names]
        )
        return {
            "anyOf": [
                _enum(pairs, "门类字母、两位大类代码或它们的名称"),
                {
                    "type": "integer",
                    "enum": sorted(int(c[1:]) for c in spec.names if len(c) == 3 and c[1] != "0"),
                },
            ]
        }
    words = [w for w in _spellings(spec) if not (rule and w.lower() in table.counties)]
    out = _enum(
        [(w, spec.show(spec.aliases.get(w.lower(), w))) for w in words], f"{spec.label}：编号或中文名"
    )
    codes = [int(w) for w in words if w.isdigit() and not w.startswith("0")]
    return {"anyOf": [out, {"type": "integer", "enum": codes}]} if codes else out


def _spellings(spec: FieldSpec) -> list[str]:
    """Ids first, then Chinese names, then the other accepted spellings."""
    return list(
        dict.fromkeys(
            [*spec.choices, *(spec.names[c] for c in spec.choices if c in spec.names), *spec.aliases]
        )
    )


def _condition(table: FieldTable, defs: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for name, spec in table.fields.items():
        key = "v." + name
        defs[key] = _values(spec, table, rule=True)
        value = {"$ref": f"#/$defs/{key}"}
        ops: dict[str, Any] = {}
        for op in BY_KIND[spec.kind]:
            ops[op] = _operand(OPERATORS[op], value)
        unit = f"（{spec.unit}）" if spec.unit else ""
        test = {"type": "object", "additionalProperties": False, "minProperties": 1, "properties": ops}
        bare = BARE[spec.kind] in BY_KIND[spec.kind]  # a value alone is a test (not for texts)
        schema = {"description": f"{spec.label}{unit}", **({"anyOf": [value, test]} if bare else test)}
        props[name] = schema
        if spec.label not in table.fields:
            props.setdefault(spec.label, {**schema, "description": f"{spec.label}{unit}（即 {name}）"})
    return {
        "type": "object",
        "minProperties": 1,
        "maxProperties": 1,
        "additionalProperties": False,
        "description": (
            "一个条件：字段: 值（等于；痛点为包含），或 字段: {运算符: 值}（写几个运算符时都要满足）"
        ),
        "properties": props,
    }


def _operand(op: Operator, value: dict[str, Any]) -> dict[str, Any]:
    """What may follow ``op`` (its shape in :mod:`prescriber.operators`), with its Chinese description."""
    match op.shape:
        case Shape.FLAG:
            return {"type": "boolean", "description": op.zh}
        case Shape.PAIR:
            return {
                "type": "array",
                "prefixItems": [value, value],
                "minItems": 2,
                "maxItems": 2,
                "description": op.zh,
            }
        case Shape.LIST:
            return {"type": "array", "items": value, "minItems": 1, "description": op.zh}
        case Shape.ONE:
            return {**value, "description": op.zh}
        case Shape.PATTERN:
            return {
                "type": "string",
                "format": "regex",
                "minLength": 1,
                "maxLength": PATTERN_MAX,
                "description": op.zh,
            }
        case _:
            assert_never(op.shape)


def _replace_leaves(node: Any) -> Any:
    if isinstance(node, dict):
        if node.get("description") == _LEAF:
            return {"$ref": "#/$defs/Condition"}
        return {k: _replace_leaves(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_replace_leaves(v) for v in node]
    return node


def _service_lists(defs: dict[str, Any]) -> None:
    ref = {"$ref": "#/$defs/ServiceId"}
    exp = defs["Expectations"]["properties"]
    for key in ("include", "exclude", "vetoed"):
        exp[key] = {"type": "array", "items": ref, "description": _ZH["Expectations"][key]}
    exp["order"] = {
        "type": "array",
        "items": {"type": "array", "prefixItems": [ref, ref], "minItems": 2, "maxItems": 2},
        "description": _ZH["Expectations"]["order"],
    }
    exp["score"] = {**exp["score"], "propertyNames": ref}
    defs["TopN"]["properties"]["include"] = {
        "type": "array",
        "items": ref,
        "minItems": 1,
        "description": _ZH["TopN"]["include"],
    }


def _profile(body: dict[str, Any], table: FieldTable) -> None:
    props = body["properties"]
    for name in ("region", "ownership"):
        props[name] = {**_values(table.fields[name], table, rule=False), "description": _ZH["Profile"][name]}
    pains = _values(table.fields["pain_points"], table, rule=False)
    props["pain_points"]["items"] = {"anyOf": [pains, {"$ref": "#/$defs/PainPointEntry"}]}
    body["$defs"]["PainPointEntry"]["properties"]["id"] = {
        **pains,
        "description": _ZH["PainPointEntry"]["id"],
    }
    flags = {n.split(".", 1)[1]: s for n, s in table.fields.items() if n.startswith("flags.")}
    metrics = {n.split(".", 1)[1]: s for n, s in table.fields.items() if n.startswith("metrics.")}
    props["flags"] = {
        "type": "object",
        "additionalProperties": False,
        "description": _ZH["Profile"]["flags"],
        "properties": {
            k: {**_values(s, table, rule=False), "description": s.label} for k, s in flags.items()
        },
    }
    props["metrics"] = {
        "type": "object",
        "additionalProperties": False,
        "description": _ZH["Profile"]["metrics"],
        "properties": {
            k: {**_values(s, table, rule=False), "description": f"{s.label}（{s.unit}）"}
            for k, s in metrics.items()
        },
    }
