-- Staff stories (issue 23, decision 172): any member of staff writes a story for a channel;
-- the channel's editors publish it (it becomes an announcement in that channel, written by
-- the writer) or send it back with suggestions the writer sees beside the text.
-- Not change-feed tables: a story is not content until it is published, and then it is an
-- item whose own rows feed the change feed.
CREATE TABLE stories (
  id           INTEGER PRIMARY KEY,
  writer_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  channel_id   INTEGER NOT NULL REFERENCES channels(id),
  title        TEXT NOT NULL,
  summary      TEXT NOT NULL DEFAULT '',
  body         TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'published', 'withdrawn')),
  -- One photo, re-encoded without metadata (base64 JPEG text, portable), with its alt text
  -- and the writer's confirmation that the people in it agreed to it being shared.
  photo        TEXT,
  photo_alt    TEXT,
  photo_consent INTEGER NOT NULL DEFAULT 0 CHECK (photo_consent IN (0, 1)),
  item_id      INTEGER REFERENCES items(id) ON DELETE SET NULL,
  submitted_at TEXT,
  decided_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  published_at TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
CREATE INDEX stories_writer ON stories(writer_id, updated_at);
CREATE INDEX stories_channel_status ON stories(channel_id, status);
CREATE INDEX stories_item ON stories(item_id);

-- Coaching: what an editor suggested when sending a story back, kept beside the text.
CREATE TABLE story_suggestions (
  id         INTEGER PRIMARY KEY,
  story_id   INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
  author_id  INTEGER REFERENCES users(id) ON DELETE SET NULL,
  body       TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX story_suggestions_story ON story_suggestions(story_id, id);
