#include "cli/documents.hpp"

#include <unistd.h>

#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/wiring.hpp"

namespace tidu::cli {
namespace {

constexpr const char* kUsage =
    "用法：\n"
    "  tidu documents declaration ID --as USER [--format pdf|docx] [--out FILE]\n"
    "  tidu documents summary ROUND --as USER [--format xlsx|pdf] [--batch ID] [--out FILE]\n"
    "  tidu documents bundle ROUND --as USER [--batch ID] [--out FILE]\n"
    "  tidu documents maturity-summary REGION --as USER [--date YYYY-MM-DD] [--out FILE]\n"
    "  （另可加 --data DIR 或 --database URL；文件默认以其名称写入当前目录）";

std::string option(const std::map<std::string, std::string>& options, const std::string& name,
                   const std::string& fallback = {}) {
  const auto it = options.find(name);
  return it == options.end() ? fallback : it->second;
}

/// A progress bar on a terminal; one line per step otherwise (logs, pipes).
class ProgressBar {
 public:
  ProgressBar() : tty_(isatty(STDERR_FILENO) == 1) {}
  bool operator()(int done, int total, const std::string& step) {
    if (total <= 0) return true;
    const int width = 30;
    const int filled = done * width / total;
    const int percent = done * 100 / total;
    if (tty_) {
      std::cerr << fmt::format("\r[{}{}] {:3}% {}/{} {}\033[K", std::string(filled, '#'),
                               std::string(width - filled, '.'), percent, done, total, step)
                << std::flush;
      if (done >= total) std::cerr << '\n';
    } else {
      std::cerr << fmt::format("[{:3}%] {}/{} {}\n", percent, done, total, step);
    }
    return true;
  }

 private:
  bool tty_;
};

int refused(const Error& e) {
  std::cerr << "tidu documents: " << e.message << '\n';
  if (e.code == "UNAVAILABLE" || e.code == "DB_BUSY" || e.code == "DOCUMENT_RENDER_FAILED")
    return kUnusable;
  return kFindings;
}

}  // namespace

int documents_command(const std::vector<std::string>& arguments,
                      const std::map<std::string, std::string>& options, const ServeConfig& config,
                      const catalogue::Catalogue& catalogue, const rounds::RoundSet& rounds,
                      const EnvLookup& env) {
  const std::string user = option(options, "as");
  if (arguments.size() != 2 || user.empty()) {
    std::cerr << "tidu documents: " << kUsage << '\n';
    return kUnusable;
  }
  const std::string& kind = arguments[0];
  const std::string& subject = arguments[1];
  auto state = open_state(config);
  if (!state) {
    std::cerr << "tidu documents: " << state.error().message << '\n';
    return kUnusable;
  }
  state->database.reset();
  auto pool = open_pool(config, 4);
  if (!pool) {
    std::cerr << "tidu documents: " << pool.error().message << '\n';
    return kUnusable;
  }
  auto clock = server_clock(env);
  if (!clock) {
    std::cerr << "tidu documents: " << clock.error().message << '\n';
    return kUnusable;
  }
  const auto files = open_file_store(config, **pool);
  security::PasswordHasher hasher(1);
  ServiceSet services(**pool, *files, hasher, catalogue, rounds, *clock, config.session_hours);
  auto who = services.accounts.principal_by_username(user);
  if (!who) return refused(who.error());

  Result<service::DocumentFile> file = fail("BAD_REQUEST", kUsage);
  const std::string format = option(options, "format");
  if (kind == "declaration") {
    if (!format.empty() && format != "pdf" && format != "docx") {
      std::cerr << "tidu documents: --format 应为 pdf 或 docx\n";
      return kUnusable;
    }
    file = services.documents.declaration(
        *who, subject,
        format == "docx" ? service::DocumentFormat::kDocx : service::DocumentFormat::kPdf);
  } else if (kind == "summary") {
    if (!format.empty() && format != "xlsx" && format != "pdf") {
      std::cerr << "tidu documents: --format 应为 xlsx 或 pdf\n";
      return kUnusable;
    }
    file = services.documents.summary(
        *who, subject,
        format == "pdf" ? service::DocumentFormat::kPdf : service::DocumentFormat::kXlsx,
        option(options, "batch"));
  } else if (kind == "bundle") {
    ProgressBar bar;
    file = services.documents.bundle(*who, subject, option(options, "batch"), std::ref(bar));
  } else if (kind == "maturity-summary") {
    file = services.documents.regional_summary(*who, subject, option(options, "date"));
  } else {
    std::cerr << "tidu documents: " << kUsage << '\n';
    return kUnusable;
  }
  if (!file) return refused(file.error());
  const std::string out = option(options, "out", file->name);
  std::ofstream f(out, std::ios::binary);
  f.write(file->bytes.data(), static_cast<std::streamsize>(file->bytes.size()));
  if (!f.flush()) {
    std::cerr << fmt::format("tidu documents: 无法写入“{}”\n", out);
    return kUnusable;
  }
  std::cout << fmt::format("已写入 {}（{} 字节）\n", out, file->bytes.size());
  return kOk;
}

}  // namespace tidu::cli
