#pragma once
// The declaration's structure, written once. Each `visit` names every member with its JSON key
// and a short Chinese description; the JSON reader and writer, the JSON Schema and the form
// rules' walk are visitors over these functions, so they cannot drift apart.
//
// A visitor provides `operator()(std::string_view key, M& member, std::string_view doc)` for
// every member type M used below; struct members are visited by calling `visit(v, member)`.
#include <string_view>

#include "declaration/declaration.hpp"

namespace tidu::declaration {

template <class V>
void visit(V& v, Cover& x) {
  v("applicant", x.applicant, "申报单位（盖章）");
  v("project_name", x.project_name, "项目名称");
  v("legal_representative", x.legal_representative, "法人代表");
  v("recommending_unit", x.recommending_unit, "推荐单位");
  v("date", x.date, "申报日期（YYYY-MM-DD）");
  v("benchmark_enterprise", x.benchmark_enterprise, "是否入选江西省智能制造标杆企业");
  v("benchmark_year", x.benchmark_year, "入选标杆企业的年份");
}

template <class V>
void visit(V& v, Person& x) {
  v("name", x.name, "姓名");
  v("phone", x.phone, "电话");
  v("title", x.title, "职务");
  v("mobile", x.mobile, "手机");
  v("fax", x.fax, "传真");
  v("email", x.email, "邮箱");
}

template <class V>
void visit(V& v, Industry& x) {
  v("division", x.division, "行业大类代码（GB/T 4754-2017，两位）");
  v("group", x.group, "行业中类代码（三位）");
}

template <class V>
void visit(V& v, FinancialYear& x) {
  v("year", x.year, "年度");
  v("total_assets", x.total_assets, "资产总额（万元）");
  v("debt_ratio", x.debt_ratio, "负债率（%）");
  v("main_revenue", x.main_revenue, "主营业务收入（万元）");
  v("profit_rate", x.profit_rate, "利润率（%）");
  v("profit", x.profit, "利润（万元）");
  v("taxes_paid", x.taxes_paid, "实缴税金（万元）");
}

template <class V>
void visit(V& v, Title& x) {
  v("kind", x.kind, "称号类型");
  v("year", x.year, "入选年份");
  v("name", x.name, "名称（其他称号时填写）");
}

template <class V>
void visit(V& v, Recognition& x) {
  v("tier", x.tier, "层级：basic/advanced/excellent/leading");
  v("kind", x.kind, "self_evaluation（自建自评）或 recognised（认定）");
  v("year", x.year, "年份");
  v("issuer", x.issuer, "认定单位");
  v("factory", x.factory, "工厂名称");
}

template <class V>
void visit(V& v, Maturity& x) {
  v("level", x.level, "智能制造能力成熟度等级（1–5）");
  v("score", x.score, "评估得分");
  v("assessed_on", x.assessed_on, "评估日期");
  v("source", x.source, "评估来源（如 www.c3mep.cn）");
  v("evidence", x.evidence, "证明材料（附件编号）");
}

template <class V>
void visit(V& v, Accident& x) {
  v("occurred", x.occurred, "近三年是否发生较大及以上安全生产事故或环境事故");
  v("name", x.name, "事故名称");
  v("fatal", x.fatal, "是否为亡人事故");
}

template <class V>
void visit(V& v, Enterprise& x) {
  v("name", x.name, "企业名称");
  v("credit_code", x.credit_code, "统一社会信用代码");
  v("founded", x.founded, "成立时间（YYYY-MM-DD）");
  v("ownership", x.ownership, "企业性质：central_soe/local_soe/private/foreign_invested");
  v("size_class", x.size_class, "企业类型：large/medium/small/micro");
  v("employees", x.employees, "从业人员数");
  v("industry", x.industry, "所属行业（GB/T 4754-2017）");
  v("sector", x.sector, "所属行业（按省份分类）");
  v("sector_other", x.sector_other, "所属行业（其他）");
  v("region", x.region, "所在地区划代码");
  v("address", x.address, "单位地址");
  v("legal_representative", x.legal_representative, "法人代表/负责人");
  v("contact", x.contact, "联系人");
  v("credit_rating", x.credit_rating, "信用等级");
  v("financials", x.financials, "近三年发展情况");
  v("titles", x.titles, "入选的国家级、省级智能制造相关项目");
  v("recognitions", x.recognitions, "已完成的智能工厂自建自评或认定");
  v("maturity", x.maturity, "智能制造能力成熟度评估结果");
  v("accident", x.accident, "近三年安全生产事故或环境事故");
  v("profile", x.profile, "企业简介");
}

template <class V>
void visit(V& v, KpiValue& x) {
  v("number", x.number, "指标序号（附1）");
  v("before", x.before, "建设前");
  v("after", x.after, "建成后");
  v("change", x.change, "变化率（%）");
}

template <class V>
void visit(V& v, OtherKpi& x) {
  v("name", x.name, "指标名称");
  v("unit", x.unit, "单位");
  v("direction", x.direction, "increase（提升）或 reduce（降低）");
  v("before", x.before, "建设前");
  v("after", x.after, "建成后");
  v("change", x.change, "变化率（%）");
}

template <class V>
void visit(V& v, ScenarioRef& x) {
  v("link", x.link, "环节名称");
  v("scenario", x.scenario, "场景名称");
}

template <class V>
void visit(V& v, Factory& x) {
  v("name", x.name, "智能工厂名称（项目名称）");
  v("level", x.level, "建设层级：产线级/车间级/工厂级");
  v("sector", x.sector, "所属行业");
  v("sector_other", x.sector_other, "所属行业（其他）");
  v("sub_sector", x.sub_sector, "细分行业");
  v("covered", x.covered, "覆盖的环节和具体场景");
  v("address", x.address, "建设地址");
  v("integrators", x.integrators, "建设集成商");
  v("start", x.start, "建设开始日期");
  v("end", x.end, "建设结束日期");
  v("investment", x.investment, "项目投资（万元）");
  v("kpis", x.kpis, "工厂整体建设成效");
  v("other_kpis", x.other_kpis, "其他个性化指标");
  v("summary", x.summary, "项目简述");
}

template <class V>
void visit(V& v, Supplier& x) {
  v("name", x.name, "场景解决方案供应商名称");
  v("contact", x.contact, "联系人");
  v("phone", x.phone, "联系方式");
}

template <class V>
void visit(V& v, ScenarioInstance& x) {
  v("link", x.link, "环节名称");
  v("scenario", x.scenario, "场景名称");
  v("instance", x.instance, "场景实例名称");
  v("supplier", x.supplier, "场景解决方案供应商");
  v("start", x.start, "场景建设开始日期");
  v("end", x.end, "场景建设结束日期");
  v("investment", x.investment, "场景建设总投资（万元）");
  v("description", x.description, "场景实例描述");
  v("pain_points", x.pain_points, "解决的痛点问题描述");
  v("solution", x.solution, "采用的技术方案（包括供应商）");
  v("guarantees", x.guarantees, "保障要素");
  v("results", x.results, "已实施成效");
  v("other", x.other, "其他");
  v("economics", x.economics, "经济性和可推广性");
  v("key_needs", x.key_needs, "场景实例采用的关键装备、软件、工艺、技术、数据模型需求等情况");
  v("images", x.images, "配图（附件编号）");
}

template <class V>
void visit(V& v, Goals& x) {
  v("targets", x.targets, "预期目标");
  v("plan", x.plan, "下一步建设主要内容和实施计划（含融资需求）");
  v("growth", x.growth, "成长性分析");
  v("promotion", x.promotion, "推广应用计划");
}

template <class V>
void visit(V& v, Narrative& x) {
  v("background", x.background, "项目实施背景");
  v("overall_plan", x.overall_plan, "项目整体方案");
  v("overall", x.overall, "项目总体情况");
  v("system_integration", x.system_integration, "项目系统集成情况");
  v("advancement", x.advancement, "项目的先进性与特色");
  v("results", x.results, "项目实施成效");
  v("goals", x.goals, "下一步预期目标和实施推广计划");
  v("supply_chain", x.supply_chain, "智慧供应链建设");
}

template <class V>
void visit(V& v, ScenarioRow& x) {
  v("scenario", x.scenario, "具体场景名称");
  v("description", x.description, "具体场景描述");
  v("pain_points", x.pain_points, "解决的痛点问题描述");
  v("solution", x.solution, "采用的技术方案（包括供应商）");
  v("guarantees", x.guarantees, "保障要素");
  v("results", x.results, "实施成果");
  v("other", x.other, "其他");
  v("remark", x.remark, "备注");
}

template <class V>
void visit(V& v, EquipmentRow& x) {
  v("scenario", x.scenario, "具体场景名称");
  v("item", x.item, "关键技术装备、软件/系统名称");
  v("brand", x.brand, "品牌");
  v("supplier", x.supplier, "供应商");
  v("technology", x.technology, "新技术名称");
  v("application", x.application, "应用描述");
  v("remark", x.remark, "备注");
}

template <class V>
void visit(V& v, ParameterRow& x) {
  v("name", x.name, "名称");
  v("parameters", x.parameters, "关键参数（两到三个核心参数）");
  v("remark", x.remark, "备注");
}

template <class V>
void visit(V& v, StandardRow& x) {
  v("name", x.name, "标准名称");
  v("type", x.type, "标准类型：国标/行标/团标/企标");
  v("status", x.status, "标准状态：已发布/草案");
  v("number", x.number, "标准号");
  v("remark", x.remark, "备注");
}

template <class V>
void visit(V& v, PatentRow& x) {
  v("name", x.name, "专利名称");
  v("type", x.type, "专利类型：发明/实用新型/外观/软著");
  v("status", x.status, "专利状态：已发布/审查中");
  v("number", x.number, "专利号");
  v("remark", x.remark, "备注");
}

template <class V>
void visit(V& v, Appendix& x) {
  v("scenario_rows", x.scenario_rows, "附表1 具体场景描述");
  v("equipment", x.equipment, "附表2 具体场景采用的关键装备、软件/系统及新技术情况");
  v("technologies", x.technologies, "附表3 项目突破的关键技术清单");
  v("breakthrough_equipment", x.breakthrough_equipment, "附表4 项目突破的关键装备清单");
  v("software", x.software, "附表5 项目突破的关键软件/系统清单");
  v("standards", x.standards, "附表6 项目建设过程中形成的标准清单");
  v("patents", x.patents, "附表7 项目建设过程中形成的专利清单");
}

template <class V>
void visit(V& v, Attachment& x) {
  v("id", x.id, "附件编号");
  v("kind", x.kind, "附件类别");
  v("name", x.name, "文件名");
  v("sha256", x.sha256, "内容的 SHA-256");
  v("media_type", x.media_type, "文件类型");
  v("size", x.size, "字节数");
}

template <class V>
void visit(V& v, Pledge& x) {
  v("signed", x.signed_, "真实性承诺已签字盖章");
  v("signatory", x.signatory, "签字人");
  v("date", x.date, "签署日期");
}

template <class V>
void visit(V& v, Declaration& x) {
  v("format", x.format, "格式标识，固定为 tidu.declaration/1");
  v("round", x.round, "申报批次编号");
  v("form", x.form, "申报书模板编号");
  v("cover", x.cover, "封面");
  v("enterprise", x.enterprise, "申报单位基本信息");
  v("factory", x.factory, "智能工厂基本信息");
  v("narrative", x.narrative, "项目总体情况等叙述部分");
  v("scenarios", x.scenarios, "场景实例");
  v("appendix", x.appendix, "相关附表");
  v("attachments", x.attachments, "附件");
  v("pledge", x.pledge, "真实性承诺");
}

}  // namespace tidu::declaration
