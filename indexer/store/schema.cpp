#include "indexer/store/schema.hpp"

namespace evidex::indexer {

// Version 4 (3 + several bundles per apprentice, tag problems per apprentice). A change to this schema bumps k_schema_version and adds a step to migrate() in
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
-- An apprentice's portfolio: the bundles uploaded over time, coverage spans them all. A bundle is
-- known by its name (the upload's file or folder name): an upload with the same name is its new
-- version and replaces it.
CREATE TABLE IF NOT EXISTS bundles(
  id          INTEGER PRIMARY KEY,
  apprentice  TEXT NOT NULL REFERENCES apprentices(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  source      TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  bytes       INTEGER NOT NULL,
  ingested_at TEXT NOT NULL,
  item_count  INTEGER NOT NULL,
  error_count INTEGER NOT NULL,
  seconds     REAL NOT NULL,
  warnings    TEXT NOT NULL DEFAULT '[]', -- JSON array: the archive cut short, duplicate names ...
  UNIQUE(apprentice, name)
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
-- Tags found automatically, rebuilt whenever the bundle is tagged. `place` says where the span
-- was found: 'name' (the file name), 'text' (the extracted text, at byte `offset`), 'map' (an
-- evidence map; `detail` names it and the row), 'content' (inferred; `detail` lists the terms).
CREATE TABLE IF NOT EXISTS tags(
  item   INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  ref    TEXT NOT NULL,
  source TEXT NOT NULL CHECK(source IN ('explicit', 'map', 'inferred')),
  score  REAL,                    -- inferred only: 0..1
  span   TEXT NOT NULL,           -- the exact text that produced the tag
  place  TEXT NOT NULL,
  offset INTEGER,
  detail TEXT NOT NULL DEFAULT '',
  PRIMARY KEY(item, ref, source)
);
CREATE INDEX IF NOT EXISTS tags_ref ON tags(ref);
-- A person's decisions. Keyed by the item's path, not its id, so that they survive a re-ingest
-- of the bundle; they win over automatic tags.
CREATE TABLE IF NOT EXISTS decisions(
  apprentice TEXT NOT NULL REFERENCES apprentices(id) ON DELETE CASCADE,
  path       TEXT NOT NULL,
  ref        TEXT NOT NULL,
  decision   TEXT NOT NULL CHECK(decision IN ('confirm', 'reject')),
  decided_by TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  note       TEXT NOT NULL DEFAULT '',
  PRIMARY KEY(apprentice, path, ref)
);
-- What tagging found wrong with the portfolio: evidence-map rows that match no item, references the
-- standard lacks. Replaced with the tags.
CREATE TABLE IF NOT EXISTS tag_problems(
  apprentice TEXT NOT NULL REFERENCES apprentices(id) ON DELETE CASCADE,
  path       TEXT NOT NULL,
  message    TEXT NOT NULL
);
-- Apprentices whose bundle has not been tagged yet. Written in the same transaction as the bundle,
-- cleared in the one that writes its tags: a crash in between is repaired by the next writer.
CREATE TABLE IF NOT EXISTS tagging_pending(
  apprentice TEXT PRIMARY KEY
);
-- Shared forms and templates (`evidex template add`): text every apprentice may legitimately have,
-- discounted when looking for copied work.
CREATE TABLE IF NOT EXISTS templates(
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL,
  sha256   TEXT NOT NULL UNIQUE,   -- of the normalised text
  text     TEXT NOT NULL,
  added_at TEXT NOT NULL
);
-- Per item: what duplicate detection compares. Derived from item_text and templates; rebuilt when
-- either changes (a missing row means "not computed yet").
CREATE TABLE IF NOT EXISTS signatures(
  item      INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  text_hash TEXT NOT NULL,         -- SHA-256 of the normalised text ('' when there is none)
  shingles  INTEGER NOT NULL,      -- distinct word shingles left after templates are discounted
  minhash   BLOB NOT NULL          -- MinHash of those shingles
);
)sql";

}  // namespace evidex::indexer
