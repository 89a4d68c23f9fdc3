#include "indexer/store/schema.hpp"

namespace evidex::indexer {

// Version 1. A change to this schema bumps k_schema_version and adds a step to migrate() in
// store.cpp; a store written by a newer evidex is refused rather than guessed at.
const char* const k_schema_sql = R"sql(
CREATE TABLE IF NOT EXISTS apprentices(
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL DEFAULT '',
  standard   TEXT NOT NULL DEFAULT '',
  assessor   TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- One current bundle per apprentice: a new version replaces the old one.
CREATE TABLE IF NOT EXISTS bundles(
  id          INTEGER PRIMARY KEY,
  apprentice  TEXT NOT NULL UNIQUE REFERENCES apprentices(id) ON DELETE CASCADE,
  source      TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  bytes       INTEGER NOT NULL,
  ingested_at TEXT NOT NULL,
  item_count  INTEGER NOT NULL,
  error_count INTEGER NOT NULL,
  seconds     REAL NOT NULL,
  warnings    TEXT NOT NULL DEFAULT '[]'  -- JSON array: the archive cut short, duplicate names ...
);
CREATE TABLE IF NOT EXISTS items(
  id        INTEGER PRIMARY KEY,
  bundle    INTEGER NOT NULL REFERENCES bundles(id) ON DELETE CASCADE,
  parent    INTEGER REFERENCES items(id) ON DELETE CASCADE,
  path      TEXT NOT NULL,          -- inside the bundle, nested archives joined with '/'
  mime      TEXT NOT NULL,          -- detected from content
  type      TEXT NOT NULL,          -- short name: pdf, docx, eml, image ...
  name_mime TEXT NOT NULL,          -- what the extension claims
  mismatch  INTEGER NOT NULL,       -- extension and content disagree
  bytes     INTEGER NOT NULL,
  sha256    TEXT NOT NULL,          -- also the name of the stored original in blobs/
  words     INTEGER NOT NULL,
  pages     INTEGER NOT NULL,
  created   TEXT,
  modified  TEXT,
  title     TEXT,
  author    TEXT,
  meta      TEXT NOT NULL,          -- JSON object: everything the handler reported
  error     TEXT,                   -- why the item could not be extracted; NULL when it was
  warnings  TEXT NOT NULL,          -- JSON array
  UNIQUE(bundle, path)
);
CREATE INDEX IF NOT EXISTS items_sha256 ON items(sha256);
CREATE INDEX IF NOT EXISTS items_parent ON items(parent);
-- Text as the index saw it; pages separated by form feeds.
CREATE TABLE IF NOT EXISTS item_text(
  item INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  text TEXT NOT NULL
);
-- Apprentices whose Xapian documents must be rebuilt from these tables. Written in the same
-- transaction as their bundle, cleared after the index commits: a crash in between is repaired
-- the next time the store is opened for writing.
CREATE TABLE IF NOT EXISTS index_pending(
  apprentice TEXT PRIMARY KEY
);
)sql";

}  // namespace evidex::indexer
