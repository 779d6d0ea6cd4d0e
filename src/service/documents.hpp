#pragma once
// Documents made from stored data: the 申报书 of a declaration's newest submitted snapshot as PDF
// or DOCX (for callers who may read the declaration), the caller's unit's 推荐汇总表 as XLSX or
// PDF, and the lookup of a verification code printed on an exported PDF.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "access/principal.hpp"
#include "core/error.hpp"
#include "rounds/round.hpp"
#include "service/declarations.hpp"
#include "service/file_store.hpp"
#include "service/reviews.hpp"
#include "service/statistics.hpp"
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
            Reviews& reviews, FileStore& files, Statistics& statistics);

  /// The 申报书 of the newest submitted version, as PDF or DOCX, with the pictures its scenario
  /// instances place in the text (loaded from the file store; one the enterprise did not upload
  /// or the store cannot give back is printed as a placeholder). NOT_FOUND when the caller may
  /// not read the declaration; STATE_CONFLICT when it was never submitted.
  Result<DocumentFile> declaration(const access::Principal& who, const std::string& id,
                                   DocumentFormat format);
  /// The 推荐汇总表 of the caller's unit's open list in the round (`batch_id` empty), or of a list
  /// it filed or received (Reviews::list_by_id), as XLSX or PDF.
  Result<DocumentFile> summary(const access::Principal& who, const std::string& round_id,
                               DocumentFormat format, const std::string& batch_id = {});
  /// The bundle of a list for the disc the seeds ask for (seed 000 三、3): a ZIP with one folder
  /// per enterprise named by the enterprise's name holding its 申报书 as PDF and Word and every
  /// attachment under its uploaded name, the 汇总表 as Excel and PDF, and 文件清单-SHA256.txt with
  /// the SHA-256 of every file (sha256sum format). UTF-8 entry names. `progress` is told each
  /// file; staged on disk under `work_dir`, so only the finished archive is held in memory.
  Result<DocumentFile> bundle(const access::Principal& who, const std::string& round_id,
                              const std::string& batch_id, const Progress& progress);
  /// Whether the list can be bundled (it exists for the caller and has entries): the check made
  /// before a bundle job is queued, so that a wrong request is refused at once.
  Result<BatchView> bundle_list(const access::Principal& who, const std::string& round_id,
                                const std::string& batch_id);
  /// The regional self-assessment summary (seed 000 附件5) of `region` on `date` as Word.
  Result<DocumentFile> regional_summary(const access::Principal& who, const std::string& region,
                                        const std::string& date);
  /// What a verification code identifies (public).
  Result<VerifiedSnapshot> verify(std::string_view code);

 private:
  /// The newest submitted version of a declaration the caller may read (none: never submitted).
  Result<std::optional<SnapshotView>> newest_version(const access::Principal& who,
                                                     const std::string& id);

  storage::Pool& pool_;
  const rounds::RoundSet& rounds_;
  Declarations& declarations_;
  Reviews& reviews_;
  FileStore& files_;
  Statistics& statistics_;
};

}  // namespace tidu::service
