#include "cli/demo.hpp"

#include <fmt/format.h>

#include <iostream>
#include <map>
#include <memory>
#include <set>

#include "catalogue/loader.hpp"
#include "declaration/json_io.hpp"
#include "demo/world.hpp"
#include "rounds/loader.hpp"
#include "security/password.hpp"
#include "service/accounts.hpp"
#include "service/declarations.hpp"
#include "service/enterprises.hpp"
#include "service/file_store.hpp"
#include "service/reviews.hpp"
#include "storage/pool.hpp"
#include "storage/postgres.hpp"
#include "storage/sqlite.hpp"

namespace tidu::cli {
namespace {

using nlohmann::json;

/// The demo round kept open for demonstrations (data/demo/rounds/demo-tianmen-basic.yaml), and
/// the real round whose demo enterprises also declare in it.
constexpr const char* kOpenDemoRound = "demo-tianmen-basic";
constexpr const char* kOpenDemoTwin = "hb-tianmen-2026-basic";

std::uint32_t crc32(std::string_view bytes) {
  std::uint32_t c = 0xFFFFFFFFU;
  for (const char ch : bytes) {
    c ^= static_cast<unsigned char>(ch);
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320U & (0U - (c & 1U)));
  }
  return ~c;
}

std::uint32_t adler32(std::string_view bytes) {
  std::uint32_t a = 1;
  std::uint32_t b = 0;
  for (const char ch : bytes) {
    a = (a + static_cast<unsigned char>(ch)) % 65521U;
    b = (b + a) % 65521U;
  }
  return (b << 16) | a;
}

void put32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xFFU);
}

void png_chunk(std::string& out, std::string_view type, std::string_view data) {
  put32(out, static_cast<std::uint32_t>(data.size()));
  std::string body(type);
  body += data;
  out += body;
  put32(out, crc32(body));
}

}  // namespace

std::string demo_pdf(std::string_view title) {
  std::string safe;
  for (const char c : title) {
    if (c >= 32 && c < 127 && c != '(' && c != ')' && c != '\\') safe += c;
  }
  const std::string text =
      fmt::format("BT /F1 18 Tf 72 760 Td (Tidu demo attachment) Tj 0 -28 Td ({}) Tj ET", safe);
  const std::string page =
      fmt::format("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R {} >>",
                  "/Resources << /Font << /F1 5 0 R >> >>");
  const std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page,
      fmt::format("<< /Length {} >>\nstream\n{}\nendstream", text.size(), text),
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
  std::string pdf = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += fmt::format("{} 0 obj\n{}\nendobj\n", i + 1, objects[i]);
  }
  const std::size_t xref = pdf.size();
  pdf += fmt::format("xref\n0 {}\n0000000000 65535 f \n", objects.size() + 1);
  for (const auto o : offsets) pdf += fmt::format("{:010} 00000 n \n", o);
  pdf += fmt::format("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{}\n%%EOF\n",
                     objects.size() + 1, xref);
  return pdf;
}

std::string demo_png(unsigned char shade) {
  constexpr std::uint32_t kSide = 16;
  std::string raw;
  for (std::uint32_t y = 0; y < kSide; ++y) {
    raw += '\0';  // filter: none
    for (std::uint32_t x = 0; x < kSide; ++x) {
      raw += static_cast<char>(shade);
      raw += static_cast<char>(0x60 + (x * 8));
      raw += static_cast<char>(0x90 + (y * 4));
    }
  }
  // zlib stream with one stored (uncompressed) deflate block.
  std::string z = "\x78\x01";
  z += '\x01';
  const auto len = static_cast<std::uint16_t>(raw.size());
  z += static_cast<char>(len & 0xFFU);
  z += static_cast<char>(len >> 8);
  z += static_cast<char>(~len & 0xFFU);
  z += static_cast<char>((~len >> 8) & 0xFFU);
  z += raw;
  put32(z, adler32(raw));
  std::string ihdr;
  put32(ihdr, kSide);
  put32(ihdr, kSide);
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);
  std::string png = "\x89PNG\r\n\x1a\n";
  png_chunk(png, "IHDR", ihdr);
  png_chunk(png, "IDAT", z);
  png_chunk(png, "IEND", "");
  return png;
}

namespace {

/// Loads one enterprise's declaration in `round_id` up to its demo state; returns its id.
Result<std::string> load_declaration(service::Declarations& declarations,
                                     const access::Principal& who, const demo::DemoEnterprise& e,
                                     const std::string& round_id, time::Instant& now) {
  auto created = declarations.create(who, round_id);
  if (!created) return std::unexpected(created.error());
  declaration::Declaration d = *e.declaration;
  d.round = round_id;
  unsigned char shade = 0x40;
  for (auto& a : d.attachments) {
    const bool image = a.media_type == "image/png" || a.media_type == "image/jpeg";
    std::string bytes = image ? demo_png(shade += 0x11)
                              : demo_pdf(fmt::format("{} / {}", e.profile.credit_code, a.kind));
    auto f = declarations.upload(who, created->id, a.name, bytes);
    if (!f) return std::unexpected(f.error());
    a.sha256 = f->sha256;
  }
  const json doc = declaration::to_json(d);
  std::int64_t version = created->version;
  for (const auto& section : service::draft_sections()) {
    auto saved = declarations.save_section(who, created->id, section, version, doc.at(section));
    if (!saved) return std::unexpected(saved.error());
    version = saved->view.version;
  }
  using demo::DemoState;
  if (e.state == DemoState::kSubmitted || e.state == DemoState::kWithdrawn) {
    if (e.submitted_at && round_id != kOpenDemoRound) now = *e.submitted_at;
    auto s = declarations.submit(who, created->id);
    if (!s) return std::unexpected(s.error());
  }
  if (e.state == DemoState::kWithdrawn) {
    now += std::chrono::hours(26);
    auto w = declarations.withdraw(who, created->id, "发现附件扫描件不清晰，撤回后重新上传");
    if (!w) return std::unexpected(w.error());
  }
  return created->id;
}

/// A submitted declaration of the open demo round and the region of its enterprise.
struct Submitted {
  std::string id;
  std::string region;
};

/// The townships review the open demo round's submissions so that every review state of the
/// township level can be seen. Taken in turn (by township, then submission): the first is passed
/// and its township's list filed to the city (推荐至市级), the next returned for revision with an
/// opinion, the next passed and left waiting in its township's list; and so on. Each township
/// acts through its own demo reviewer.
Result<int> review_open_round(service::Reviews& reviews,
                              const std::map<std::string, access::Principal>& township_reviewers,
                              const std::vector<Submitted>& submitted,
                              const catalogue::RegionTree& regions, const rounds::Round& round) {
  std::map<std::string, std::vector<std::string>> by_unit;
  for (const auto& s : submitted) {
    const auto* unit = access::reviewing_unit(regions, round, s.region, "township");
    if (unit != nullptr) by_unit[unit->code].push_back(s.id);
  }
  int decided = 0;
  for (const auto& [unit, ids] : by_unit) {
    const auto reviewer = township_reviewers.find(unit);
    if (reviewer == township_reviewers.end()) continue;
    const auto& who = reviewer->second;
    for (const auto& id : ids) {
      switch (decided++ % 3) {
        case 0:
          TIDU_TRY(reviews.act(who, id, review::Action::kPass, "材料齐全，同意推荐"));
          TIDU_TRY(reviews.attach_letter(who, round.id, "基础级智能工厂推荐名单.pdf",
                                         demo_pdf("Township nomination list")));
          TIDU_TRY(reviews.file(who, round.id));
          break;
        case 1:
          TIDU_TRY(reviews.act(who, id, review::Action::kReturn,
                               "关键绩效指标缺少改造前的统计口径说明，请补充后重新提交"));
          break;
        default:
          TIDU_TRY(reviews.act(who, id, review::Action::kPass, "同意推荐"));
          break;
      }
    }
  }
  return decided;
}

}  // namespace

int demo(const ServeConfig& config, const std::filesystem::path& policy_dir, const EnvLookup& env) {
  (void)env;
  auto state = open_state(config);
  if (!state) {
    std::cerr << "tidu demo: " << state.error().message << '\n';
    return 2;
  }
  auto existing = state->database->query("SELECT COUNT(*) FROM accounts");
  if (!existing) {
    std::cerr << "tidu demo: " << existing.error().message << '\n';
    return 2;
  }
  if ((*existing)[0].get_int(0) > 0) {
    std::cerr << "tidu demo: 数据库中已有账号，演示数据只能装入空的数据目录或数据库；"
                 "请换一个 --data 目录（或删除现有目录）后重试\n";
    return 2;
  }
  state->database.reset();

  // The open demo round lives in the data directory, where `tidu serve` loads added rounds.
  const auto rounds_dir = std::filesystem::path(config.data_dir) / "rounds";
  std::error_code ec;
  std::filesystem::create_directories(rounds_dir, ec);
  for (const auto& entry :
       std::filesystem::directory_iterator(policy_dir / "demo" / "rounds", ec)) {
    if (entry.path().extension() == ".yaml")
      std::filesystem::copy_file(entry.path(), rounds_dir / entry.path().filename(),
                                 std::filesystem::copy_options::overwrite_existing, ec);
  }
  if (ec) {
    std::cerr << "tidu demo: 无法复制演示批次到 " << rounds_dir << "：" << ec.message() << '\n';
    return 2;
  }
  auto catalogue = catalogue::load_catalogue(policy_dir / "catalogue");
  if (!catalogue) {
    std::cerr << "tidu demo: " << catalogue.error().message << '\n';
    return 2;
  }
  auto rounds = rounds::load_rounds(policy_dir, *catalogue, {rounds_dir});
  if (!rounds) {
    std::cerr << "tidu demo: " << rounds.error().message << '\n';
    return 2;
  }
  const demo::DemoWorld world = demo::make_demo_world(*catalogue, *rounds);

  auto pool = open_pool(config, 2);
  if (!pool) {
    std::cerr << "tidu demo: " << pool.error().message << '\n';
    return 2;
  }
  const auto files = open_file_store(config, **pool);
  auto now = std::make_shared<time::Instant>(service::system_now());
  const service::Clock clock = [now] { return *now; };
  security::PasswordHasher hasher(2);
  service::Accounts accounts(**pool, hasher, *catalogue, clock, {});
  service::Enterprises enterprises(**pool, *catalogue, clock);
  service::Declarations declarations(**pool, *catalogue, *rounds, enterprises, *files, clock);
  service::Reviews reviews(**pool, *catalogue, *rounds, *files, clock);

  const std::string password = demo::demo_password();
  auto report = [](const Error& e, const std::string& what) {
    std::cerr << "tidu demo: " << what << "：" << e.message << (e.detail.empty() ? "" : " (")
              << e.detail << (e.detail.empty() ? "" : ")") << '\n';
    return 1;
  };
  std::map<std::string, access::Principal> township_reviewers;
  std::vector<Submitted> open_round_submissions;
  for (const auto& a : world.accounts) {
    if (a.role == demo::kRoleEnterprise) continue;
    service::NewAccount n{.username = a.username,
                          .password = password,
                          .role = a.role,
                          .level = a.level,
                          .region = a.region,
                          .authority = a.authority,
                          .display_name = a.display_name,
                          .extra = json::object()};
    if (!a.employer.empty()) n.extra["employer"] = a.employer;
    if (!a.specialities.empty()) n.extra["specialities"] = a.specialities;
    auto made = accounts.create_unchecked(n, "");
    if (!made) return report(made.error(), a.username);
    if (a.role == demo::kRoleReviewer && a.level == "township") {
      township_reviewers[a.region] = access::Principal{.account_id = made->id,
                                                       .username = made->username,
                                                       .role = access::Role::kReviewer,
                                                       .level = a.level,
                                                       .region = a.region,
                                                       .authority = a.authority,
                                                       .enterprise_id = {}};
    }
  }
  int declared = 0;
  for (const auto& a : world.accounts) {
    if (a.role != demo::kRoleEnterprise || a.enterprise_index < 0) continue;
    const auto& e = world.enterprises.at(static_cast<std::size_t>(a.enterprise_index));
    const auto round_it = rounds->rounds.find(e.round_id);
    if (round_it == rounds->rounds.end()) continue;
    // Drafting starts a little after the round opens (never before it).
    *now = demo::demo_check_time(round_it->second) - std::chrono::hours(24 * 20);
    if (round_it->second.opens && *now < *round_it->second.opens)
      *now = *round_it->second.opens + std::chrono::hours(10);
    auto account = accounts.register_enterprise({.credit_code = e.profile.credit_code,
                                                 .name = e.profile.name,
                                                 .region = e.profile.region,
                                                 .contact_name = e.profile.contact.name,
                                                 .contact_mobile = e.profile.contact.mobile,
                                                 .username = a.username,
                                                 .password = password});
    if (!account) return report(account.error(), a.username);
    const access::Principal who{.account_id = account->id,
                                .username = account->username,
                                .role = access::Role::kEnterprise,
                                .level = {},
                                .region = account->region,
                                .authority = {},
                                .enterprise_id = account->enterprise_id};
    auto saved =
        enterprises.save_profile(who, account->enterprise_id, 1, service::profile_json(e.profile));
    if (!saved) return report(saved.error(), a.username + " 企业信息");
    if (e.profile.maturity.level) {
      service::MaturityAssessment m;
      m.level = *e.profile.maturity.level;
      m.score = e.profile.maturity.score;
      m.assessed_on = e.profile.maturity.assessed_on;
      m.source = e.profile.maturity.source;
      if (m.assessed_on.empty()) m.assessed_on = "2024-06-30";
      if (m.source.empty()) m.source = "智能制造能力成熟度评估（演示）";
      if (auto r = enterprises.add_maturity(who, account->enterprise_id, m); !r)
        return report(r.error(), a.username + " 成熟度评估");
    }
    if (e.state == demo::DemoState::kNone || !e.declaration) continue;
    if (auto r = load_declaration(declarations, who, e, e.round_id, *now); !r)
      return report(r.error(), a.username + " 申报书");
    ++declared;
    // The same enterprises also declare in the open demo round, so a submission can be shown.
    if (e.round_id == kOpenDemoTwin && rounds->rounds.contains(kOpenDemoRound) &&
        e.state != demo::DemoState::kDraftIncomplete) {
      demo::DemoEnterprise twin = e;
      if (twin.state == demo::DemoState::kWithdrawn) twin.state = demo::DemoState::kDraftComplete;
      *now = service::system_now();
      auto id = load_declaration(declarations, who, twin, kOpenDemoRound, *now);
      if (!id) return report(id.error(), a.username + " 演示批次申报书");
      if (twin.state == demo::DemoState::kSubmitted)
        open_round_submissions.push_back({*id, e.profile.region});
      ++declared;
    }
  }
  int reviewed = 0;
  if (const auto open = rounds->rounds.find(kOpenDemoRound); open != rounds->rounds.end()) {
    *now = service::system_now();
    auto r = review_open_round(reviews, township_reviewers, open_round_submissions,
                               catalogue->regions, open->second);
    if (!r) return report(r.error(), "演示批次的乡镇初审");
    reviewed = *r;
  }
  // The demo's declarations are worded from one template, so a copied-text check would pair
  // each with every other (some 1,700 pairs each). They are loaded as history from before the
  // check, as before the backlog existed: their queued checks are dropped, not left for the
  // server (`tidu similarity ROUND` checks a round on demand).
  {
    auto lease = (*pool)->acquire();
    if (!lease) return report(lease.error(), "文本相似比对队列");
    if (auto r = (*lease)->execute("DELETE FROM text_check_backlog"); !r)
      return report(r.error(), "文本相似比对队列");
  }
  std::cout << fmt::format(
      "演示数据已装入 {}：账号 {} 个，企业 {} 家，申报书 {} 份（其中 {} 份已有乡镇初审结果）。\n",
      config.database_url.starts_with("postgres") ? "PostgreSQL" : config.data_dir,
      world.accounts.size(), world.enterprises.size(), declared, reviewed);
  std::cout << "所有演示账号的密码：" << password << "\n";
  std::set<std::string> shown;
  for (const auto& a : world.accounts) {
    const std::string key = a.role + a.level;
    if (shown.size() >= 12 || !shown.insert(key).second) continue;
    std::cout << fmt::format("  {:<24} {}\n", a.username, a.display_name);
  }
  return 0;
}

}  // namespace tidu::cli
