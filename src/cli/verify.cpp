#include "cli/verify.hpp"

#include <fstream>
#include <iostream>
#include <iterator>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "documents/verification.hpp"
#include "service/documents.hpp"

namespace tidu::cli {
namespace {

constexpr const char* kUsage = "用法：tidu verify FILE.pdf [--data DIR | --database URL]";
/// Exported files are far smaller; a bigger file is not read whole.
constexpr std::streamsize kMaxPdfBytes = std::streamsize{256} << 20;

int rejected(const std::string& reason) {
  std::cout << "验证未通过：" << reason << '\n';
  return kFindings;
}

}  // namespace

int verify_command(const std::vector<std::string>& arguments, const ServeConfig& config,
                   const rounds::RoundSet& rounds) {
  if (arguments.size() != 1) {
    std::cerr << "tidu verify: " << kUsage << '\n';
    return kUnusable;
  }
  const std::string& file = arguments[0];
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << fmt::format("tidu verify: 无法读取文件“{}”\n", file);
    return kUnusable;
  }
  std::string pdf;
  pdf.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (static_cast<std::streamsize>(pdf.size()) > kMaxPdfBytes) {
    std::cerr << fmt::format("tidu verify: 文件“{}”过大，不是本平台导出的申报书\n", file);
    return kUnusable;
  }
  const auto marker = documents::find_pdf_marker(pdf);
  if (!marker) {
    return rejected("文件中没有本平台的验证码：它不是从梯度平台导出的申报书 PDF，或文件已被改动");
  }
  const auto prefix = documents::code_prefix(marker->code);
  if (!prefix || !marker->sha256.starts_with(*prefix)) {
    return rejected(
        fmt::format("文件中的验证码 {} 与其记录的哈希不符：文件已被改动", marker->code));
  }
  auto state = open_state(config);
  if (!state) {
    std::cerr << "tidu verify: " << state.error().message << '\n';
    return kUnusable;
  }
  auto found = service::find_snapshot_by_code(*state->database, rounds, marker->code);
  if (!found) {
    if (found.error().code == "NOT_FOUND") return rejected(found.error().message);
    std::cerr << "tidu verify: " << found.error().message << '\n';
    return kUnusable;
  }
  if (found->sha256 != marker->sha256) {
    return rejected(fmt::format(
        "文件记录的哈希与平台保存的提交版本不一致（文件 {}，平台 {}）：二者不是同一版本",
        marker->sha256, found->sha256));
  }
  if (!found->intact) {
    return rejected(fmt::format(
        "平台数据库中“{}”第 {} 版的内容已被改动（内容的 SHA-256 与提交时记录的不一致），"
        "无法证明纸质件与线上版本一致，请联系平台管理员",
        found->enterprise_name, found->number));
  }
  std::cout << "验证通过：该 PDF 与平台保存的提交版本一致\n";
  std::cout << fmt::format("  企业：{}（统一社会信用代码 {}）\n", found->enterprise_name,
                           found->credit_code);
  std::cout << fmt::format("  批次：{}（{}）\n",
                           found->round_name.empty() ? found->round_id : found->round_name,
                           found->round_id);
  std::cout << fmt::format("  版本：第 {} 版，提交于 {}\n", found->number, found->submitted_at);
  std::cout << fmt::format("  验证码：{}\n  SHA-256：{}\n", found->code, found->sha256);
  return kOk;
}

}  // namespace tidu::cli
