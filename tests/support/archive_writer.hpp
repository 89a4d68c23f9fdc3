/** @file
 * @brief Writes real archives with libarchive for tests: bundles with traversal names, links and
 * nesting, made at test time so that no hostile archive needs to be committed.
 */
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace evidex::test {

struct Entry {
  enum class Kind { file, symlink, hardlink, directory };
  Entry(std::string name_, std::string content_, Kind kind_ = Kind::file, std::string link_target_ = {})
      : name(std::move(name_)), content(std::move(content_)), kind(kind_), link_target(std::move(link_target_)) {}
  std::string name;
  std::string content;
  Kind kind;
  std::string link_target;
};

/// format: "zip" or "tar.gz".
void write_archive(const std::filesystem::path& file, const std::vector<Entry>& entries,
                   const std::string& format = "zip");

}  // namespace evidex::test

namespace evidex::test {

/// Unpacks a trusted test archive (regular files only) into `dir`.
void extract_archive(const std::filesystem::path& file, const std::filesystem::path& dir);

}  // namespace evidex::test
