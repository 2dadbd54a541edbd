-- The importer looks up which files feed an item (policy folders, archiving removed files).
CREATE INDEX content_files_item ON content_files(item_id);
