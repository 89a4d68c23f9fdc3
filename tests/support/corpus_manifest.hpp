/** @file
 * @brief The rows of the shared real-world corpus's MANIFEST.tsv (TAB-split, no quoting, one
 * header row), read once for every test that checks the corpus.
 */
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace evidex::test {

struct CorpusRow {
  std::string file;             // relative to corpus_dir(): "pdf/pypdf__crazyones.pdf"
  std::string expect_contains;  // a phrase correct extraction must produce, or empty
  std::string expect_in;        // text, body, header, attachment-name, attachment-text, member-text, member-name
  std::string password;         // non-empty: the file is encrypted with it
  /// Encrypted, yet every reader opens it without the user password (its owner password is empty),
  /// so its phrase is checked rather than an "encrypted" error.
  bool opens_without_password = false;

  /// Whether a reader must refuse it as encrypted.
  bool must_be_refused() const { return !password.empty() && !opens_without_password; }

  bool in_folder(std::string_view folder) const { return file.rfind(folder, 0) == 0; }
  bool has_extension(std::string_view ext) const {
    return file.size() > ext.size() && file.compare(file.size() - ext.size(), ext.size(), ext) == 0;
  }
};

/// Every row of the manifest, in its order.
const std::vector<CorpusRow>& corpus_manifest();

}  // namespace evidex::test
