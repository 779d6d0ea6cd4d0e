// Routes of the review chain: the actions a caller can take on a declaration (with the reasons
// for those they cannot), decisions one at a time or for a selection, blacklist checks, and the
// unit's recommendation list: ranking, letter, joint signatures, filing, lists received.
#include <fmt/format.h>

#include "api/app.hpp"
#include "api/errors.hpp"
#include "api/support.hpp"

namespace tidu::api {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxSelection = 200;

json to_json(const review::Option& o) {
  return {{"action", review::action_id(o.action)},
          {"name", review::action_name(o.action)},
          {"allowed", o.allowed},
          {"reasons", o.reasons}};
}

json to_json(const service::Step& s) {
  return {{"id", s.declaration_id}, {"state", s.state}, {"level", s.level}};
}

json to_json(const service::BlacklistCheck& c) {
  return {{"id", c.id},
          {"level", c.level},
          {"source", c.source},
          {"result", c.result},
          {"note", c.note},
          {"evidence", c.evidence_sha256},
          {"checked_by", c.checked_by},
          {"checked_by_name", c.checked_by_name},
          {"checked_at", c.checked_at}};
}

json to_json(const service::BatchView& b) {
  json entries = json::array();
  for (const auto& e : b.entries) {
    entries.push_back({{"declaration_id", e.declaration_id},
                       {"enterprise_name", e.enterprise_name},
                       {"credit_code", e.credit_code},
                       {"rank", e.rank},
                       {"exempt", e.exempt},
                       {"remark", e.remark}});
  }
  json signed_by = json::array();
  for (const auto& s : b.signatures) {
    signed_by.push_back(
        {{"authority", s.authority}, {"account", s.account_id}, {"at", s.signed_at}});
  }
  json out = {{"id", b.id},
              {"round", b.round_id},
              {"level", b.level},
              {"level_name", b.level_name},
              {"unit", {{"code", b.unit_code}, {"name", b.unit_name}}},
              {"state", b.state},
              {"ranked", b.ranked},
              {"quota", nullptr},
              {"deadline", b.deadline},
              {"entries", entries},
              {"joint", {{"required", b.joint_required}, {"signed", signed_by}}},
              {"letter", nullptr},
              {"filed_at", b.filed_at}};
  if (b.quota_limit) out["quota"] = {{"limit", *b.quota_limit}, {"used", b.quota_used}};
  if (!b.letter_sha256.empty())
    out["letter"] = {{"sha256", b.letter_sha256}, {"name", b.letter_name}};
  return out;
}

Result<review::Action> action_param(const std::string& id) {
  const auto a = review::parse_action(id);
  if (!a) return fail("NOT_FOUND", fmt::format("没有名为“{}”的审核操作", id));
  return *a;
}

}  // namespace

void App::add_review_routes() {
  auto& accounts = services_.accounts;
  auto& reviews = services_.reviews;

  router_.add("GET", "/api/v1/declarations/{id}/actions",
              "当前用户对申报书现在可做的操作；不可做的给出原因", [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto list = reviews.actions(s->principal, req.params.at("id"));
                return respond(list, [](const service::ActionList& l) {
                  json actions = json::array();
                  for (const auto& o : l.actions) actions.push_back(to_json(o));
                  const auto state = review::parse_state(l.state);
                  return http::Response::json(
                      200, {{"id", l.declaration_id},
                            {"state", l.state},
                            {"state_name", state ? review::state_name(*state) : l.state},
                            {"level", l.level},
                            {"level_name", l.level_name},
                            {"unit", {{"code", l.unit_code}, {"name", l.unit_name}}},
                            {"actions", actions}});
                });
              });
  router_.add("POST", "/api/v1/declarations/{id}/actions/{action}",
              "审核操作：pass、return、not_recommend、reopen、formal_pass、formal_reject、"
              "shortlist、reject、start_onsite、onsite_pass、recognise；{opinion}（进入公示用 POST "
              "/rounds/{round}/notices）",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto action = action_param(req.params.at("action"));
                if (!action) return error_response(action.error());
                auto body = json_body(req);
                if (!body) return error_response(body.error());
                auto opinion = string_member(*body, "opinion", 16384);
                if (!opinion) return error_response(opinion.error());
                auto step = reviews.act(s->principal, req.params.at("id"), *action, *opinion);
                return respond(step, [](const service::Step& st) {
                  return http::Response::json(200, to_json(st));
                });
              });
  router_.add("POST", "/api/v1/reviews/decisions",
              "对选中的多份申报书作同一审核操作：{action, declarations: [id], opinion}；"
              "逐份处理，各自给出结果",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto body = json_body(req);
                if (!body) return error_response(body.error());
                auto action_text = string_member(*body, "action", 64);
                if (!action_text) return error_response(action_text.error());
                auto action = action_param(*action_text);
                if (!action) return error_response(action.error());
                auto opinion = string_member(*body, "opinion", 16384);
                if (!opinion) return error_response(opinion.error());
                const auto ids = body->find("declarations");
                if (ids == body->end() || !ids->is_array() || ids->empty() ||
                    ids->size() > kMaxSelection ||
                    !std::ranges::all_of(*ids, [](const json& v) { return v.is_string(); })) {
                  return error_response(
                      Error{"BAD_REQUEST",
                            fmt::format("declarations 应为 1–{} 个申报书 id 的数组", kMaxSelection),
                            {},
                            {}});
                }
                const auto results = reviews.act_on_each(
                    s->principal, ids->get<std::vector<std::string>>(), *action, *opinion);
                json out = json::array();
                for (const auto& r : results) {
                  if (r.outcome) {
                    json item = to_json(*r.outcome);
                    item["ok"] = true;
                    out.push_back(item);
                  } else {
                    out.push_back({{"id", r.declaration_id},
                                   {"ok", false},
                                   {"code", r.outcome.error().code},
                                   {"message", r.outcome.error().message}});
                  }
                }
                return http::Response::json(200, {{"results", out}});
              });
  router_.add("POST", "/api/v1/declarations/{id}/blacklist-checks",
              "记录失信黑名单核查：{source: gsxt|zxgk, result: clear|listed, note, evidence}",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto body = json_body(req);
                if (!body) return error_response(body.error());
                service::BlacklistCheck c;
                for (auto [key, target] :
                     {std::pair{"source", &c.source}, std::pair{"result", &c.result},
                      std::pair{"note", &c.note}, std::pair{"evidence", &c.evidence_sha256}}) {
                  auto v = string_member(*body, key, 8192);
                  if (!v) return error_response(v.error());
                  *target = *v;
                }
                auto made = reviews.record_blacklist_check(s->principal, req.params.at("id"), c);
                return respond(made, [](const service::BlacklistCheck& b) {
                  return http::Response::json(201, to_json(b));
                });
              });
  router_.add("GET", "/api/v1/declarations/{id}/blacklist-checks", "申报书的失信黑名单核查记录",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto list = reviews.blacklist_checks(s->principal, req.params.at("id"));
                if (!list) return error_response(list.error());
                // The caller reads the declaration (checked above): its imported matches.
                auto imported = services_.blacklists.listed_for_declaration(req.params.at("id"));
                if (!imported) return error_response(imported.error());
                json items = json::array();
                for (const auto& c : *list) items.push_back(to_json(c));
                json matches = json::array();
                for (const auto& m : *imported) {
                  matches.push_back({{"credit_code", m.credit_code},
                                     {"name", m.name},
                                     {"list", m.list},
                                     {"listed_on", m.listed_on},
                                     {"import", m.import_id},
                                     {"imported_at", m.imported_at}});
                }
                return http::Response::json(200, {{"items", items}, {"imported_matches", matches}});
              });
  router_.add("POST", "/api/v1/reviews/files",
              "审核单位上传材料（核查证明等）：?name=，请求体为文件内容", [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                const auto name = req.query.contains("name") ? req.query.at("name") : "";
                auto sha = reviews.store_file(s->principal, name, req.body);
                return respond(sha, [](const std::string& h) {
                  return http::Response::json(201, {{"sha256", h}});
                });
              });

  const auto batch_response = [](const Result<service::BatchView>& b) {
    return respond(
        b, [](const service::BatchView& v) { return http::Response::json(200, to_json(v)); });
  };
  router_.add("GET", "/api/v1/rounds/{round}/batch", "本单位在本级的推荐名单（未报送的）",
              [&, batch_response](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                return batch_response(reviews.batch(s->principal, req.params.at("round")));
              });
  router_.add("PUT", "/api/v1/rounds/{round}/batch/ranking",
              "调整推荐顺序：{order: [申报书 id]}，须恰为名单中的全部申报书；联合署名随之作废",
              [&, batch_response](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto body = json_body(req);
                if (!body) return error_response(body.error());
                const auto order = body->find("order");
                if (order == body->end() || !order->is_array() || order->size() > 10000 ||
                    !std::ranges::all_of(*order, [](const json& v) { return v.is_string(); })) {
                  return error_response(
                      Error{"BAD_REQUEST", "order 应为申报书 id 的数组（按推荐顺序）", {}, {}});
                }
                return batch_response(reviews.rank(s->principal, req.params.at("round"),
                                                   order->get<std::vector<std::string>>()));
              });
  router_.add("POST", "/api/v1/rounds/{round}/batch/letter",
              "上传推荐名单的正式报送函（盖章 PDF）：?name=，请求体为文件内容",
              [&, batch_response](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                const auto name = req.query.contains("name") ? req.query.at("name") : "报送函.pdf";
                return batch_response(
                    reviews.attach_letter(s->principal, req.params.at("round"), name, req.body));
              });
  router_.add("POST", "/api/v1/rounds/{round}/batch/sign", "联合推荐部门对推荐名单署名",
              [&, batch_response](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                return batch_response(reviews.sign(s->principal, req.params.at("round")));
              });
  router_.add(
      "POST", "/api/v1/rounds/{round}/batch/file",
      "报送推荐名单：名单中的申报书全部报上一级；逾期、缺报送函、缺署名、超名额时拒绝并列出原因",
      [&, batch_response](http::Request& req) {
        auto s = signed_in(accounts, req);
        if (!s) return error_response(s.error());
        return batch_response(reviews.file(s->principal, req.params.at("round")));
      });
  router_.add("GET", "/api/v1/reminders",
              "截止时间提醒：审核单位临近或已过本级报送截止而仍有待办；企业临近申报截止而尚未提交",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto list = services_.reminders.for_principal(s->principal);
                return respond(list, [](const std::vector<service::Reminder>& l) {
                  json items = json::array();
                  for (const auto& r : l) {
                    items.push_back({{"round", r.round_id},
                                     {"round_name", r.round_name},
                                     {"kind", r.kind},
                                     {"deadline", r.deadline},
                                     {"days_left", r.days_left},
                                     {"declaration_id", r.declaration_id},
                                     {"message", r.message}});
                  }
                  return http::Response::json(200, {{"items", items}});
                });
              });
  router_.add("GET", "/api/v1/rounds/{round}/batches",
              "下级单位已报送给本单位的推荐名单（按推荐顺序）", [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto list = reviews.received(s->principal, req.params.at("round"));
                return respond(list, [](const std::vector<service::BatchView>& l) {
                  json items = json::array();
                  for (const auto& b : l) items.push_back(to_json(b));
                  return http::Response::json(200, {{"items", items}});
                });
              });
}

}  // namespace tidu::api
