#include "storage/pool.hpp"

namespace tidu::storage {

Result<std::unique_ptr<Pool>> Pool::open(Connector connector, std::size_t size) {
  std::unique_ptr<Pool> pool(new Pool(std::move(connector)));
  for (std::size_t i = 0; i < size; ++i) {
    auto db = pool->connector_();
    if (!db) return std::unexpected(db.error());
    pool->dialect_ = std::string((*db)->dialect());
    pool->idle_.push_back(std::move(*db));
  }
  return pool;
}

Pool::Lease::~Lease() {
  if (pool_ != nullptr && db_ != nullptr) pool_->give_back(std::move(db_), broken_);
}

Result<Pool::Lease> Pool::acquire() {
  std::unique_lock lock(mutex_);
  returned_.wait(lock, [this] { return !idle_.empty() || missing_ > 0; });
  if (!idle_.empty()) {
    auto db = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(db));
  }
  --missing_;
  lock.unlock();
  auto db = connector_();
  if (!db) {
    const std::lock_guard relock(mutex_);
    ++missing_;
    returned_.notify_one();
    return std::unexpected(db.error());
  }
  return Lease(*this, std::move(*db));
}

void Pool::give_back(std::unique_ptr<Database> db, bool broken) {
  {
    const std::lock_guard lock(mutex_);
    if (broken) {
      ++missing_;
      db.reset();
    } else {
      idle_.push_back(std::move(db));
    }
  }
  returned_.notify_one();
}

}  // namespace tidu::storage
