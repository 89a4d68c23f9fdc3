/** @file
 * @brief Recognises the Declaration of Authenticity (the form of Appendix 4 of the showcase
 * guidance) in an item's extracted text, and reads its six fields.
 *
 * The form, as the seed gives it: the title, three confirmation sentences, "Apprentice name",
 * "Apprentice signature", "Date", the employer's confirmation sentence ("… is that of the above
 * member of staff"), "Employer name", "Employer signature", "Date". How extraction writes it:
 *  - a DOCX/ODT table: "Apprentice name<TAB>Sam Patel" (an empty value cell leaves the label alone
 *    on its line; a picture in a cell is "[image]");
 *  - a PDF page that holds a table: the same, each row rebuilt by layout as one line (pdf_layout.hpp);
 *    other PDF pages in reading order, each cell a block of lines: "Apprentice name\n\nSam Patel\n\n";
 *  - typed text or an e-mail: "Apprentice name: Sam Patel".
 *
 * A label is "<who> <field>" or "<field> of <who>", who being apprentice (learner) or employer
 * (employer representative, line manager), field being name (full/print/printed name), signature
 * (signed) or date (date signed), case and punctuation aside ("Apprentice's Name:"). A bare
 * "Name", "Signature", "Signed" or "Date" belongs to the block it stands in: the apprentice's until
 * an employer label or the employer's sentence, the employer's after. Only labels from the first
 * "<who> <field>" label on count, so a "Date:" at the top of a letter is not the form's.
 *
 * A row of labels alone in their cells ("Apprentice name<TAB>Apprentice signature<TAB>Date") over a
 * row of values gives each label the cell under it, by position (an empty cell is an empty field).
 *
 * Otherwise a label's value is, in this order: what follows it in its cell ("Apprentice name: Sam Patel";
 * for a bare label only after a colon, or a date's digits); the next cell of its line; for a label
 * alone on its line, the next block of up to three lines, unless that block is another label, one
 * of the form's sentences, or prose (more than 12 words, or starting with '*', like the form's
 * closing instruction).
 *
 * What makes it the form rather than a document that mentions it: labels for at least two of the
 * six fields, and either one of the form's sentences or a signature label. A reflective account
 * that opens with "Apprentice name:" and "Employer name:" lines and says it "completed the
 * Declaration of Authenticity" is not the form.
 */
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace evidex::query {

/// The six fields, in the form's order: "apprentice name", "apprentice signature",
/// "apprentice date", "employer name", "employer signature", "employer date".
const std::vector<std::string>& declaration_fields();

struct DeclarationForm {
  bool is_form = false;  // the form's structure, not a passing mention
  int labels = 0;        // how many of the six fields have a label
  int sentences = 0;     // how many of the form's four sentences are there (0-4)
  bool title = false;    // "Declaration of Authenticity"
  int score = 0;         // 2 per label, 1 per sentence, 1 for the title: the better form wins
  /// Field -> value as written (blank, a placeholder, "[image]" …) for each field with a label.
  std::map<std::string, std::string> fields;
};

DeclarationForm read_declaration_form(std::string_view text);

/// Whether a value is filled in. Not filled: blanks; only underscores, dots, dashes or slashes
/// ("____", "__/__/____"); "dd/mm/yyyy"; an empty box ("[ ]", "☐"); a bracketed prompt
/// ("[Enter name]", "<name>"); Word's "Click or tap here to enter text." and its kin; prompts such
/// as "Enter name", "Sign here", "Name"; "N/A", "TBC", "to follow". A picture ("[image]") is filled.
bool is_filled(std::string_view value);

}  // namespace evidex::query
