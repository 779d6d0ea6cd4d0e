#include "service/document_cache.hpp"

namespace tidu::service {

std::shared_ptr<const std::string> DocumentCache::find(const std::string& key) {
  const std::lock_guard lock(mutex_);
  const auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  order_.splice(order_.begin(), order_, it->second);
  return it->second->second;
}

void DocumentCache::put(const std::string& key, std::shared_ptr<const std::string> text) {
  if (!text || text->size() + key.size() > budget_) return;
  const std::lock_guard lock(mutex_);
  if (const auto it = index_.find(key); it != index_.end()) {
    bytes_ -= it->second->first.size() + it->second->second->size();
    order_.erase(it->second);
    index_.erase(it);
  }
  bytes_ += key.size() + text->size();
  order_.emplace_front(key, std::move(text));
  index_.emplace(key, order_.begin());
  while (bytes_ > budget_ && !order_.empty()) {
    auto& last = order_.back();
    bytes_ -= last.first.size() + last.second->size();
    index_.erase(last.first);
    order_.pop_back();
  }
}

std::size_t DocumentCache::bytes() const {
  const std::lock_guard lock(mutex_);
  return bytes_;
}

std::size_t DocumentCache::entries() const {
  const std::lock_guard lock(mutex_);
  return index_.size();
}

}  // namespace tidu::service
