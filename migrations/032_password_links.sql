-- One-time links to set a password: for an invited person, or after a reset by an admin.
-- Only the SHA-256 of the token is kept; a link works once and until it expires.
CREATE TABLE password_links (
  id         TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  purpose    TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at    TEXT
);
CREATE INDEX password_links_user ON password_links(user_id);
