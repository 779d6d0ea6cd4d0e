// Routes of the copied-text check: the near-duplicate passages a declaration shares with other
// enterprises' declarations in its round, and the pairs of a round, for the reviewers.
#include "api/app.hpp"
#include "api/errors.hpp"
#include "api/support.hpp"

namespace tidu::api {
namespace {

using nlohmann::json;

json to_json(const service::MatchSide& s) {
  return {{"declaration_id", s.visible ? json(s.declaration_id) : json(nullptr)},
          {"enterprise_name", s.enterprise_name},
          {"region", s.region},
          {"region_name", s.region_name},
          {"field", s.field},
          {"label", s.label},
          {"part", s.part},
          {"visible", s.visible}};
}

json to_json(const service::MatchPage& page) {
  json matches = json::array();
  for (const auto& m : page.matches)
    matches.push_back({{"similarity", m.similarity},
                       {"shared", m.shared},
                       {"a", to_json(m.a)},
                       {"b", to_json(m.b)},
                       {"found_at", m.found_at}});
  return {{"matches", matches}, {"total", page.total}, {"pending", page.pending}};
}

}  // namespace

void App::add_copied_text_routes() {
  auto& accounts = services_.accounts;
  auto& copied = services_.copied_text;
  router_.add("GET", "/api/v1/declarations/{id}/copied-text",
              "与同批次其他企业申报书高度相似的文本段落（相似度、共有文字，审核人员可见）",
              [&accounts, &copied](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto page = copied.for_declaration(s->principal, req.params.at("id"));
                return respond(page, [](const service::MatchPage& p) {
                  return http::Response::json(200, to_json(p));
                });
              });
  router_.add("GET", "/api/v1/rounds/{round}/copied-text",
              "批次内的相似文本对（?region= 默认本单位地区，?page=&page_size=；相似度高的在前）",
              [&accounts, &copied](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto paged = paging(req);
                if (!paged) return error_response(paged.error());
                const auto [offset, limit] = *paged;
                auto page = copied.for_round(
                    s->principal, req.params.at("round"), query_value(req, "region", ""),
                    static_cast<std::size_t>(offset / limit), static_cast<std::size_t>(limit));
                return respond(page, [](const service::MatchPage& p) {
                  return http::Response::json(200, to_json(p));
                });
              });
}

}  // namespace tidu::api
