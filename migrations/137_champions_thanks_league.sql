-- Thank-you notes and the quarterly department league (issue 19, decision 137).

-- A note from one colleague to another, optionally about a guide (item) or an event the
-- sender could see. The recipient decides whether it shows on their profile.
CREATE TABLE thanks_notes (
  id           INTEGER PRIMARY KEY,
  sender_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  recipient_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  body         TEXT NOT NULL,
  item_id      INTEGER REFERENCES items(id) ON DELETE SET NULL,
  event_id     INTEGER REFERENCES events(id) ON DELETE SET NULL,
  on_profile   TEXT NOT NULL DEFAULT 'undecided' CHECK (on_profile IN ('undecided', 'shown', 'hidden')),
  created_at   TEXT NOT NULL,
  decided_at   TEXT,
  CHECK (sender_id <> recipient_id)
);
CREATE INDEX thanks_notes_recipient ON thanks_notes (recipient_id, on_profile);
CREATE INDEX thanks_notes_sender ON thanks_notes (sender_id);

-- The league: one row per quarter per department, figures as counted then. A quarter that
-- has ended is counted once after its end and never again, so past quarters do not drift
-- (people move department, pages are archived); the current quarter is recounted.
CREATE TABLE league_snapshots (
  quarter                 TEXT NOT NULL,
  department_id           INTEGER NOT NULL REFERENCES departments(id),
  staff                   INTEGER NOT NULL,
  guides_published        INTEGER NOT NULL,
  guides_reviewed_on_time INTEGER NOT NULL,
  requests_answered       INTEGER NOT NULL,
  helpful_ratings         INTEGER NOT NULL,
  training_attendance     INTEGER NOT NULL,
  cascade_reach           INTEGER NOT NULL,
  points                  INTEGER NOT NULL,
  per_100_staff           REAL NOT NULL,
  final                   INTEGER NOT NULL DEFAULT 0 CHECK (final IN (0, 1)),
  computed_at             TEXT NOT NULL,
  PRIMARY KEY (quarter, department_id)
);
