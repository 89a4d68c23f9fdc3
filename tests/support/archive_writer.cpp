#include "tests/support/archive_writer.hpp"

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
