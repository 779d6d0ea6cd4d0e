// Routes of the province's stages: the expert pool, panels (automatic, by hand, conflicts), score
// sheets and results; on-site checks; the public notice, real-name objections and publication.
#include <fmt/format.h>

#include "api/app.hpp"
#include "api/errors.hpp"
#include "api/support.hpp"
#include "files/base64.hpp"

namespace tidu::api {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxIds = 500;
constexpr std::size_t kMaxText = 16384;
constexpr std::size_t kMaxObjectionFileBase64 = std::size_t{14} << 20;

json to_json(const service::PoolExpert& e) {
  return {{"id", e.id},
          {"name", e.name},
          {"employer", e.employer},
          {"specialities", e.specialities},
          {"region", e.region},
          {"contact", e.contact},
          {"capacity", e.capacity},
          {"load", e.load}};
}

json to_json(const service::Panel& p) {
  json members = json::array();
  for (const auto& m : p.members) {
    members.push_back({{"expert_id", m.expert_id},
                       {"name", m.name},
                       {"employer", m.employer},
                       {"source", m.source},
                       {"scored", m.scored}});
  }
  return {{"declaration_id", p.declaration_id},
          {"enterprise_name", p.enterprise_name},
          {"state", p.state},
          {"required", p.required},
          {"members", members},
          {"complete", p.complete}};
}

json to_json(const service::SheetView& v) {
  json criteria = json::array();
  for (const auto& c : v.criteria) {
    criteria.push_back({{"id", c.id}, {"name", c.name}, {"max", c.max}, {"guidance", c.guidance}});
  }
  json sheet = nullptr;
  if (v.sheet) {
    json scores = json::object();
    for (const auto& [k, s] : v.sheet->scores) scores[k] = s;
    sheet = {{"scores", scores},
             {"comment", v.sheet->comment},
             {"total", review::total(*v.sheet)},
             {"submitted_at", v.submitted_at}};
  }
  return {{"declaration_id", v.declaration_id},
          {"criteria", criteria},
          {"total_max", v.total_max},
          {"sheet", sheet},
          {"editable", v.editable}};
}

json to_json(const service::ExpertResults& r) {
  json items = json::array();
  for (const auto& i : r.items) {
    items.push_back({{"declaration_id", i.declaration_id},
                     {"enterprise_name", i.enterprise_name},
                     {"state", i.state},
                     {"panel", i.panel},
                     {"sheets", i.sheets},
                     {"complete", i.complete},
                     {"score", i.score ? json(*i.score) : json(nullptr)},
                     {"rank", i.rank},
                     {"proposed", i.proposed},
                     {"note", i.note}});
  }
  return {{"aggregation", r.aggregation},
          {"shortlist",
           {{"size", r.shortlist_size ? json(*r.shortlist_size) : json(nullptr)},
            {"min_score", r.shortlist_min_score ? json(*r.shortlist_min_score) : json(nullptr)}}},
          {"unscored", r.unscored},
          {"items", items}};
}

json to_json(const service::OnsiteRecord& r) {
  json findings = json::array();
  for (const auto& f : r.findings)
    findings.push_back({{"item", f.item}, {"conforms", f.conforms}, {"note", f.note}});
  json files = json::array();
  for (const auto& f : r.files) files.push_back({{"sha256", f.sha256}, {"name", f.name}});
  return {{"id", r.id},
          {"level", r.level},
          {"checked_on", r.checked_on},
          {"inspectors", r.inspectors},
          {"findings", findings},
          {"result", r.result},
          {"note", r.note},
          {"files", files},
          {"recorded_by", r.recorded_by},
          {"recorded_at", r.recorded_at}};
}

json to_json(const service::Notice& n) {
  json entries = json::array();
  for (const auto& e : n.entries) {
    json entry = {{"declaration_id", e.declaration_id},
                  {"enterprise_name", e.enterprise_name},
                  {"factory_name", e.factory_name},
                  {"region_name", e.region_name}};
    if (!e.outcome.empty()) entry["outcome"] = e.outcome;
    entries.push_back(std::move(entry));
  }
  return {{"id", n.id},
          {"round", n.round_id},
          {"round_name", n.round_name},
          {"title", n.title},
          {"where", n.where},
          {"starts_on", n.starts_on},
          {"ends_on", n.ends_on},
          {"working_days", n.working_days},
          {"calendar", n.calendar},
          {"status", n.status},
          {"published_at", n.published_at},
          {"entries", entries},
          {"objections",
           "异议须实名提出：个人须署真实姓名并附本人签名的书面材料，单位须附加盖公章的书面材料；"
           "匿名异议不予受理"}};
}

json to_json(const service::Objection& o) {
  json out = {{"id", o.id},
              {"notice_id", o.notice_id},
              {"declaration_id", o.declaration_id},
              {"enterprise_name", o.enterprise_name},
              {"objector_kind", o.objector_kind},
              {"content", o.content},
              {"received_at", o.received_at},
              {"state", o.state},
              {"outcome", o.outcome},
              {"resolution", o.resolution},
              {"resolved_at", o.resolved_at},
              {"identity_visible", o.identity_visible}};
  if (o.identity_visible) {
    out["objector"] = {{"name", o.objector_name}, {"contact", o.objector_contact}};
    out["file"] = {{"sha256", o.file_sha256}, {"name", o.file_name}};
  }
  return out;
}

json to_json(const rounds::ReviewPolicy& p) {
  json out = {{"expert_review", nullptr}, {"onsite_check", nullptr}, {"public_notice", nullptr},
              {"recognition", nullptr},   {"note", p.note},          {"defaulted", p.defaulted}};
  if (p.expert_review) {
    const auto& e = *p.expert_review;
    json criteria = json::array();
    for (const auto& c : e.criteria) {
      criteria.push_back(
          {{"id", c.id}, {"name", c.name}, {"max", c.max}, {"guidance", c.guidance}});
    }
    json shortlist = nullptr;
    if (e.shortlist) {
      shortlist = {
          {"size", e.shortlist->size ? json(*e.shortlist->size) : json(nullptr)},
          {"min_score", e.shortlist->min_score ? json(*e.shortlist->min_score) : json(nullptr)},
          {"clause", e.shortlist->clause}};
    }
    out["expert_review"] = {{"level", e.level},
                            {"panel_size", e.panel_size},
                            {"aggregation", rounds::aggregation_id(e.aggregation)},
                            {"same_city_excluded", e.conflicts.same_city},
                            {"sheet", e.sheet},
                            {"criteria", criteria},
                            {"shortlist", shortlist},
                            {"clause", e.clause}};
  }
  if (p.onsite_check) {
    json items = json::array();
    for (const auto& i : p.onsite_check->checklist)
      items.push_back({{"id", i.id}, {"text", i.text}, {"reflects", i.reflects}});
    out["onsite_check"] = {{"level", p.onsite_check->level},
                           {"checklist_id", p.onsite_check->checklist_id},
                           {"checklist", items},
                           {"clause", p.onsite_check->clause}};
  }
  if (p.public_notice) {
    out["public_notice"] = {{"level", p.public_notice->level},
                            {"working_days", p.public_notice->working_days},
                            {"calendar", p.public_notice->calendar},
                            {"where", p.public_notice->where},
                            {"clause", p.public_notice->clause}};
  }
  if (p.recognition) {
    out["recognition"] = {
        {"level", p.recognition->level},
        {"validity_years",
         p.recognition->validity_years ? json(*p.recognition->validity_years) : json(nullptr)},
        {"clause", p.recognition->clause}};
  }
  return out;
}

/// A list of strings member (BAD_REQUEST when it is something else or too long).
Result<std::vector<std::string>> string_list(const json& body, const char* key, std::size_t max) {
  std::vector<std::string> out;
  if (!body.contains(key)) return out;
  const auto& v = body.at(key);
  if (!v.is_array()) return fail("BAD_REQUEST", fmt::format("{} 应为字符串数组", key));
  if (v.size() > max) return fail("BAD_REQUEST", fmt::format("{} 最多 {} 项", key, max));
  for (const auto& x : v) {
    if (!x.is_string() || x.get_ref<const std::string&>().size() > 4096)
      return fail("BAD_REQUEST", fmt::format("{} 应为字符串数组", key));
    out.push_back(x.get<std::string>());
  }
  return out;
}

Result<review::ScoreSheet> sheet_from(const json& body) {
  review::ScoreSheet sheet;
  if (!body.contains("scores") || !body.at("scores").is_object())
    return fail("BAD_REQUEST", "scores 应为 {评分项: 分数} 对象");
  for (const auto& [k, v] : body.at("scores").items()) {
    if (!v.is_number()) return fail("BAD_REQUEST", fmt::format("评分项“{}”的分数应为数字", k));
    sheet.scores[k] = v.get<double>();
  }
  auto comment = string_member(body, "comment", kMaxText);
  if (!comment) return std::unexpected(comment.error());
  sheet.comment = *comment;
  return sheet;
}

Result<service::OnsiteRecord> onsite_from(const json& body) {
  service::OnsiteRecord r;
  auto checked_on = string_member(body, "checked_on");
  if (!checked_on) return std::unexpected(checked_on.error());
  r.checked_on = *checked_on;
  auto inspectors = string_list(body, "inspectors", 100);
  if (!inspectors) return std::unexpected(inspectors.error());
  r.inspectors = *inspectors;
  auto result = string_member(body, "result");
  if (!result) return std::unexpected(result.error());
  r.result = *result;
  auto note = string_member(body, "note", kMaxText);
  if (!note) return std::unexpected(note.error());
  r.note = *note;
  const json findings = body.value("findings", json::array());
  if (!findings.is_array() || findings.size() > 200)
    return fail("BAD_REQUEST", "findings 应为核查项数组");
  for (const auto& f : findings) {
    if (!f.is_object()) return fail("BAD_REQUEST", "findings 的每一项应为对象");
    auto item = string_member(f, "item");
    auto fnote = string_member(f, "note", kMaxText);
    if (!item) return std::unexpected(item.error());
    if (!fnote) return std::unexpected(fnote.error());
    if (!f.contains("conforms") || !f.at("conforms").is_boolean())
      return fail("BAD_REQUEST", "每个核查项须有 conforms（true/false）");
    r.findings.push_back({*item, f.at("conforms").get<bool>(), *fnote});
  }
  const json files = body.value("files", json::array());
  if (!files.is_array() || files.size() > 100) return fail("BAD_REQUEST", "files 应为数组");
  for (const auto& f : files) {
    if (!f.is_object()) return fail("BAD_REQUEST", "files 的每一项应为 {sha256, name}");
    auto sha = string_member(f, "sha256");
    auto name = string_member(f, "name");
    if (!sha) return std::unexpected(sha.error());
    if (!name) return std::unexpected(name.error());
    r.files.push_back({*sha, *name});
  }
  return r;
}

}  // namespace

void App::add_province_routes() {
  auto& accounts = services_.accounts;
  auto& reviews = services_.reviews;

  router_.add(
      "GET", "/api/v1/rounds/{round}/review",
      "本批次的评审环节：专家评审（组别人数、汇总方式、评分表）、现场核查清单、公示期、"
      "认定有效期，及哪些是平台默认（公开）",
      [this](http::Request& req) {
        const auto it = rounds_.rounds.find(req.params.at("round"));
        if (it == rounds_.rounds.end()) {
          return error_response(Error{
              "ROUND_UNKNOWN", fmt::format("批次“{}”不存在", req.params.at("round")), {}, {}});
        }
        return http::Response::json(200, to_json(it->second.review));
      });
  router_.add("GET", "/api/v1/rounds/{round}/experts",
              "专家库：本批次可用的评审专家及其已分配数（组织专家评审的审核员）",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto pool = reviews.expert_pool(s->principal, req.params.at("round"));
                return respond(pool, [](const std::vector<service::PoolExpert>& list) {
                  json items = json::array();
                  for (const auto& e : list) items.push_back(to_json(e));
                  return http::Response::json(200, {{"items", items}});
                });
              });
  router_.add("GET", "/api/v1/rounds/{round}/panels", "专家评审组：每份申报书的评审专家和评分进度",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto panels = reviews.panels(s->principal, req.params.at("round"));
                return respond(panels, [](const std::vector<service::Panel>& list) {
                  json items = json::array();
                  for (const auto& p : list) items.push_back(to_json(p));
                  return http::Response::json(200, {{"items", items}});
                });
              });
  router_.add(
      "POST", "/api/v1/rounds/{round}/panels/assign",
      "自动分配评审专家：回避利益冲突、均衡工作量；已有评审组的不变", [&](http::Request& req) {
        auto s = signed_in(accounts, req);
        if (!s) return error_response(s.error());
        auto out = reviews.assign_panels(s->principal, req.params.at("round"));
        return respond(out, [](const service::AssignOutcome& o) {
          json assigned = json::array();
          for (const auto& p : o.assigned) assigned.push_back(to_json(p));
          json unfilled = json::array();
          for (const auto& p : o.unfilled) unfilled.push_back(to_json(p));
          return http::Response::json(200, {{"assigned", assigned}, {"unfilled", unfilled}});
        });
      });
  router_.add("PUT", "/api/v1/declarations/{id}/panel",
              "手动调整评审组：{experts: [专家账号 id]}；不符合回避规定时给出全部原因",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto body = json_body(req);
                if (!body) return error_response(body.error());
                auto ids = string_list(*body, "experts", 50);
                if (!ids) return error_response(ids.error());
                auto panel = reviews.set_panel(s->principal, req.params.at("id"), *ids);
                return respond(panel, [](const service::Panel& p) {
                  return http::Response::json(200, to_json(p));
                });
              });
  router_.add("POST", "/api/v1/declarations/{id}/conflicts",
              "专家申明回避：{reason}；系统补选一名无利益冲突的专家", [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto body = json_body(req);
                if (!body) return error_response(body.error());
                auto reason = string_member(*body, "reason", kMaxText);
                if (!reason) return error_response(reason.error());
                auto out = reviews.declare_conflict(s->principal, req.params.at("id"), *reason);
                return respond(out, [](const service::ConflictOutcome& o) {
                  return http::Response::json(
                      200, {{"replacement",
                             o.replacement_id.empty() ? json(nullptr) : json(o.replacement_id)},
                            {"message", o.message}});
                });
              });
  router_.add("GET", "/api/v1/expert/assignments", "评审专家：分配给我的申报书和评分状态",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto tasks = reviews.expert_tasks(s->principal);
                return respond(tasks, [](const std::vector<service::ExpertTask>& list) {
                  json items = json::array();
                  for (const auto& t : list) {
                    items.push_back({{"declaration_id", t.declaration_id},
                                     {"round", t.round_id},
                                     {"round_name", t.round_name},
                                     {"enterprise_name", t.enterprise_name},
                                     {"factory_name", t.factory_name},
                                     {"state", t.state},
                                     {"scored", t.scored}});
                  }
                  return http::Response::json(200, {{"items", items}});
                });
              });
  router_.add("GET", "/api/v1/declarations/{id}/score-sheet",
              "评审专家的评分表：评分项（满分、评分指引）和我已提交的分数",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto view = reviews.score_sheet(s->principal, req.params.at("id"));
                return respond(view, [](const service::SheetView& v) {
                  return http::Response::json(200, to_json(v));
                });
              });
  router_.add("PUT", "/api/v1/declarations/{id}/score-sheet",
              "提交或修改评分：{scores: {评分项: 分数}, comment}；专家评审结束前可修改",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                // Who may score this declaration is answered before what the body says.
                auto readable = reviews.score_sheet(s->principal, req.params.at("id"));
                if (!readable) return error_response(readable.error());
                auto body = json_body(req);
                if (!body) return error_response(body.error());
                auto sheet = sheet_from(*body);
                if (!sheet) return error_response(sheet.error());
                auto view = reviews.submit_score_sheet(s->principal, req.params.at("id"), *sheet);
                return respond(view, [](const service::SheetView& v) {
                  return http::Response::json(200, to_json(v));
                });
              });
  router_.add("GET", "/api/v1/rounds/{round}/expert-results",
              "专家评审结果：汇总得分、排名和建议入围名单", [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto results = reviews.expert_results(s->principal, req.params.at("round"));
                return respond(results, [](const service::ExpertResults& r) {
                  return http::Response::json(200, to_json(r));
                });
              });

  router_.add("POST", "/api/v1/declarations/{id}/onsite",
              "记录现场核查：{checked_on, inspectors, findings: [{item, conforms, note}], "
              "result: pass|fail, note, files: [{sha256, name}]}",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto body = json_body(req);
                if (!body) return error_response(body.error());
                auto record = onsite_from(*body);
                if (!record) return error_response(record.error());
                auto out = reviews.record_onsite(s->principal, req.params.at("id"), *record);
                return respond(out, [](const service::OnsiteRecord& r) {
                  return http::Response::json(201, to_json(r));
                });
              });
  router_.add("GET", "/api/v1/declarations/{id}/onsite", "申报书的现场核查记录（新的在前）",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto out = reviews.onsite_records(s->principal, req.params.at("id"));
                return respond(out, [](const std::vector<service::OnsiteRecord>& list) {
                  json items = json::array();
                  for (const auto& r : list) items.push_back(to_json(r));
                  return http::Response::json(200, {{"items", items}});
                });
              });

  router_.add("POST", "/api/v1/rounds/{round}/notices",
              "发布公示：{declarations: [id], starts_on, title}；按工作日计算公示期，"
              "任一申报书不能公示则全部不公示",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto body = json_body(req);
                if (!body) return error_response(body.error());
                auto ids = string_list(*body, "declarations", kMaxIds);
                if (!ids) return error_response(ids.error());
                auto starts_on = string_member(*body, "starts_on");
                if (!starts_on) return error_response(starts_on.error());
                auto title = string_member(*body, "title");
                if (!title) return error_response(title.error());
                auto n = reviews.start_notice(s->principal, req.params.at("round"), *title,
                                              *starts_on, *ids);
                return respond(n, [](const service::Notice& notice) {
                  return http::Response::json(201, to_json(notice));
                });
              });
  router_.add("GET", "/api/v1/rounds/{round}/notices", "本批次的公示（公开）",
              [&](http::Request& req) {
                auto list = reviews.notices(req.params.at("round"));
                return respond(list, [](const std::vector<service::Notice>& notices) {
                  json items = json::array();
                  for (const auto& n : notices) items.push_back(to_json(n));
                  return http::Response::json(200, {{"items", items}});
                });
              });
  router_.add("GET", "/api/v1/notices/{id}",
              "一次公示：名单、公示期、异议须知；发布后含认定结果（公开）",
              [&](http::Request& req) {
                auto n = reviews.notice(req.params.at("id"));
                return respond(n, [](const service::Notice& notice) {
                  return http::Response::json(200, to_json(notice));
                });
              });
  router_.add("POST", "/api/v1/notices/{id}/objections",
              "实名提出异议（无需登录）：{declaration_id, objector_kind: person|unit, "
              "objector_name, contact, content, file_name, file_base64（签名或盖章的 PDF/图片）}",
              [&](http::Request& req) {
                auto body = json_body(req);
                if (!body) return error_response(body.error());
                service::Objection in;
                for (auto [key, target] : {std::pair{"declaration_id", &in.declaration_id},
                                           std::pair{"objector_kind", &in.objector_kind},
                                           std::pair{"objector_name", &in.objector_name},
                                           std::pair{"contact", &in.objector_contact},
                                           std::pair{"file_name", &in.file_name}}) {
                  auto v = string_member(*body, key, 1024);
                  if (!v) return error_response(v.error());
                  *target = *v;
                }
                auto content = string_member(*body, "content", kMaxText * 2);
                if (!content) return error_response(content.error());
                in.content = *content;
                auto encoded = string_member(*body, "file_base64", kMaxObjectionFileBase64);
                if (!encoded) return error_response(encoded.error());
                std::string bytes;
                if (!encoded->empty()) {
                  auto decoded = files::base64_decode(*encoded);
                  if (!decoded) return error_response(decoded.error());
                  bytes = std::move(*decoded);
                }
                auto out = reviews.object(req.params.at("id"), std::move(in), bytes);
                return respond(out, [](const service::Objection& o) {
                  return http::Response::json(201, {{"id", o.id},
                                                    {"received_at", o.received_at},
                                                    {"message", "异议已受理，组织单位将核实处理"}});
                });
              });
  router_.add("GET", "/api/v1/declarations/{id}/objections",
              "对申报书的公示异议；异议人身份只向组织公示的单位显示", [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto list = reviews.objections(s->principal, req.params.at("id"));
                return respond(list, [](const std::vector<service::Objection>& objections) {
                  json items = json::array();
                  for (const auto& o : objections) items.push_back(to_json(o));
                  return http::Response::json(200, {{"items", items}});
                });
              });
  router_.add("POST", "/api/v1/objections/{id}/resolve",
              "处理异议：{outcome: upheld|dismissed, resolution}", [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto body = json_body(req);
                if (!body) return error_response(body.error());
                auto outcome = string_member(*body, "outcome");
                auto resolution = string_member(*body, "resolution", kMaxText);
                if (!outcome) return error_response(outcome.error());
                if (!resolution) return error_response(resolution.error());
                auto o = reviews.resolve_objection(s->principal, req.params.at("id"), *outcome,
                                                   *resolution);
                return respond(o, [](const service::Objection& x) {
                  return http::Response::json(200, to_json(x));
                });
              });
  router_.add("POST", "/api/v1/notices/{id}/publish",
              "公示期满后发布认定结果：名单上其余申报书予以认定并进入认定名录",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto n = reviews.publish_notice(s->principal, req.params.at("id"));
                return respond(n, [](const service::Notice& notice) {
                  return http::Response::json(200, to_json(notice));
                });
              });
}

}  // namespace tidu::api
