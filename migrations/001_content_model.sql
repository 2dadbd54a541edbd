-- The content model of the intranet: organisation, people, items, revisions.
-- Timestamps are ISO-8601 UTC strings ("2026-11-25T12:00:00.000Z"); dates are "YYYY-MM-DD".

CREATE TABLE departments (
  id          INTEGER PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- A channel is a stream staff can follow. department_id NULL means corporate-wide.
CREATE TABLE channels (
  id            INTEGER PRIMARY KEY,
  slug          TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  description   TEXT NOT NULL DEFAULT '',
  department_id INTEGER REFERENCES departments(id),
  is_default    INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  is_mandatory  INTEGER NOT NULL DEFAULT 0 CHECK (is_mandatory IN (0, 1)),
  archived_at   TEXT,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX channels_department ON channels(department_id);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL DEFAULT 'staff'
                CHECK (role IN ('staff', 'champion', 'manager', 'comms', 'admin')),
  department_id INTEGER REFERENCES departments(id),
  job_title     TEXT NOT NULL DEFAULT '',
  password_hash TEXT,
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Announcements, policies and guides share one table: they share status, audience,
-- revisions and search; type-specific columns are NULL for the other types.
CREATE TABLE items (
  id                  INTEGER PRIMARY KEY,
  type                TEXT NOT NULL CHECK (type IN ('announcement', 'policy', 'guide')),
  slug                TEXT NOT NULL,
  title               TEXT NOT NULL,
  summary             TEXT NOT NULL DEFAULT '',
  status              TEXT NOT NULL DEFAULT 'draft'
                      CHECK (status IN ('draft', 'in-review', 'scheduled', 'published', 'expired', 'archived')),
  department_id       INTEGER REFERENCES departments(id),
  audience            TEXT NOT NULL DEFAULT 'everyone' CHECK (audience IN ('everyone', 'departments', 'roles')),
  is_public           INTEGER NOT NULL DEFAULT 0 CHECK (is_public IN (0, 1)),
  -- announcements
  priority            TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('normal', 'need-to-know', 'urgent')),
  must_read           INTEGER NOT NULL DEFAULT 0 CHECK (must_read IN (0, 1)),
  publish_at          TEXT,
  expires_at          TEXT,
  published_at        TEXT,
  -- policies
  reference           TEXT,
  -- guides (and policy owners)
  owner_email         TEXT,
  deputy_email        TEXT,
  last_reviewed_on    TEXT,
  review_by           TEXT,
  current_revision_id INTEGER REFERENCES revisions(id),
  source              TEXT NOT NULL DEFAULT 'web' CHECK (source IN ('file', 'web')),
  source_path         TEXT,
  web_edited          INTEGER NOT NULL DEFAULT 0 CHECK (web_edited IN (0, 1)),
  author_id           INTEGER REFERENCES users(id),
  created_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (type, slug)
);
CREATE INDEX items_listing ON items(type, status, published_at DESC);
CREATE INDEX items_department ON items(department_id, type);

-- Departments an announcement was sent to ("for everyone in Housing").
CREATE TABLE item_target_departments (
  item_id       INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  department_id INTEGER NOT NULL REFERENCES departments(id),
  PRIMARY KEY (item_id, department_id)
);
CREATE INDEX item_target_departments_dept ON item_target_departments(department_id);

CREATE TABLE item_channels (
  item_id    INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  channel_id INTEGER NOT NULL REFERENCES channels(id),
  PRIMARY KEY (item_id, channel_id)
);
CREATE INDEX item_channels_channel ON item_channels(channel_id);

-- Who may open an item when items.audience is 'departments' or 'roles'.
CREATE TABLE item_audience_departments (
  item_id       INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  department_id INTEGER NOT NULL REFERENCES departments(id),
  PRIMARY KEY (item_id, department_id)
);
CREATE TABLE item_audience_roles (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  role    TEXT NOT NULL CHECK (role IN ('staff', 'champion', 'manager', 'comms', 'admin')),
  PRIMARY KEY (item_id, role)
);

CREATE TABLE item_tags (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  tag     TEXT NOT NULL,
  PRIMARY KEY (item_id, tag)
);
CREATE INDEX item_tags_tag ON item_tags(tag);

-- Related pages, by slug of the same type space (resolved when read, so order of import does not matter).
CREATE TABLE item_related (
  item_id      INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  related_type TEXT NOT NULL,
  related_slug TEXT NOT NULL,
  position     INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (item_id, related_type, related_slug)
);

-- Every save is a revision; nothing is overwritten. html is the sanitised render, cached per
-- revision; html_version says which renderer made it so old payloads are re-rendered on read.
CREATE TABLE revisions (
  id           INTEGER PRIMARY KEY,
  item_id      INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  number       INTEGER NOT NULL,
  title        TEXT NOT NULL,
  summary      TEXT NOT NULL DEFAULT '',
  body         TEXT NOT NULL DEFAULT '',
  fields_json  TEXT NOT NULL DEFAULT '{}',
  html         TEXT NOT NULL DEFAULT '',
  toc_json     TEXT NOT NULL DEFAULT '[]',
  html_version INTEGER NOT NULL DEFAULT 0,
  content_hash TEXT NOT NULL,
  source       TEXT NOT NULL CHECK (source IN ('file', 'web', 'restore')),
  author_id    INTEGER REFERENCES users(id),
  note         TEXT NOT NULL DEFAULT '',
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (item_id, number)
);

CREATE TABLE policy_versions (
  id            INTEGER PRIMARY KEY,
  item_id       INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  version       INTEGER NOT NULL,
  revision_id   INTEGER NOT NULL REFERENCES revisions(id),
  effective_on  TEXT NOT NULL,
  approval_ref  TEXT NOT NULL DEFAULT '',
  what_changed  TEXT NOT NULL DEFAULT '',
  is_material   INTEGER NOT NULL DEFAULT 0 CHECK (is_material IN (0, 1)),
  published_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (item_id, version)
);

-- What the Markdown importer last saw of each file, so a re-import of unchanged files is a no-op.
CREATE TABLE content_files (
  path        TEXT PRIMARY KEY,
  hash        TEXT NOT NULL,
  item_id     INTEGER REFERENCES items(id),
  revision_id INTEGER REFERENCES revisions(id),
  imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  last_error  TEXT
);

CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  actor_id    INTEGER REFERENCES users(id),
  action      TEXT NOT NULL,
  entity_type TEXT,
  entity_id   INTEGER,
  detail_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log(at);
