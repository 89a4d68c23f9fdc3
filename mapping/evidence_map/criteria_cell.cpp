#include "mapping/evidence_map/criteria_cell.hpp"

#include "mapping/refs/reference_parser.hpp"

#include <algorithm>
#include <cctype>

namespace evidex::mapping {
namespace {

bool is_alnum(std::string_view s, std::size_t i) {
  return i < s.size() && std::isalnum(static_cast<unsigned char>(s[i]));
}

bool is_ksb(char c) {
  c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return c == 'K' || c == 'S' || c == 'B';
}

/// Up to two digits at i; their value, or -1. `end` is moved past them.
int two_digits(std::string_view s, std::size_t i, std::size_t& end) {
  end = i;
  int value = 0;
  while (end < s.size() && end - i < 3 && std::isdigit(static_cast<unsigned char>(s[end]))) {
    value = value * 10 + (s[end++] - '0');
  }
  return (end == i || end - i > 2) ? -1 : value;
}

struct Token {
  std::string text;       // as written: "12S9", "2.K1", "K1"
  std::string canonical;  // "12S9", "2K1", "K1"
  bool has_module = false;
  std::size_t offset = 0;
};

/// Every <module><K|S|B><number> ("12S9", "2.K1") and <K|S|B><number> ("K1") standing as a word.
/// Deliberately broader than find_references: it finds what an apprentice meant as a reference.
std::vector<Token> reference_like_tokens(std::string_view s) {
  std::vector<Token> out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && is_alnum(s, i - 1)) {
      continue;
    }
    std::size_t p = i;
    int module = -1;
    if (std::isdigit(static_cast<unsigned char>(s[p]))) {
      module = two_digits(s, p, p);
      if (module < 0) {
        continue;
      }
      if (p < s.size() && s[p] == '.') {
        ++p;
      }
    }
    if (p >= s.size() || !is_ksb(s[p])) {
      continue;
    }
    char type = static_cast<char>(std::toupper(static_cast<unsigned char>(s[p])));
    int number = two_digits(s, p + 1, p);
    if (number < 0 || is_alnum(s, p)) {
      continue;
    }
    Token t;
    t.text = std::string(s.substr(i, p - i));
    t.canonical = (module >= 0 ? std::to_string(module) : std::string()) + type + std::to_string(number);
    t.has_module = module >= 0;
    t.offset = i;
    out.push_back(std::move(t));
    i = p - 1;
  }
  return out;
}

bool all_none(std::string_view cell) {
  std::string letters;
  bool only_dashes = !cell.empty();
  for (std::size_t i = 0; i < cell.size(); ++i) {
    auto c = static_cast<unsigned char>(cell[i]);
    if (std::isalnum(c)) {
      letters += static_cast<char>(std::tolower(c));
      only_dashes = false;
    } else if (cell.substr(i, 3) == "\xE2\x80\x93" || cell.substr(i, 3) == "\xE2\x80\x94") {
      i += 2;  // en and em dash
    } else if (c != '-' && c != ' ') {
      only_dashes = false;
    }
  }
  return only_dashes || letters == "na" || letters == "none" || letters == "nil" || letters == "notapplicable" ||
         letters == "nothing";
}

/// "n/a", "None", "-", also before a remark: "N/A (declaration)", "none: see E03".
bool says_none(std::string_view cell) {
  return all_none(cell) || all_none(cell.substr(0, cell.find_first_of("(:;,")));
}

}  // namespace

CriteriaCell read_criteria_cell(std::string_view cell, const Standard& standard) {
  CriteriaCell out;
  std::vector<RefMatch> matches = find_references(cell, standard);
  for (const auto& m : matches) {
    if (std::find(out.refs.begin(), out.refs.end(), m.ref) == out.refs.end()) {
      out.refs.push_back(m.ref);
    }
  }
  auto inside_a_match = [&](const Token& t) {
    return std::any_of(matches.begin(), matches.end(), [&](const RefMatch& m) {
      return t.offset >= m.offset && t.offset + t.text.size() <= m.offset + m.span.size();
    });
  };
  for (const auto& t : reference_like_tokens(cell)) {
    // A full reference the standard lacks is unknown even inside a range ("12S1–12S9"); a short
    // one ("K1") is fine when the parser read it with its module ("K1 (module 2)").
    bool defined = (t.has_module || standard.form == RefForm::plain) && standard.find(t.canonical);
    bool unknown = t.has_module && standard.form == RefForm::module ? !defined : !defined && !inside_a_match(t);
    if (unknown && std::find(out.unknown.begin(), out.unknown.end(), t.text) == out.unknown.end()) {
      out.unknown.push_back(t.text);
    }
  }
  out.says_none = out.refs.empty() && out.unknown.empty() && says_none(cell);
  return out;
}

}  // namespace evidex::mapping
