// Rules the form template states as data: required fields and 字 limits, attachments, the pledge.
// One walk over the declaration visits every field once and looks its path pattern up in the
// form's rules, so the cost does not grow with the number of rules.
#include <type_traits>

#include "core/text.hpp"
#include "core/traits.hpp"
#include "declaration/field_index.hpp"
#include "declaration/fields.hpp"
#include "rules/context.hpp"

namespace tidu::rules::detail {
namespace {

class FormWalker {
 public:
  explicit FormWalker(const Context& c) : c_(c), rules_(c.form().rules_by_slot) {
    stack_.push_back({&declaration::field_tree(), 0});
  }

  template <class M>
  void operator()(std::string_view key, M& member, std::string_view /*doc*/) {
    // Walk the field tree in step with the visitor: the next child is this member's node.
    auto& top = stack_.back();
    const declaration::FieldNode& node = top.node->children[top.next++];
    segments_.push_back({key, -1});
    const rounds::FieldSpec& rule = rules_[static_cast<std::size_t>(node.slot)];
    const rounds::FieldSpec* spec = rule.path.empty() ? nullptr : &rule;
    if constexpr (std::is_same_v<M, std::string>) {
      if (spec != nullptr) text_field(*spec, member);
    } else if constexpr (IsVector<M>::value) {
      if (spec != nullptr && spec->required && member.empty()) missing(*spec);
      using E = typename IsVector<M>::Element;
      if constexpr (!std::is_same_v<E, std::string>) {
        for (std::size_t i = 0; i < member.size(); ++i) {
          segments_.back().index = static_cast<int>(i);
          stack_.push_back({&node, 0});
          visit(*this, member[i]);
          stack_.pop_back();
        }
      }
    } else if constexpr (std::is_same_v<M, int>) {
      // Structural numbers (years, indicator numbers) are checked by their own rules.
    } else if constexpr (std::is_same_v<M, std::optional<double>> ||
                         std::is_same_v<M, std::optional<int>> ||
                         std::is_same_v<M, std::optional<long long>> ||
                         std::is_same_v<M, std::optional<bool>>) {
      if (spec != nullptr && spec->required && !member.has_value() && spec->path != "pledge.signed")
        missing(*spec);
    } else {
      stack_.push_back({&node, 0});
      visit(*this, member);
      stack_.pop_back();
    }
    segments_.pop_back();
  }

 private:
  struct Segment {
    std::string_view key;
    int index;
  };
  struct Frame {
    const declaration::FieldNode* node;
    std::size_t next;
  };

  [[nodiscard]] std::string path() const {
    std::string out = "$";
    for (const auto& s : segments_) {
      out += '.';
      out += s.key;
      if (s.index >= 0) out += fmt::format("[{}]", s.index);
    }
    return out;
  }

  void text_field(const rounds::FieldSpec& spec, const std::string& value) {
    if (spec.required && text::blank(value)) {
      missing(spec);
      return;
    }
    if (!spec.limit || value.size() <= *spec.limit) return;  // a 字 is at least one byte
    const std::size_t count = text::count_zi(value);
    if (count > *spec.limit) {
      c_.add("TEXT_TOO_LONG", Severity::kError, path(),
             fmt::format("“{}”共 {} 字，超过上限 {} 字：请删减 {} 字。", spec.label, count,
                         *spec.limit, count - *spec.limit),
             spec.clause);
    }
  }

  void missing(const rounds::FieldSpec& spec) {
    c_.add("FIELD_REQUIRED", Severity::kError, path(),
           spec.hint.empty() ? fmt::format("请填写“{}”。", spec.label)
                             : fmt::format("请填写“{}”{}", spec.label, spec.hint),
           spec.clause);
  }

  const Context& c_;
  const std::vector<rounds::FieldSpec>& rules_;
  std::vector<Frame> stack_;
  std::vector<Segment> segments_;
};

std::string attachment_name(const Context& c, const rounds::AttachmentSpec& spec) {
  std::string name = spec.name;
  const auto& years = c.round().financial_years;
  if (!years.empty()) {
    auto replace = [&](std::string_view token, int year) {
      if (auto pos = name.find(token); pos != std::string::npos)
        name.replace(pos, token.size(), std::to_string(year));
    };
    replace("{first_year}", years.front());
    replace("{last_year}", years.back());
  }
  return name;
}

}  // namespace

void form_rules(const Context& c) {
  FormWalker walker(c);
  visit(walker, const_cast<declaration::Declaration&>(
                    c.d()));  // NOLINT(cppcoreguidelines-pro-type-const-cast)
  const auto& d = c.d();
  for (std::size_t i = 0; i < c.form().attachments.size(); ++i) {
    const auto& spec = c.form().attachments[i];
    if (spec.required && !d.has_attachment_of_kind(spec.kind)) {
      const std::string name = attachment_name(c, spec);
      c.add("ATTACHMENT_MISSING", Severity::kError, "$.attachments",
            fmt::format("缺少附件“{}”：请上传（PDF、JPEG、PNG、DOCX 或 XLSX）。", name),
            fmt::format("{} 相关附件 {}. {}", c.form().document, i + 1, name));
    }
  }
  int images = 0;
  for (std::size_t i = 0; i < d.scenarios.size(); ++i) {
    for (std::size_t j = 0; j < d.scenarios[i].images.size(); ++j) {
      const auto path = fmt::format("$.scenarios[{}].images[{}]", i, j);
      const auto clause = fmt::format("{} 场景实例描述（可配图）", c.form().document);
      const auto* a = d.attachment(d.scenarios[i].images[j]);
      if (a == nullptr) {
        c.add("ATTACHMENT_MISSING", Severity::kError, path,
              fmt::format("配图引用了不存在的附件“{}”：请重新上传图片。", d.scenarios[i].images[j]),
              clause);
        continue;
      }
      if (++images == declaration::kMaxImages + 1) {
        c.add("IMAGE_INVALID", Severity::kError, path,
              fmt::format("配图超过 {} 张：请删减后再提交。", declaration::kMaxImages), clause);
      }
      if (!a->media_type.empty() && !declaration::is_image_type(a->media_type)) {
        c.add(
            "IMAGE_INVALID", Severity::kError, path,
            fmt::format("配图“{}”不是 JPEG 或 PNG 图片：请上传 JPEG 或 PNG 格式的图片。", a->name),
            clause);
      } else if (a->size.value_or(0) > declaration::kMaxImageBytes) {
        c.add("IMAGE_INVALID", Severity::kError, path,
              fmt::format("配图“{}”超过 {} MB：请压缩后重新上传。", a->name,
                          declaration::kMaxImageBytes >> 20),
              clause);
      }
    }
  }
  if (!d.pledge.signed_.value_or(false)) {
    c.add("PLEDGE_MISSING", Severity::kError, "$.pledge.signed",
          "尚未确认真实性承诺：请阅读承诺内容，由法定代表人签字并加盖公章后勾选确认。",
          c.round_clause("pledge", fmt::format("{} 真实性承诺", c.form().document)));
  }
}

}  // namespace tidu::rules::detail
