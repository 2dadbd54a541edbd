-- Events and training (issue 19, decision 130). An event is not an item: it has its own
-- table, but its audience uses the same rule as items (audience.server.ts audienceAdmits),
-- stored the same way (audience + department and role link tables).
-- Times are UTC ISO-8601 strings set from JS; all-day events keep 00:00 UK time of their
-- first and last day.
CREATE TABLE events (
  id                 INTEGER PRIMARY KEY,
  type               TEXT NOT NULL CHECK (type IN ('training', 'workshop', 'briefing', 'webinar', 'drop-in', 'cascade')),
  title              TEXT NOT NULL,
  description_md     TEXT NOT NULL DEFAULT '',
  description_html   TEXT NOT NULL DEFAULT '',
  starts_at          TEXT NOT NULL,
  ends_at            TEXT NOT NULL,
  all_day            INTEGER NOT NULL DEFAULT 0 CHECK (all_day IN (0, 1)),
  place              TEXT NOT NULL DEFAULT '',
  online_url         TEXT NOT NULL DEFAULT '',
  organiser_id       INTEGER NOT NULL REFERENCES users(id),
  department_id      INTEGER REFERENCES departments(id),
  capacity           INTEGER CHECK (capacity IS NULL OR capacity > 0),
  audience           TEXT NOT NULL DEFAULT 'everyone' CHECK (audience IN ('everyone', 'departments', 'roles')),
  booking_opens_at   TEXT,
  booking_closes_at  TEXT,
  requires_approval  INTEGER NOT NULL DEFAULT 0 CHECK (requires_approval IN (0, 1)),
  status             TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'cancelled')),
  -- The skills cascade: a workshop that starts one (cascade_weeks set), and team sessions
  -- created from it (cascade_parent_id).
  cascade_weeks      INTEGER CHECK (cascade_weeks IS NULL OR cascade_weeks > 0),
  cascade_parent_id  INTEGER REFERENCES events(id),
  reminders_sent_at  TEXT,
  cancelled_at       TEXT,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
);
CREATE INDEX events_starts ON events (status, starts_at);
CREATE INDEX events_cascade_parent ON events (cascade_parent_id);

CREATE TABLE event_organisers (
  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  user_id  INTEGER NOT NULL REFERENCES users(id),
  PRIMARY KEY (event_id, user_id)
);

CREATE TABLE event_audience_departments (
  event_id      INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  department_id INTEGER NOT NULL REFERENCES departments(id),
  PRIMARY KEY (event_id, department_id)
);

CREATE TABLE event_audience_roles (
  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  role     TEXT NOT NULL CHECK (role IN ('staff', 'champion', 'manager', 'comms', 'admin')),
  PRIMARY KEY (event_id, role)
);

-- One row per person per event. booked: has a place; waiting: on the waiting list (in
-- created_at order); pending: waiting for the organiser's approval; declined; cancelled.
CREATE TABLE event_bookings (
  id          INTEGER PRIMARY KEY,
  event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  user_id     INTEGER NOT NULL REFERENCES users(id),
  status      TEXT NOT NULL CHECK (status IN ('booked', 'waiting', 'pending', 'declined', 'cancelled')),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  UNIQUE (event_id, user_id)
);
CREATE INDEX event_bookings_user ON event_bookings (user_id, status);

-- The attendance register: who came (booked or walk-in).
CREATE TABLE event_attendance (
  event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  user_id     INTEGER NOT NULL REFERENCES users(id),
  walk_in     INTEGER NOT NULL DEFAULT 0 CHECK (walk_in IN (0, 1)),
  recorded_by INTEGER REFERENCES users(id),
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (event_id, user_id)
);
CREATE INDEX event_attendance_user ON event_attendance (user_id);

-- Feedback after an event: one per attendee. Organisers see ratings and comments without names.
CREATE TABLE event_feedback (
  id         INTEGER PRIMARY KEY,
  event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  rating     INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment    TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  UNIQUE (event_id, user_id)
);

-- The `learning` permission: coordinating events, paths and mentoring, granted by an admin
-- (communications editors and admins have it by role).
CREATE TABLE learning_grants (
  user_id    INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  granted_by INTEGER REFERENCES users(id),
  granted_at TEXT NOT NULL
);
