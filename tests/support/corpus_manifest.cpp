#include "tests/support/corpus_manifest.hpp"

#include "tests/support/test_support.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace evidex::test {

const std::vector<CorpusRow>& corpus_manifest() {
  static const std::vector<CorpusRow> rows = [] {
    std::ifstream in(corpus_dir() / "MANIFEST.tsv");
    if (!in) {
      throw std::runtime_error("cannot read " + (corpus_dir() / "MANIFEST.tsv").string());
    }
    std::vector<CorpusRow> out;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::vector<std::string> cols;
      std::stringstream s(line);
      for (std::string col; std::getline(s, col, '\t');) {
        cols.push_back(col);
      }
      cols.resize(11);
      // qpdf --show-encryption: "Supplied password is owner password" with an empty password.
      bool opens = cols[0] == "pdf/pypdf__r6-user-password.pdf";
      out.push_back(CorpusRow{cols[0], cols[6], cols[7], cols[8], opens});
    }
    return out;
  }();
  return rows;
}

}  // namespace evidex::test
