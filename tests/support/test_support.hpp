/** @file
 * @brief What every test needs: fixture paths, a fresh directory per test, text normalisation.
 */
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace evidex::test {

/// Absolute path of a file under fixtures/.
std::filesystem::path fixture(std::string_view relative);

/// The shared real-world corpus (../shared/corpus/real-world).
std::filesystem::path corpus_dir();

/// A fresh empty directory for one test, removed when the test ends.
class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }
  std::filesystem::path operator/(std::string_view name) const { return m_path / name; }

private:
  std::filesystem::path m_path;
};

/// The comparison the corpus README asks for: NFKC, bidi controls and BOM removed, whitespace runs
/// collapsed to one space.
std::string normalise_for_match(std::string_view text);

/// Whether needle occurs in haystack after normalise_for_match on both.
bool contains_normalised(std::string_view haystack, std::string_view needle);

std::string read_file(const std::filesystem::path& file);
void write_file(const std::filesystem::path& file, std::string_view bytes);

}  // namespace evidex::test
