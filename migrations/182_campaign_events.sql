-- Issue 24: events (training, briefings, cascade sessions) belong to campaigns as items do, so
-- targets can count sign-ups and attendance.
CREATE TABLE campaign_events (
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  added_at    TEXT NOT NULL,
  PRIMARY KEY (campaign_id, event_id)
);
CREATE INDEX campaign_events_event ON campaign_events(event_id);
