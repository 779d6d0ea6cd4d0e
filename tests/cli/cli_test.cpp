// The built `tidu` command line, run as a process: exit codes, output and messages.
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/command.hpp"

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

struct Outcome {
  int code = -1;
  std::string out;
  std::string err;
};

/// A scratch directory removed when the test ends.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "tidu-cli-XXXXXX").string();
    const char* made = mkdtemp(pattern.data());
    if (made != nullptr) path_ = made;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] fs::path file(const std::string& name) const { return path_ / name; }
  [[nodiscard]] bool ok() const { return !path_.empty(); }

 private:
  fs::path path_;
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

/// Runs `tidu --policy <shipped data> ARGS`, with stdin from `input` when given.
Outcome tidu(const std::string& args, const fs::path& input = {}) {
  const TempDir tmp;
  Outcome r;
  if (!tmp.ok()) return r;
  const fs::path err = tmp.file("stderr");
  std::string cmd = std::string("'") + TIDU_BINARY + "' --policy '" + TIDU_DEFAULT_DATA_DIR + "' " +
                    args + " 2>'" + err.string() + "'";
  cmd += input.empty() ? " </dev/null" : " <'" + input.string() + "'";
  const auto ran = tidu::test::run_command(cmd);
  r.code = ran.code;
  r.out = ran.out;
  r.err = read_file(err);
  return r;
}

json parse(const Outcome& r) {
  json j = json::parse(r.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << "not JSON:\n" << r.out << "\nstderr:\n" << r.err;
  return j;
}

const std::vector<std::string>& round_ids() {
  static const std::vector<std::string> ids = {"fj-2025-advanced", "sn-2024-excellent",
                                               "hb-tianmen-2026-basic", "jx-2025-advanced"};
  return ids;
}

TEST(Cli, CatalogueScenariosAsJson) {
  const Outcome r = tidu("catalogue scenarios --edition 2024 --json");
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = parse(r);
  EXPECT_EQ(j.at("edition"), "2024");
  EXPECT_EQ(j.at("link_count"), 15);
  EXPECT_EQ(j.at("scenario_count"), 40);
  ASSERT_EQ(j.at("links").size(), 15U);
  std::set<int> numbers;
  for (const auto& link : j.at("links")) {
    ASSERT_TRUE(link.contains("domain")) << link.at("name");
    for (const auto& s : link.at("scenarios")) {
      ASSERT_TRUE(s.contains("domain")) << s.at("name");
      EXPECT_EQ(s.at("domain"), link.at("domain")) << s.at("name");
      numbers.insert(s.at("number").get<int>());
    }
  }
  EXPECT_EQ(numbers.size(), 40U);
  EXPECT_EQ(*numbers.begin(), 1);
  EXPECT_EQ(*numbers.rbegin(), 40);
  EXPECT_TRUE(j.at("links").back().at("domain").is_null());
  EXPECT_EQ(j.at("links").back().at("name"), "多环节模式创新");
}

TEST(Cli, CatalogueScenariosAsText) {
  const Outcome r = tidu("catalogue scenarios --edition 2024");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("15 个环节，40 个场景"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("供应商智能化管理（又称“供应商数智化管理”）"), std::string::npos);
}

TEST(Cli, UnknownGuideEditionIsUnusable) {
  const Outcome r = tidu("catalogue scenarios --edition 1999");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("1999"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2024"), std::string::npos) << r.err;  // lists the known editions
}

TEST(Cli, RoundsAsJson) {
  const Outcome r = tidu("rounds --json");
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = parse(r);
  ASSERT_TRUE(j.is_array());
  ASSERT_EQ(j.size(), 4U);
  std::set<std::string> ids;
  for (const auto& round : j) ids.insert(round.at("id").get<std::string>());
  EXPECT_EQ(ids, std::set<std::string>(round_ids().begin(), round_ids().end()));
  for (const auto& round : j) {
    if (round.at("id") == "fj-2025-advanced") {
      EXPECT_EQ(round.at("window").at("closes"), "2025-04-10T23:59:59+08:00");
      EXPECT_EQ(round.at("tier").at("id"), "advanced");
    }
  }
}

TEST(Cli, SampleOfEveryRoundPassesItsCheck) {
  const TempDir tmp;
  ASSERT_TRUE(tmp.ok());
  for (const auto& id : round_ids()) {
    const Outcome sample = tidu("sample --round " + id);
    ASSERT_EQ(sample.code, 0) << id << ": " << sample.err;
    const fs::path file = tmp.file(id + ".json");
    write_file(file, sample.out);
    const Outcome check = tidu("check --round " + id + " -", file);
    EXPECT_EQ(check.code, 0) << id << ":\n" << check.out << check.err;
    const Outcome as_json = tidu("check --round " + id + " '" + file.string() + "' --json");
    EXPECT_EQ(as_json.code, 0) << id << ":\n" << as_json.out << as_json.err;
    const json report = parse(as_json);
    EXPECT_EQ(report.value("ok", false), true) << id;
    EXPECT_EQ(report.value("errors", -1), 0) << id;
    EXPECT_EQ(report.value("round", ""), id);
  }
}

TEST(Cli, UnknownRoundIsUnusable) {
  const TempDir tmp;
  ASSERT_TRUE(tmp.ok());
  const fs::path file = tmp.file("d.json");
  write_file(file, tidu("sample --round fj-2025-advanced").out);
  const Outcome r = tidu("check --round nope '" + file.string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("nope"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("fj-2025-advanced"), std::string::npos) << r.err;  // lists known rounds
  EXPECT_EQ(tidu("sample --round nope").code, 2);
}

TEST(Cli, MissingFileIsUnusableAndNamed) {
  const TempDir tmp;
  ASSERT_TRUE(tmp.ok());
  const fs::path missing = tmp.file("no-such-declaration.json");
  const Outcome r = tidu("check --round fj-2025-advanced '" + missing.string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find(missing.string()), std::string::npos) << r.err;
}

TEST(Cli, InvalidJsonIsUnusableWithLineAndColumn) {
  const TempDir tmp;
  ASSERT_TRUE(tmp.ok());
  const fs::path file = tmp.file("broken.json");
  write_file(file, "{\n  \"format\": \"tidu.declaration/1\",\n  \"round\": ,\n}\n");
  const Outcome r = tidu("check --round fj-2025-advanced '" + file.string() + "'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("行"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("列"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("第 3 行"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("broken.json"), std::string::npos) << r.err;
}

TEST(Cli, CheckAfterTheWindowClosedReportsRoundClosed) {
  const TempDir tmp;
  ASSERT_TRUE(tmp.ok());
  const fs::path file = tmp.file("fj.json");
  const Outcome sample = tidu("sample --round fj-2025-advanced");
  ASSERT_EQ(sample.code, 0) << sample.err;
  write_file(file, sample.out);
  const Outcome r =
      tidu("check --round fj-2025-advanced '" + file.string() + "' --at 2025-04-11 --json");
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  const json report = parse(r);
  ASSERT_TRUE(report.contains("findings"));
  bool closed = false;
  for (const auto& f : report.at("findings")) {
    if (f.at("code") == "ROUND_CLOSED") {
      closed = true;
      EXPECT_EQ(f.at("severity"), "error");
    }
  }
  EXPECT_TRUE(closed) << report.dump(2);
  EXPECT_EQ(report.at("ok"), false);
  EXPECT_EQ(report.at("checked_at"), "2025-04-11T00:00:00+08:00");

  // The last second of the window is still open.
  const Outcome in_time = tidu("check --round fj-2025-advanced '" + file.string() +
                               "' --at 2025-04-10T23:59:59+08:00 --json");
  EXPECT_EQ(in_time.code, 0) << in_time.out << in_time.err;
}

TEST(Cli, BadCheckTimeIsUnusable) {
  const TempDir tmp;
  ASSERT_TRUE(tmp.ok());
  const fs::path file = tmp.file("fj.json");
  write_file(file, tidu("sample --round fj-2025-advanced").out);
  const Outcome r = tidu("check --round fj-2025-advanced '" + file.string() + "' --at 2025-02-30");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("2025-02-30"), std::string::npos) << r.err;
}

TEST(Cli, SchemaCommandPrintsTheSchema) {
  const Outcome r = tidu("schema");
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = parse(r);
  EXPECT_EQ(j.at("$schema"), "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(j.at("additionalProperties"), false);
}

TEST(Cli, NoCommandPrintsUsageAndIsUnusable) {
  const Outcome none = tidu("");
  EXPECT_EQ(none.code, 2);
  EXPECT_NE(none.out.find("用法"), std::string::npos);
  const Outcome unknown = tidu("frobnicate");
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.err.find("frobnicate"), std::string::npos) << unknown.err;
}

}  // namespace
