#include "service/documents.hpp"

#include <fmt/format.h>
#include <stdlib.h>  // mkdtemp

#include <filesystem>
#include <fstream>
#include <set>
#include <utility>

#include "declaration/declaration.hpp"
#include "documents/declaration_layout.hpp"
#include "documents/docx.hpp"
#include "documents/pdf.hpp"
#include "documents/regional_summary.hpp"
#include "documents/summary.hpp"
#include "documents/verification.hpp"
#include "documents/zip.hpp"
#include "files/names.hpp"
#include "security/digest.hpp"

namespace tidu::service {
namespace {

namespace sql {
/// Snapshots whose hash starts with a code's digits, newest first.
constexpr const char* kSnapshotByCode =
    "SELECT s.declaration_id, s.number, s.sha256, s.content_json, s.submitted_at, d.round_id, "
    "e.name, e.credit_code FROM snapshots s JOIN declarations d ON d.id = s.declaration_id "
    "JOIN enterprises e ON e.id = d.enterprise_id WHERE s.sha256 LIKE $1 "
    "ORDER BY s.submitted_at DESC, s.number DESC";
/// An uploaded file of an enterprise.
constexpr const char* kEnterpriseFile =
    "SELECT f.media_type, f.size, COALESCE(p.copy_sha256, '') FROM enterprise_files f "
    "LEFT JOIN print_copies p ON p.sha256 = f.sha256 WHERE f.enterprise_id = $1 AND f.sha256 = $2";
}  // namespace sql

constexpr const char* kPdfType = "application/pdf";
constexpr const char* kDocxType =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const char* extension(DocumentFormat f) {
  switch (f) {
    case DocumentFormat::kPdf:
      return "pdf";
    case DocumentFormat::kDocx:
      return "docx";
    case DocumentFormat::kXlsx:
      return "xlsx";
  }
  return "bin";
}

const char* media_type(DocumentFormat f) {
  switch (f) {
    case DocumentFormat::kPdf:
      return kPdfType;
    case DocumentFormat::kDocx:
      return kDocxType;
    case DocumentFormat::kXlsx:
      return kXlsxType;
  }
  return "application/octet-stream";
}

}  // namespace

Result<VerifiedSnapshot> find_snapshot_by_code(storage::Database& db,
                                               const rounds::RoundSet& rounds,
                                               std::string_view code) {
  const auto prefix = documents::code_prefix(code);
  if (!prefix) {
    return fail(
        "BAD_REQUEST",
        fmt::format("“{}”不是有效的验证码：验证码为 16 位十六进制字符，如 3FA2-9C01-77B4-E0D5",
                    code.substr(0, 40)));
  }
  auto rows = db.query(sql::kSnapshotByCode, {*prefix + "%"});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) {
    return fail(
        "NOT_FOUND",
        fmt::format("验证码 {} 没有对应的申报书提交版本：该文件不是本平台导出的，或验证码有误",
                    documents::verification_code(*prefix)));
  }
  const auto& r = (*rows)[0];
  VerifiedSnapshot v;
  v.code = documents::verification_code(*prefix);
  v.declaration_id = r.get_text(0);
  v.number = r.get_int(1);
  v.sha256 = r.get_text(2);
  v.intact = security::sha256_hex(r.get_text(3)) == v.sha256;
  v.submitted_at = r.get_text(4);
  v.round_id = r.get_text(5);
  v.enterprise_name = r.get_text(6);
  v.credit_code = r.get_text(7);
  if (const auto it = rounds.rounds.find(v.round_id); it != rounds.rounds.end())
    v.round_name = it->second.name;
  return v;
}

namespace {

/// The bytes of the pictures `content` places, for those that are JPEG or PNG files the
/// enterprise uploaded and the store gives back intact; the others stay out (placeholders). A
/// picture with a print copy is given as that copy.
Result<documents::ImageFiles> load_images(storage::Pool& pool, FileStore& files,
                                          const std::string& enterprise_id,
                                          const rounds::Policy& policy,
                                          const nlohmann::json& content) {
  documents::ImageFiles out;
  const auto refs = documents::placed_images(policy, content);
  if (refs.empty()) return out;
  auto lease = pool.acquire();
  if (!lease) return std::unexpected(lease.error());
  for (const auto& r : refs) {
    if (!is_content_hash(r.sha256)) continue;
    auto rows = (*lease)->query(sql::kEnterpriseFile, {enterprise_id, r.sha256});
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty()) continue;
    const auto type = (*rows)[0].get_text(0);
    if (!declaration::is_image_type(type) || (*rows)[0].get_int(1) > declaration::kMaxImageBytes)
      continue;
    if (const auto copy = (*rows)[0].get_text(2); !copy.empty()) {
      if (auto bytes = files.get(copy)) {
        out.emplace(r.id,
                    documents::ImageFile{.bytes = std::move(*bytes), .media_type = "image/jpeg"});
        continue;
      }
    }
    auto bytes = files.get(r.sha256);
    if (!bytes) continue;  // missing or corrupt in the store: a placeholder, not a failed export
    out.emplace(r.id, documents::ImageFile{.bytes = std::move(*bytes), .media_type = type});
  }
  return out;
}

}  // namespace

Documents::Documents(storage::Pool& pool, const rounds::RoundSet& rounds,
                     Declarations& declarations, Reviews& reviews, FileStore& files,
                     Statistics& statistics)
    : pool_(pool),
      rounds_(rounds),
      declarations_(declarations),
      reviews_(reviews),
      files_(files),
      statistics_(statistics) {}

Result<std::optional<SnapshotView>> Documents::newest_version(const access::Principal& who,
                                                              const std::string& id) {
  auto versions = declarations_.versions(who, id);
  if (!versions) return std::unexpected(versions.error());
  if (versions->empty()) return std::optional<SnapshotView>();
  auto snapshot = declarations_.version(who, id, versions->front().number);
  if (!snapshot) return std::unexpected(snapshot.error());
  return std::optional<SnapshotView>(std::move(*snapshot));
}

Result<DocumentFile> Documents::declaration(const access::Principal& who, const std::string& id,
                                            DocumentFormat format) {
  if (format == DocumentFormat::kXlsx)
    return fail("BAD_REQUEST", "申报书可导出为 PDF 或 Word（.docx）");
  auto view = declarations_.get(who, id);
  if (!view) return std::unexpected(view.error());
  auto newest = newest_version(who, id);
  if (!newest) return std::unexpected(newest.error());
  if (!*newest) {
    return fail("STATE_CONFLICT", "该申报书尚未提交，没有可导出的提交版本：请先提交申报书");
  }
  const auto& snapshot = *newest;
  const auto policy = rounds_.policies.find(view->round_id);
  if (policy == rounds_.policies.end())
    return fail("ROUND_UNKNOWN", fmt::format("批次“{}”不存在", view->round_id));
  auto images = load_images(pool_, files_, view->enterprise_id, policy->second, snapshot->content);
  if (!images) return std::unexpected(images.error());
  const auto doc =
      documents::layout_declaration(policy->second, snapshot->content,
                                    documents::SnapshotRef{.sha256 = snapshot->sha256,
                                                           .number = snapshot->number,
                                                           .submitted_at = snapshot->submitted_at},
                                    *images);
  auto bytes =
      format == DocumentFormat::kPdf ? documents::render_pdf(doc) : documents::render_docx(doc);
  if (!bytes) return std::unexpected(bytes.error());
  const std::string enterprise = snapshot->content.value("enterprise", nlohmann::json::object())
                                     .value("name", view->enterprise_name);
  return DocumentFile{
      .name = files::sanitize_file_name(fmt::format("{}-{}（第{}版）.{}", enterprise, doc.title,
                                                    snapshot->number, extension(format))),
      .media_type = media_type(format),
      .bytes = std::move(*bytes)};
}

Result<DocumentFile> Documents::summary(const access::Principal& who, const std::string& round_id,
                                        DocumentFormat format, const std::string& batch_id) {
  if (format == DocumentFormat::kDocx)
    return fail("BAD_REQUEST", "推荐汇总表可导出为 Excel（.xlsx）或 PDF");
  const auto policy = rounds_.policies.find(round_id);
  if (policy == rounds_.policies.end())
    return fail("ROUND_UNKNOWN", fmt::format("批次“{}”不存在", round_id));
  auto batch = batch_id.empty() ? reviews_.batch(who, round_id)
                                : reviews_.list_by_id(who, round_id, batch_id);
  if (!batch) return std::unexpected(batch.error());
  std::vector<documents::SummaryEntry> entries;
  for (const auto& e : batch->entries) {
    auto snapshot = newest_version(who, e.declaration_id);
    if (!snapshot) return std::unexpected(snapshot.error());
    if (!*snapshot) continue;
    entries.push_back(documents::SummaryEntry{
        .rank = e.rank, .exempt = e.exempt, .remark = e.remark, .content = (*snapshot)->content});
  }
  auto sheet = documents::build_summary(policy->second, batch->unit_name, std::move(entries));
  if (!sheet) return std::unexpected(sheet.error());
  auto bytes = format == DocumentFormat::kXlsx
                   ? documents::render_xlsx(*sheet)
                   : documents::render_pdf(documents::layout_summary(*sheet));
  if (!bytes) return std::unexpected(bytes.error());
  return DocumentFile{.name = files::sanitize_file_name(fmt::format(
                          "{}-{}.{}", batch->unit_name, sheet->title, extension(format))),
                      .media_type = media_type(format),
                      .bytes = std::move(*bytes)};
}

namespace {

/// A folder of files written one by one, removed with everything in it when destroyed.
class Staging {
 public:
  static Result<Staging> create() {
    std::string pattern = (std::filesystem::temp_directory_path() / "tidu-bundle-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
      return fail("DOCUMENT_RENDER_FAILED", "生成文件失败，请稍后重试", "mkdtemp");
    return Staging(pattern);
  }
  Staging(Staging&& other) noexcept : dir_(std::exchange(other.dir_, {})) {}
  Staging& operator=(Staging&&) = delete;
  Staging(const Staging&) = delete;
  Staging& operator=(const Staging&) = delete;
  ~Staging() {
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  /// Writes the bytes as the next file under the archive name `name`; remembers its hash.
  Result<void> add(const std::string& name, const std::string& bytes) {
    bytes_ += bytes.size();
    if (bytes_ > kMaxBundleBytes) {
      return fail("DOCUMENT_TOO_LARGE",
                  "申报材料合计超过 1 GB，无法打包为一个文件：请分别下载各企业的申报书和附件");
    }
    const auto path = dir_ / std::to_string(entries_.size());
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) return fail("DOCUMENT_RENDER_FAILED", "生成文件失败，请稍后重试", "write");
    entries_.push_back(documents::ZipFileEntry{.name = name, .source = path});
    manifest_ += security::sha256_hex(bytes) + "  " + name + "\n";
    return {};
  }
  [[nodiscard]] const std::vector<documents::ZipFileEntry>& entries() const { return entries_; }
  [[nodiscard]] const std::string& manifest() const { return manifest_; }
  [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }

 private:
  static constexpr std::uint64_t kMaxBundleBytes = 1ULL << 30;
  explicit Staging(std::filesystem::path dir) : dir_(std::move(dir)) {}
  std::filesystem::path dir_;
  std::vector<documents::ZipFileEntry> entries_;
  std::string manifest_;
  std::uint64_t bytes_ = 0;
};

/// `name`, or `name（2）`, `name（3）` … when taken.
std::string unique_name(std::set<std::string>& taken, const std::string& name) {
  std::string candidate = name;
  for (int n = 2; !taken.insert(candidate).second; ++n)
    candidate = fmt::format("{}（{}）", name, n);
  return candidate;
}

Result<std::string> read_whole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("DOCUMENT_RENDER_FAILED", "生成文件失败，请稍后重试", "read zip");
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

Result<BatchView> Documents::bundle_list(const access::Principal& who, const std::string& round_id,
                                         const std::string& batch_id) {
  auto batch = batch_id.empty() ? reviews_.batch(who, round_id)
                                : reviews_.list_by_id(who, round_id, batch_id);
  if (!batch) return batch;
  if (batch->entries.empty())
    return fail("STATE_CONFLICT", "推荐名单中还没有企业，没有可打包的申报材料");
  return batch;
}

Result<DocumentFile> Documents::bundle(const access::Principal& who, const std::string& round_id,
                                       const std::string& batch_id, const Progress& progress) {
  const auto round = rounds_.rounds.find(round_id);
  if (round == rounds_.rounds.end())
    return fail("ROUND_UNKNOWN", fmt::format("批次“{}”不存在", round_id));
  auto batch = bundle_list(who, round_id, batch_id);
  if (!batch) return std::unexpected(batch.error());

  // What goes in: each entry's newest submitted version and the attachments it lists.
  struct Planned {
    const BatchEntry* entry;
    std::string folder;
    std::vector<std::pair<std::string, std::string>> attachments;  // name, sha256
  };
  std::vector<Planned> plan;
  std::set<std::string> folders;
  int total = 3;  // the two 汇总表 files and the archive
  for (const auto& e : batch->entries) {
    auto snapshot = newest_version(who, e.declaration_id);
    if (!snapshot) return std::unexpected(snapshot.error());
    if (!*snapshot) continue;
    Planned p{.entry = &e,
              .folder = unique_name(folders, files::sanitize_file_name(e.enterprise_name)),
              .attachments = {}};
    std::set<std::string> names;
    for (const auto& a : (*snapshot)->content.value("attachments", nlohmann::json::array())) {
      const std::string sha = a.value("sha256", "");
      if (sha.empty()) continue;
      const auto name = files::sanitize_file_name(
          fmt::format("{:02}-{}", p.attachments.size() + 1, a.value("name", "附件")));
      p.attachments.emplace_back(unique_name(names, name), sha);
    }
    total += 2 + static_cast<int>(p.attachments.size());
    plan.push_back(std::move(p));
  }

  auto staging = Staging::create();
  if (!staging) return std::unexpected(staging.error());
  int done = 0;
  const auto step = [&](const std::string& what) -> Result<void> {
    if (!progress(done, total, what))
      return fail("JOB_INTERRUPTED", "服务器正在停止，任务已中断：请重新发起");
    ++done;
    return {};
  };
  for (const auto& p : plan) {
    const std::string& enterprise = p.entry->enterprise_name;
    for (const auto format : {DocumentFormat::kPdf, DocumentFormat::kDocx}) {
      TIDU_TRY(step(fmt::format("{}：申报书 {}", enterprise,
                                format == DocumentFormat::kPdf ? "PDF" : "Word")));
      auto file = declaration(who, p.entry->declaration_id, format);
      if (!file) return std::unexpected(file.error());
      TIDU_TRY(staging->add(p.folder + "/" + file->name, file->bytes));
    }
    for (const auto& [name, sha] : p.attachments) {
      TIDU_TRY(step(fmt::format("{}：附件 {}", enterprise, name)));
      auto file = declarations_.download(who, p.entry->declaration_id, sha);
      if (!file) {
        Error named = file.error();
        named.message = fmt::format("{}的附件“{}”无法读取：{}", enterprise, name, named.message);
        return std::unexpected(named);
      }
      TIDU_TRY(staging->add(p.folder + "/附件/" + name, file->second));
    }
  }
  for (const auto format : {DocumentFormat::kXlsx, DocumentFormat::kPdf}) {
    TIDU_TRY(step(format == DocumentFormat::kXlsx ? "推荐汇总表 Excel" : "推荐汇总表 PDF"));
    auto sheet = summary(who, round_id, format, batch->id);
    if (!sheet) return std::unexpected(sheet.error());
    TIDU_TRY(staging->add(sheet->name, sheet->bytes));
  }
  TIDU_TRY(step("压缩打包"));
  const std::string manifest_name = "文件清单-SHA256.txt";
  const std::string manifest = staging->manifest();
  TIDU_TRY(staging->add(manifest_name, manifest));
  const auto zip_path = staging->dir() / "bundle.zip";
  TIDU_TRY(documents::write_zip_file(zip_path, staging->entries()));
  auto bytes = read_whole(zip_path);
  if (!bytes) return std::unexpected(bytes.error());
  progress(total, total, "完成");
  return DocumentFile{.name = files::sanitize_file_name(
                          fmt::format("{}-{}-申报材料.zip", batch->unit_name, round->second.name)),
                      .media_type = "application/zip",
                      .bytes = std::move(*bytes)};
}

Result<DocumentFile> Documents::regional_summary(const access::Principal& who,
                                                 const std::string& region,
                                                 const std::string& date) {
  auto report = statistics_.maturity(who, region, date);
  if (!report) return std::unexpected(report.error());
  const auto& se = report->self_evaluations;
  const auto doc = documents::layout_regional_summary(
      documents::RegionalSummaryInput{.summary = report->summary,
                                      .self_evaluations_submitted = se.submitted,
                                      .self_evaluations_confirmed = se.confirmed,
                                      .self_evaluations_returned = se.returned,
                                      .self_evaluations_pending = se.pending,
                                      .above_scale_min_revenue = report->above_scale_min_revenue,
                                      .unit_name = report->unit_name});
  auto bytes = documents::render_docx(doc);
  if (!bytes) return std::unexpected(bytes.error());
  return DocumentFile{
      .name = files::sanitize_file_name(fmt::format(
          "{}-智能制造能力成熟度自评估和基础级工厂复核工作总结（{}）.docx",
          report->summary.region_name.substr(report->summary.region_name.rfind(' ') + 1),
          report->summary.date)),
      .media_type = media_type(DocumentFormat::kDocx),
      .bytes = std::move(*bytes)};
}

Result<VerifiedSnapshot> Documents::verify(std::string_view code) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  return find_snapshot_by_code(**lease, rounds_, code);
}

}  // namespace tidu::service
