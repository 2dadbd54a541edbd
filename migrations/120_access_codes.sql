-- Frontline staff (issue 18). Many have no council email address and sign in with an
-- employee number and a one-time access code printed on a letter.
--
-- users.email stays NOT NULL UNIQUE (rebuilding the users table under every foreign key is
-- not worth the risk): a person without an email address gets a reserved, never-deliverable
-- address under the .invalid domain (RFC 2606) and email_missing = 1. Everything that would
-- email them checks email_missing (the outbox refuses them, as it refuses generated people).
ALTER TABLE users ADD COLUMN email_missing INTEGER NOT NULL DEFAULT 0 CHECK (email_missing IN (0, 1));
-- The payroll number on a person's payslip, as the council writes it (upper-cased).
ALTER TABLE users ADD COLUMN employee_number TEXT;
CREATE UNIQUE INDEX users_employee_number ON users(employee_number);
-- A 6-digit PIN (scrypt hash), accepted only on a shared device (decision 121).
ALTER TABLE users ADD COLUMN pin_hash TEXT;

-- One-time access codes. Only the SHA-256 of a code is stored: the code itself exists on
-- the printed letter only. A code is live while used_at, revoked_at and expired_at are NULL
-- and expires_at is in the future; re-issuing revokes the live ones.
CREATE TABLE access_codes (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_hash   TEXT NOT NULL UNIQUE,
  issued_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  issued_at   TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  used_at     TEXT,
  revoked_at  TEXT,
  expired_at  TEXT
);
CREATE INDEX access_codes_user ON access_codes(user_id);
CREATE INDEX access_codes_expires ON access_codes(expires_at);
