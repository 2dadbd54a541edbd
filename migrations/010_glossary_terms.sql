-- Council jargon and abbreviations from content/glossary/*.md: shown to readers and used by
-- search as synonyms ("DBS" ~ "criminal record check"). The files are the source of truth.
CREATE TABLE glossary_terms (
  id              INTEGER PRIMARY KEY,
  slug            TEXT NOT NULL UNIQUE,
  term            TEXT NOT NULL,
  stands_for      TEXT NOT NULL DEFAULT '',
  also_json       TEXT NOT NULL DEFAULT '[]',
  definition_md   TEXT NOT NULL DEFAULT '',
  definition_html TEXT NOT NULL DEFAULT '',
  source_path     TEXT,
  updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
