-- Departments are archived, never deleted: items, people and history keep pointing at them.
ALTER TABLE departments ADD COLUMN archived_at TEXT;
