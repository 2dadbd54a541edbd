-- Intranet-wide switches an administrator sets on the admin pages (decision 091).
-- First: whether items marked "anyone can see it without signing in" are shown to
-- visitors who are not signed in. Off until an administrator turns it on.
CREATE TABLE site_settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
