-- Corrections without blame (issue 23, decision 171). A correction is one sentence about
-- what was wrong in a published item; it points at the revision (and policy version) it
-- was made against, so the revision history keeps both the wrong and the right text.
CREATE TABLE item_corrections (
  id             INTEGER PRIMARY KEY,
  item_id        INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  revision_id    INTEGER REFERENCES revisions(id) ON DELETE SET NULL,
  policy_version INTEGER,
  text           TEXT NOT NULL,
  material       INTEGER NOT NULL DEFAULT 0 CHECK (material IN (0, 1)),
  created_by     INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at     TEXT NOT NULL
);
CREATE INDEX item_corrections_item ON item_corrections(item_id, id);
CREATE INDEX item_corrections_time ON item_corrections(created_at);

-- Who was alerted about an item, by which route, so a correction reaches exactly them
-- (the outbox forgets sent rows after its retention period; these rows stay with the item).
CREATE TABLE item_alert_recipients (
  item_id       INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  route         TEXT NOT NULL CHECK (route IN ('email', 'push')),
  first_sent_at TEXT NOT NULL,
  PRIMARY KEY (item_id, user_id, route)
);
CREATE TABLE item_alert_channels (
  item_id       INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  channel_id    INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  first_sent_at TEXT NOT NULL,
  PRIMARY KEY (item_id, channel_id)
);

-- Alerts already sent before this migration (still in the outbox).
INSERT INTO item_alert_recipients (item_id, user_id, route, first_sent_at)
  SELECT item_id, user_id, 'email', MIN(COALESCE(sent_at, created_at)) FROM outbox
   WHERE kind = 'email' AND purpose = 'alert' AND status = 'sent' AND item_id IS NOT NULL AND user_id IS NOT NULL
     AND dedupe_key LIKE 'alert:%'
   GROUP BY item_id, user_id;
INSERT INTO item_alert_channels (item_id, channel_id, first_sent_at)
  SELECT item_id, channel_id, MIN(COALESCE(sent_at, created_at)) FROM outbox
   WHERE kind = 'teams' AND status = 'sent' AND item_id IS NOT NULL AND channel_id IS NOT NULL AND dedupe_key LIKE 'teams:%'
   GROUP BY item_id, channel_id;
