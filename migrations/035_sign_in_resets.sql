-- When an administrator lifts an account's sign-in lock, earlier failures stop counting
-- (they stay recorded as they were).
CREATE TABLE sign_in_resets (
  account TEXT PRIMARY KEY,
  at      TEXT NOT NULL
);
