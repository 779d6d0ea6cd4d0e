#pragma once
// The declaration (申报书) as a typed document, after seed 000 附件3 with the parts other forms
// add (seed 003 附件2). JSON format: docs/declaration.md and docs/declaration.schema.json.
// Text fields are empty when not filled; numbers and flags are optional.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tidu::declaration {

inline constexpr const char* kFormat = "tidu.declaration/1";

struct Cover {
  std::string applicant;                     ///< 申报单位（盖章）
  std::string project_name;                  ///< 项目名称
  std::string legal_representative;          ///< 法人代表
  std::string recommending_unit;             ///< 推荐单位
  std::string date;                          ///< 申报日期 YYYY-MM-DD
  std::optional<bool> benchmark_enterprise;  ///< 是否入选江西省智能制造标杆企业 (seed 003)
  std::optional<int> benchmark_year;
};

struct Person {
  std::string name;
  std::string phone;
  std::string title;
  std::string mobile;
  std::string fax;
  std::string email;
};

struct Industry {
  std::string division;  ///< GB/T 4754 大类, two digits
  std::string group;     ///< 中类, three digits
};

/// One year of 近三年发展情况. Money in 万元, ratios in %.
struct FinancialYear {
  int year = 0;
  std::optional<double> total_assets;
  std::optional<double> debt_ratio;
  std::optional<double> main_revenue;
  std::optional<double> profit_rate;
  std::optional<double> profit;
  std::optional<double> taxes_paid;
};

/// A national or provincial smart-manufacturing title the enterprise declares (是否入选…).
struct Title {
  std::string
      kind;  ///< see docs/declaration.md: national_demo_factory, provincial_smart_factory, …
  std::optional<int> year;
  std::string name;  ///< for kind "other"
};

/// An earlier tier result of this enterprise: a basic-level self-evaluation or a recognition.
struct Recognition {
  std::string tier;  ///< basic, advanced, excellent, leading
  std::string kind;  ///< self_evaluation or recognised
  std::optional<int> year;
  std::string issuer;
  std::string factory;
};

struct Maturity {
  std::optional<int> level;  ///< GB/T 39116 level 1–5
  std::optional<double> score;
  std::string assessed_on;
  std::string source;
  std::vector<std::string> evidence;  ///< attachment ids
};

struct Accident {
  std::optional<bool> occurred;
  std::string name;
  std::optional<bool> fatal;  ///< 亡人事故 (seed 002 一、4)
};

struct Enterprise {
  std::string name;
  std::string credit_code;
  std::string founded;
  std::string ownership;   ///< central_soe, local_soe, private, foreign_invested
  std::string size_class;  ///< large, medium, small, micro
  std::optional<long long> employees;
  Industry industry;
  std::string sector;  ///< the province's coarse industry (seed 003 所属行业)
  std::string sector_other;
  std::string region;  ///< region code
  std::string address;
  Person legal_representative;
  Person contact;
  std::string credit_rating;
  std::vector<FinancialYear> financials;
  std::vector<Title> titles;
  std::vector<Recognition> recognitions;
  Maturity maturity;
  Accident accident;
  std::string profile;  ///< 企业简介
};

/// One row of the KPI table (工厂整体建设成效).
struct KpiValue {
  int number = 0;
  std::optional<double> before;
  std::optional<double> after;
  std::optional<double> change;
};

/// 其他个性化指标.
struct OtherKpi {
  std::string name;
  std::string unit;
  std::string direction;  ///< increase or reduce
  std::optional<double> before;
  std::optional<double> after;
  std::optional<double> change;
};

/// "环节-场景" as the form's 覆盖的环节和具体场景 lists it.
struct ScenarioRef {
  std::string link;
  std::string scenario;
};

struct Factory {
  std::string name;   ///< 项目名称 / 智能工厂具体名称
  std::string level;  ///< 产线级, 车间级, 工厂级 (seed 002 一、9)
  std::string sector;
  std::string sector_other;
  std::string sub_sector;
  std::vector<ScenarioRef> covered;
  std::string address;
  std::vector<std::string> integrators;
  std::string start;
  std::string end;
  std::optional<double> investment;  ///< 万元
  std::vector<KpiValue> kpis;
  std::vector<OtherKpi> other_kpis;
  std::string summary;  ///< 项目简述
};

struct Supplier {
  std::string name;
  std::string contact;
  std::string phone;
};

/// One scenario instance (场景实例) with the form's ten items.
struct ScenarioInstance {
  std::string link;
  std::string scenario;
  std::string instance;
  Supplier supplier;
  std::string start;
  std::string end;
  std::optional<double> investment;
  std::string description;  ///< 场景实例描述
  std::string pain_points;  ///< 解决的痛点问题描述
  std::string solution;     ///< 采用的技术方案
  std::string guarantees;   ///< 保障要素
  std::string results;      ///< 已实施成效
  std::string other;        ///< 其他
  std::string economics;    ///< 经济性和可推广性
  std::string key_needs;    ///< 关键装备、软件、工艺、技术、数据模型需求
  std::vector<std::string> images;  ///< attachment ids placed in the text
};

struct Goals {
  std::string targets;    ///< 预期目标
  std::string plan;       ///< 下一步建设主要内容和实施计划（含融资需求）
  std::string growth;     ///< 成长性分析
  std::string promotion;  ///< 推广应用计划
};

struct Narrative {
  std::string background;          ///< 项目实施背景
  std::string overall_plan;        ///< 项目整体方案
  std::string overall;             ///< 项目总体情况 (seed 003 二)
  std::string system_integration;  ///< 项目系统集成情况
  std::string advancement;         ///< 项目的先进性与特色
  std::string results;             ///< 项目实施成效
  Goals goals;
  std::string supply_chain;  ///< 智慧供应链建设 (seed 003 三（七）)
};

/// 附表1 具体场景描述.
struct ScenarioRow {
  std::string scenario;
  std::string description;
  std::string pain_points;
  std::string solution;
  std::string guarantees;
  std::string results;
  std::string other;
  std::string remark;
};

/// 附表2 关键装备、软件/系统及新技术情况.
struct EquipmentRow {
  std::string scenario;
  std::string item;
  std::string brand;
  std::string supplier;
  std::string technology;
  std::string application;
  std::string remark;
};

/// 附表3–5 technologies, equipment, software with key parameters.
struct ParameterRow {
  std::string name;
  std::string parameters;
  std::string remark;
};

/// 附表6 standards.
struct StandardRow {
  std::string name;
  std::string type;    ///< 国标, 行标, 团标, 企标
  std::string status;  ///< 已发布, 草案
  std::string number;
  std::string remark;
};

/// 附表7 patents.
struct PatentRow {
  std::string name;
  std::string type;    ///< 发明, 实用新型, 外观, 软著
  std::string status;  ///< 已发布, 审查中
  std::string number;
  std::string remark;
};

struct Appendix {
  std::vector<ScenarioRow> scenario_rows;
  std::vector<EquipmentRow> equipment;
  std::vector<ParameterRow> technologies;
  std::vector<ParameterRow> breakthrough_equipment;
  std::vector<ParameterRow> software;
  std::vector<StandardRow> standards;
  std::vector<PatentRow> patents;
};

/// A reference to an uploaded file; the file itself lives in the file store.
struct Attachment {
  std::string id;
  std::string kind;  ///< the form's attachment kind, e.g. business_licence
  std::string name;
  std::string sha256;
  std::string media_type;
  std::optional<long long> size;
};

/// Pictures placed in the text (scenario instances' `images`): JPEG or PNG attachments, at most
/// this many per declaration and this large each.
inline constexpr int kMaxImages = 20;
inline constexpr long long kMaxImageBytes = 10LL << 20;

/// True for the media types a picture in the text may have.
inline bool is_image_type(std::string_view media_type) {
  return media_type == "image/png" || media_type == "image/jpeg";
}

struct Pledge {
  std::optional<bool> signed_;
  std::string signatory;
  std::string date;
};

struct Declaration {
  std::string format = kFormat;
  std::string round;
  std::string form;
  Cover cover;
  Enterprise enterprise;
  Factory factory;
  Narrative narrative;
  std::vector<ScenarioInstance> scenarios;
  Appendix appendix;
  std::vector<Attachment> attachments;
  Pledge pledge;

  [[nodiscard]] const Attachment* attachment(std::string_view id) const;
  [[nodiscard]] bool has_attachment_of_kind(std::string_view kind) const;
};

}  // namespace tidu::declaration
