-- Decision 275: must-read announcements found through this index when a person's things to
-- read and confirm are listed (every home page), instead of by walking every published
-- announcement for the few that ask to be confirmed.
CREATE INDEX items_must_read ON items(type, must_read, status);
