-- Content changes made by a process other than the running intranet (`npm run import`
-- beside a live server). The server's leader follows this table, so its search index and
-- delivery hear of them within seconds instead of at the next restart.
CREATE TABLE content_change_log (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  item_ids   TEXT NOT NULL,        -- JSON array of item ids
  reason     TEXT NOT NULL,        -- "import", …: the content-changed reason
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
