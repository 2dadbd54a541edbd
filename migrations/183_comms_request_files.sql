-- Issue 24: files attached to a request for public communications (a draft leaflet, a photo,
-- a briefing note). The bytes are kept once per content hash in file_blobs (decision 150).
CREATE TABLE comms_request_files (
  id          INTEGER PRIMARY KEY,
  request_id  INTEGER NOT NULL REFERENCES comms_requests(id) ON DELETE CASCADE,
  blob_id     INTEGER NOT NULL REFERENCES file_blobs(id),
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL,
  size        INTEGER NOT NULL CHECK (size >= 0),
  uploaded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  uploaded_at TEXT NOT NULL
);
CREATE INDEX comms_request_files_request ON comms_request_files(request_id);
