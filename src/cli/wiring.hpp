#pragma once
// The services over one pool and file store, built in dependency order: what `tidu serve` hands
// to the HTTP app and what operator commands (`tidu documents`) call directly.
#include <iostream>

#include "api/app.hpp"
#include "catalogue/catalogue.hpp"
#include "rounds/round.hpp"
#include "security/password.hpp"
#include "service/accounts.hpp"
#include "service/blacklists.hpp"
#include "service/copied_text.hpp"
#include "service/declarations.hpp"
#include "service/documents.hpp"
#include "service/enterprises.hpp"
#include "service/file_store.hpp"
#include "service/groups.hpp"
#include "service/imports.hpp"
#include "service/jobs.hpp"
#include "service/registry.hpp"
#include "service/reminders.hpp"
#include "service/reviews.hpp"
#include "service/round_definitions.hpp"
#include "service/statistics.hpp"
#include "storage/pool.hpp"

namespace tidu::cli {

struct ServiceSet {
  ServiceSet(storage::Pool& pool, service::FileStore& files, security::PasswordHasher& hasher,
             const catalogue::Catalogue& catalogue, const rounds::RoundSet& rounds,
             const service::Clock& clock, int session_hours)
      : accounts(pool, hasher, catalogue, clock,
                 service::AccountPolicy{.session_hours = session_hours}),
        enterprises(pool, catalogue, clock),
        declarations(pool, catalogue, rounds, enterprises, files, clock),
        reviews(pool, catalogue, rounds, files, clock),
        blacklists(pool, clock),
        reminders(pool, rounds, clock),
        registry(pool, catalogue, rounds, clock),
        groups(pool, catalogue, rounds, clock),
        statistics(pool, catalogue, rounds, declarations, clock),
        documents(pool, rounds, declarations, reviews, files, statistics),
        jobs(pool, files, clock),
        round_definitions(pool, catalogue, rounds, clock),
        imports(pool, catalogue, blacklists, clock),
        copied_text(pool, catalogue, declarations, clock, &band_filters) {
    // The copied-text check of each submission, queued by its transaction: woken on the
    // server's check thread, or run here once the submission has committed. A failure leaves
    // the submission as it is and the check in the backlog.
    declarations.on_submitted([this](const std::string& id) {
      if (text_checker != nullptr) return text_checker->wake();
      if (auto r = copied_text.check_waiting(id); !r)
        std::cerr << "tidu: 文本相似比对失败（" << id << "）：" << r.error().message << " ["
                  << r.error().code << ": " << r.error().detail << "]\n";
    });
  }

  /// From now on submissions' checks run on a thread of their own (`tidu serve`), which also
  /// works off the checks left waiting, claiming them as `claimant` (the server's host and port).
  /// Called before requests are served. `nice`, `wait_for_quiet`: see TextCheckerOptions.
  void check_in_background(const std::string& claimant, int nice = 10,
                           service::QuietWait wait_for_quiet = {}) {
    text_checker = service::TextChecker::start(
        copied_text,
        {.claimant = claimant, .nice = nice, .wait_for_quiet = std::move(wait_for_quiet)});
  }

  [[nodiscard]] api::Services refs() {
    return api::Services{accounts,  enterprises,       declarations, reviews,    blacklists,
                         reminders, registry,          groups,       documents,  statistics,
                         jobs,      round_definitions, imports,      copied_text};
  }

  service::Accounts accounts;
  service::Enterprises enterprises;
  service::Declarations declarations;
  service::Reviews reviews;
  service::Blacklists blacklists;
  service::Reminders reminders;
  service::Registry registry;
  service::Groups groups;
  service::Statistics statistics;
  service::Documents documents;
  service::Jobs jobs;
  service::RoundDefinitions round_definitions;
  service::Imports imports;
  service::BandFilters band_filters;  ///< kept up to date by the BandKeeper `tidu serve` runs
  service::CopiedText copied_text;
  std::unique_ptr<service::TextChecker> text_checker;  ///< stopped first: it uses copied_text
};

}  // namespace tidu::cli
