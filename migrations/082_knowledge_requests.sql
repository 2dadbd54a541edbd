-- "I couldn't find…": staff ask for missing knowledge; the department's knowledge champions
-- are told; others upvote; a champion closes it by linking the guide that answers it.
CREATE TABLE knowledge_requests (
  id             INTEGER PRIMARY KEY,
  title          TEXT NOT NULL,
  details        TEXT NOT NULL DEFAULT '',
  -- NULL = "not sure which department": routed to comms editors to place.
  department_id  INTEGER REFERENCES departments(id) ON DELETE SET NULL,
  requester_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  -- the search that found nothing, when the request came from a results page
  search_query   TEXT,
  status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'declined')),
  answer_item_id INTEGER REFERENCES items(id) ON DELETE SET NULL,
  closing_note   TEXT NOT NULL DEFAULT '',
  closed_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
  closed_at      TEXT,
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX knowledge_requests_department ON knowledge_requests(department_id, status);
CREATE INDEX knowledge_requests_status ON knowledge_requests(status, created_at);

-- Who a request was routed to when it was made (or moved), so the list "for you" is stable
-- and a champion who joins later still sees open requests for the department.
CREATE TABLE knowledge_request_routes (
  request_id INTEGER NOT NULL REFERENCES knowledge_requests(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  routed_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (request_id, user_id)
);

CREATE TABLE knowledge_request_votes (
  request_id INTEGER NOT NULL REFERENCES knowledge_requests(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (request_id, user_id)
);
