/** @file
 * @brief The corpora of the peer benchmark (tests/bench/bench_peers.cpp), written to disk so that
 * every tool reads the same files: generated text and HTML in nested folders, a zip of that folder,
 * many small files in one zip, and the PDFs under fixtures/. Text comes from the word-bigram model
 * trained on the labelled set (fixtures/gen/text_model.hpp). Deterministic for a seed.
 */
#pragma once

#include "fixtures/gen/text_model.hpp"

#include <cstdint>
#include <filesystem>
#include <string>

namespace evidex::bench {

struct Corpus {
  std::string name;             // "text", "zip", "small-zip", "pdf"
  std::filesystem::path input;  // what evidex ingests: a folder or a zip
  /// What omindex and recoll are pointed at: the folder itself, or a folder holding only the zip.
  std::filesystem::path peer_dir;
  bool zipped = false;
  std::uint64_t files = 0;        // documents every tool should index
  std::uint64_t words = 0;        // generated words (0 for the PDFs)
  std::uint64_t input_bytes = 0;  // the files' bytes (the zip's for a zipped corpus)
};

/// `files` documents under `dir`, half .txt and half .html (head, title, headings, paragraphs),
/// in nested folders, about 150 to 1,580 words each (890 on average).
Corpus make_text_corpus(const std::filesystem::path& dir, const fixtures::TextModel& model, std::uint64_t files,
                        std::uint32_t seed);

/// A zip (deflate) of every regular file below `folder`, named by their paths relative to it,
/// written as `zip` (which must not be below `folder`). The zip's folder is the peers' folder.
Corpus make_zip_corpus(const std::string& name, const std::filesystem::path& folder, const std::filesystem::path& zip);

/// `files` small .txt files (60 to 140 words) in a few folders, zipped into `dir`/small.zip.
Corpus make_small_zip_corpus(const std::filesystem::path& dir, const fixtures::TextModel& model, std::uint64_t files,
                             std::uint32_t seed);

/// Every distinct PDF under `fixtures` except fixtures/bad/ and fixtures/fuzz/ (deliberately broken
/// files measure error paths, not indexing), copied into `dir` under distinct names, round after round,
/// until there are at least `min_files` (each file once if there are more). Throws when none is found.
Corpus make_pdf_corpus(const std::filesystem::path& dir, const std::filesystem::path& fixtures, std::uint64_t min_files);

}  // namespace evidex::bench
