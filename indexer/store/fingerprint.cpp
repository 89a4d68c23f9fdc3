#include "indexer/store/store.hpp"
#include "indexer/util/sha256.hpp"

#include <array>

namespace evidex::indexer {

namespace {

// Every table with rows of one apprentice, read whole. A table added to the schema with such rows
// belongs here too: tests/store/test_fingerprint.cpp lists the schema's tables and fails on one it
// does not know. item_text is left out: an item's text follows from its bytes (sha256) and is large.
constexpr std::array k_apprentice_rows = {
    "SELECT id, name, standard, assessor, created_at, updated_at FROM apprentices WHERE id = ?1",
    "SELECT id, name, source, sha256, bytes, ingested_at, item_count, error_count, warnings FROM bundles "
    "WHERE apprentice = ?1 ORDER BY id",
    "SELECT i.id, i.bundle, i.parent, i.path, i.mime, i.type, i.name_mime, i.mismatch, i.bytes, i.sha256, i.words, "
    "i.pages, i.created, i.modified, i.title, i.author, i.meta, i.error, i.warnings "
    "FROM items i JOIN bundles b ON i.bundle = b.id WHERE b.apprentice = ?1 ORDER BY i.id",
    "SELECT t.item, t.ref, t.source, t.score, t.span, t.place, t.offset, t.detail "
    "FROM tags t JOIN items i ON t.item = i.id JOIN bundles b ON i.bundle = b.id WHERE b.apprentice = ?1 "
    "ORDER BY t.item, t.ref, t.source",
    "SELECT path, ref, decision, decided_by, decided_at, note FROM decisions WHERE apprentice = ?1 ORDER BY path, ref",
    "SELECT path, message FROM tag_problems WHERE apprentice = ?1 ORDER BY rowid",
    "SELECT 'tagging pending' FROM tagging_pending WHERE apprentice = ?1",
    "SELECT 'index pending' FROM index_pending WHERE apprentice = ?1",
};

}  // namespace

std::string Store::apprentice_fingerprint(const std::string& apprentice) {
  if (!this->apprentice(apprentice)) {
    return {};
  }
  Sha256 digest;
  for (const char* sql : k_apprentice_rows) {
    Stmt s = m_db.prepare(sql);
    s.bind(1, apprentice);
    std::size_t rows = 0;
    while (s.step()) {
      ++rows;
      for (int c = 0; c < s.columns(); ++c) {
        // Length-prefixed, NULL apart from '': no two different rows hash the same bytes.
        std::string value = s.is_null(c) ? std::string() : s.text(c);
        digest.update(s.is_null(c) ? "N" : std::to_string(value.size()) + ":");
        digest.update(value);
      }
    }
    digest.update("|" + std::to_string(rows) + "|");
  }
  return digest.hex();
}

}  // namespace evidex::indexer
