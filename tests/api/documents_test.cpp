// Documents over real HTTP against the real `tidu serve` binary, on SQLite and on PostgreSQL: the
// 申报书 as PDF and Word for those who may read the declaration, the city's 推荐汇总表 as Excel and
// PDF in Jiangxi's columns with the former benchmark enterprise's remark, the public lookup of the
// verification code, and `tidu verify` accepting an exported PDF and rejecting it once the stored
// snapshot was changed.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "documents/sample_images.hpp"
#include "documents/tools.hpp"
#include "support/review_chain.hpp"

namespace {

namespace docs = tidu::test::documents;

std::string declaration_document(const std::string& id, const std::string& ext) {
  return "/api/v1/declarations/" + id + "/documents/declaration." + ext;
}

class DocApi : public ReviewChain {
 protected:
  /// `tidu verify FILE` on this test's state; exit code and output.
  tidu::test::CommandOutcome verify(const std::filesystem::path& pdf) {
    std::string target = "--data '" + state_->dir().string() + "'";
    if (!state_->database_url().empty()) target += " --database '" + state_->database_url() + "'";
    return tidu::test::run_command(
        fmt::format("{} verify '{}' {} 2>&1", TIDU_BINARY, pdf.string(), target));
  }
};

TEST_P(DocApi, DeclarationAndSummaryDocumentsAndTheirVerification) {
  const auto city_staff =
      tidu::test::reviewer_account("doc.yingtan", "city", kYingtan, "工信", "鹰潭市工信局审核员");
  create_staff({city_staff});
  auto a = submitted(kJiangxi, kYingtan, kJxDuring, "鹰潭文档", 60);
  auto benchmark = submitted(
      kJiangxi, kYingtan, kJxDuring, "鹰潭标杆文档", 61, [](tidu::declaration::Declaration& d) {
        d.cover.benchmark_enterprise = true;
        d.cover.benchmark_year = 2023;
        d.enterprise.titles.push_back(tidu::declaration::Title{"jiangxi_benchmark", 2023, ""});
      });
  auto& owner = a.enterprise.client;
  const auto suffix = GetParam() == Backend::kSqlite ? "sqlite" : "pg";

  // The enterprise downloads its 申报书 as PDF and Word.
  auto pdf = owner.get(declaration_document(a.id, "pdf"));
  ASSERT_EQ(pdf.status, 200) << pdf.describe();
  EXPECT_TRUE(pdf.body.starts_with("%PDF-"));
  EXPECT_EQ(pdf.header("Content-Type"), "application/pdf");
  const auto disposition = pdf.header("Content-Disposition");
  EXPECT_TRUE(contains(disposition, "attachment;")) << disposition;
  EXPECT_TRUE(contains(disposition, "filename*=UTF-8''")) << disposition;
  EXPECT_TRUE(contains(disposition, tidu::test::url_encode(a.enterprise.name))) << disposition;
  const auto pdf_file = docs::artefacts() / fmt::format("api-{}-declaration.pdf", suffix);
  docs::write_file(pdf_file, pdf.body);
  const auto flat = docs::squeezed(docs::pdf_text(pdf_file).out);
  EXPECT_TRUE(docs::has_text(flat, a.enterprise.name));
  const std::string sha = a.snapshot.value("sha256", "");
  ASSERT_EQ(sha.size(), 64U) << a.snapshot.dump();
  std::string code;
  for (std::size_t i = 0; i < 16; ++i) {
    if (i > 0 && i % 4 == 0) code += '-';
    code += static_cast<char>(std::toupper(static_cast<unsigned char>(sha[i])));
  }
  EXPECT_TRUE(docs::has_text(flat, "验证码" + code)) << "the snapshot's code on the page";

  auto docx = owner.get(declaration_document(a.id, "docx"));
  ASSERT_EQ(docx.status, 200) << docx.describe();
  EXPECT_TRUE(docx.body.starts_with("PK"));
  EXPECT_TRUE(contains(docx.header("Content-Type"), "wordprocessingml"));

  // Another enterprise cannot have it; a declaration never submitted has no document.
  auto other = tidu::test::register_enterprise_in(port_at(kJxDuring), kYingtan, "鹰潭旁人");
  EXPECT_EQ(other.client.get(declaration_document(a.id, "pdf")).status, 404);
  auto draft = other.client.post("/api/v1/declarations", {{"round", kJiangxi}});
  ASSERT_EQ(draft.status, 201) << draft.describe();
  auto unsubmitted = other.client.get(declaration_document(draft.json.value("id", ""), "pdf"));
  EXPECT_EQ(unsubmitted.status, 409) << unsubmitted.describe();
  EXPECT_EQ(unsubmitted.code(), "STATE_CONFLICT");
  EXPECT_TRUE(contains(message_of(unsubmitted), "尚未提交")) << unsubmitted.describe();

  // The city passes both; its 推荐汇总表 lists them in rank order with the benchmark's remark.
  auto city = sign_in(city_staff, kJxDuring);
  ASSERT_EQ(act(city, a.id, "pass", "同意推荐").status, 200);
  ASSERT_EQ(act(city, benchmark.id, "pass", "往年标杆企业").status, 200);
  auto reviewer_pdf = city.get(declaration_document(benchmark.id, "pdf"));
  EXPECT_EQ(reviewer_pdf.status, 200) << "the reviewer reads the declaration";
  auto ranked = city.put(batch_path(kJiangxi, "/ranking"), {{"order", {benchmark.id, a.id}}});
  ASSERT_EQ(ranked.status, 200) << ranked.describe();
  auto xlsx = city.get(batch_path(kJiangxi, "/summary.xlsx"));
  ASSERT_EQ(xlsx.status, 200) << xlsx.describe();
  EXPECT_TRUE(xlsx.body.starts_with("PK"));
  EXPECT_TRUE(contains(xlsx.header("Content-Disposition"), "filename*=UTF-8''"));
  auto summary_pdf = city.get(batch_path(kJiangxi, "/summary.pdf"));
  ASSERT_EQ(summary_pdf.status, 200) << summary_pdf.describe();
  const auto summary_file = docs::artefacts() / fmt::format("api-{}-summary.pdf", suffix);
  docs::write_file(summary_file, summary_pdf.body);
  const auto summary_text = docs::squeezed(docs::pdf_text(summary_file).out);
  EXPECT_TRUE(docs::has_text(summary_text, "江西省先进级智能工厂项目推荐汇总表"));
  EXPECT_TRUE(docs::has_text(summary_text, "2023年江西省")) << "the benchmark remark";
  // Names wrap in their cells: their first characters stand on the cell's first line.
  const auto first = summary_text.find("鹰潭标杆文档");
  const auto second = summary_text.find("鹰潭文档");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(first, second) << "rank order";
  EXPECT_EQ(owner.get(batch_path(kJiangxi, "/summary.xlsx")).status / 100, 4)
      << "an enterprise has no recommendation list";

  // Anyone holding the code sees what it identifies.
  tidu::test::ApiClient anonymous(port_at(kJxDuring));
  auto found = anonymous.get("/api/v1/verify/" + code);
  ASSERT_EQ(found.status, 200) << found.describe();
  EXPECT_EQ(found.json["enterprise"].value("name", ""), a.enterprise.name);
  EXPECT_EQ(found.json["round"].value("id", ""), kJiangxi);
  EXPECT_EQ(found.json.value("version", 0), 1);
  EXPECT_EQ(found.json.value("sha256", ""), sha);
  EXPECT_TRUE(found.json.value("intact", false));
  EXPECT_FALSE(found.json.value("submitted_at", "").empty());
  EXPECT_EQ(anonymous.get("/api/v1/verify/0000-0000-0000-0000").status, 404);
  EXPECT_EQ(anonymous.get("/api/v1/verify/not-a-code").status, 400);

  // `tidu verify` accepts the exported PDF …
  auto ok = verify(pdf_file);
  EXPECT_EQ(ok.code, 0) << ok.out;
  EXPECT_TRUE(contains(ok.out, "验证通过")) << ok.out;
  EXPECT_TRUE(contains(ok.out, a.enterprise.name)) << ok.out;
  // … rejects a file that is not an export …
  const auto foreign = docs::artefacts() / fmt::format("api-{}-foreign.pdf", suffix);
  docs::write_file(foreign, tidu::test::pdf_bytes("foreign"));
  auto no_code = verify(foreign);
  EXPECT_EQ(no_code.code, 1) << no_code.out;
  EXPECT_TRUE(contains(no_code.out, "没有本平台的验证码")) << no_code.out;
  // … and rejects the export once the stored snapshot was changed.
  {
    auto db = state_->connect();
    ASSERT_TRUE(db) << db.error().message;
    auto changed = (*db)->execute(
        "UPDATE snapshots SET content_json = REPLACE(content_json, $1, $2) WHERE declaration_id = "
        "$3",
        {a.enterprise.name, a.enterprise.name + "（改）", a.id});
    ASSERT_TRUE(changed) << changed.error().message;
    ASSERT_EQ(*changed, 1);
  }
  auto rejected = verify(pdf_file);
  EXPECT_EQ(rejected.code, 1) << rejected.out;
  EXPECT_TRUE(contains(rejected.out, "验证未通过")) << rejected.out;
  EXPECT_TRUE(contains(rejected.out, "已被改动")) << rejected.out;
  auto tampered = anonymous.get("/api/v1/verify/" + code);
  ASSERT_EQ(tampered.status, 200) << tampered.describe();
  EXPECT_FALSE(tampered.json.value("intact", true));
}

/// Polls the job until it is done or failed (at most a minute); the last answer.
TEST_P(DocApi, UploadedPicturesAreEmbeddedAsThePrintCopyMadeAtUpload) {
  auto e = tidu::test::register_enterprise_in(port_at(kJxDuring), kYingtan, "鹰潭配图");
  auto filled = tidu::test::fill_round_declaration(e, kJiangxi, 63);
  // A 1600 × 1000 PNG replaces the sample's first picture.
  const auto png = docs::sample_png(1600, 1000);
  const auto up = e.client.upload(fmt::format("/api/v1/declarations/{}/files?name={}", filled.id,
                                              tidu::test::url_encode("车间全景.png")),
                                  png);
  ASSERT_EQ(up.status, 201) << up.describe();
  auto attachments = filled.document.at("attachments");
  bool replaced = false;
  for (auto& a : attachments) {
    if (a.value("id", "") != "att-image-0") continue;
    a["sha256"] = up.json.at("sha256");
    a["name"] = "车间全景.png";
    a["size"] = png.size();
    replaced = true;
  }
  ASSERT_TRUE(replaced) << attachments.dump();
  const auto saved =
      e.client.put(fmt::format("/api/v1/declarations/{}/sections/attachments", filled.id),
                   {{"version", filled.version}, {"content", attachments}});
  ASSERT_EQ(saved.status, 200) << saved.describe();
  tidu::test::submit_declaration(e, filled.id);

  // The PDF carries the JPEG print copy at 150 dpi (921 × 576), not the PNG's 1.6 M pixels.
  const auto pdf = e.client.get(declaration_document(filled.id, "pdf"));
  ASSERT_EQ(pdf.status, 200) << pdf.describe();
  EXPECT_TRUE(contains(pdf.body, "/DCTDecode"));
  EXPECT_TRUE(contains(pdf.body, "/Width 921")) << "the print copy's width";
  EXPECT_TRUE(contains(pdf.body, "/Height 576"));
  EXPECT_FALSE(contains(pdf.body, "/Width 1600")) << "the uploaded PNG itself";
  // The bundle and downloads keep the picture as uploaded.
  const auto back = e.client.get(fmt::format("/api/v1/declarations/{}/files/{}", filled.id,
                                             up.json.at("sha256").get<std::string>()));
  ASSERT_EQ(back.status, 200) << back.describe();
  EXPECT_EQ(back.body, png);
}

tidu::test::ApiReply wait_for_job(const tidu::test::ApiClient& client, const std::string& id) {
  tidu::test::ApiReply last;
  for (int i = 0; i < 600; ++i) {
    last = client.get("/api/v1/jobs/" + id);
    const auto state = last.json.value("state", "");
    if (last.status != 200 || state == "done" || state == "failed") return last;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return last;
}

TEST_P(DocApi, CityBundleRunsAsAJobAndFiledListsKeepTheirSummary) {
  const auto city_staff = tidu::test::reviewer_account("bundle.yingtan", "city", kYingtan, "工信",
                                                       "鹰潭市工信局审核员");
  create_staff({city_staff});
  auto a = submitted(kJiangxi, kYingtan, kJxDuring, "鹰潭打包", 62);
  auto b = submitted(kJiangxi, kYingtan, kJxDuring, "鹰潭打包二", 63);
  auto city = sign_in(city_staff, kJxDuring);
  const auto suffix = GetParam() == Backend::kSqlite ? "sqlite" : "pg";

  // An empty list has nothing to bundle: refused at once, no job.
  auto empty = city.post(batch_path(kJiangxi, "/bundle"), json::object());
  EXPECT_EQ(empty.status, 409) << empty.describe();
  EXPECT_TRUE(contains(message_of(empty), "还没有企业")) << empty.describe();

  ASSERT_EQ(act(city, a.id, "pass", "同意推荐").status, 200);
  ASSERT_EQ(act(city, b.id, "pass", "同意推荐").status, 200);
  auto started = city.post(batch_path(kJiangxi, "/bundle"), json::object());
  ASSERT_EQ(started.status, 202) << started.describe();
  const std::string job = started.json.value("id", "");
  ASSERT_FALSE(job.empty()) << started.describe();
  EXPECT_EQ(started.header("Location"), "/api/v1/jobs/" + job);
  auto finished = wait_for_job(city, job);
  ASSERT_EQ(finished.json.value("state", ""), "done") << finished.describe();
  const int total = finished.json.value("total", 0);
  EXPECT_EQ(finished.json.value("done", -1), total);
  const auto attachments = a.document["attachments"].size() + b.document["attachments"].size();
  EXPECT_EQ(total, static_cast<int>(2 * 2 + attachments + 3)) << finished.describe();
  auto listed = city.get("/api/v1/jobs");
  ASSERT_EQ(listed.status, 200);
  ASSERT_FALSE(listed.json["items"].empty());
  EXPECT_EQ(listed.json["items"][0].value("id", ""), job);

  // Only its owner sees the job or its file.
  EXPECT_EQ(a.enterprise.client.get("/api/v1/jobs/" + job).status, 404);
  EXPECT_EQ(a.enterprise.client.get("/api/v1/jobs/" + job + "/file").status, 404);

  auto zip = city.get("/api/v1/jobs/" + job + "/file");
  ASSERT_EQ(zip.status, 200) << zip.describe();
  EXPECT_EQ(zip.header("Content-Type"), "application/zip");
  EXPECT_TRUE(contains(zip.header("Content-Disposition"), "filename*=UTF-8''"));
  const auto dir = docs::artefacts() / fmt::format("api-{}-bundle", suffix);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  docs::write_file(dir / "bundle.zip", zip.body);
  auto unzipped = tidu::test::run_command(
      fmt::format("cd {} && unzip -q bundle.zip && rm bundle.zip 2>&1", docs::quoted(dir)));
  ASSERT_EQ(unzipped.code, 0) << unzipped.out;
  // One folder per enterprise, named by the enterprise, with both 申报书 files and the attachments.
  for (const auto* d : {&a, &b}) {
    const auto folder = dir / d->enterprise.name;
    ASSERT_TRUE(std::filesystem::is_directory(folder)) << folder;
    int pdf = 0;
    int docx = 0;
    for (const auto& f : std::filesystem::directory_iterator(folder)) {
      const auto ext = f.path().extension().string();
      pdf += ext == ".pdf" ? 1 : 0;
      docx += ext == ".docx" ? 1 : 0;
      if (ext == ".pdf") {
        EXPECT_TRUE(contains(f.path().filename().string(), d->enterprise.name)) << f.path();
        EXPECT_TRUE(docs::read_file(f.path()).starts_with("%PDF-"));
      }
    }
    EXPECT_EQ(pdf, 1) << folder;
    EXPECT_EQ(docx, 1) << folder;
    std::size_t attached = 0;
    if (std::filesystem::is_directory(folder / "附件")) {
      for ([[maybe_unused]] const auto& f : std::filesystem::directory_iterator(folder / "附件"))
        ++attached;
    }
    EXPECT_EQ(attached, d->document["attachments"].size()) << folder;
  }
  // The 汇总表 in both formats, and a manifest sha256sum accepts for every file.
  int sheets = 0;
  for (const auto& f : std::filesystem::directory_iterator(dir)) {
    if (f.is_regular_file() && contains(f.path().filename().string(), "汇总表")) ++sheets;
  }
  EXPECT_EQ(sheets, 2);
  auto checked = tidu::test::run_command(
      fmt::format("cd {} && sha256sum --strict -c 文件清单-SHA256.txt 2>&1", docs::quoted(dir)));
  EXPECT_EQ(checked.code, 0) << checked.out;
  EXPECT_EQ(static_cast<std::size_t>(std::count(checked.out.begin(), checked.out.end(), '\n')),
            2 * 2 + attachments + 2)
      << checked.out;

  // A list the city filed keeps its 汇总表 and bundle (?batch=), for the city only.
  auto letter = upload_letter(city, kJiangxi, "鹰潭市推荐函.pdf", "yingtan letter");
  ASSERT_EQ(letter.status / 100, 2) << letter.describe();
  const std::string filed_id = letter.json.value("id", "");
  auto filed = city.post(batch_path(kJiangxi, "/file"), json::object());
  ASSERT_EQ(filed.status / 100, 2) << filed.describe();
  auto open_again = city.get(batch_path(kJiangxi, "/summary.xlsx"));
  EXPECT_EQ(open_again.status, 200) << "the new open list has an (empty) summary";
  auto filed_sheet = city.get(batch_path(kJiangxi, "/summary.pdf?batch=" + filed_id));
  ASSERT_EQ(filed_sheet.status, 200) << filed_sheet.describe();
  const auto filed_file = docs::artefacts() / fmt::format("api-{}-filed-summary.pdf", suffix);
  docs::write_file(filed_file, filed_sheet.body);
  const auto filed_text = docs::squeezed(docs::pdf_text(filed_file).out);
  EXPECT_TRUE(docs::has_text(filed_text, "鹰潭打包二")) << "the filed list's entries";
  EXPECT_EQ(city.get(batch_path(kJiangxi, "/summary.pdf?batch=b_unknown")).status, 404);
  EXPECT_EQ(city.post(batch_path(kJiangxi, "/bundle?batch=" + filed_id), json::object()).status,
            202);

  // The CLI makes the same bundle with a progress bar, as the city's account.
  const auto cli_zip = docs::artefacts() / fmt::format("cli-{}-bundle.zip", suffix);
  std::string target = "--data '" + state_->dir().string() + "'";
  if (!state_->database_url().empty()) target += " --database '" + state_->database_url() + "'";
  auto cli = tidu::test::run_command(fmt::format(
      "TIDU_TEST_NOW='{}' {} documents bundle {} --batch {} --as {} --out {} {} 2>&1", kJxDuring,
      TIDU_BINARY, kJiangxi, filed_id, city_staff.username, docs::quoted(cli_zip), target));
  ASSERT_EQ(cli.code, 0) << cli.out;
  EXPECT_TRUE(contains(cli.out, "[100%]")) << cli.out;
  EXPECT_TRUE(contains(cli.out, "压缩打包")) << cli.out;
  EXPECT_TRUE(docs::read_file(cli_zip).starts_with("PK"));
  auto stranger = tidu::test::run_command(
      fmt::format("{} documents bundle {} --batch {} --as {} --out {} {} 2>&1", TIDU_BINARY,
                  kJiangxi, filed_id, a.enterprise.username, docs::quoted(cli_zip), target));
  EXPECT_EQ(stranger.code, 1) << stranger.out;
}

INSTANTIATE_TEST_SUITE_P(Backends, DocApi, tidu::test::all_backends(), tidu::test::backend_name);

}  // namespace
