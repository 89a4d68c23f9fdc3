/** @file
 * @brief Whether an item's text reads as a form left blank: labelled fields with nothing written
 * in them. A provider's blank form (a witness testimony form, a review template) that several
 * apprentices upload unchanged is no one's work, so its text is template text however many copies
 * of it are byte for byte the same (common_text.hpp); an account copied round apprentices is prose
 * and has no such fields.
 *
 * How extraction writes a field (declaration_form.hpp): a DOCX/ODT/PDF table row is
 * "Label<TAB>value", and an empty value cell leaves the label alone on its line; typed forms say
 * "Label: value". A field is empty when:
 *  - its row has a label cell and no cell after it is filled in (is_filled: blanks, rules to write
 *    on, "dd/mm/yyyy", prompts such as "[Enter name]");
 *  - "Label:" is followed on its line by nothing filled in, or a label stands alone on its line,
 *    and the next line is another empty field or the end of the text: a heading over a paragraph
 *    or over filled-in fields is not a field (and the value may be on the next line).
 * A label is a cell of one to eight words that starts with a letter and is not a sentence (it does
 * not end with '.', '!' or '?'); alone on its line without a colon it needs two words, since text
 * broken one word a line (a narrow PDF column, a copy re-flowed) would otherwise read as a column
 * of empty fields. A field is filled in when a cell after its label, or the text
 * after its colon, is (a provider may fill some in beforehand, such as the standard).
 *
 * A form reads as blank when at least k_blank_form_fields of its fields are empty and more are
 * empty than filled in: a filled-in form left unsigned, or an account with a "Name: …" line and
 * headings, does not. Its limit: a form laid out as label and value blocks one under the other
 * (a PDF page without a table) gives its values as lines that look like labels, so it may read as
 * blank when filled in; what that costs is bounded, as its shared skeleton is all that is then
 * discounted (common_text.hpp), never the values written in it.
 */
#pragma once

#include <cstddef>
#include <string_view>

namespace evidex::query {

struct FormFields {
  std::size_t empty = 0;
  std::size_t filled = 0;
};

/// The fields of the form in `text`, empty and filled in.
FormFields form_fields(std::string_view text);

/// Fields empty for the text to read as a blank form: one empty box is an oversight, two a form
/// nobody filled in.
inline constexpr std::size_t k_blank_form_fields = 2;

inline bool reads_as_blank_form(std::string_view text) {
  FormFields f = form_fields(text);
  return f.empty >= k_blank_form_fields && f.empty > f.filled;
}

}  // namespace evidex::query
