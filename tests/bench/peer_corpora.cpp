#include "tests/bench/peer_corpora.hpp"

#include "indexer/worker/worker.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace evidex::bench {
namespace fs = std::filesystem;
namespace {

std::string read_all(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw std::runtime_error(file.string() + ": cannot read");
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_all(const fs::path& file, const std::string& bytes) {
  fs::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  out << bytes;
  if (!out.flush()) {
    throw std::runtime_error(file.string() + ": cannot write");
  }
}

std::string html_escaped(const std::string& text) {
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string title_of(std::mt19937& rng, const fixtures::TextModel& model) {
  std::string title;
  for (int i = 0, n = std::uniform_int_distribution<int>(2, 5)(rng); i < n; ++i) {
    title += (i ? " " : "") + model.zipf_word(rng);
  }
  title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
  return title;
}

// A page as an authoring tool or a CMS writes one: a head with a title, a heading, paragraphs.
std::string html_page(const std::string& title, const std::string& text) {
  std::string body;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find("\n\n", start);
    std::string paragraph = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!paragraph.empty()) {
      body += "<p>" + html_escaped(paragraph) + "</p>\n";
    }
    start = end == std::string::npos ? text.size() : end + 2;
  }
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + html_escaped(title) +
         "</title>\n</head>\n<body>\n<h1>" + html_escaped(title) + "</h1>\n" + body + "</body>\n</html>\n";
}

using ArchivePtr = std::unique_ptr<archive, decltype(&archive_write_free)>;
using EntryPtr = std::unique_ptr<archive_entry, decltype(&archive_entry_free)>;

void zip_folder(const fs::path& folder, const fs::path& zip) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file()) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());  // the same zip for the same folder
  ArchivePtr a{archive_write_new(), archive_write_free};
  archive_write_set_format_zip(a.get());
  archive_write_set_options(a.get(), "zip:compression=deflate");
  if (archive_write_open_filename(a.get(), zip.c_str()) != ARCHIVE_OK) {
    throw std::runtime_error(zip.string() + ": " + archive_error_string(a.get()));
  }
  for (const auto& file : files) {
    std::string bytes = read_all(file);
    EntryPtr e{archive_entry_new(), archive_entry_free};
    archive_entry_set_pathname(e.get(), fs::relative(file, folder).generic_string().c_str());
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(bytes.size()));
    archive_entry_set_mtime(e.get(), 1767225600, 0);  // fixed: 2026-01-01
    if (archive_write_header(a.get(), e.get()) != ARCHIVE_OK ||
        archive_write_data(a.get(), bytes.data(), bytes.size()) != static_cast<la_ssize_t>(bytes.size())) {
      throw std::runtime_error(zip.string() + ": " + file.string() + ": " + archive_error_string(a.get()));
    }
  }
  if (archive_write_close(a.get()) != ARCHIVE_OK) {
    throw std::runtime_error(zip.string() + ": " + archive_error_string(a.get()));
  }
}

}  // namespace

Corpus make_text_corpus(const fs::path& dir, const fixtures::TextModel& model, std::uint64_t files, std::uint32_t seed) {
  Corpus c{"text", dir, dir, false, files, 0, 0};
  std::mt19937 rng(seed);
  // 840 asked for on average: the model ends the last sentence past the count and the HTML title
  // adds a few, which brings the average to about 890 (1.78 M words in 2,000 files for seed 42).
  std::uniform_int_distribution<std::size_t> length(140, 1540);
  for (std::uint64_t i = 0; i < files; ++i) {
    // Three levels of folders, a few dozen files in each, as in a shared drive.
    fs::path folder = dir / ("dept-" + std::to_string(i % 5)) / ("year-" + std::to_string(2020 + (i / 5) % 6)) /
                      ("case-" + std::to_string((i / 30) % 12));
    std::string text = model.write(rng, length(rng));
    std::string stem = "doc-" + std::to_string(i);
    std::string bytes;
    if (i % 2 == 0) {
      bytes = text + "\n";
      write_all(folder / (stem + ".txt"), bytes);
    } else {
      std::string title = title_of(rng, model);
      c.words += indexer::count_words(title);
      bytes = html_page(title, text);
      write_all(folder / (stem + ".html"), bytes);
    }
    c.words += indexer::count_words(text);
    c.input_bytes += bytes.size();
  }
  return c;
}

Corpus make_zip_corpus(const std::string& name, const fs::path& folder, const fs::path& zip) {
  fs::create_directories(zip.parent_path());
  zip_folder(folder, zip);
  std::uint64_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    files += entry.is_regular_file();
  }
  return {name, zip, zip.parent_path(), true, files, 0, fs::file_size(zip)};
}

Corpus make_small_zip_corpus(const fs::path& dir, const fixtures::TextModel& model, std::uint64_t files,
                             std::uint32_t seed) {
  fs::path folder = dir / "files";
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::size_t> length(60, 140);
  std::uint64_t words = 0;
  for (std::uint64_t i = 0; i < files; ++i) {
    std::string text = model.write(rng, length(rng));
    words += indexer::count_words(text);
    write_all(folder / ("week-" + std::to_string(i % 20)) / ("note-" + std::to_string(i) + ".txt"), text + "\n");
  }
  Corpus c = make_zip_corpus("small-zip", folder, dir / "zip" / "small.zip");
  c.words = words;
  return c;
}

Corpus make_pdf_corpus(const fs::path& dir, const fs::path& fixtures, std::uint64_t min_files) {
  std::map<std::string, fs::path> distinct;  // bytes -> first path in name order
  std::vector<fs::path> found;
  for (const auto& entry : fs::recursive_directory_iterator(fixtures)) {
    fs::path relative = fs::relative(entry.path(), fixtures);
    std::string top = relative.begin()->string();
    if (entry.is_regular_file() && entry.path().extension() == ".pdf" && top != "bad" && top != "fuzz") {
      found.push_back(entry.path());
    }
  }
  std::sort(found.begin(), found.end());
  std::vector<std::pair<fs::path, std::string>> pdfs;
  for (const auto& path : found) {
    std::string bytes = read_all(path);
    if (distinct.emplace(bytes, path).second) {
      pdfs.emplace_back(path, std::move(bytes));
    }
  }
  if (pdfs.empty()) {
    throw std::runtime_error(fixtures.string() + ": no PDF found");
  }
  Corpus c{"pdf", dir, dir, false, 0, 0, 0};
  for (std::uint64_t round = 0; c.files < min_files || round == 0; ++round) {
    for (const auto& [path, bytes] : pdfs) {
      write_all(dir / ("copy-" + std::to_string(round)) / path.filename(), bytes);
      ++c.files;
      c.input_bytes += bytes.size();
    }
  }
  return c;
}

}  // namespace evidex::bench
