#include "mapping/evidence_map/file_names.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <optional>

namespace evidex::mapping {
namespace {

// By range rather than <cctype>, which is a library call per byte: these run over whole texts.
bool ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool ascii_digit(char c) { return c >= '0' && c <= '9'; }

bool separator(char c) {
  return c == ' ' || c == '-' || c == '_' || c == '.' || c == ')' || c == ':' || c == '#' || c == '\t';
}

struct FreeDeleter {
  void operator()(void* p) const noexcept { std::free(p); }
};

}  // namespace

namespace {

// Appends `folded` (case-folded text) to `out` the way normalise_name() joins words: letters and
// digits kept, every other run one space, none at the ends.
void append_words(std::string_view folded, std::string& out, bool& pending_space) {
  for (std::size_t i = 0; i < folded.size();) {
    auto c = static_cast<unsigned char>(folded[i]);
    if (c < 0x80) {
      if (ascii_alpha(folded[i]) || ascii_digit(folded[i])) {
        if (pending_space && !out.empty()) {
          out += ' ';
        }
        pending_space = false;
        out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);  // not the locale's tolower: a call per byte
      } else {
        pending_space = true;
      }
      ++i;
      continue;
    }
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(folded.data()) + i,
                              static_cast<utf8proc_ssize_t>(folded.size() - i), &cp);
    if (n <= 0) {
      ++i;
      pending_space = true;
      continue;
    }
    auto category = utf8proc_category(cp);
    bool keep = (category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO) ||
                (category >= UTF8PROC_CATEGORY_ND && category <= UTF8PROC_CATEGORY_NO);
    if (keep) {
      if (pending_space && !out.empty()) {
        out += ' ';
      }
      pending_space = false;
      out.append(folded.substr(i, static_cast<std::size_t>(n)));
    } else {
      pending_space = true;
    }
    i += static_cast<std::size_t>(n);
  }
}

std::optional<std::string> map_with_utf8proc(std::string_view text) {
  utf8proc_uint8_t* mapped = nullptr;
  auto length = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                             static_cast<utf8proc_ssize_t>(text.size()), &mapped,
                             static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                                                            UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK));
  std::unique_ptr<utf8proc_uint8_t, FreeDeleter> owner(mapped);
  if (length < 0) {
    return std::nullopt;
  }
  return std::string(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(length));
}

}  // namespace

// Mostly ASCII text (what the declaration and duplicate checks read by the sentence) is folded
// without utf8proc, which costs most of those checks: ASCII has no decompositions or marks and
// folds by lower-casing, and nothing composes with an ASCII character once marks are stripped, so
// each run of other characters can be mapped on its own. Invalid UTF-8 anywhere takes the general
// path, which treats the whole name as such.
std::string normalise_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < name.size();) {
    std::size_t end = i;
    if (static_cast<unsigned char>(name[i]) < 0x80) {
      while (end < name.size() && static_cast<unsigned char>(name[end]) < 0x80) {
        ++end;
      }
      append_words(name.substr(i, end - i), out, pending_space);
    } else {
      while (end < name.size() && static_cast<unsigned char>(name[end]) >= 0x80) {
        ++end;
      }
      auto folded = map_with_utf8proc(name.substr(i, end - i));
      if (!folded) {
        return normalise_name_unicode(name);
      }
      append_words(*folded, out, pending_space);
    }
    i = end;
  }
  return out;
}

std::string normalise_name_unicode(std::string_view name) {
  std::string folded;
  if (auto mapped = map_with_utf8proc(name)) {
    folded = std::move(*mapped);
  } else {
    // Not UTF-8 (an old zip's CP437 name): compare its ASCII letters and digits only.
    for (char c : name) {
      auto u = static_cast<unsigned char>(c);
      folded += u < 0x80 ? static_cast<char>(std::tolower(u)) : ' ';
    }
  }
  std::string out;
  bool pending_space = false;
  append_words(folded, out, pending_space);
  return out;
}

std::string_view file_name_of(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view stem_of(std::string_view file_name) {
  std::size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || file_name.size() - dot - 1 > 5 || dot + 1 == file_name.size()) {
    return file_name;
  }
  bool letter = false;
  for (char c : file_name.substr(dot + 1)) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      return file_name;
    }
    letter = letter || ascii_alpha(c);
  }
  return letter ? file_name.substr(0, dot) : file_name;
}

std::optional<LeadingNumber> leading_number(std::string_view name) {
  // Words that may stand before the number, longest first so "evidence" is not read as "e".
  static const std::array<std::string_view, 11> k_prefixes{"evidence", "document", "appendix", "number", "annex",
                                                           "item", "doc", "ev", "no", "e", "#"};
  std::size_t p = 0;
  while (p < name.size() && name[p] == ' ') {
    ++p;
  }
  for (std::string_view prefix : k_prefixes) {
    if (name.size() - p < prefix.size()) {
      continue;
    }
    bool same = true;
    for (std::size_t i = 0; i < prefix.size() && same; ++i) {
      same = std::tolower(static_cast<unsigned char>(name[p + i])) == prefix[i];
    }
    if (!same) {
      continue;
    }
    std::size_t q = p + prefix.size();
    while (q < name.size() && separator(name[q])) {
      ++q;
    }
    if (q < name.size() && ascii_digit(name[q])) {
      p = q;
      break;
    }
  }
  std::size_t digits = p;
  int number = 0;
  while (digits < name.size() && ascii_digit(name[digits]) && digits - p < 4) {
    number = number * 10 + (name[digits++] - '0');
  }
  if (digits == p || digits - p > 3 || (digits < name.size() && !separator(name[digits]))) {
    return std::nullopt;
  }
  std::size_t end = digits;
  while (end < name.size() && separator(name[end])) {
    ++end;
  }
  return LeadingNumber{number, end};
}

std::optional<int> evidence_number(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  auto n = leading_number(text);
  if (!n || n->length != text.size()) {
    return std::nullopt;
  }
  return n->number;
}

}  // namespace evidex::mapping
