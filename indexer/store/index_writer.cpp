#include "indexer/store/index_writer.hpp"

#include "indexer/store/store.hpp"
#include "indexer/store/text_terms.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/sha256.hpp"
#include "indexer/util/test_hooks.hpp"

#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>
#include <string_view>

namespace evidex::indexer {
namespace {

// Xapian's limit is 245 bytes per term; long paths keep a readable head and a hash tail.
constexpr std::size_t k_max_term = 240;

std::string lower_ascii(std::string s) {
  for (auto& c : s) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return s;
}

// Criteria each item covers in the index: tags that stand, except inferred ones.
std::multimap<std::int64_t, std::string> covered_criteria(Store& store, const std::string& apprentice) {
  std::multimap<std::int64_t, std::string> covering;  // item id -> criterion
  for (const auto& tag : store.tags(apprentice)) {
    if (tag.source != "inferred") {
      covering.emplace(tag.item, tag.ref);
    }
  }
  return covering;
}

}  // namespace

IndexError index_error(const std::filesystem::path& dir, const Xapian::Error& e) {
  const char* reason = e.get_error_string();
  if (reason != nullptr && (std::string_view(reason) == std::strerror(ENOSPC) ||
                            std::string_view(reason) == std::strerror(EDQUOT))) {
    return IndexError(dir.string() + ": cannot write the search index: " + k_index_disk_full, true);
  }
  return IndexError(dir.string() + ": " + e.get_description(), false);
}

std::string boolean_term(const std::string& prefix, const std::string& value) {
  std::string term = prefix + value;
  if (term.size() <= k_max_term) {
    return term;
  }
  std::string hash = sha256_hex(value).substr(0, 16);
  std::size_t keep = k_max_term - hash.size() - 1;
  while (keep > 0 && (static_cast<unsigned char>(term[keep]) & 0xC0) == 0x80) {
    --keep;  // do not cut a UTF-8 sequence
  }
  return term.substr(0, keep) + "#" + hash;
}

struct IndexWriter::Impl {
  Xapian::WritableDatabase db;
  Xapian::TermGenerator generator;
  std::filesystem::path dir;
  bool committed = false;
  std::uint64_t added = 0;  // documents written in this transaction
};

namespace {

// Index metadata: documents written over the index's life, and that count when it was last
// compacted. Kept in the index itself, which compaction copies, so no record changes.
constexpr const char* k_written_key = "evidex:documents-written";
constexpr const char* k_compacted_key = "evidex:compacted-at";

std::uint64_t metadata_count(const Xapian::Database& db, const char* key) {
  std::string value = db.get_metadata(key);
  return value.empty() ? 0 : std::strtoull(value.c_str(), nullptr, 10);
}

}  // namespace

IndexWriter::IndexWriter(const std::filesystem::path& dir) : m_impl(std::make_unique<Impl>()) {
  m_impl->dir = dir;
  // Xapian keeps pending changes in std::maps until 10,000 documents by default; past a few hundred
  // documents of real text each new posting costs more than writing a batch out (measured: 2,000
  // text files index in 3.7 s with 200, 5.6 s with 10,000), and memory grows with the batch. Inside
  // the transaction a batch written out is still uncommitted. Read by Xapian when the database opens.
  ::setenv("XAPIAN_FLUSH_THRESHOLD", "200", 0);
  try {
    m_impl->db = Xapian::WritableDatabase(dir.string(), Xapian::DB_CREATE_OR_OPEN);
    m_impl->generator = make_term_generator();
    m_impl->db.begin_transaction();
  } catch (const Xapian::Error& e) {
    throw index_error(dir, e);
  }
}

IndexWriter::~IndexWriter() {
  if (!m_impl->committed) {
    try {
      m_impl->db.cancel_transaction();
    } catch (...) {
    }
  }
}

void IndexWriter::remove_apprentice(const std::string& apprentice) {
  try {
    m_impl->db.delete_document(boolean_term(k_prefix_apprentice, apprentice));
  } catch (const Xapian::Error& e) {
    throw index_error(m_impl->dir, e);
  }
}

struct IndexWriter::Covering {
  std::multimap<std::int64_t, std::string> criteria;  // item id -> criterion
};

void IndexWriter::add_document(const std::string& apprentice, const ItemRecord& item, const std::string& text,
                               const Covering* covering, const TextTerms* terms) {
  Xapian::Document doc;
  auto& gen = m_impl->generator;
  std::vector<std::uint32_t> page_starts;
  if (terms) {
    // Made by the extraction worker from the same text, the same way (text_terms.hpp).
    doc = Xapian::Document::unserialise(terms->document);
    gen.set_document(doc);
    gen.set_termpos(terms->next_position);
    page_starts = terms->page_starts;
  } else {
    gen.set_document(doc);
    page_starts = index_pages(gen, text);
  }
  gen.index_text(item.path, 1);
  gen.index_text(item.path, 1, k_prefix_path_words);
  doc.add_boolean_term(boolean_term(k_prefix_item, std::to_string(item.id)));
  doc.add_boolean_term(boolean_term(k_prefix_apprentice, apprentice));
  doc.add_boolean_term(boolean_term(k_prefix_type, item.type));
  doc.add_boolean_term(boolean_term(k_prefix_path, lower_ascii(item.path)));
  doc.add_boolean_term(boolean_term(k_prefix_bundle, std::to_string(item.bundle)));
  if (covering) {
    for (auto [it, end] = covering->criteria.equal_range(item.id); it != end; ++it) {
      doc.add_boolean_term(boolean_term(k_prefix_criterion, it->second));
    }
  }
  doc.add_value(k_value_item_id, Xapian::sortable_serialise(static_cast<double>(item.id)));
  nlohmann::json data = {{"item", item.id}, {"apprentice", apprentice}, {"path", item.path},
                         {"page_starts", page_starts}};
  doc.set_data(data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  m_impl->db.replace_document(boolean_term(k_prefix_item, std::to_string(item.id)), doc);
  ++m_impl->added;
  test_kill_point("index-document-added");
}

void IndexWriter::replace_apprentice(Store& store, const std::string& apprentice) {
  remove_apprentice(apprentice);
  const Covering covering{covered_criteria(store, apprentice)};
  try {
    // In id order, the order the ingest stored and indexed them: the same docid order, so hits of
    // equal weight come out as they did before the rebuild.
    auto items = store.items(apprentice);
    std::sort(items.begin(), items.end(), [](const ItemRecord& a, const ItemRecord& b) { return a.id < b.id; });
    for (const auto& item : items) {
      add_document(apprentice, item, store.item_text(item.id), &covering, nullptr);
    }
  } catch (const Xapian::Error& e) {
    throw index_error(m_impl->dir, e);
  }
}

void IndexWriter::add_item(const std::string& apprentice, const ItemRecord& item, const std::string& text,
                           const TextTerms* terms) {
  try {
    add_document(apprentice, item, text, nullptr, terms);
  } catch (const Xapian::Error& e) {
    throw index_error(m_impl->dir, e);
  }
}

void IndexWriter::remove_bundle(std::int64_t bundle_id) {
  try {
    m_impl->db.delete_document(boolean_term(k_prefix_bundle, std::to_string(bundle_id)));
  } catch (const Xapian::Error& e) {
    throw index_error(m_impl->dir, e);
  }
}

bool IndexWriter::update_criteria(Store& store, const std::string& apprentice) {
  const auto items = store.items(apprentice);
  const auto covering = covered_criteria(store, apprentice);
  auto& db = m_impl->db;
  try {
    if (db.get_termfreq(boolean_term(k_prefix_apprentice, apprentice)) != items.size()) {
      return false;
    }
    // Find every document first, so that a mismatch changes nothing.
    std::vector<Xapian::docid> docs;
    docs.reserve(items.size());
    for (const auto& item : items) {
      std::string unique = boolean_term(k_prefix_item, std::to_string(item.id));
      auto p = db.postlist_begin(unique);
      if (p == db.postlist_end(unique)) {
        return false;
      }
      docs.push_back(*p);
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
      std::set<std::string> wanted;
      for (auto [it, end] = covering.equal_range(items[i].id); it != end; ++it) {
        wanted.insert(boolean_term(k_prefix_criterion, it->second));
      }
      // Modified in place: Xapian then rewrites only the terms that changed, since the
      // document's positions are untouched (boolean terms have none).
      Xapian::Document doc = db.get_document(docs[i]);
      std::set<std::string> present;
      auto t = doc.termlist_begin();
      for (t.skip_to(k_prefix_criterion); t != doc.termlist_end() && (*t).rfind(k_prefix_criterion, 0) == 0; ++t) {
        present.insert(*t);
      }
      if (present == wanted) {
        continue;
      }
      for (const auto& term : present) {
        if (!wanted.count(term)) {
          doc.remove_term(term);
        }
      }
      for (const auto& term : wanted) {
        if (!present.count(term)) {
          doc.add_boolean_term(term);
        }
      }
      db.replace_document(docs[i], doc);
      test_kill_point("index-criteria-updated");
    }
  } catch (const Xapian::Error& e) {
    throw index_error(m_impl->dir, e);
  }
  return true;
}

void IndexWriter::commit() {
  try {
    if (m_impl->added > 0) {
      auto written = metadata_count(m_impl->db, k_written_key) + m_impl->added;
      m_impl->db.set_metadata(k_written_key, std::to_string(written));
    }
    m_impl->db.commit_transaction();
    m_impl->committed = true;
  } catch (const Xapian::Error& e) {
    throw index_error(m_impl->dir, e);
  }
}

bool index_wants_compaction(const std::filesystem::path& dir) {
  try {
    Xapian::Database db(dir.string());
    std::uint64_t since = metadata_count(db, k_written_key) - std::min(metadata_count(db, k_written_key),
                                                                       metadata_count(db, k_compacted_key));
    return since >= 500 && since * 4 >= db.get_doccount();
  } catch (const Xapian::Error& e) {
    throw index_error(dir, e);
  }
}

void mark_index_compacted(const std::filesystem::path& dir) {
  try {
    Xapian::WritableDatabase db(dir.string(), Xapian::DB_OPEN);
    db.set_metadata(k_compacted_key, db.get_metadata(k_written_key));
    db.commit();
  } catch (const Xapian::Error& e) {
    throw index_error(dir, e);
  }
}

}  // namespace evidex::indexer
