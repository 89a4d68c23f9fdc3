/** @file
 * @brief The real-world corpus rows of the document formats (pdf/, office/), and the one check
 * every such row gets. Shared by the pdf, ooxml, odf and legacy-office tests.
 */
#pragma once

#include "indexer/extract/extractor.hpp"
#include "indexer/util/errors.hpp"
#include "tests/support/corpus_manifest.hpp"
#include "tests/support/extract_helper.hpp"

#include <catch2/catch.hpp>

#include <functional>
#include <set>
#include <string>
#include <vector>

namespace evidex::test {

/// Rows whose file name ends with one of the extensions (".pdf").
inline std::vector<CorpusRow> corpus_rows(const std::vector<std::string>& extensions) {
  std::vector<CorpusRow> rows;
  for (const auto& row : corpus_manifest()) {
    for (const auto& ext : extensions) {
      if (row.has_extension(ext)) {
        rows.push_back(row);
        break;
      }
    }
  }
  return rows;
}

/// The corpus check: a row with a password must give an "encrypted" ItemError; a row with a phrase
/// must yield it (or, if listed in not_yet_found, must still not yield it, so the list stays
/// honest); every other row must extract or throw ItemError. Returns whether the phrase was found.
inline bool check_corpus_row(const indexer::Extractor& extractor, const CorpusRow& row,
                             const std::string& mime, const std::set<std::string>& not_yet_found) {
  INFO("corpus file " << row.file << " as " << mime);
  TempDir scratch;
  bool found = false;
  try {
    Extracted got = extract_with(extractor, corpus_dir() / row.file, scratch, mime);
    CHECK_FALSE(row.must_be_refused());
    if (!row.expect_contains.empty()) {
      std::string haystack = got.text;
      if (row.expect_in == "attachment-name" || row.expect_in == "member-name") {
        for (const auto& c : got.result.children) {
          haystack += "\n" + c.name;
        }
      }
      found = contains_normalised(haystack, row.expect_contains);
      INFO("phrase: " << row.expect_contains << "\ntext starts: " << got.text.substr(0, 600));
      if (not_yet_found.count(row.file)) {
        CHECK_FALSE(found);
      } else {
        CHECK(found);
      }
    }
  } catch (const ItemError& e) {
    INFO("ItemError: " << e.what());
    if (row.must_be_refused()) {
      CHECK(e.reason().rfind("encrypted", 0) == 0);
    } else {
      CHECK(row.expect_contains.empty());
    }
    CHECK(e.what() == row.file.substr(row.file.rfind('/') + 1) + ": " + e.reason());
  }
  return found;
}

/// check_corpus_row over every row of `folder` with one of the extensions; says how many phrases
/// were found of those a reader without passwords can reach.
inline void check_corpus_table(const indexer::Extractor& extractor, const std::string& folder,
                               const std::vector<std::string>& extensions,
                               const std::function<std::string(const std::string&)>& mime_of,
                               const std::set<std::string>& not_yet_found = {}) {
  int with_phrase = 0;
  int found = 0;
  for (const auto& row : corpus_rows(extensions)) {
    if (!row.in_folder(folder)) {
      continue;
    }
    bool ok = check_corpus_row(extractor, row, mime_of(row.file), not_yet_found);
    if (!row.expect_contains.empty() && !row.must_be_refused()) {
      ++with_phrase;
      found += ok ? 1 : 0;
    }
  }
  WARN(extractor.name() << " corpus phrases found in " << folder << ": " << found << "/" << with_phrase);
}

}  // namespace evidex::test
