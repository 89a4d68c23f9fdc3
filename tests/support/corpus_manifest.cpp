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
      out.push_back(CorpusRow{cols[0], cols[6], cols[7], cols[8]});
    }
    return out;
  }();
  return rows;
}

}  // namespace evidex::test
