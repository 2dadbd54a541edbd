-- The editorial workflow: who moved an item (or a change to it) through draft → review →
-- published, with review comments; and changes to live items that wait for review.

-- Every workflow transition, in order. Review comments ("changes requested: …") live here
-- too, so the conversation about an item reads as one timeline.
CREATE TABLE workflow_events (
  id          INTEGER PRIMARY KEY,
  item_id     INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  revision_id INTEGER REFERENCES revisions(id),
  actor_id    INTEGER REFERENCES users(id),
  action      TEXT NOT NULL CHECK (action IN (
                'create', 'save', 'conflict', 'submit', 'withdraw', 'publish', 'schedule',
                'request-changes', 'archive', 'unarchive', 'restore', 'expire')),
  from_state  TEXT NOT NULL DEFAULT '',
  to_state    TEXT NOT NULL DEFAULT '',
  comment     TEXT NOT NULL DEFAULT '',
  at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX workflow_events_item ON workflow_events(item_id, id);

-- A change to a live (published or expired) item that is not live yet: readers keep
-- seeing items.current_revision_id until the change is published. One per item; later
-- saves move revision_id forward. state 'scheduled' waits for scheduled_for.
CREATE TABLE pending_changes (
  item_id       INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  revision_id   INTEGER NOT NULL REFERENCES revisions(id),
  state         TEXT NOT NULL CHECK (state IN ('draft', 'in-review', 'scheduled')),
  scheduled_for TEXT,
  updated_by    INTEGER REFERENCES users(id),
  updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX pending_changes_due ON pending_changes(state, scheduled_for);

-- The scheduler's queries: items due to go live, and live items due to expire.
CREATE INDEX items_scheduled_due ON items(status, publish_at);
CREATE INDEX items_expiry_due ON items(status, expires_at);
