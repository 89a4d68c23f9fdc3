// How it works: the text is normalised (NormalisedText: upper-case ASCII, look-alike letters and
// dashes folded) and cut into tokens (runs of letters and digits, single punctuation marks). A
// small recursive-descent parser tries, at each token, to read one *construct*: a module heading
// with a list ("Module 2: K1–K4"), or a list of items ("2K1, 2K3 & 2K5"), optionally closed by a
// module in brackets ("K1, K3 (module 2)"). An item is one reference ("2K1", "2.K1", "2 K1", "K1"),
// a range ("12S1–12S7", "12S1-7", "12S1 to 12S7") or two references joined by a dash that do not
// make a range ("2K1–3K4", "12S7–12S1"). A construct that parses is then checked against its
// context (postcodes, rooms, sections, codes glued to other characters) and its criteria looked
// up in the standard. Every construct is read once and the scan never goes back more than one
// construct, so the work is linear in the length of the text.
//
// Decisions on ambiguous text (tests/mapping/test_reference_parser.cpp shows each):
// - A range expands to the criteria the standard defines between its ends, and every criterion
//   carries the whole span: "12S1–12S9" gives 12S1..12S7 (module 12 stops at S7). The start must
//   be defined. A short end ("12S1-7") must itself be defined, else the whole thing is a code
//   ("2K1-77", "12S3-4410") and gives nothing.
// - Two references joined by a dash or "to" that are not a range (other module, other type, or
//   reversed: "2K1–3K4", "12S7–12S1") give both references, each with the whole span.
// - "Level 2 K1", "Section K1", "Page 2 K1": a bare K1, or a number and a bare K1, right after a
//   word that numbers something else is not a reference. "Section 2K1" (module written in the
//   reference) still is. Rooms, flats, units, SKUs, vitamins, cells and the like exclude every form
//   ("Room 13B1").
// - In module form, "2 K1" needs the number and the reference on one line, and "2. K1" (a
//   numbered list) is not 2K1. A bare K1 takes its module from a heading just before ("Module 2:
//   K1"), from a bracket just after ("K1 (module 2)") or from the reference before it in the same
//   list ("2K1, K3" is 2K1 and 2K3); otherwise it is not a reference.
#include "mapping/refs/reference_parser.hpp"

#include "mapping/refs/normalised_text.hpp"

#include <algorithm>
#include <array>
#include <optional>

namespace evidex::mapping {
namespace {

// After one of these words a reference-shaped code is an address, a product, a spreadsheet cell
// or a vitamin, whatever its form: "Room 13B1", "SKU 12S3", "cell B1", "vitamin B12".
constexpr auto k_code_words = std::to_array<std::string_view>({
    "APARTMENT", "APT",   "BAY",    "BLOCK",   "BUILDING", "BUS",     "CELL",    "CELLS",
    "CODE",      "COL",   "COLUMN", "FAX",     "FLAT",     "FLOOR",   "GATE",    "GRID",
    "INVOICE",   "ISO",   "MOBILE", "MODEL",   "ORDER",    "PART",    "PHONE",   "PLATFORM",
    "POSTCODE",  "PRODUCT", "RM",   "ROOM",    "ROUTE",    "ROW",     "SEAT",    "SERIAL",
    "SIZE",      "SKU",   "SUITE",  "TEL",     "TICKET",   "UNIT",    "VITAMIN", "VITAMINS",
});

// After one of these words a bare "K1", or "2 K1", is that other thing's numbering: "Section K1",
// "Level 2 K1", "Page 2 K1". A reference with its module written in ("Section 2K1") still counts.
constexpr auto k_numbering_words = std::to_array<std::string_view>({
    "ANNEX",  "ANNEXE",  "APPENDIX", "ARTICLE", "BAND",    "BOX",     "CH",      "CHAPTER", "CLASS",
    "CLAUSE", "DAY",     "EXHIBIT",  "FIG",     "FIGURE",  "GRADE",   "GROUP",   "ITEM",    "KEY",
    "LESSON", "LEVEL",   "LINE",     "LVL",     "NO",      "NUM",     "NUMBER",  "P",       "PAGE",
    "PARA",   "PARAGRAPH", "PG",     "PHASE",   "POINT",   "PP",      "Q",       "QUESTION", "RULE",
    "SCHEDULE", "SEC",   "SECT",     "SECTION", "SESSION", "SLIDE",   "STAGE",   "STEP",    "TABLE",
    "TASK",   "TEAM",    "TIER",     "VER",     "VERSION", "WEEK",    "WK",      "YEAR",    "YR",
});

// Before one of these words a bare B4 or B5 is a paper or envelope size.
constexpr auto k_size_words =
    std::to_array<std::string_view>({"ENVELOPE", "ENVELOPES", "PAPER", "SHEET", "SHEETS", "SIZE", "SIZED"});

constexpr auto k_module_words = std::to_array<std::string_view>({"MODULE", "MOD"});
constexpr auto k_list_words = std::to_array<std::string_view>({"AND", "OR"});

// A list longer than this goes on as a new list. Every criterion of a list carries the list's
// whole span, so without a limit a generated text ("K1, K2, K3, ..." for pages) would cost memory
// quadratic in its length. Real lists name at most every criterion of a standard (74 in ST0072).
constexpr std::size_t k_max_list_items = 100;

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& words, std::string_view word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return c >= 'A' && c <= 'Z'; }
bool is_alnum(char c) { return is_digit(c) || is_letter(c) || c == k_other_letter; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_ref_type(char c) { return c == 'K' || c == 'S' || c == 'B'; }

bool is_digits(std::string_view w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), is_digit);
}

/// A module or criterion number as apprentices write it: 1 or 2 digits, not 0, and no leading
/// zero unless `leading_zero_ok` ("Module 02").
std::optional<int> small_number(std::string_view w, bool leading_zero_ok = false) {
  if (w.empty() || w.size() > 2 || !is_digits(w) || (w[0] == '0' && !leading_zero_ok)) {
    return std::nullopt;
  }
  int n = w.size() == 1 ? w[0] - '0' : (w[0] - '0') * 10 + (w[1] - '0');
  return n == 0 ? std::nullopt : std::optional<int>(n);
}

/// A criterion, possibly without its module yet. Module 0: not known (module form) or none
/// (plain form).
struct Ref {
  int module = 0;
  char type = 'K';
  int number = 0;
};

/// "K1", "S12": type and number.
std::optional<Ref> bare_ref(std::string_view w) {
  if (w.size() < 2 || !is_ref_type(w[0])) {
    return std::nullopt;
  }
  auto number = small_number(w.substr(1));
  return number ? std::optional<Ref>(Ref{0, w[0], *number}) : std::nullopt;
}

/// "2K1", "12S7": module, type and number in one word.
std::optional<Ref> full_ref(std::string_view w) {
  auto type_at = w.find_first_not_of("0123456789");
  if (type_at == 0 || type_at == std::string_view::npos) {
    return std::nullopt;
  }
  auto module = small_number(w.substr(0, type_at));
  auto rest = bare_ref(w.substr(type_at));
  if (!module || !rest) {
    return std::nullopt;
  }
  rest->module = *module;
  return rest;
}

/// UK postcode inward code ("1AA" in "B1 1AA"): a digit and two letters, never C, I, K, M, O or V.
/// Ordinals ("1st", "2nd") look the same and are not postcodes.
bool is_postcode_inward(std::string_view w) {
  constexpr std::string_view k_inward_letters = "ABDEFGHJLNPQRSTUWXYZ";
  if (w.size() != 3 || !is_digit(w[0]) || k_inward_letters.find(w[1]) == std::string_view::npos ||
      k_inward_letters.find(w[2]) == std::string_view::npos) {
    return false;
  }
  auto suffix = w.substr(1);
  return suffix != "ST" && suffix != "ND" && suffix != "RD" && suffix != "TH";
}

/// ISO paper sizes that are not criteria: A4, C5 (B sizes are checked by the words around them).
bool is_paper_size(std::string_view w) {
  return w.size() >= 2 && w.size() <= 3 && (w[0] == 'A' || w[0] == 'C') && is_digits(w.substr(1));
}

struct Token {
  std::size_t begin = 0, end = 0;  // in the normalised text
  bool alnum = false;              // a word or number; otherwise one punctuation character
  bool space_before = false;       // whitespace between it and the token before
  bool newline_before = false;
};

std::vector<Token> tokenise(std::string_view s) {
  std::vector<Token> tokens;
  bool space = false;
  bool newline = false;
  std::size_t i = 0;
  while (i < s.size()) {
    if (is_space(s[i])) {
      space = true;
      newline = newline || s[i] == '\n' || s[i] == '\r';
      ++i;
      continue;
    }
    std::size_t end = i + 1;
    const bool alnum = is_alnum(s[i]);
    while (alnum && end < s.size() && is_alnum(s[end])) {
      ++end;
    }
    tokens.push_back({i, end, alnum, space, newline});
    space = newline = false;
    i = end;
  }
  return tokens;
}

/// One reference, as written.
struct Atom {
  Ref ref;
  std::size_t first = 0, last = 0;  // tokens
  bool module_written = false;      // "2K1", "2.K1", "2 K1"; not "K1"
};

enum class ItemKind {
  single,  // 2K1
  range,   // 12S1–12S7, 12S1-7: every defined criterion from `from` to `to`
  pair,    // 2K1–3K4, 12S7–12S1: a dash between two references that make no range
};

struct Item {
  ItemKind kind = ItemKind::single;
  Ref from, to;
  bool strict_end = false;  // "12S1-7": `to` must be defined, else the item is a code
  bool to_module_written = false;
  bool module_written = false;
  std::size_t first = 0, last = 0;  // tokens
};

/// A stretch of text that yields references: a list of items, with its heading or bracket.
struct Construct {
  std::vector<Item> items;
  std::size_t first = 0, last = 0;  // tokens
};

/// What reading at one token gave, and where to read next.
struct Attempt {
  std::optional<Construct> found;
  std::size_t next = 0;
};

class Scanner {
public:
  Scanner(std::string_view original, const Standard& standard)
      : m_text(original), m_tokens(tokenise(m_text.text())), m_standard(standard),
        m_module_form(standard.form == RefForm::module) {}

  std::vector<RefMatch> run() {
    std::vector<RefMatch> out;
    std::size_t i = 0;
    while (i < m_tokens.size()) {
      Attempt attempt = attempt_at(i);
      if (attempt.found) {
        emit(*attempt.found, out);
      }
      i = std::max(attempt.next, i + 1);
    }
    return out;
  }

private:
  // --- Token access ------------------------------------------------------------------------

  std::string_view word(std::size_t i) const {
    if (i >= m_tokens.size()) {
      return {};
    }
    return std::string_view(m_text.text()).substr(m_tokens[i].begin, m_tokens[i].end - m_tokens[i].begin);
  }
  bool is_word(std::size_t i) const { return i < m_tokens.size() && m_tokens[i].alnum; }
  bool is_punct(std::size_t i, std::string_view any_of) const {
    return i < m_tokens.size() && !m_tokens[i].alnum && any_of.find(word(i)[0]) != std::string_view::npos;
  }
  template <std::size_t N>
  bool is_one_of(std::size_t i, const std::array<std::string_view, N>& words) const {
    return is_word(i) && contains(words, word(i));
  }
  /// Token i touches the token before it.
  bool tight(std::size_t i) const { return i < m_tokens.size() && !m_tokens[i].space_before; }
  /// Token i is on the same line as the token before it.
  bool same_line(std::size_t i) const { return i < m_tokens.size() && !m_tokens[i].newline_before; }

  char char_at(std::size_t pos) const { return pos < m_text.size() ? m_text.text()[pos] : ' '; }

  /// The word before token i, stepping over one ':', '#', '.' or '-' ("Room: B1", "No. B1").
  std::optional<std::size_t> previous_word(std::size_t i) const {
    if (i == 0) {
      return std::nullopt;
    }
    std::size_t j = i - 1;
    if (is_punct(j, ":#.-") && j > 0) {
      --j;
    }
    return is_word(j) ? std::optional<std::size_t>(j) : std::nullopt;
  }

  // --- Constructs --------------------------------------------------------------------------

  Attempt attempt_at(std::size_t i) const {
    if (m_module_form && is_one_of(i, k_module_words)) {
      if (auto heading = module_heading(i)) {
        return {heading, heading->last + 1};
      }
    }
    if (!is_word(i) || glued_before(m_tokens[i].begin)) {
      return {std::nullopt, i + 1};
    }
    auto list = parse_list(i, 0);
    if (!list) {
      return {std::nullopt, i + 1};
    }
    if (m_module_form && has_unknown_module(*list)) {
      return {std::nullopt, first_item_with_module(*list)};
    }
    if (in_excluded_context(*list)) {
      return {std::nullopt, list->last + 1};  // "Vitamins B1, B6 and B12": none of them
    }
    return {list, list->last + 1};
  }

  /// "Module 2 K1", "module 2: K1–K4", "Module 2 - K1, K3", "Mod. 12 S3", "Module_2_K1".
  std::optional<Construct> module_heading(std::size_t i) const {
    std::size_t j = i + 1;
    if (is_punct(j, "._") && tight(j)) {
      ++j;
    }
    auto module = small_number(word(j), true);
    if (!module) {
      return std::nullopt;
    }
    std::size_t k = j + 1;
    if (is_punct(k, ":-,._(")) {
      ++k;
    }
    auto list = parse_list(k, *module);
    if (!list || has_unknown_module(*list)) {
      return std::nullopt;
    }
    list->first = i;
    return list;
  }

  std::optional<Construct> parse_list(std::size_t i, int heading_module) const {
    auto first = parse_item(i);
    if (!first) {
      return std::nullopt;
    }
    Construct list{{*first}, i, first->last};
    while (list.items.size() < k_max_list_items) {
      const std::size_t j = list.last + 1;
      const std::size_t k = after_list_separator(j);
      // Under a heading, "Module 2 K1 K3" lists without separators.
      const bool unseparated = k == j && heading_module != 0 && same_line(j);
      if (k == j && !unseparated) {
        break;
      }
      auto next = parse_item(k);
      if (!next || (unseparated && next->module_written)) {
        break;
      }
      list.items.push_back(*next);
      list.last = next->last;
    }
    resolve_modules(list, heading_module);
    return list;
  }

  /// The token after a list separator at j (", ", "/", "&", "+", ";", "and", ", and", "and/or"),
  /// or j itself when there is none.
  std::size_t after_list_separator(std::size_t j) const {
    std::size_t k = j;
    if (is_punct(k, ",;/&+")) {
      ++k;
    }
    if (is_one_of(k, k_list_words)) {
      ++k;
      if (is_punct(k, "/") && is_one_of(k + 1, k_list_words)) {
        k += 2;
      }
    }
    return k;
  }

  /// A reference and what may join it: a range end or a second reference after a dash or "to".
  std::optional<Item> parse_item(std::size_t i) const {
    auto from = parse_atom(i);
    if (!from) {
      return std::nullopt;
    }
    Item item;
    item.from = item.to = from->ref;
    item.module_written = item.to_module_written = from->module_written;
    item.first = from->first;
    item.last = from->last;
    const std::size_t j = from->last + 1;
    const bool dash = is_punct(j, "-");
    if (dash || (is_word(j) && word(j) == "TO")) {
      if (auto to = parse_atom(j + 1)) {
        join(item, *to);
      } else if (dash && tight(j) && tight(j + 1) && is_digits(word(j + 1))) {
        // "12S1-7"; also "2K1-77" and "12S3-4410", which are codes and yield nothing.
        item.kind = ItemKind::range;
        item.strict_end = true;
        item.to.number = small_number(word(j + 1)).value_or(0);
        item.last = j + 1;
      }
    }
    if (glued_after(m_tokens[item.last].end)) {
      return std::nullopt;
    }
    return item;
  }

  static void join(Item& item, const Atom& to) {
    const bool same_module = !to.module_written || (item.module_written && to.ref.module == item.from.module);
    item.to = to.ref;
    item.to_module_written = to.module_written;
    item.last = to.last;
    if (!same_module || to.ref.type != item.from.type || to.ref.number < item.from.number) {
      item.kind = ItemKind::pair;
    } else if (to.ref.number > item.from.number) {
      item.kind = ItemKind::range;
    }
  }

  /// One reference: "2K1", "2.K1", "2-K1", "2 K1" (module form) or "K1".
  std::optional<Atom> parse_atom(std::size_t i) const {
    if (!is_word(i)) {
      return std::nullopt;
    }
    std::optional<Atom> atom;
    if (m_module_form) {
      if (auto ref = full_ref(word(i))) {
        atom = Atom{*ref, i, i, true};
      } else if (auto module = small_number(word(i))) {
        atom = module_then_bare(i, *module);
      }
    }
    if (!atom) {
      if (auto ref = bare_ref(word(i))) {
        atom = Atom{*ref, i, i, false};
      }
    }
    if (atom && is_letter(word(atom->last)[0]) && (postcode_follows(atom->last) || size_word_follows(atom->last))) {
      return std::nullopt;
    }
    return atom;
  }

  /// "2.K1", "2-K1", "2 K1" (one line), with the number at i.
  std::optional<Atom> module_then_bare(std::size_t i, int module) const {
    std::size_t j = i + 1;
    bool joined = false;
    if (is_punct(j, ".-") && tight(j) && tight(j + 1)) {
      ++j;
      joined = true;
    } else {
      joined = j < m_tokens.size() && !tight(j) && same_line(j);
    }
    auto ref = bare_ref(word(j));
    if (!joined || !ref || is_part_of_longer_number(i)) {
      return std::nullopt;
    }
    ref->module = module;
    return Atom{*ref, i, j, true};
  }

  /// The number at i continues a number before it: "0161 496 2 K1", "1.2 K1", "+2 K1".
  bool is_part_of_longer_number(std::size_t i) const {
    if (i == 0) {
      return false;
    }
    if (!tight(i)) {
      return is_digits(word(i - 1));
    }
    if (is_punct(i - 1, "+")) {
      return true;
    }
    return is_punct(i - 1, ".,:/-") && i >= 2 && tight(i - 1) && is_digits(word(i - 2));
  }

  /// Module numbers from the list's own references and its closing bracket.
  void resolve_modules(Construct& list, int heading_module) const {
    int current = heading_module;
    for (auto& item : list.items) {
      if (item.module_written) {
        current = item.from.module;
      } else {
        item.from.module = current;
      }
    }
    if (m_module_form && has_unknown_module(list)) {
      if (auto bracket = module_in_brackets(list.last + 1)) {
        for (auto& item : list.items) {
          if (item.from.module == 0) {
            item.from.module = bracket->first;
          }
        }
        list.last = bracket->second;
      }
    }
    for (auto& item : list.items) {
      if (!item.to_module_written) {
        item.to.module = item.from.module;
      }
    }
  }

  /// "(module 2)", "(Mod. 2)" at i: the module and the token of the closing bracket.
  std::optional<std::pair<int, std::size_t>> module_in_brackets(std::size_t i) const {
    if (!is_punct(i, "(") || !is_one_of(i + 1, k_module_words)) {
      return std::nullopt;
    }
    std::size_t j = i + 2;
    if (is_punct(j, ".")) {
      ++j;
    }
    auto module = small_number(word(j), true);
    if (!module || !is_punct(j + 1, ")")) {
      return std::nullopt;
    }
    return std::make_pair(*module, j + 1);
  }

  static bool has_unknown_module(const Construct& list) {
    return std::any_of(list.items.begin(), list.items.end(), [](const Item& item) { return item.from.module == 0; });
  }

  /// Where to read again after a list whose first references have no module: "K1, 2K3" is read
  /// again from 2K3.
  static std::size_t first_item_with_module(const Construct& list) {
    for (const auto& item : list.items) {
      if (item.from.module != 0) {
        return item.first;
      }
    }
    return list.last + 1;
  }

  // --- Context -----------------------------------------------------------------------------

  /// Joined to what comes before into a longer code: "1.2K1", "www.2k1", "A1:B9", "x@2K1", "$B1".
  bool glued_before(std::size_t pos) const {
    if (pos == 0) {
      return false;
    }
    const char c = char_at(pos - 1);
    if (c == '@' || c == '$') {
      return true;
    }
    return (c == '.' || c == ':') && pos >= 2 && is_alnum(char_at(pos - 2));
  }

  /// Joined to what comes after into a longer code: "2K1.5", "B1:B9", "12S3:30", "2k1@x".
  bool glued_after(std::size_t pos) const {
    const char c = char_at(pos);
    const char next = char_at(pos + 1);
    return c == '@' || (c == '.' && is_digit(next)) || (c == ':' && is_alnum(next));
  }

  /// "B1 1AA", "S12 3RD" (but not "S1 2nd").
  bool postcode_follows(std::size_t i) const {
    return is_word(i + 1) && !tight(i + 1) && same_line(i + 1) && is_postcode_inward(word(i + 1));
  }

  bool size_word_follows(std::size_t i) const { return is_one_of(i + 1, k_size_words); }

  bool in_excluded_context(const Construct& list) const {
    const std::size_t i = list.first;
    const bool module_in_word = m_module_form && full_ref(word(i)).has_value();
    auto before = previous_word(i);
    if (before && (is_one_of(*before, k_code_words) || names_other_standard(*before))) {
      return true;
    }
    if (module_in_word) {
      return false;
    }
    if (before && is_one_of(*before, k_numbering_words)) {
      return true;
    }
    if (before && is_digits(word(*before))) {  // "Level 3 K1", "Room 2 B1"
      auto two_before = previous_word(*before);
      if (two_before && (is_one_of(*two_before, k_numbering_words) || is_one_of(*two_before, k_code_words))) {
        return true;
      }
    }
    return i >= 2 && is_punct(i - 1, "/,") && is_paper_size(word(i - 2));  // "A4/B5"
  }

  /// "ST0071 K1" read against ST0072.
  bool names_other_standard(std::size_t i) const {
    auto w = word(i);
    return w.size() == 6 && w.substr(0, 2) == "ST" && is_digits(w.substr(2)) && w != m_standard.id;
  }

  // --- Results -----------------------------------------------------------------------------

  const Criterion* defined(const Ref& ref) const {
    if (m_module_form && ref.module == 0) {
      return nullptr;
    }
    std::string canonical = m_module_form ? std::to_string(ref.module) : std::string();
    canonical += ref.type;
    canonical += std::to_string(ref.number);
    return m_standard.find(canonical);
  }

  std::vector<const Criterion*> criteria_of(const Item& item) const {
    std::vector<const Criterion*> out;
    auto add = [&](const Ref& ref) {
      if (const auto* c = defined(ref)) {
        out.push_back(c);
      }
    };
    switch (item.kind) {
      case ItemKind::single:
        add(item.from);
        break;
      case ItemKind::pair:
        add(item.from);
        add(item.to);
        break;
      case ItemKind::range:
        if (!defined(item.from) || (item.strict_end && !defined(item.to)) || item.to.number <= item.from.number) {
          break;  // "12S9–12S12", "2K1-77"
        }
        for (int n = item.from.number; n <= item.to.number; ++n) {
          add(Ref{item.from.module, item.from.type, n});
        }
        break;
    }
    return out;
  }

  void emit(const Construct& construct, std::vector<RefMatch>& out) const {
    const std::size_t begin = m_tokens[construct.first].begin;
    const std::size_t end = m_tokens[construct.last].end;
    const std::size_t offset = m_text.original_offset(begin);
    const std::string span(m_text.original_span(begin, end));
    for (const auto& item : construct.items) {
      for (const auto* criterion : criteria_of(item)) {
        out.push_back({criterion->ref, offset, span});
      }
    }
  }

  NormalisedText m_text;
  std::vector<Token> m_tokens;
  const Standard& m_standard;
  bool m_module_form;
};

}  // namespace

std::vector<RefMatch> find_references(std::string_view text, const Standard& standard) {
  return Scanner(text, standard).run();
}

std::optional<std::string> canonical_ref(std::string_view written, const Standard& standard) {
  if (standard.find(written)) {
    return std::string(written);
  }
  auto found = find_references(written, standard);
  if (found.size() == 1 && found.front().span.size() == written.size()) {
    return found.front().ref;
  }
  return std::nullopt;
}

}  // namespace evidex::mapping
