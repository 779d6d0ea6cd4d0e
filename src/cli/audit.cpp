#include "cli/audit.hpp"

#include <iostream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "service/audit_log.hpp"

namespace tidu::cli {
namespace {

constexpr const char* kUsage = "用法：tidu audit verify [--data DIR | --database URL]";

/// Rows per query: the log is read a page at a time, never whole.
constexpr std::size_t kPageSize = 2000;

std::string short_hash(const std::string& hash) { return hash.substr(0, 12); }

void print_break(const audit::Break& b, std::int64_t checked) {
  std::cout << "审计日志已被改动：第一处问题\n";
  if (b.kind == audit::BreakKind::kUnnumbered) {
    std::cout << "  序号：（无）\n";
  } else {
    std::cout << fmt::format("  序号：{}\n", b.seq);
  }
  if (!b.id.empty()) {
    std::cout << fmt::format("  编号：{}\n  时间：{}\n  操作：{}\n  对象：{}\n", b.id, b.at,
                             b.action, b.object);
  }
  std::cout << fmt::format("  原因：{}\n", b.reason);
  std::cout << fmt::format("在此之前的 {} 条记录完好。\n", checked);
}

int verify(const ServeConfig& config) {
  auto state = open_state(config);
  if (!state) {
    std::cerr << "tidu audit: " << state.error().message << '\n';
    return kUnusable;
  }
  auto checked = service::check_audit_log(*state->database, kPageSize);
  if (!checked) {
    std::cerr << "tidu audit: " << checked.error().message << '\n';
    return kUnusable;
  }
  if (checked->broken) {
    print_break(*checked->broken, checked->checked);
    return kFindings;
  }
  std::cout << fmt::format("审计日志完整：共 {} 条记录，链头 {}\n", checked->checked,
                           short_hash(checked->head.hash));
  if (checked->unchained > 0) {
    std::cout << fmt::format("另有 {} 条升级前的记录尚未入链：写入下一条审计记录时自动按序入链。\n",
                             checked->unchained);
  }
  return kOk;
}

}  // namespace

int audit_command(const std::vector<std::string>& arguments, const ServeConfig& config) {
  if (arguments.size() == 1 && arguments[0] == "verify") return verify(config);
  std::cerr << "tidu audit: " << kUsage << '\n';
  return kUnusable;
}

}  // namespace tidu::cli
