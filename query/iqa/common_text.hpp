/** @file
 * @brief What two apprentices may share without having copied: a form recognised as the
 * Declaration of Authenticity, whatever its wording (a provider's own version of Appendix 4), and
 * text found in the items of many apprentices (a provider's progress review, a form's skeleton) that
 * nobody registered with `evidex template add`.
 *
 * Only the items that duplicate detection grouped, or nearly grouped, are examined (their texts are
 * read once): a clean store costs nothing, and a big one only as many reads as it has suspects.
 *
 * Template text by frequency: a four-word shingle held by items of at least k_template_apprentices
 * apprentices, in at least two different texts, of which items of at least two apprentices have a
 * quarter of their words or more their own, in runs of eight words or more that no such shingle
 * covers: a form is filled in, each copy with its own
 * answers, while copies of one account (exact, re-typed or edited) are nearly all shared text,
 * however many apprentices hold them, and stay copies. Shared by two apprentices only, wording is
 * compared as before (their own may be copied). Its limit: an account copied round three or more
 * apprentices who each added paragraphs of their own reads as a template.
 *
 * A blank form is the other kind of template: a provider's form (a witness testimony form) that
 * apprentices upload unfilled is all shared text and nobody fills it in, so the rule above cannot
 * see it, least of all when every copy is the same file (one text, no fillers). A shingle held by
 * items that read as forms left blank (blank_form.hpp: labelled fields with nothing in them) of at
 * least k_blank_form_apprentices apprentices is template text too. Such an item then has no words
 * of its own and is never reported, as an exact copy or otherwise; a copy of someone's filled-in
 * form keeps the words written into it (the answers), and is reported as before.
 */
#pragma once

#include "indexer/store/signatures.hpp"
#include "indexer/store/store.hpp"

#include <cstddef>
#include <functional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace evidex::query {

/// Apprentices whose items must hold a shingle for it to be template text.
inline constexpr std::size_t k_template_apprentices = 3;
/// Apprentices whose blank forms must hold a shingle for it to be a form's skeleton: a form left
/// blank is no one's work, so two colleagues who both upload the provider's form have not copied.
inline constexpr std::size_t k_blank_form_apprentices = 2;

struct SharedText {
  std::unordered_set<std::size_t> forms;  // suspects that hold the Declaration of Authenticity
  std::size_t template_shingles = 0;      // shingles found to be template text
  /// Suspects holding template text: their signatures with it discounted.
  std::unordered_map<std::size_t, indexer::Signature> resigned;
};

/// An item's extracted text (from the store, or from a snapshot that already read it).
using ItemTextReader = std::function<std::string(const indexer::ComparableItem&)>;

/// Examines `suspects` (indices into `items`, as comparable_items() returns them, sorted by
/// apprentice) and says which are forms and how the others compare without template text.
SharedText find_shared_text(indexer::Store& store, const std::vector<indexer::ComparableItem>& items,
                            std::vector<std::size_t> suspects, const ItemTextReader& item_text);

}  // namespace evidex::query
