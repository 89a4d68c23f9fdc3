/** @file
 * @brief How an item's text becomes Xapian terms: English stems for words (STEM_SOME), positions
 * for phrases, and pages 100 positions apart so that no phrase spans two. One definition for the
 * extraction worker, which generates an ingested item's terms beside its extraction (on the
 * other core), and for a rebuild from the records, so both give the same documents.
 */
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace Xapian {
class TermGenerator;
}

namespace evidex::indexer {

/// An item's text terms, made away from the index.
struct TextTerms {
  std::string document;                  // Xapian::Document::serialise() of the text's terms
  std::vector<std::uint32_t> page_starts;  // position of each page's first word
  std::uint32_t next_position = 0;       // where the index writer goes on (path words)
};

/// A term generator set up as the index wants it.
Xapian::TermGenerator make_term_generator();

/// Indexes `text` (pages separated by form feeds) into the generator's document; returns the
/// position of each page's first word.
std::vector<std::uint32_t> index_pages(Xapian::TermGenerator& generator, std::string_view text);

/// The terms of `text` as a document of their own.
TextTerms text_terms(Xapian::TermGenerator& generator, std::string_view text);

}  // namespace evidex::indexer
