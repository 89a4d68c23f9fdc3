#include "query/authenticity/declaration_form.hpp"

#include "mapping/evidence_map/file_names.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

namespace evidex::query {
namespace {

enum class Who { none, apprentice, employer };
enum class Field { name, signature, date };

struct Label {
  Who who = Who::none;
  Field field = Field::name;
  std::string value;  // what follows the label in its cell, separators stripped
  bool has_value = false;
};

struct Word {
  std::string lower;
  std::size_t end = 0;  // byte after the word in the cell
};

bool is_word_byte(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

/// ASCII words of a cell, lower case, with where each ends; the first kMaxLabelWords only.
constexpr std::size_t kMaxLabelWords = 8;
std::vector<Word> leading_words(std::string_view cell) {
  std::vector<Word> words;
  for (std::size_t i = 0; i < cell.size() && words.size() < kMaxLabelWords;) {
    if (!is_word_byte(cell[i])) {
      ++i;
      continue;
    }
    Word w;
    while (i < cell.size() && is_word_byte(cell[i])) {
      w.lower += static_cast<char>(std::tolower(static_cast<unsigned char>(cell[i])));
      ++i;
    }
    w.end = i;
    words.push_back(std::move(w));
  }
  return words;
}

std::string trim(std::string_view s) {
  auto first = s.find_first_not_of(" \t\r\n\f\v");
  if (first == std::string_view::npos) {
    return {};
  }
  auto last = s.find_last_not_of(" \t\r\n\f\v");
  return std::string(s.substr(first, last - first + 1));
}

std::size_t word_count(std::string_view s) {
  std::size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
    n += !space && !in_word;
    in_word = !space;
  }
  return n;
}

/// Who a label names at words[i]; advances i past it.
Who who_at(const std::vector<Word>& w, std::size_t& i) {
  auto at = [&](std::size_t k, std::string_view s) { return k < w.size() && w[k].lower == s; };
  if (at(i, "apprentice") || at(i, "learner")) {
    ++i;
    return Who::apprentice;
  }
  if (at(i, "employer")) {
    ++i;
    if (at(i, "representative") || at(i, "rep")) {
      ++i;
    }
    return Who::employer;
  }
  if (at(i, "line") && at(i + 1, "manager")) {
    i += 2;
    return Who::employer;
  }
  return Who::none;
}

/// The field a label names at words[i]; advances i past it.
std::optional<Field> field_at(const std::vector<Word>& w, std::size_t& i) {
  auto at = [&](std::size_t k, std::string_view s) { return k < w.size() && w[k].lower == s; };
  if ((at(i, "full") || at(i, "print") || at(i, "printed")) && at(i + 1, "name")) {
    i += 2;
    return Field::name;
  }
  if (at(i, "name")) {
    ++i;
    return Field::name;
  }
  if (at(i, "signature") || at(i, "signed")) {
    ++i;
    return Field::signature;
  }
  if (at(i, "date")) {
    ++i;
    if (at(i, "signed")) {
      ++i;
    }
    return Field::date;
  }
  return std::nullopt;
}

/// Longest inline value a label with no colon may have; more is a sentence about the field
/// ("Apprentice signature is needed before gateway"), not a value.
constexpr std::size_t kMaxInlineWords = 8;
/// Longest value on the lines after a label; more is prose.
constexpr std::size_t kMaxValueWords = 12;

/// The label a cell starts with, if it starts with one.
std::optional<Label> label_of(std::string_view cell) {
  std::vector<Word> w = leading_words(cell);
  std::size_t i = 0;
  if (!w.empty() &&
      std::all_of(w[0].lower.begin(), w[0].lower.end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }) &&
      w[0].lower.size() <= 2) {
    i = 1;  // list numbering: "1. Apprentice name"
  }
  Label label;
  std::size_t start = i;
  label.who = who_at(w, i);
  if (label.who != Who::none) {
    if (i < w.size() && w[i].lower == "s") {
      ++i;  // "Apprentice's name"
    }
    auto field = field_at(w, i);
    if (!field) {
      return std::nullopt;
    }
    label.field = *field;
  } else {
    i = start;
    auto field = field_at(w, i);
    if (!field) {
      return std::nullopt;
    }
    label.field = *field;
    std::size_t after_field = i;
    if (i < w.size() && (w[i].lower == "of" || w[i].lower == "by")) {
      ++i;
      if (i < w.size() && w[i].lower == "the") {
        ++i;
      }
      label.who = who_at(w, i);
    }
    if (label.who == Who::none) {
      i = after_field;
    }
  }
  std::string_view rest = cell.substr(w[i - 1].end);
  std::string value = trim(rest);
  bool colon = !value.empty() && value.front() == ':';
  std::size_t skip = 0;
  while (skip < value.size() && (value[skip] == ':' || value[skip] == '-' || value[skip] == ' ' ||
                                 value[skip] == '\t' || value[skip] == '.' || value[skip] == '=')) {
    ++skip;
  }
  value = trim(std::string_view(value).substr(skip));
  if (!value.empty()) {
    if (label.who == Who::none) {
      // A bare "Name"/"Date" with text after it is a label only as "Date: …" or "Date 20/02/2026".
      bool date_digits = label.field == Field::date && std::isdigit(static_cast<unsigned char>(value.front()));
      if ((!colon && !date_digits) || word_count(value) > kMaxValueWords) {
        return std::nullopt;
      }
    } else if (!colon && word_count(value) > kMaxInlineWords) {
      return std::nullopt;
    }
    label.value = value;
    label.has_value = true;
  }
  return label;
}

/// Normalised keys of the form's sentences, as mapping::normalise_name writes them.
constexpr std::array<std::string_view, 4> k_sentences{
    "confirm that the work evidence uploaded is my own work",
    "grade awarded may be invalidated",
    "work evidence uploaded towards this assessment is current",
    "is that of the above member of staff",
};

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

/// A line that is one of the form's sentences (or any declaration-like prose) or a closing
/// instruction: never a field's value.
bool is_prose(std::string_view line) {
  std::string t = trim(line);
  if (t.empty()) {
    return false;
  }
  if (t.front() == '*' || word_count(t) > kMaxValueWords) {
    return true;
  }
  std::string n = mapping::normalise_name(t);
  for (std::string_view p : {"i confirm", "i understand", "i declare", "i certify", "all work evidence"}) {
    if (starts_with(n, p)) {
      return true;
    }
  }
  return n.find("member of staff") != std::string::npos;
}

bool is_employer_sentence(std::string_view line) {
  std::string n = mapping::normalise_name(line);
  return n.find("above member of staff") != std::string::npos || starts_with(n, "i confirm that the showcase");
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t end = s.find(sep, start);
    out.emplace_back(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) {
      return out;
    }
    start = end + 1;
  }
}

std::string field_name(Who who, Field field) {
  std::string name = who == Who::employer ? "employer " : "apprentice ";
  switch (field) {
    case Field::name: return name + "name";
    case Field::signature: return name + "signature";
    case Field::date: return name + "date";
  }
  return name;
}

bool line_starts_with_label(const std::string& line) {
  auto cells = split(line, '\t');
  return label_of(cells.front()).has_value();
}

/// Lines after the last label or sentence after which the form is over (a form embedded in a
/// longer document is followed by other text, whose "Date:" lines are not the form's).
constexpr std::size_t kMaxLinesAfterForm = 15;
/// Blank lines a value may be apart from its label (a PDF puts one between cells).
constexpr std::size_t kMaxBlankLinesBeforeValue = 2;
constexpr std::size_t kMaxValueLines = 3;

/// When `cells` (line li) are a row of labels alone in their cells, at least two of them, the line
/// of the row of values under it: the next line with text, if it has as many cells or fewer and
/// none is a label or one of the form's sentences.
std::optional<std::size_t> values_row_below(const std::vector<std::string>& lines, std::size_t li,
                                            const std::vector<std::string>& cells) {
  std::size_t labels = 0;
  for (const auto& cell : cells) {
    if (trim(cell).empty()) {
      continue;
    }
    auto label = label_of(cell);
    if (!label || label->has_value) {
      return std::nullopt;
    }
    ++labels;
  }
  if (labels < 2) {
    return std::nullopt;
  }
  std::size_t lj = li + 1;
  for (std::size_t blanks = 0; lj < lines.size() && trim(lines[lj]).empty() && blanks < kMaxBlankLinesBeforeValue;
       ++blanks) {
    ++lj;
  }
  if (lj >= lines.size() || trim(lines[lj]).empty() || is_employer_sentence(lines[lj])) {
    return std::nullopt;
  }
  auto values = split(lines[lj], '\t');
  if (values.size() > cells.size() ||
      std::any_of(values.begin(), values.end(), [](const std::string& v) { return label_of(v).has_value() || is_prose(v); })) {
    return std::nullopt;
  }
  return lj;
}

}  // namespace

const std::vector<std::string>& declaration_fields() {
  static const std::vector<std::string> fields{"apprentice name", "apprentice signature", "apprentice date",
                                               "employer name",   "employer signature",   "employer date"};
  return fields;
}

DeclarationForm read_declaration_form(std::string_view text) {
  DeclarationForm form;
  std::string normal = mapping::normalise_name(text);
  form.title = normal.find("declaration of authenticity") != std::string::npos;
  for (auto key : k_sentences) {
    form.sentences += normal.find(key) != std::string::npos;
  }

  std::string flat(text);
  std::replace(flat.begin(), flat.end(), '\f', '\n');
  std::replace(flat.begin(), flat.end(), '\r', ' ');
  std::vector<std::string> lines = split(flat, '\n');

  Who block = Who::apprentice;
  bool started = false;
  std::size_t since_form = 0;
  // A label naming whose part it is (apprentice, employer) starts the form and switches the block;
  // the labels after it belong to that block. Whether the form has started by this label.
  auto enters_form = [&](const auto& label) {
    if (label.who != Who::none) {
      started = true;
      block = label.who;
    }
    return started;
  };
  for (std::size_t li = 0; li < lines.size(); ++li) {
    const std::string& line = lines[li];
    if (trim(line).empty()) {
      continue;
    }
    if (started && ++since_form > kMaxLinesAfterForm) {
      break;
    }
    if (is_employer_sentence(line)) {
      block = Who::employer;
      since_form = 0;
      continue;
    }
    auto cells = split(line, '\t');
    if (std::optional<std::size_t> below = values_row_below(lines, li, cells)) {
      // A row of labels over a row of values: each label's value is the cell under it.
      auto values = split(lines[*below], '\t');
      for (std::size_t ci = 0; ci < cells.size(); ++ci) {
        auto label = label_of(cells[ci]);
        if (label && enters_form(*label)) {
          form.fields.emplace(field_name(block, label->field), ci < values.size() ? trim(values[ci]) : std::string());
        }
      }
      if (started) {
        since_form = 0;
      }
      li = *below;
      continue;
    }
    for (std::size_t ci = 0; ci < cells.size(); ++ci) {
      auto label = label_of(cells[ci]);
      if (!label || !enters_form(*label)) {
        continue;
      }
      since_form = 0;
      std::string value;
      if (label->has_value) {
        value = label->value;
      } else if (std::size_t next = ci + 1;
                 std::find_if(cells.begin() + static_cast<std::ptrdiff_t>(next), cells.end(),
                              [](const std::string& c) { return !trim(c).empty(); }) != cells.end()) {
        // The value cell: the next cell with text, unless it is the next label.
        while (trim(cells[next]).empty()) {
          ++next;
        }
        if (!label_of(cells[next])) {
          value = trim(cells[next]);
          ci = next;
        }
      } else if (cells.size() == 1 || std::all_of(cells.begin(), cells.begin() + static_cast<std::ptrdiff_t>(ci),
                                                  [](const std::string& c) { return trim(c).empty(); })) {
        // Alone on its line: the value is the next block of lines, if it is one.
        std::size_t lj = li + 1;
        for (std::size_t blanks = 0; lj < lines.size() && trim(lines[lj]).empty() && blanks < kMaxBlankLinesBeforeValue;
             ++blanks) {
          ++lj;
        }
        std::vector<std::string> taken;
        while (lj < lines.size() && taken.size() < kMaxValueLines && !trim(lines[lj]).empty() &&
               !line_starts_with_label(lines[lj]) && !is_prose(lines[lj]) && !is_employer_sentence(lines[lj])) {
          taken.push_back(trim(lines[lj]));
          ++lj;
        }
        for (const auto& t : taken) {
          value += (value.empty() ? "" : " ") + t;
        }
        if (!taken.empty()) {
          li = lj - 1;
        }
      }
      form.fields.emplace(field_name(block, label->field), value);
    }
  }

  form.labels = static_cast<int>(form.fields.size());
  bool signature_label = form.fields.count("apprentice signature") || form.fields.count("employer signature");
  form.is_form = form.labels >= 2 && (form.sentences >= 1 || signature_label);
  form.score = 2 * form.labels + form.sentences + (form.title ? 1 : 0);
  return form;
}

bool is_filled(std::string_view value) {
  std::string v = trim(value);
  if (v.empty()) {
    return false;
  }
  if (v.find("[image]") != std::string::npos) {
    return true;
  }
  // Rules and boxes to write on: nothing but these characters.
  std::string rest = v;
  for (std::string_view mark : {"\u2013", "\u2014", "\u2026", "\u2610", "\u25A1", "\u2012", "\u2015"}) {
    for (std::size_t at; (at = rest.find(mark)) != std::string::npos;) {
      rest.erase(at, mark.size());
    }
  }
  if (rest.find_first_not_of(" \t_.-/\\|:()[]<>") == std::string::npos) {
    return false;
  }
  if ((v.front() == '[' && v.back() == ']') || (v.front() == '<' && v.back() == '>')) {
    return false;  // "[Enter name]", "<signature>"
  }
  std::string n = mapping::normalise_name(v);
  static constexpr std::array<std::string_view, 24> prompts{
      "name",       "full name", "print name", "signature",  "sign",      "signed",      "sign here",   "date",
      "dd mm yyyy", "dd mm yy",  "mm dd yyyy", "yyyy mm dd", "n a",       "na",          "none",        "tbc",
      "tba",        "to follow", "enter text", "type here",  "your name", "insert name", "insert date", "pending"};
  if (std::find(prompts.begin(), prompts.end(), n) != prompts.end()) {
    return false;
  }
  // Word's content-control prompts ("Click or tap here to enter text.", "Click here to enter a
  // date.") and short typed prompts ("Enter employer name", "Please sign here").
  for (std::string_view p : {"click or tap", "click here", "tap here", "please sign", "please enter", "please print"}) {
    if (starts_with(n, p)) {
      return false;
    }
  }
  for (std::string_view p : {"enter ", "insert ", "type "}) {
    if (starts_with(n, p) && word_count(n) <= 4) {
      return false;
    }
  }
  return true;
}

}  // namespace evidex::query
