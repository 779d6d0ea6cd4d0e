#include "declaration/declaration.hpp"

namespace tidu::declaration {

const Attachment* Declaration::attachment(std::string_view id) const {
  for (const auto& a : attachments) {
    if (a.id == id) return &a;
  }
  return nullptr;
}

bool Declaration::has_attachment_of_kind(std::string_view kind) const {
  for (const auto& a : attachments) {
    if (a.kind == kind) return true;
  }
  return false;
}

}  // namespace tidu::declaration
