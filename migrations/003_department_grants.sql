-- Extra departments a person may work in beyond their home department (a manager posting
-- to several services; a champion for two services), and whether they may publish there
-- without review (granted by an admin).
CREATE TABLE department_grants (
  user_id               INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  department_id         INTEGER NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
  can_publish_unreviewed INTEGER NOT NULL DEFAULT 0 CHECK (can_publish_unreviewed IN (0, 1)),
  granted_by            INTEGER REFERENCES users(id),
  granted_at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (user_id, department_id)
);
