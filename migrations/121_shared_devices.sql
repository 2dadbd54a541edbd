-- Shared devices (issue 18, decision 121): a depot tablet or a kiosk PC used by many
-- people in turn. An admin marks the browser as shared from /admin/devices; it then holds
-- a signed device cookie naming this row. Revoking the row makes the cookie worthless.
CREATE TABLE shared_devices (
  id            INTEGER PRIMARY KEY,
  label         TEXT NOT NULL,
  idle_minutes  INTEGER NOT NULL DEFAULT 5 CHECK (idle_minutes BETWEEN 1 AND 60),
  created_by    INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at    TEXT NOT NULL,
  last_seen_at  TEXT,
  revoked_at    TEXT,
  revoked_by    INTEGER REFERENCES users(id) ON DELETE SET NULL
);
-- Which shared device a session was opened on (NULL: a personal browser). Such sessions
-- end after the device's idle minutes and on "Done", and pages are sent with no-store.
ALTER TABLE sessions ADD COLUMN shared_device_id INTEGER REFERENCES shared_devices(id) ON DELETE CASCADE;
