#include "indexer/util/errors.hpp"
#include "indexer/util/sha256.hpp"
#include "indexer/util/text_encoding.hpp"
#include "indexer/worker/worker.hpp"

#include <chrono>
#include <utf8proc.h>
#include <new>

namespace evidex::indexer {

std::uint64_t count_words(std::string_view text) {
  std::uint64_t words = 0;
  bool in_token = false;
  bool token_has_word_char = false;
  auto bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {  // ASCII, the common case, without utf8proc's tables
      ++i;
      bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
      if (space) {
        words += in_token && token_has_word_char;
        in_token = token_has_word_char = false;
      } else {
        in_token = true;
        token_has_word_char |= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      }
      continue;
    }
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(bytes + i, static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
    i += n > 0 ? static_cast<std::size_t>(n) : 1;
    auto category = n > 0 ? utf8proc_category(cp) : UTF8PROC_CATEGORY_CN;
    bool space = cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
                 category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL ||
                 category == UTF8PROC_CATEGORY_ZP;
    if (space) {
      words += in_token && token_has_word_char;
      in_token = token_has_word_char = false;
      continue;
    }
    in_token = true;
    token_has_word_char |= (category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO) ||
                           (category >= UTF8PROC_CATEGORY_ND && category <= UTF8PROC_CATEGORY_NO);
  }
  return words + (in_token && token_has_word_char);
}

namespace {

void cap_text(Extraction& x, std::uint64_t max_bytes) {
  std::uint64_t used = 0;
  for (auto& page : x.pages) {
    if (used + page.size() > max_bytes) {
      std::size_t keep = static_cast<std::size_t>(max_bytes - std::min(used, max_bytes));
      // Cut at a UTF-8 boundary.
      while (keep > 0 && (static_cast<unsigned char>(page[keep]) & 0xC0) == 0x80) {
        --keep;
      }
      page.resize(keep);
      x.warnings.push_back("limit exceeded: text cut at " + std::to_string(max_bytes >> 20) + " MiB");
      used = max_bytes;
    } else {
      used += page.size();
    }
  }
}

}  // namespace

WorkResult run_extraction(const Detector& detector, const Registry& registry, const Limits& limits,
                          const WorkRequest& request) {
  auto start = std::chrono::steady_clock::now();
  WorkResult r;
  try {
    std::error_code ec;
    r.bytes = std::filesystem::file_size(request.file, ec);
    if (ec) {
      throw ItemError(request.item_path, "unreadable: " + ec.message());
    }
    r.sha256 = sha256_file(request.file);
    r.type = detector.detect(request.file, request.item_path);
    if (r.bytes == 0) {
      throw ItemError(request.item_path, "empty: zero-byte file");
    }
    const Extractor* extractor = registry.find(r.type.mime);
    if (!extractor && r.type.text_fallback) {
      extractor = registry.find("text/plain");
    }
    if (!extractor) {
      std::string what = r.type.description.substr(0, r.type.description.find(','));
      throw ItemError(request.item_path, "unsupported format: " + r.type.mime + (what.empty() ? "" : " (" + what + ")"));
    }
    ExtractContext ctx;
    ctx.item_path = request.item_path;
    ctx.mime = r.type.mime;
    ctx.description = r.type.description;
    ctx.scratch_dir = request.scratch_dir;
    ctx.limits = limits;
    ctx.budget_bytes = request.budget_bytes;
    ctx.budget_entries = request.budget_entries;
    r.extraction = extractor->extract(request.file, ctx);
    // A library's message may quote the bytes it choked on (libxml2: "tag mismatch: ent\xff...").
    for (auto& w : r.extraction.warnings) {
      w = sanitize_utf8(w);
    }
    cap_text(r.extraction, limits.max_text_bytes);
    for (const auto& page : r.extraction.pages) {
      r.words += count_words(page);
    }
  } catch (const ItemError& e) {
    r.error = e.reason();
  } catch (const std::bad_alloc&) {
    r.error = "limit exceeded: out of memory (worker limit " +
              std::to_string(limits.worker_memory_bytes >> 20) + " MiB)";
  } catch (const std::exception& e) {
    r.error = std::string("corrupt: ") + e.what();
  }
  r.error = sanitize_utf8(r.error);
  if (!r.error.empty()) {
    // A failed item keeps its identity (type, hash) but no partial text or children.
    r.extraction.pages.clear();
    for (const auto& c : r.extraction.children) {
      std::error_code ignore;
      std::filesystem::remove(c.file, ignore);
    }
    r.extraction.children.clear();
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace evidex::indexer
