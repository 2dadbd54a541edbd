-- Where a file's bytes are (issue 21, decision 155): 'database' (in file_blobs.bytes, as
-- before) or 'object-store' (an S3-compatible bucket, key <S3_PREFIX><sha256>; bytes is then
-- empty). Rows stored before keep 'database'.
ALTER TABLE file_blobs ADD COLUMN stored_in TEXT NOT NULL DEFAULT 'database' CHECK (stored_in IN ('database', 'object-store'));
