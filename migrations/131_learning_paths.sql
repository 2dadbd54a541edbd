-- Learning paths (issue 19, decision 132): an ordered list of steps — a guide to read and
-- confirm, an event of a type to attend, or a task — built by communications editors and
-- champions. Audience is stored like an item's and checked with the items' rule
-- (audienceAdmits). Progress is not stored as ticks: it is read from what people did
-- (guide confirmations below, the events register, the editorial workflow), so it can
-- never disagree with the record. Times are UTC ISO-8601 strings set from JS.
CREATE TABLE learning_paths (
  id               INTEGER PRIMARY KEY,
  title            TEXT NOT NULL,
  description_md   TEXT NOT NULL DEFAULT '',
  description_html TEXT NOT NULL DEFAULT '',
  -- Required: everyone in the audience is on it (no enrolment needed), and managers see
  -- the names of their team members who have not started.
  required         INTEGER NOT NULL DEFAULT 0 CHECK (required IN (0, 1)),
  audience         TEXT NOT NULL DEFAULT 'everyone' CHECK (audience IN ('everyone', 'departments', 'roles')),
  status           TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
  created_by       INTEGER REFERENCES users(id),
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
);

CREATE TABLE learning_path_audience_departments (
  path_id       INTEGER NOT NULL REFERENCES learning_paths(id) ON DELETE CASCADE,
  department_id INTEGER NOT NULL REFERENCES departments(id),
  PRIMARY KEY (path_id, department_id)
);

CREATE TABLE learning_path_audience_roles (
  path_id INTEGER NOT NULL REFERENCES learning_paths(id) ON DELETE CASCADE,
  role    TEXT NOT NULL CHECK (role IN ('staff', 'champion', 'manager', 'comms', 'admin')),
  PRIMARY KEY (path_id, role)
);

-- kind guide: item_id (a guide to read and confirm); event: event_type (attend one of
-- that type); task: task = confirm (the person ticks it), publish-guide (a guide they
-- wrote went live) or guide-reviewed (someone else approved a guide they wrote).
CREATE TABLE learning_path_steps (
  id         INTEGER PRIMARY KEY,
  path_id    INTEGER NOT NULL REFERENCES learning_paths(id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('guide', 'event', 'task')),
  title      TEXT NOT NULL,
  item_id    INTEGER REFERENCES items(id) ON DELETE SET NULL,
  event_type TEXT CHECK (event_type IS NULL OR event_type IN ('training', 'workshop', 'briefing', 'webinar', 'drop-in', 'cascade')),
  task       TEXT CHECK (task IS NULL OR task IN ('confirm', 'publish-guide', 'guide-reviewed')),
  created_at TEXT NOT NULL
);
CREATE INDEX learning_path_steps_path ON learning_path_steps (path_id, position);

-- Who is on an optional path (themselves, or enrolled by their manager).
CREATE TABLE learning_enrolments (
  path_id     INTEGER NOT NULL REFERENCES learning_paths(id) ON DELETE CASCADE,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  enrolled_by INTEGER REFERENCES users(id),
  enrolled_at TEXT NOT NULL,
  PRIMARY KEY (path_id, user_id)
);
CREATE INDEX learning_enrolments_user ON learning_enrolments (user_id);

-- "I have read this guide": a person's confirmation, counted by every path with the guide.
CREATE TABLE learning_guide_confirmations (
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  item_id      INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  confirmed_at TEXT NOT NULL,
  PRIMARY KEY (user_id, item_id)
);

-- A task step the person confirmed themselves (task = confirm).
CREATE TABLE learning_task_confirmations (
  step_id      INTEGER NOT NULL REFERENCES learning_path_steps(id) ON DELETE CASCADE,
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  confirmed_at TEXT NOT NULL,
  PRIMARY KEY (step_id, user_id)
);
