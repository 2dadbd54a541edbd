-- Channels and delivery: follows, notification preferences, feed tokens, acknowledgements,
-- banner dismissals, aggregate reach and the outbox (email and Teams, sent with retries).

-- Explicit choices only. Defaults (the home department's default channel, corporate and
-- mandatory channels) are computed when read; following = 0 records that a person
-- unfollowed a channel they would otherwise follow by default.
CREATE TABLE channel_follows (
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  channel_id INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  following  INTEGER NOT NULL CHECK (following IN (0, 1)),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (user_id, channel_id)
);
CREATE INDEX channel_follows_channel ON channel_follows(channel_id);

-- A Microsoft Teams incoming webhook per channel, set by an administrator.
ALTER TABLE channels ADD COLUMN teams_webhook_url TEXT;

-- No row = the defaults: weekly digest, immediate mail for urgent and must-read items.
CREATE TABLE notification_prefs (
  user_id        INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  digest         TEXT NOT NULL DEFAULT 'weekly' CHECK (digest IN ('off', 'daily', 'weekly')),
  alerts         INTEGER NOT NULL DEFAULT 1 CHECK (alerts IN (0, 1)),
  last_digest_at TEXT,
  updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- The secret in a person's feed addresses. Resetting replaces it, so old addresses stop working.
CREATE TABLE feed_tokens (
  user_id    INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  token      TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Keys for signing links in email (one-click unsubscribe), created on first use.
CREATE TABLE signing_keys (
  name       TEXT PRIMARY KEY,
  secret     TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Named confirmations, only for must-read announcements and material policy versions.
-- version: the policy version confirmed (a later material version asks again); 0 for announcements.
CREATE TABLE acknowledgements (
  item_id         INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  version         INTEGER NOT NULL DEFAULT 0,
  acknowledged_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (item_id, user_id, version)
);
CREATE INDEX acknowledgements_user ON acknowledgements(user_id);

-- A person hid a need-to-know or urgent banner.
CREATE TABLE banner_dismissals (
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  item_id      INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  dismissed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (user_id, item_id)
);

-- Reach in aggregate only: page views per item, per department of the reader, per day.
-- No person is recorded. department_id 0 = readers with no home department.
CREATE TABLE reach_daily (
  item_id       INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  department_id INTEGER NOT NULL DEFAULT 0,
  day           TEXT NOT NULL,
  views         INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (item_id, department_id, day)
);

-- Messages to send. A row is the intent (who, about what, why); the message is composed
-- when it is sent, so the audience is checked again at that moment. dedupe_key makes
-- enqueueing idempotent (one alert per person per item version, one digest per period).
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('email', 'teams')),
  purpose         TEXT NOT NULL CHECK (purpose IN ('alert', 'reminder', 'digest', 'teams')),
  dedupe_key      TEXT NOT NULL UNIQUE,
  user_id         INTEGER REFERENCES users(id) ON DELETE CASCADE,
  item_id         INTEGER REFERENCES items(id) ON DELETE CASCADE,
  channel_id      INTEGER REFERENCES channels(id) ON DELETE CASCADE,
  payload_json    TEXT NOT NULL DEFAULT '{}',
  status          TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  last_error      TEXT,
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  sent_at         TEXT
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_user ON outbox(user_id);
