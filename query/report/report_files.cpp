#include "query/report/report_files.hpp"

#include "indexer/util/errors.hpp"
#include "query/render/html.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <system_error>
#include <unistd.h>

namespace evidex::query {

namespace fs = std::filesystem;

namespace {

// Marks a copies folder as evidex's, so that a later report may replace it.
constexpr const char* k_marker = ".evidex-report-files";

std::string lower_ascii(std::string s) {
  for (auto& c : s) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return s;
}

// Cuts a UTF-8 string to at most `max` bytes without splitting a character.
std::string cut_utf8(const std::string& s, std::size_t max) {
  if (s.size() <= max) {
    return s;
  }
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return s.substr(0, cut);
}

std::string unique_name(const std::string& name, std::set<std::string>& taken) {
  // Case-insensitive: the folder may be unpacked on Windows or macOS.
  if (taken.insert(lower_ascii(name)).second) {
    return name;
  }
  auto dot = name.rfind('.');
  std::string stem = dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
  std::string ext = dot == std::string::npos || dot == 0 ? "" : name.substr(dot);
  for (int n = 2;; ++n) {
    std::string candidate = stem + " (" + std::to_string(n) + ")" + ext;
    if (taken.insert(lower_ascii(candidate)).second) {
      return candidate;
    }
  }
}

std::string temp_suffix() { return ".tmp-" + std::to_string(::getpid()); }

}  // namespace

std::map<std::string, ItemLink> store_links(const indexer::Store& store,
                                            const std::vector<indexer::ItemRecord>& items) {
  std::map<std::string, ItemLink> links;
  for (const auto& item : items) {
    if (item.sha256.empty()) {
      continue;
    }
    std::error_code ec;
    fs::path blob = fs::weakly_canonical(fs::absolute(store.blob_file(item.sha256)), ec);
    if (ec || !fs::is_regular_file(blob, ec)) {
      continue;
    }
    links[item.path] = {file_url(blob), safe_file_name(item.path)};
  }
  return links;
}

fs::path copies_dir(const fs::path& report_file) {
  return report_file.parent_path() / (report_file.stem().string() + "_files");
}

std::string safe_file_name(std::string_view item_path) {
  std::string name(item_path.substr(item_path.rfind('/') == std::string_view::npos ? 0 : item_path.rfind('/') + 1));
  for (auto& c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F || std::string_view("/\\:*?\"<>|").find(c) != std::string_view::npos) {
      c = '_';
    }
  }
  while (!name.empty() && (name.front() == '.' || name.front() == ' ')) {
    name.erase(0, 1);
  }
  while (!name.empty() && (name.back() == '.' || name.back() == ' ')) {
    name.pop_back();
  }
  constexpr std::size_t k_max_name_bytes = 120;  // well under NAME_MAX with room for " (N)"
  if (name.size() > k_max_name_bytes) {
    auto dot = name.rfind('.');
    std::string ext = dot != std::string::npos && name.size() - dot <= 10 ? name.substr(dot) : "";
    name = cut_utf8(name.substr(0, name.size() - ext.size()), k_max_name_bytes - ext.size()) + ext;
  }
  return name.empty() ? "item" : name;
}

std::map<std::string, ItemLink> copy_originals(const indexer::Store& store,
                                               const std::vector<indexer::ItemRecord>& items,
                                               const fs::path& report_file) {
  const fs::path dir = copies_dir(report_file);
  std::error_code ec;
  if (fs::exists(fs::symlink_status(dir, ec)) && !fs::exists(dir / k_marker, ec)) {
    throw InputError(dir.string() + ": exists and was not made by evidex report; move it away or choose another --out");
  }
  const fs::path staging = dir.string() + temp_suffix();
  fs::remove_all(staging, ec);
  std::map<std::string, ItemLink> links;
  try {
    fs::create_directories(staging);
    write_file_atomically(staging / k_marker, "Copies of the originals linked from " +
                                                  report_file.filename().string() + ", made by evidex report.\n");
    std::set<std::string> taken{lower_ascii(k_marker)};
    for (const auto& item : items) {
      if (item.sha256.empty() || !fs::is_regular_file(store.blob_file(item.sha256), ec)) {
        continue;
      }
      const std::string name = unique_name(safe_file_name(item.path), taken);
      fs::copy_file(store.blob_file(item.sha256), staging / name);
      links[item.path] = {"./" + url_encode_path(dir.filename().string() + "/" + name), name};
    }
    fs::remove_all(dir);
    fs::rename(staging, dir);
  } catch (const fs::filesystem_error& e) {
    fs::remove_all(staging, ec);
    throw InputError(dir.string() + ": cannot copy the originals: " + e.code().message());
  }
  return links;
}

void write_file_atomically(const fs::path& file, std::string_view bytes) {
  const fs::path temp = file.parent_path() / ("." + file.filename().string() + temp_suffix());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      const std::string reason = std::strerror(errno);
      std::error_code ec;
      fs::remove(temp, ec);
      throw InputError(file.string() + ": cannot write: " + reason);
    }
  }
  std::error_code ec;
  fs::rename(temp, file, ec);
  if (ec) {
    const std::string reason = ec.message();
    fs::remove(temp, ec);
    throw InputError(file.string() + ": cannot write: " + reason);
  }
}

}  // namespace evidex::query
