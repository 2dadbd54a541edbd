-- The staff directory (issue 20, decision 140). Official fields stay on `users` (name,
-- job title, department) plus the manager and SCIM link here; a person's own optional
-- fields and who may see them are in `people_profiles`. A profile row is made for a
-- person the first time one is needed (its handle, a directory edit, directory sync).
CREATE TABLE people_teams (
  id            INTEGER PRIMARY KEY,
  slug          TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  department_id INTEGER REFERENCES departments(id),
  manager_id    INTEGER REFERENCES users(id),
  phone         TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL
);

CREATE TABLE people_profiles (
  user_id            INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  handle             TEXT UNIQUE,
  -- official: set by administrators and the directory sync
  manager_id         INTEGER REFERENCES users(id),
  external_id        TEXT UNIQUE,
  -- the person's own
  preferred_name     TEXT NOT NULL DEFAULT '',
  team_id            INTEGER REFERENCES people_teams(id),
  base               TEXT NOT NULL DEFAULT '',
  work_phone         TEXT NOT NULL DEFAULT '',
  mobile_phone       TEXT NOT NULL DEFAULT '',
  mobile_visibility  TEXT NOT NULL DEFAULT 'department' CHECK (mobile_visibility IN ('everyone', 'department', 'me')),
  working_pattern    TEXT NOT NULL DEFAULT '',
  pattern_visibility TEXT NOT NULL DEFAULT 'everyone' CHECK (pattern_visibility IN ('everyone', 'department', 'me')),
  pronouns           TEXT NOT NULL DEFAULT '',
  pronouns_visibility TEXT NOT NULL DEFAULT 'everyone' CHECK (pronouns_visibility IN ('everyone', 'department', 'me')),
  about              TEXT NOT NULL DEFAULT '',
  about_visibility   TEXT NOT NULL DEFAULT 'everyone' CHECK (about_visibility IN ('everyone', 'department', 'me')),
  photo_visibility   TEXT NOT NULL DEFAULT 'everyone' CHECK (photo_visibility IN ('everyone', 'department', 'me')),
  nudge_dismissed    INTEGER NOT NULL DEFAULT 0 CHECK (nudge_dismissed IN (0, 1)),
  updated_at         TEXT NOT NULL
);
CREATE INDEX people_profiles_manager ON people_profiles(manager_id);
CREATE INDEX people_profiles_team ON people_profiles(team_id);

-- "Ask me about": the same words as guide tags, so guides find people and people find guides.
CREATE TABLE people_expertise (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  tag     TEXT NOT NULL,
  PRIMARY KEY (user_id, tag)
);
CREATE INDEX people_expertise_tag ON people_expertise(tag);

CREATE TABLE people_languages (
  user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  language TEXT NOT NULL,
  PRIMARY KEY (user_id, language)
);

-- The photo as served: re-encoded by sharp, no metadata; base64 text (portable: TEXT, not BLOB), 20-40 KB.
CREATE TABLE people_photos (
  user_id    INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  image      TEXT NOT NULL,
  mime_type  TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Directory sync (SCIM): bearer tokens, stored only as SHA-256 hashes; one active at a time.
CREATE TABLE scim_tokens (
  id         INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  hint       TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

-- SCIM groups: a provider's group (id, display name) and its members. What a group means
-- (department, role) comes from the same maps as OpenID Connect sign-in.
CREATE TABLE scim_groups (
  id           INTEGER PRIMARY KEY,
  display_name TEXT NOT NULL UNIQUE,
  external_id  TEXT,
  created_at   TEXT NOT NULL
);
CREATE TABLE scim_group_members (
  group_id INTEGER NOT NULL REFERENCES scim_groups(id) ON DELETE CASCADE,
  user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, user_id)
);

-- What the people search index must re-read (decision 140): written only by the triggers in
-- 141_people_changes.sqlite.sql, in the transaction of the change.
CREATE TABLE people_changes (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL
);
