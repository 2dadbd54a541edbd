-- Decision 221: objects put in the object store by a transaction that then rolled back, whose
-- removal failed at the time (the store did not answer). The hourly sweep removes each one
-- an hour after it was noted, unless a file_blobs row has come to use the same hash.
CREATE TABLE object_store_orphans (
  sha256    TEXT PRIMARY KEY,
  noted_at  TEXT NOT NULL
);
