#include "tests/support/archive_writer.hpp"

#include "tests/support/test_support.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <stdexcept>

namespace evidex::test {

void write_archive(const std::filesystem::path& file, const std::vector<Entry>& entries, const std::string& format) {
  std::unique_ptr<archive, decltype(&archive_write_free)> a{archive_write_new(), archive_write_free};
  if (format == "zip") {
    archive_write_set_format_zip(a.get());
  } else {
    archive_write_set_format_pax_restricted(a.get());
    archive_write_add_filter_gzip(a.get());
  }
  if (archive_write_open_filename(a.get(), file.c_str()) != ARCHIVE_OK) {
    throw std::runtime_error(std::string("cannot write ") + file.string() + ": " + archive_error_string(a.get()));
  }
  for (const auto& e : entries) {
    std::unique_ptr<archive_entry, decltype(&archive_entry_free)> entry{archive_entry_new(), archive_entry_free};
    archive_entry_set_pathname(entry.get(), e.name.c_str());
    archive_entry_set_perm(entry.get(), 0644);
    archive_entry_set_mtime(entry.get(), 1700000000, 0);
    if (e.kind == Entry::Kind::symlink) {
      archive_entry_set_filetype(entry.get(), AE_IFLNK);
      archive_entry_set_symlink(entry.get(), e.link_target.c_str());
      archive_entry_set_size(entry.get(), 0);
    } else if (e.kind == Entry::Kind::directory) {
      archive_entry_set_filetype(entry.get(), AE_IFDIR);
      archive_entry_set_perm(entry.get(), 0755);
      archive_entry_set_size(entry.get(), 0);
    } else if (e.kind == Entry::Kind::hardlink) {
      archive_entry_set_filetype(entry.get(), AE_IFREG);
      archive_entry_set_hardlink(entry.get(), e.link_target.c_str());
      archive_entry_set_size(entry.get(), 0);
    } else {
      archive_entry_set_filetype(entry.get(), AE_IFREG);
      archive_entry_set_size(entry.get(), static_cast<la_int64_t>(e.content.size()));
    }
    archive_write_header(a.get(), entry.get());
    if (e.kind == Entry::Kind::file && !e.content.empty()) {
      archive_write_data(a.get(), e.content.data(), e.content.size());
    }
  }
  archive_write_close(a.get());
}

}  // namespace evidex::test

namespace evidex::test {

void extract_archive(const std::filesystem::path& file, const std::filesystem::path& dir) {
  std::unique_ptr<archive, int (*)(archive*)> in(archive_read_new(), archive_read_free);
  archive_read_support_format_all(in.get());
  archive_read_support_filter_all(in.get());
  if (archive_read_open_filename(in.get(), file.c_str(), 65536) != ARCHIVE_OK) {
    throw std::runtime_error(file.string() + ": " + archive_error_string(in.get()));
  }
  archive_entry* entry = nullptr;
  while (archive_read_next_header(in.get(), &entry) == ARCHIVE_OK) {
    if (archive_entry_filetype(entry) != AE_IFREG) {
      continue;
    }
    std::filesystem::path target = dir / archive_entry_pathname(entry);
    std::filesystem::create_directories(target.parent_path());
    std::string content;
    char buffer[65536];
    for (la_ssize_t n; (n = archive_read_data(in.get(), buffer, sizeof buffer)) > 0;) {
      content.append(buffer, static_cast<std::size_t>(n));
    }
    write_file(target, content);
  }
}

}  // namespace evidex::test
