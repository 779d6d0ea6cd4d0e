#include "service/documents.hpp"

#include <fmt/format.h>

#include "documents/declaration_layout.hpp"
#include "documents/docx.hpp"
#include "documents/pdf.hpp"
#include "documents/summary.hpp"
#include "documents/verification.hpp"
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

Documents::Documents(storage::Pool& pool, const rounds::RoundSet& rounds,
                     Declarations& declarations, Reviews& reviews)
    : pool_(pool), rounds_(rounds), declarations_(declarations), reviews_(reviews) {}

Result<DocumentFile> Documents::declaration(const access::Principal& who, const std::string& id,
                                            DocumentFormat format) {
  if (format == DocumentFormat::kXlsx)
    return fail("BAD_REQUEST", "申报书可导出为 PDF 或 Word（.docx）");
  auto view = declarations_.get(who, id);
  if (!view) return std::unexpected(view.error());
  auto versions = declarations_.versions(who, id);
  if (!versions) return std::unexpected(versions.error());
  if (versions->empty()) {
    return fail("STATE_CONFLICT", "该申报书尚未提交，没有可导出的提交版本：请先提交申报书");
  }
  auto snapshot = declarations_.version(who, id, versions->front().number);
  if (!snapshot) return std::unexpected(snapshot.error());
  const auto policy = rounds_.policies.find(view->round_id);
  if (policy == rounds_.policies.end())
    return fail("ROUND_UNKNOWN", fmt::format("批次“{}”不存在", view->round_id));
  const auto doc =
      documents::layout_declaration(policy->second, snapshot->content,
                                    documents::SnapshotRef{.sha256 = snapshot->sha256,
                                                           .number = snapshot->number,
                                                           .submitted_at = snapshot->submitted_at});
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
                                        DocumentFormat format) {
  if (format == DocumentFormat::kDocx)
    return fail("BAD_REQUEST", "推荐汇总表可导出为 Excel（.xlsx）或 PDF");
  const auto policy = rounds_.policies.find(round_id);
  if (policy == rounds_.policies.end())
    return fail("ROUND_UNKNOWN", fmt::format("批次“{}”不存在", round_id));
  auto batch = reviews_.batch(who, round_id);
  if (!batch) return std::unexpected(batch.error());
  std::vector<documents::SummaryEntry> entries;
  for (const auto& e : batch->entries) {
    auto versions = declarations_.versions(who, e.declaration_id);
    if (!versions) return std::unexpected(versions.error());
    if (versions->empty()) continue;
    auto snapshot = declarations_.version(who, e.declaration_id, versions->front().number);
    if (!snapshot) return std::unexpected(snapshot.error());
    entries.push_back(documents::SummaryEntry{
        .rank = e.rank, .exempt = e.exempt, .remark = e.remark, .content = snapshot->content});
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

Result<VerifiedSnapshot> Documents::verify(std::string_view code) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  return find_snapshot_by_code(**lease, rounds_, code);
}

}  // namespace tidu::service
