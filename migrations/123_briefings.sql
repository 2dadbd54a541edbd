-- Briefed in person (issue 18, decision 123): a supervisor records that named members of
-- their team were briefed on a must-read item (or the material policy version `version`)
-- face to face. Completion counts "confirmed online" and "briefed in person" separately
-- and together; reminders skip people already briefed.
CREATE TABLE briefings (
  id           INTEGER PRIMARY KEY,
  item_id      INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  version      INTEGER NOT NULL DEFAULT 0,
  briefed_on   TEXT NOT NULL,
  place        TEXT NOT NULL,
  led_by       TEXT NOT NULL,
  recorded_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
  recorded_at  TEXT NOT NULL
);
CREATE INDEX briefings_item ON briefings(item_id);
CREATE TABLE briefing_attendees (
  briefing_id  INTEGER NOT NULL REFERENCES briefings(id) ON DELETE CASCADE,
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (briefing_id, user_id)
);
CREATE INDEX briefing_attendees_user ON briefing_attendees(user_id);
