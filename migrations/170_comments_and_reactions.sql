-- Conversations (issue 23, decision 170): comments on announcements and guides, one level
-- of replies, their earlier wording, reports, thread follows, mentions, per-item and
-- per-channel settings, and reactions. None of it is content readers search for: no
-- change-feed triggers, never indexed. Timestamps are set by the application.
CREATE TABLE comments (
  id            INTEGER PRIMARY KEY,
  item_id       INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  parent_id     INTEGER REFERENCES comments(id) ON DELETE CASCADE,
  author_id     INTEGER REFERENCES users(id) ON DELETE SET NULL,
  body          TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('published', 'pending', 'hidden', 'deleted')),
  hidden_reason TEXT NOT NULL DEFAULT '',
  moderated_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
  moderated_at  TEXT,
  created_at    TEXT NOT NULL,
  edited_at     TEXT,
  deleted_at    TEXT,
  told_at       TEXT
);
CREATE INDEX comments_item ON comments(item_id, id);
CREATE INDEX comments_author ON comments(author_id, created_at);
CREATE INDEX comments_untold ON comments(told_at, status);

-- Earlier wording of a comment edited after its free edit window (shown as "edited").
CREATE TABLE comment_versions (
  id          INTEGER PRIMARY KEY,
  comment_id  INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
  body        TEXT NOT NULL,
  written_at  TEXT NOT NULL,
  replaced_at TEXT NOT NULL
);
CREATE INDEX comment_versions_comment ON comment_versions(comment_id, id);

CREATE TABLE comment_reports (
  id          INTEGER PRIMARY KEY,
  comment_id  INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
  reporter_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  reason      TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  resolved_at TEXT,
  resolved_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  UNIQUE (comment_id, reporter_id)
);
CREATE INDEX comment_reports_open ON comment_reports(resolved_at, comment_id);

-- People following a thread (a top-level comment and its replies).
CREATE TABLE comment_follows (
  thread_id  INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  PRIMARY KEY (thread_id, user_id)
);

CREATE TABLE comment_mentions (
  comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (comment_id, user_id)
);

-- Per item: comments on or off (announcements default on, guides off) and closed.
CREATE TABLE item_comment_settings (
  item_id    INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  enabled    INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  closed     INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
  changed_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  changed_at TEXT NOT NULL
);

-- Per channel: comments wait for approval before others see them.
CREATE TABLE channel_comment_settings (
  channel_id   INTEGER PRIMARY KEY REFERENCES channels(id) ON DELETE CASCADE,
  premoderated INTEGER NOT NULL CHECK (premoderated IN (0, 1)),
  changed_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  changed_at   TEXT NOT NULL
);

-- Reactions: one of each kind per person per item or comment (the primary keys).
CREATE TABLE item_reactions (
  item_id    INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('like', 'thanks', 'helpful', 'celebrate')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (item_id, user_id, kind)
);
CREATE TABLE comment_reactions (
  comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('like', 'thanks', 'helpful', 'celebrate')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (comment_id, user_id, kind)
);
