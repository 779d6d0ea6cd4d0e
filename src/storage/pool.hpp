#pragma once
// A fixed set of connections shared by the server's worker threads. A Database object serves one
// thread at a time, so a handler borrows one for the length of its work and gives it back.
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "core/error.hpp"
#include "storage/database.hpp"

namespace tidu::storage {

/// Opens one new connection.
using Connector = std::function<Result<std::unique_ptr<Database>>()>;

class Pool {
 public:
  /// Opens `size` connections at once; fails when the first cannot be opened.
  static Result<std::unique_ptr<Pool>> open(Connector connector, std::size_t size);

  /// A borrowed connection, returned to the pool when destroyed.
  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<Database> db) : pool_(&pool), db_(std::move(db)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) noexcept = default;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();
    Database& operator*() const { return *db_; }
    Database* operator->() const { return db_.get(); }
    /// Marks the connection broken: it is closed and replaced instead of reused.
    void discard() { broken_ = true; }

   private:
    Pool* pool_;
    std::unique_ptr<Database> db_;
    bool broken_ = false;
  };

  /// Waits for a free connection. A connection lost since its last use is reopened.
  Result<Lease> acquire();

  /// Runs `work` with a borrowed connection; a DB_CONNECT failure discards the connection.
  template <class T>
  Result<T> with(const std::function<Result<T>(Database&)>& work) {
    auto lease = acquire();
    if (!lease) return std::unexpected(lease.error());
    auto r = work(**lease);
    if (!r && r.error().code == codes::kConnect) lease->discard();
    return r;
  }

  /// Keeps `companion` (a SqliteCheckpointer serving the connections) alive as long as the pool.
  void keep_alive(std::shared_ptr<void> companion) { companions_.push_back(std::move(companion)); }

  /// The dialect of the pool's connections.
  [[nodiscard]] std::string_view dialect() const { return dialect_; }

 private:
  explicit Pool(Connector connector) : connector_(std::move(connector)) {}
  void give_back(std::unique_ptr<Database> db, bool broken);

  Connector connector_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Database>> idle_;
  std::size_t missing_ = 0;  ///< connections to reopen (discarded ones)
  std::string dialect_;
  std::vector<std::shared_ptr<void>> companions_;
};

}  // namespace tidu::storage
