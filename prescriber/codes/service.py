"""Codes of the follow-through register (``case``, ``cohort``), the web service (``service``,
``request``) and scenario files (``scenario``). Their examples are calls: a register in a temporary
database, a request to the web application."""

from __future__ import annotations

from prescriber.codes.names import Code
from prescriber.codes.spec import Example, Spec

CODES = {
    Code.CASE_STATUS: Spec(
        "error",
        "没有“{given}”这种状态",
        "可选：{allowed}",
        Example("call", "case_status", note="把事项的状态写成“完成”"),
        en=("there is no status '{given}'", "choose: {allowed}"),
    ),
    Code.CASE_TRANSITION: Spec(
        "error",
        "不能从“{current}”改为“{target}”",
        "“{current}”之后可改为：{nexts}",
        Example("call", "case_transition", note="把“待办理”的事项直接改为“已回访”"),
        en=("cannot change from '{current}' to '{target}'", "after '{current}' it can become: {nexts}"),
    ),
    Code.CASE_REASON: Spec(
        "error",
        "改为“{target}”须写明原因",
        "写明企业放弃或不符合条件的原因，例如：企业已自行招满",
        Example("call", "case_reason", note="把事项改为“企业放弃”而不写原因"),
        en=(
            "changing to '{target}' needs a reason",
            "say why the enterprise declined or is not eligible, e.g. the enterprise has filled the posts "
            "itself",
        ),
    ),
    Code.CASE_EVIDENCE: Spec(
        "error",
        "{what}",
        "{how}",
        Example("call", "case_evidence", note="把事项改为“已办结”而不附办结凭证"),
        en=("{what}", "{how}"),
    ),
    Code.CASE_RECORD: Spec(
        "error",
        "{what}",
        "{how}",
        Example("call", "case_record", note="为不存在的记录立案"),
        en=("{what}", "{how}"),
    ),
    Code.CASE_UNCONFIRMED: Spec(
        "error",
        "记录 {record} 尚无意愿确认",
        "先由企业或经办人确认要办理的服务，再立案",
        Example("call", "case_unconfirmed", note="为企业尚未确认意愿的记录立案"),
        en=(
            "record {record} has no confirmed choice yet",
            "let the enterprise or the caseworker confirm the services to take up, then open the case",
        ),
    ),
    Code.CASE_NOTHING: Spec(
        "error",
        "没有要修改的内容",
        "给出状态、备注、凭证、负责人、期限或回访满意度中的至少一项",
        Example("call", "case_nothing", note="修改事项却什么也没给"),
        en=(
            "nothing to change",
            "give at least one of: status, note, evidence, officer, due date, or satisfaction at the "
            "follow-up visit",
        ),
    ),
    Code.CASE_VISIT: Spec(
        "error",
        "事项“{status}”，尚不能回访",
        "事项改为“已办结”后再记录回访满意度",
        Example("call", "case_visit", note="为尚未办结的事项记录回访满意度"),
        en=(
            "the item is '{status}': it cannot be followed up yet",
            "record the follow-up satisfaction after the item is done",
        ),
    ),
    Code.CASE_SATISFACTION: Spec(
        "error",
        "满意度 {satisfaction} 不在 1–5 之间",
        "1 = 很不满意 … 5 = 很满意",
        Example("call", "case_satisfaction", note="回访满意度写 7"),
        en=(
            "satisfaction {satisfaction} is not between 1 and 5",
            "1 = very dissatisfied … 5 = very satisfied",
        ),
    ),
    Code.CASE_CITY: Spec(
        "error",
        "没有城市 {city!r} 的案",
        "有案的城市：{known}",
        Example("call", "case_city", note="为没有任何案的城市出年度评估"),
        en=("no cases for city {city!r}", "cities with cases: {known}"),
    ),
    Code.CASE_OUTPUT: Spec(
        "error",
        "不认识的输出格式 {suffix}",
        "文件名以 .xlsx 或 .csv 结尾",
        Example("call", "case_output", note="prescriber case assess 的输出文件写成 .txt"),
        en=("unknown output format {suffix}", "end the file name with .xlsx or .csv"),
    ),
    Code.CASE_CONFLICT: Spec(
        "error",
        "{what}",
        "重新读取事项 {item}（当前版本 {current}）后再改",
        Example("call", "case_conflict", note="通过 HTTP 接口用过期的版本号修改事项"),
        en=("{what}", "read item {item} again (now version {current}), then change it"),
    ),
    Code.COHORT_RECORD: Spec(
        "error",
        "记录 {records} 不是 {city} {year} 年的候选企业的最新记录",
        "用 prescriber case cohort --city … --year … 查看候选企业及其记录编号",
        Example("call", "cohort_record", note="把不属于候选企业的记录加入年度名单"),
        en=(
            "record(s) {records} are not the latest record of a candidate enterprise of {city} in {year}",
            "list the candidates and their record numbers with prescriber case cohort --city … --year …",
        ),
    ),
    Code.SERVICE_UNKNOWN: Spec(
        "error",
        "目录中没有服务 '{service}'",
        "{how}",
        Example("call", "service_unknown", note="GET /api/v1/why-not 问一个目录中没有的服务"),
        en=("the catalogue has no service '{service}'", "{how}"),
    ),
    Code.REQUEST_INVALID: Spec(
        "error",
        "{what}",
        "",
        Example("call", "request_invalid", note="HTTP 接口的查询参数 top 写成 abc"),
        en=("{what}", ""),
    ),
    Code.SCENARIO_NOT_LIST: Spec(
        "error",
        "场景文件应为场景的列表",
        "每个场景以 '- name: ...' 开头",
        Example("call", "scenario_not_list", note="场景文件的顶层是映射"),
        en=("a scenario file should be a list of scenarios", "each scenario begins with '- name: ...'"),
    ),
    Code.GROUP_NO_SUPPLIERS: Spec(
        "error",
        "记录 {record}（{enterprise}）的企业档案没有列出配套企业",
        "在链主企业的档案中写 suppliers:，每家一行 {{credit_code: 统一社会信用代码, name: 名称}}，"
        "重新开具清单后再带动",
        Example("call", "group_no_suppliers", note="为档案中没有 suppliers 的记录“带动一批”"),
        en=(
            "the profile of record {record} ({enterprise}) lists no suppliers",
            "write suppliers: in the chain leader's profile, one a line {{credit_code: unified social "
            "credit code, name: name}}, prescribe again, then bring them along",
        ),
    ),
    Code.GROUP_NOT_LISTED: Spec(
        "error",
        "档案的统一社会信用代码 {code} 不在记录 {record} 列出的配套企业中",
        "配套企业的档案须写明 credit_code，且与链主企业档案 suppliers 中的一致",
        Example("call", "group_not_listed", note="带动一批时交来一家链主没有列出的企业的档案"),
        en=(
            "the profile's unified social credit code {code} is not among the suppliers listed by record "
            "{record}",
            "a supplier's profile must give its credit_code, the same as in the chain leader's suppliers",
        ),
    ),
    Code.GROUP_PROFILES: Spec(
        "error",
        "找不到档案 {where}",
        "给出档案文件或放档案的文件夹",
        Example("call", "group_profiles", note="prescriber case group open 1 --profiles 不存在的文件夹"),
        en=("profiles not found: {where}", "give a profile file or a folder of profiles"),
    ),
    Code.GROUP_UNKNOWN: Spec(
        "error",
        "没有编号为 {group} 的组",
        "用 prescriber case group list 查看组编号",
        Example("call", "group_unknown", note="prescriber case group show 99"),
        en=("no group numbered {group}", "list the group numbers with prescriber case group list"),
    ),
}
