-- Search insight for the communications team. Only what was searched and when: never who.

-- Searches that found nothing or almost nothing ("low" = fewer than three results), one row
-- each, so the team can see what staff look for and cannot find.
CREATE TABLE search_misses (
  id           INTEGER PRIMARY KEY,
  query        TEXT NOT NULL,            -- as typed, cleaned of invisible characters, at most 200 characters
  query_key    TEXT NOT NULL,            -- its words in lower case, so "Mileage " and "mileage" group together
  result_count INTEGER NOT NULL CHECK (result_count >= 0),
  searched_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX search_misses_at ON search_misses(searched_at);
CREATE INDEX search_misses_key ON search_misses(query_key, searched_at);

-- Every search counted per query per day (counts only), for "most searched for".
CREATE TABLE search_query_days (
  day       TEXT NOT NULL,                 -- YYYY-MM-DD (UTC)
  query_key TEXT NOT NULL,
  query     TEXT NOT NULL,                 -- the most recent way it was typed
  searches  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, query_key)
);
