-- "Save for offline" (issue 18, decision 124): guides a person chose to keep on their own
-- phone. The service worker caches these pages (and the person's outstanding must-reads)
-- from /me/offline.json; never on a shared device.
CREATE TABLE saved_offline (
  user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  item_id   INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  saved_at  TEXT NOT NULL,
  PRIMARY KEY (user_id, item_id)
);
CREATE INDEX saved_offline_item ON saved_offline(item_id);
