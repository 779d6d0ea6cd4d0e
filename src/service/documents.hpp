#pragma once
// Documents made from stored data: the 申报书 of a declaration's newest submitted snapshot as PDF
// or DOCX (for callers who may read the declaration), the caller's unit's 推荐汇总表 as XLSX or
// PDF, and the lookup of a verification code printed on an exported PDF.
#include <cstdint>
#include <string>
#include <string_view>

#include "access/principal.hpp"
#include "core/error.hpp"
#include "rounds/round.hpp"
#include "service/declarations.hpp"
#include "service/reviews.hpp"
#include "storage/database.hpp"
#include "storage/pool.hpp"

namespace tidu::service {

enum class DocumentFormat { kPdf, kDocx, kXlsx };

/// A generated file with the name to offer it under.
struct DocumentFile {
  std::string name;
  std::string media_type;
  std::string bytes;
};

/// What a verification code identifies.
struct VerifiedSnapshot {
  std::string code;
  std::string declaration_id;
  std::string enterprise_name;
  std::string credit_code;
  std::string round_id;
  std::string round_name;
  std::int64_t number = 0;
  std::string submitted_at;
  std::string sha256;  ///< as stored with the snapshot
  /// The stored content still hashes to the stored SHA-256 (false: changed in the database).
  bool intact = false;
};

/// The newest snapshot whose SHA-256 starts with the code's digits. BAD_REQUEST for text that is
/// no code, NOT_FOUND when no snapshot has it.
Result<VerifiedSnapshot> find_snapshot_by_code(storage::Database& db,
                                               const rounds::RoundSet& rounds,
                                               std::string_view code);

class Documents {
 public:
  Documents(storage::Pool& pool, const rounds::RoundSet& rounds, Declarations& declarations,
            Reviews& reviews);

  /// The 申报书 of the newest submitted version, as PDF or DOCX. NOT_FOUND when the caller may
  /// not read the declaration; STATE_CONFLICT when it was never submitted.
  Result<DocumentFile> declaration(const access::Principal& who, const std::string& id,
                                   DocumentFormat format);
  /// The 推荐汇总表 of the caller's unit's list in the round, as XLSX or PDF.
  Result<DocumentFile> summary(const access::Principal& who, const std::string& round_id,
                               DocumentFormat format);
  /// What a verification code identifies (public).
  Result<VerifiedSnapshot> verify(std::string_view code);

 private:
  storage::Pool& pool_;
  const rounds::RoundSet& rounds_;
  Declarations& declarations_;
  Reviews& reviews_;
};

}  // namespace tidu::service
