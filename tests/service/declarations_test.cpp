// The declarations service on both backends: the region kept beside each declaration
// (migration 018) follows its enterprise, so the lists that choose it in their index find the
// declaration where its enterprise now is, and nowhere else.
#include "service/declarations.hpp"

#include <gtest/gtest.h>

#include <memory>

#include <nlohmann/json.hpp>

#include "declaration/sample.hpp"
#include "service/enterprises.hpp"
#include "service/file_store.hpp"
#include "support/storage.hpp"
#include "support/world.hpp"

namespace {

using nlohmann::json;
using tidu::test::describe;

constexpr const char* kRound = "hb-tianmen-2026-basic";
constexpr const char* kTownA = "429006001";  // 竟陵街道
constexpr const char* kTownB = "429006100";  // another township of 天门

class DeclarationsService : public tidu::test::MigratedBackendTest {
 protected:
  void SetUp() override {
    MigratedBackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto pool = pool_of_others(2, std::chrono::seconds(5));
    ASSERT_TRUE(pool) << describe(pool.error());
    pool_ = std::move(*pool);
    const tidu::service::Clock clock = [] {
      return *tidu::time::parse_instant("2026-03-01T10:00:00+08:00");
    };
    files_ = std::make_unique<tidu::service::LocalFileStore>(dir() / "files");
    enterprises_ =
        std::make_unique<tidu::service::Enterprises>(*pool_, tidu::test::catalogue(), clock);
    declarations_ = std::make_unique<tidu::service::Declarations>(
        *pool_, tidu::test::catalogue(), tidu::test::rounds(), *enterprises_, *files_, clock);
    const std::string credit = tidu::declaration::make_credit_code("429006", 4711);
    ASSERT_TRUE(
        db().execute("INSERT INTO enterprises (id, credit_code, name, region, "
                     "profile_json, updated_at, version) VALUES ('e1', $1, "
                     "'天门某智能装备有限公司', $2, '{}', '2026-02-01T09:00:00+08:00', 1)",
                     {credit, kTownA}));
    owner_.account_id = "u1";
    owner_.username = "owner";
    owner_.role = tidu::access::Role::kEnterprise;
    owner_.region = kTownA;
    owner_.enterprise_id = "e1";
    admin_.account_id = "a1";
    admin_.username = "admin";
    admin_.role = tidu::access::Role::kAdmin;
    admin_.region = "429006";
  }

  void TearDown() override {
    declarations_.reset();
    enterprises_.reset();
    files_.reset();
    pool_.reset();
    BackendTest::TearDown();
  }

  /// The ids an administrator's list of the round in `region` shows.
  std::vector<std::string> listed_in(const std::string& region) {
    tidu::service::DeclarationFilter f;
    f.round = kRound;
    f.region = region;
    f.limit = 50;
    auto page = declarations_->list(admin_, f);
    EXPECT_TRUE(page) << describe(page.error());
    std::vector<std::string> ids;
    if (page) {
      for (const auto& v : page->items) ids.push_back(v.id);
      EXPECT_EQ(page->total, static_cast<std::int64_t>(ids.size()));
    }
    return ids;
  }

  std::string stored_region(const std::string& id) {
    auto rows = db().query("SELECT enterprise_region FROM declarations WHERE id = $1", {id});
    EXPECT_TRUE(rows && rows->size() == 1);
    return rows && rows->size() == 1 ? rows->front().get_text(0) : std::string();
  }

  std::unique_ptr<tidu::storage::Pool> pool_;
  std::unique_ptr<tidu::service::FileStore> files_;
  std::unique_ptr<tidu::service::Enterprises> enterprises_;
  std::unique_ptr<tidu::service::Declarations> declarations_;
  tidu::access::Principal owner_;
  tidu::access::Principal admin_;
};

TEST_P(DeclarationsService, ADeclarationIsListedWhereItsEnterpriseIsAndFollowsAMove) {
  auto made = declarations_->create(owner_, kRound);
  ASSERT_TRUE(made) << describe(made.error());
  EXPECT_EQ(stored_region(made->id), kTownA);
  EXPECT_EQ(listed_in(kTownA), std::vector<std::string>{made->id});
  EXPECT_EQ(listed_in("429006"), std::vector<std::string>{made->id}) << "the region above";
  EXPECT_TRUE(listed_in(kTownB).empty());

  // The enterprise moves to another township: its declaration is listed there, not here.
  auto current = enterprises_->get(owner_, "e1");
  ASSERT_TRUE(current) << describe(current.error());
  const json profile = {{"name", "天门某智能装备有限公司"}, {"region", kTownB}};
  auto moved = enterprises_->save_profile(owner_, "e1", current->version, profile);
  ASSERT_TRUE(moved) << describe(moved.error());
  EXPECT_EQ(stored_region(made->id), kTownB);
  EXPECT_EQ(listed_in(kTownB), std::vector<std::string>{made->id});
  EXPECT_TRUE(listed_in(kTownA).empty());
  EXPECT_EQ(listed_in("429006"), std::vector<std::string>{made->id});
}

TEST_P(DeclarationsService, PagesOfAListAddUpToTheWholeListWhetherCutInSqlOrRowByRow) {
  // Twelve enterprises' declarations: seven submitted and two drafts in township A, three
  // submitted in township B, and two more in township A that are in a Shaanxi round (a township
  // reviewer of Tianmen may not read those: a mix of allowed and refused rows).
  const auto add = [&](int n, const std::string& region, const std::string& round,
                       const std::string& state) {
    const std::string e = fmt::format("pe{}", n);
    const std::string at = fmt::format("2026-02-{:02}T09:00:00+08:00", 1 + n);
    ASSERT_TRUE(db().execute(
        "INSERT INTO enterprises (id, credit_code, name, region, profile_json, updated_at, "
        "version) VALUES ($1, $2, $3, $4, '{}', $5, 1)",
        {e, tidu::declaration::make_credit_code("429006", 5000 + n), fmt::format("企业{}", n),
         region, at}));
    ASSERT_TRUE(db().execute(
        "INSERT INTO declarations (id, enterprise_id, round_id, state, level, version, "
        "updated_at, created_at, snapshot_number, enterprise_region) VALUES ($1, $2, $3, $4, "
        "NULL, 1, $5, $5, 0, $6)",
        {fmt::format("pd{:02}", n), e, round, state, at, region}));
  };
  int n = 0;
  for (int i = 0; i < 7; ++i) add(++n, kTownA, kRound, "submitted");
  for (int i = 0; i < 2; ++i) add(++n, kTownA, kRound, "draft");
  for (int i = 0; i < 3; ++i) add(++n, kTownB, kRound, "submitted");
  for (int i = 0; i < 2; ++i) add(++n, kTownA, "sn-2024-excellent", "submitted");
  if (HasFatalFailure()) return;

  tidu::access::Principal township;
  township.account_id = "r1";
  township.username = "township";
  township.role = tidu::access::Role::kReviewer;
  township.level = "township";
  township.region = kTownA;
  const auto ids = [&](const tidu::access::Principal& who, tidu::service::DeclarationFilter f,
                       int limit, std::int64_t& total) {
    std::vector<std::string> out;
    for (f.offset = 0, f.limit = limit;; f.offset += limit) {
      auto page = declarations_->list(who, f);
      EXPECT_TRUE(page) << describe(page.error());
      if (!page) break;
      if (f.offset > 0) EXPECT_EQ(page->total, total) << "the same total on every page";
      total = page->total;
      for (const auto& v : page->items) {
        out.push_back(v.id);
        EXPECT_FALSE(v.enterprise_name.empty()) << v.id << " given its enterprise's name";
      }
      if (page->items.size() < static_cast<std::size_t>(limit)) break;
    }
    return out;
  };
  const std::vector<std::string> submitted_a = {"pd07", "pd06", "pd05", "pd04",
                                                "pd03", "pd02", "pd01"};  // newest first

  // All rows allowed: cut in SQL.
  std::int64_t total = 0;
  tidu::service::DeclarationFilter queue;
  queue.round = kRound;
  queue.state = "submitted";
  EXPECT_EQ(ids(township, queue, 3, total), submitted_a);
  EXPECT_EQ(total, 7);
  EXPECT_EQ(ids(township, queue, 50, total), submitted_a);
  // A mix (the Shaanxi round's rows are refused): decided row by row, the same pages.
  tidu::service::DeclarationFilter any_round;
  EXPECT_EQ(ids(township, any_round, 3, total), submitted_a);
  EXPECT_EQ(total, 7);
  // An administrator reads the drafts too; past the last page is empty with the total.
  tidu::service::DeclarationFilter town_a;
  town_a.round = kRound;
  town_a.region = kTownA;
  auto all_a = ids(admin_, town_a, 4, total);
  EXPECT_EQ(all_a.size(), 9U);
  EXPECT_EQ(total, 9);
  town_a.offset = 40;
  auto beyond = declarations_->list(admin_, town_a);
  ASSERT_TRUE(beyond) << describe(beyond.error());
  EXPECT_TRUE(beyond->items.empty());
  EXPECT_EQ(beyond->total, 9);
  // Nothing allowed: an empty list, whatever the page.
  tidu::access::Principal elsewhere = township;
  elsewhere.region = kTownB;
  tidu::service::DeclarationFilter in_a = queue;
  in_a.region = kTownA;
  EXPECT_TRUE(ids(elsewhere, in_a, 3, total).empty());
  EXPECT_EQ(total, 0);
}

TEST_P(DeclarationsService, MigrationsEighteenAndNineteenKeepDeclarationsMadeBeforeThem) {
  // A database at 017 with a declaration whose draft is a column of its row, then brought up to
  // date: 018 fills its region, 019 moves its draft out of the row.
  ASSERT_TRUE(db().execute("DROP INDEX declarations_combinations"));      // 023
  ASSERT_TRUE(db().execute("DROP INDEX text_bands_recent_by_key_time"));  // 022
  ASSERT_TRUE(db().execute(
      "CREATE INDEX text_bands_recent_by_key ON text_bands_recent (band_key, passage_id)"));
  ASSERT_TRUE(db().execute("DROP TABLE text_check_backlog"));  // 021
  ASSERT_TRUE(db().execute("DROP INDEX enterprises_names"));   // 020
  ASSERT_TRUE(db().execute("DROP TABLE declaration_sections"));
  ASSERT_TRUE(db().execute("DROP TABLE declaration_drafts"));
  ASSERT_TRUE(db().execute("ALTER TABLE declarations ADD COLUMN draft_json TEXT"));
  ASSERT_TRUE(db().execute("DROP INDEX declarations_list"));
  ASSERT_TRUE(db().execute("ALTER TABLE declarations DROP COLUMN enterprise_region"));
  ASSERT_TRUE(db().execute("DELETE FROM schema_version WHERE version >= 18"));
  ASSERT_TRUE(
      db().execute("INSERT INTO declarations (id, enterprise_id, round_id, state, level, "
                   "draft_json, version, updated_at) VALUES ('d-old', 'e1', $1, 'draft', NULL, "
                   "$2, 1, '2026-02-02T09:00:00+08:00')",
                   {kRound, json{{"format", tidu::declaration::kFormat},
                                 {"cover", {{"project_name", "迁移前写的项目名称"}}},
                                 {"narrative", {{"background", "迁移前写的背景"}}}}
                                .dump()}));
  auto migrated = tidu::storage::migrate(db(), TIDU_MIGRATIONS_DIR);
  ASSERT_TRUE(migrated) << describe(migrated.error());
  EXPECT_EQ(stored_region("d-old"), kTownA);
  EXPECT_EQ(listed_in(kTownA), std::vector<std::string>{"d-old"});

  const auto document = [&] {
    auto read = declarations_->read(owner_, "d-old");
    EXPECT_TRUE(read) << describe(read.error());
    return read ? json::parse(*read->document) : json();
  };
  EXPECT_EQ(document()["cover"]["project_name"], "迁移前写的项目名称");
  EXPECT_EQ(document()["narrative"]["background"], "迁移前写的背景");
  // A section saved since replaces that section only; the rest is still the draft as moved.
  auto saved = declarations_->save_section(owner_, "d-old", "narrative", 1,
                                           {{"background", "迁移后改写的背景"}});
  ASSERT_TRUE(saved) << describe(saved.error());
  EXPECT_EQ(saved->view.version, 2);
  EXPECT_EQ(json::parse(saved->content_json)["background"], "迁移后改写的背景");
  EXPECT_EQ(document()["narrative"]["background"], "迁移后改写的背景");
  EXPECT_EQ(document()["cover"]["project_name"], "迁移前写的项目名称");
}

TEST_P(DeclarationsService, ReadingAgainAfterAChangeOfAnyInputShowsTheChange) {
  auto made = declarations_->create(owner_, kRound);
  ASSERT_TRUE(made) << describe(made.error());
  const auto document = [&] {
    auto r = declarations_->read(owner_, made->id);
    EXPECT_TRUE(r) << describe(r.error());
    return r ? json::parse(*r->document) : json();
  };
  // The text read is the document get() gives, and a second read is the same text.
  auto got = declarations_->get(owner_, made->id);
  ASSERT_TRUE(got) << describe(got.error());
  EXPECT_EQ(document(), got->document);
  auto first = declarations_->read(owner_, made->id);
  auto again = declarations_->read(owner_, made->id);
  ASSERT_TRUE(first && again);
  EXPECT_EQ(first->document.get(), again->document.get()) << "the kept text";

  // A saved section (the draft), the enterprise's profile and a new maturity assessment each
  // show in the next read.
  const json cover = {{"applicant", "天门某智能装备有限公司"}, {"project_name", "新的项目名称"}};
  auto saved = declarations_->save_section(owner_, made->id, "cover", made->version, cover);
  ASSERT_TRUE(saved) << describe(saved.error());
  EXPECT_EQ(document()["cover"]["project_name"], "新的项目名称");

  auto current = enterprises_->get(owner_, "e1");
  ASSERT_TRUE(current) << describe(current.error());
  auto renamed = enterprises_->save_profile(
      owner_, "e1", current->version, {{"name", "天门某智能装备股份有限公司"}, {"region", kTownA}});
  ASSERT_TRUE(renamed) << describe(renamed.error());
  EXPECT_EQ(document()["enterprise"]["name"], "天门某智能装备股份有限公司");

  auto assessed = enterprises_->add_maturity(
      owner_, "e1", {.level = 3, .score = 3.4, .assessed_on = "2026-02-20", .source = "自评"});
  ASSERT_TRUE(assessed) << describe(assessed.error());
  EXPECT_EQ(document()["enterprise"]["maturity"]["level"], 3);
  EXPECT_EQ(document()["enterprise"]["maturity"]["assessed_on"], "2026-02-20");

  // Someone else's declaration is not read, cached or not.
  tidu::access::Principal other = owner_;
  other.enterprise_id = "e2";
  auto refused = declarations_->read(other, made->id);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "NOT_FOUND");
}

INSTANTIATE_TEST_SUITE_P(Service, DeclarationsService, tidu::test::all_backends(),
                         tidu::test::backend_name);

}  // namespace
