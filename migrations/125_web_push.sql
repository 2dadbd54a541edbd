-- Web Push (issue 18, decision 125): the server's VAPID key pair, people's push
-- subscriptions (one per browser that opted in on /me), and one row per notification
-- sent to a subscription (the dedupe key makes a replayed change feed push nothing twice).

-- One key pair, made at first start and kept here (never in the environment or a file).
CREATE TABLE push_keys (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  public_key  TEXT NOT NULL,
  private_key TEXT NOT NULL,
  created_at  TEXT NOT NULL
);

CREATE TABLE push_subscriptions (
  id              INTEGER PRIMARY KEY,
  user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  endpoint        TEXT NOT NULL UNIQUE,
  p256dh          TEXT NOT NULL,
  auth            TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  last_sent_at    TEXT
);
CREATE INDEX push_subscriptions_user ON push_subscriptions(user_id);

-- What: 'urgent', 'must-read' or 'policy' (a material policy version to confirm).
CREATE TABLE push_messages (
  id              INTEGER PRIMARY KEY,
  dedupe_key      TEXT NOT NULL UNIQUE,
  subscription_id INTEGER REFERENCES push_subscriptions(id) ON DELETE SET NULL,
  user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  item_id         INTEGER REFERENCES items(id) ON DELETE CASCADE,
  what            TEXT NOT NULL CHECK (what IN ('urgent', 'must-read', 'policy')),
  status          TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error      TEXT,
  created_at      TEXT NOT NULL,
  sent_at         TEXT
);
CREATE INDEX push_messages_due ON push_messages(status, next_attempt_at);
CREATE INDEX push_messages_user ON push_messages(user_id);
CREATE INDEX push_messages_item ON push_messages(item_id);
CREATE INDEX push_messages_subscription ON push_messages(subscription_id);
