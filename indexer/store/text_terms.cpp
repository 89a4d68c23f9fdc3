#include "indexer/store/text_terms.hpp"

#include <xapian.h>

namespace evidex::indexer {

Xapian::TermGenerator make_term_generator() {
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("english"));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  return generator;
}

std::vector<std::uint32_t> index_pages(Xapian::TermGenerator& generator, std::string_view text) {
  std::vector<std::uint32_t> page_starts;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\f', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    page_starts.push_back(generator.get_termpos() + 1);
    generator.index_text(Xapian::Utf8Iterator(text.data() + start, end - start));
    generator.increase_termpos(100);
    start = end + 1;
  }
  return page_starts;
}

TextTerms text_terms(Xapian::TermGenerator& generator, std::string_view text) {
  Xapian::Document doc;
  generator.set_document(doc);
  generator.set_termpos(0);
  TextTerms terms;
  terms.page_starts = index_pages(generator, text);
  terms.next_position = generator.get_termpos();
  terms.document = doc.serialise();
  return terms;
}

}  // namespace evidex::indexer
