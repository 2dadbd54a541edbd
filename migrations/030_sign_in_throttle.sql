-- Sign-in throttling. Every attempt is a row (written before the password is checked, as
-- 'pending', so parallel guesses are counted at once); locks are rows too, so a lock
-- holds for its full time however the failures were spread.
CREATE TABLE sign_in_attempts (
  id       INTEGER PRIMARY KEY,
  at       TEXT NOT NULL,
  account  TEXT NOT NULL,          -- the email address as typed, lower-cased (also for unknown accounts)
  address  TEXT NOT NULL,          -- the client address (socket, or proxy-reported when TRUST_PROXY=true)
  outcome  TEXT NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'failure', 'success'))
);
CREATE INDEX sign_in_attempts_account ON sign_in_attempts(account, at);
CREATE INDEX sign_in_attempts_address ON sign_in_attempts(address, at);
CREATE INDEX sign_in_attempts_at ON sign_in_attempts(at);

-- key is 'account:<email>' or 'address:<ip>'.
CREATE TABLE sign_in_locks (
  key          TEXT PRIMARY KEY,
  locked_until TEXT NOT NULL,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
