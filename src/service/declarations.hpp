#pragma once
// The enterprise's side of a round: one declaration per enterprise and round, drafts saved
// section by section with optimistic concurrency, live validation, submission as an immutable
// hashed snapshot that notifies the first review level, withdrawal, versions and their diff, and
// the files uploaded for it.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "access/principal.hpp"
#include "catalogue/catalogue.hpp"
#include "core/error.hpp"
#include "rounds/round.hpp"
#include "service/common.hpp"
#include "service/document_cache.hpp"
#include "service/enterprises.hpp"
#include "service/file_store.hpp"
#include "storage/pool.hpp"

namespace tidu::service {

/// A declaration as the API shows it.
struct DeclarationView {
  std::string id;
  std::string enterprise_id;
  std::string enterprise_name;
  std::string credit_code;
  std::string enterprise_region;
  std::string round_id;
  std::string state;
  std::string level;  ///< the review level it is with, when submitted
  std::int64_t version = 0;
  std::int64_t snapshot_number = 0;
  std::string created_at;
  std::string updated_at;
  std::string submitted_at;
  std::string group;  ///< the enterprise group's unit ("group:<id>") on a direct route, else empty
  nlohmann::json document;  ///< the draft with the enterprise part from the profile
};

/// A stored submission.
struct SnapshotView {
  std::int64_t number = 0;
  std::string sha256;
  std::string submitted_at;
  std::string level;
  std::int64_t draft_version = 0;
  std::string submitted_by;  ///< the submitting account's display name
  nlohmann::json content;    ///< empty in lists
};

/// One entry of the declaration's timeline.
struct EventView {
  std::string at;
  std::string action;
  std::string from_state;
  std::string to_state;
  std::string level;
  std::string opinion;
  std::string actor;
  std::optional<std::int64_t> snapshot;
};

/// An uploaded file's record.
struct FileView {
  std::string sha256;
  std::string name;
  std::string media_type;
  std::int64_t size = 0;
  std::string uploaded_at;
};

/// A notice to a review level.
struct NotificationView {
  std::string id;
  std::string declaration_id;
  std::string message;
  std::string created_at;
};

/// Filters of the declaration list.
struct DeclarationFilter {
  std::string round;
  std::string state;
  std::string query;     ///< part of the enterprise name or credit code
  std::string region;    ///< the enterprise's region or one above it
  std::string industry;  ///< GB/T 4754 大类 (two digits) or 中类 (three) of the enterprise
  int offset = 0;
  int limit = 20;
};

/// A declaration with its document as JSON text (Declarations::read).
struct DeclarationReading {
  DeclarationView view;  ///< `document` left empty
  std::shared_ptr<const std::string> document;
};

/// A page of declarations and the total matching the filter.
struct DeclarationPage {
  std::vector<DeclarationView> items;
  std::int64_t total = 0;
};

/// What a section save answers: the declaration's short view (no `document`) and the section
/// as stored (normalised: every field written), as the JSON text stored.
struct SavedSection {
  DeclarationView view;
  std::string section;
  std::string content_json;
};

/// The sections of a draft an enterprise saves one at a time.
const std::vector<std::string>& draft_sections();

class Declarations {
 public:
  Declarations(storage::Pool& pool, const catalogue::Catalogue& catalogue,
               const rounds::RoundSet& rounds, Enterprises& enterprises, FileStore& files,
               Clock clock);

  /// Starts the enterprise's declaration for a round; a second one is refused (ALREADY_EXISTS)
  /// and the error's detail carries the first one's id.
  Result<DeclarationView> create(const access::Principal& who, const std::string& round_id);
  /// The declarations the caller may read.
  Result<DeclarationPage> list(const access::Principal& who, const DeclarationFilter& filter);
  /// One declaration (NOT_FOUND when the caller may not read it).
  Result<DeclarationView> get(const access::Principal& who, const std::string& id);
  /// The same as a reader receives it: the view without `document`, and the document already
  /// serialized (the JSON text of get()'s `document`), kept in a DocumentCache for the next read.
  Result<DeclarationReading> read(const access::Principal& who, const std::string& id);
  /// Called with the declaration's id after each submission has committed. The submission's
  /// transaction has queued its copied-text check (text_check_backlog); the hook runs it or wakes
  /// the thread that does. It must not throw; what it does cannot undo the submission.
  void on_submitted(std::function<void(const std::string&)> hook) {
    after_submit_ = std::move(hook);
  }
  /// Replaces one section of the draft when `expected_version` is current. Only that section is
  /// read, checked and written; the answer carries it, not the whole document.
  Result<SavedSection> save_section(const access::Principal& who, const std::string& id,
                                    const std::string& section, std::int64_t expected_version,
                                    const nlohmann::json& content);
  /// The checker's report for the current draft, judged now.
  Result<nlohmann::json> validate(const access::Principal& who, const std::string& id);
  /// Submits the current draft: refused while errors remain or outside the round's window;
  /// repeating it for an unchanged draft returns the same snapshot.
  Result<SnapshotView> submit(const access::Principal& who, const std::string& id);
  /// Takes a submitted declaration back before the first review decision.
  Result<DeclarationView> withdraw(const access::Principal& who, const std::string& id,
                                   const std::string& reason);
  /// The submitted versions, newest first.
  Result<std::vector<SnapshotView>> versions(const access::Principal& who, const std::string& id);
  /// One submitted version with its content.
  Result<SnapshotView> version(const access::Principal& who, const std::string& id,
                               std::int64_t number);
  /// The timeline, oldest first.
  Result<std::vector<EventView>> timeline(const access::Principal& who, const std::string& id);
  /// Stores an uploaded file for the declaration's enterprise within the round's limits.
  Result<FileView> upload(const access::Principal& who, const std::string& id,
                          const std::string& name, std::string_view bytes);
  /// The files uploaded for the declaration's enterprise.
  Result<std::vector<FileView>> files(const access::Principal& who, const std::string& id);
  /// A file's record and bytes, for callers who may read the declaration and only for files it
  /// refers to (reviewers: the submitted snapshot's attachments).
  Result<std::pair<FileView, std::string>> download(const access::Principal& who,
                                                    const std::string& id,
                                                    const std::string& sha256);
  /// Notices addressed to the caller's level and region, newest first.
  Result<std::vector<NotificationView>> notifications(const access::Principal& who, int offset,
                                                      int limit);
  /// Stores a file for an enterprise outside any declaration (maturity reports).
  Result<FileView> upload_for_enterprise(const access::Principal& who,
                                         const std::string& enterprise_id, const std::string& name,
                                         std::string_view bytes);

 private:
  std::function<void(const std::string&)> after_submit_;
  struct Loaded;
  Result<Loaded> load(storage::Database& db, const std::string& id);
  Result<Loaded> load_readable(storage::Database& db, const access::Principal& who,
                               const std::string& id);
  /// Keeps the print copy of an uploaded picture (documents::make_print_copy) once per content.
  Result<void> store_print_copy(storage::Database& db, const std::string& sha256,
                                const std::string& media_type, std::string_view bytes);
  Result<FileView> store_file(storage::Database& db, const access::Principal& who,
                              const std::string& enterprise_id, const std::string& name,
                              std::string_view bytes, std::size_t max_bytes,
                              std::optional<std::size_t> max_total);

  storage::Pool& pool_;
  const catalogue::Catalogue& catalogue_;
  const rounds::RoundSet& rounds_;
  Enterprises& enterprises_;
  FileStore& files_;
  Clock clock_;
  DocumentCache documents_;
};

}  // namespace tidu::service
