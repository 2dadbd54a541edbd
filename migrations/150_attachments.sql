-- Documents and images attached to items (issue 21, decision 150). The bytes live in the
-- database (file_blobs), so several app servers on one PostgreSQL share them and a backup
-- of the database is a backup of the files. BLOB maps to BYTEA on PostgreSQL.
CREATE TABLE file_blobs (
  id         INTEGER PRIMARY KEY,
  sha256     TEXT NOT NULL UNIQUE,          -- the same bytes are stored once
  size       INTEGER NOT NULL CHECK (size >= 0),
  bytes      BLOB NOT NULL,
  created_at TEXT NOT NULL
);

-- One attachment = one stable address (/files/:id/:name); replacing it adds a version.
CREATE TABLE attachments (
  id                 INTEGER PRIMARY KEY,
  item_id            INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  title              TEXT NOT NULL,
  name               TEXT NOT NULL,          -- safe file name of the current version
  kind               TEXT NOT NULL CHECK (kind IN ('pdf', 'docx', 'xlsx', 'pptx', 'csv', 'txt', 'png', 'jpeg', 'webp', 'gif')),
  alt                TEXT NOT NULL DEFAULT '',   -- images: what the picture shows
  current_version_id INTEGER,
  created_by         INTEGER REFERENCES users(id),
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
);
CREATE INDEX attachments_item ON attachments(item_id);

CREATE TABLE attachment_versions (
  id            INTEGER PRIMARY KEY,
  attachment_id INTEGER NOT NULL REFERENCES attachments(id) ON DELETE CASCADE,
  number        INTEGER NOT NULL,
  blob_id       INTEGER NOT NULL REFERENCES file_blobs(id),
  name          TEXT NOT NULL,
  size          INTEGER NOT NULL,
  uploaded_by   INTEGER REFERENCES users(id),
  uploaded_at   TEXT NOT NULL,
  -- Text for search, extracted off the request path: pending → done | failed | none.
  text_status   TEXT NOT NULL DEFAULT 'pending' CHECK (text_status IN ('pending', 'done', 'failed', 'none')),
  text          TEXT NOT NULL DEFAULT '',
  text_problem  TEXT,
  text_ms       REAL,
  UNIQUE (attachment_id, number)
);
CREATE INDEX attachment_versions_text ON attachment_versions(text_status);
