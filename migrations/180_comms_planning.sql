-- The communications team's planning desk (decision 180): requests from services for public
-- communications, and the register of the council's official public accounts. Portable SQL:
-- timestamps are ISO-8601 text written by the application.

-- A service asks the comms team for a press release, a social-media post, a web update or an
-- internal campaign. The requester sees the status and the conversation; nothing is posted to
-- any outside service by the intranet.
CREATE TABLE comms_requests (
  id                     INTEGER PRIMARY KEY,
  kind                   TEXT NOT NULL CHECK (kind IN ('press-release', 'social-media', 'web-update', 'internal-campaign')),
  title                  TEXT NOT NULL,
  what_and_why           TEXT NOT NULL,
  audience               TEXT NOT NULL,
  key_dates              TEXT NOT NULL DEFAULT '',
  service_approver       TEXT NOT NULL,
  links                  TEXT NOT NULL DEFAULT '',
  involves_councillors   INTEGER NOT NULL DEFAULT 0 CHECK (involves_councillors IN (0, 1)),
  involves_personal_data INTEGER NOT NULL DEFAULT 0 CHECK (involves_personal_data IN (0, 1)),
  involves_consultation  INTEGER NOT NULL DEFAULT 0 CHECK (involves_consultation IN (0, 1)),
  department_id          INTEGER REFERENCES departments(id) ON DELETE SET NULL,
  requester_id           INTEGER REFERENCES users(id) ON DELETE SET NULL,
  assignee_id            INTEGER REFERENCES users(id) ON DELETE SET NULL,
  status                 TEXT NOT NULL DEFAULT 'new'
                         CHECK (status IN ('new', 'in-progress', 'waiting', 'scheduled', 'done', 'declined')),
  scheduled_for          TEXT,
  decline_reason         TEXT NOT NULL DEFAULT '',
  created_at             TEXT NOT NULL,
  updated_at             TEXT NOT NULL
);
CREATE INDEX comms_requests_status ON comms_requests(status, created_at);
CREATE INDEX comms_requests_requester ON comms_requests(requester_id);

-- The conversation on a request: messages, status changes, and drafts shared back for the
-- service's approval (approval: pending → approved / changes).
CREATE TABLE comms_request_messages (
  id         INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL REFERENCES comms_requests(id) ON DELETE CASCADE,
  author_id  INTEGER REFERENCES users(id) ON DELETE SET NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('message', 'status', 'draft', 'approval')),
  body       TEXT NOT NULL DEFAULT '',
  status     TEXT,
  approval   TEXT CHECK (approval IS NULL OR approval IN ('pending', 'approved', 'changes')),
  created_at TEXT NOT NULL
);
CREATE INDEX comms_request_messages_request ON comms_request_messages(request_id, id);

-- The council's official public accounts and who holds them.
CREATE TABLE public_accounts (
  id               INTEGER PRIMARY KEY,
  platform         TEXT NOT NULL,
  handle           TEXT NOT NULL,
  address          TEXT NOT NULL DEFAULT '',
  department_id    INTEGER REFERENCES departments(id) ON DELETE SET NULL,
  holder1_id       INTEGER REFERENCES users(id) ON DELETE SET NULL,
  holder2_id       INTEGER REFERENCES users(id) ON DELETE SET NULL,
  two_factor       INTEGER NOT NULL DEFAULT 0 CHECK (two_factor IN (0, 1)),
  last_reviewed_on TEXT,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  UNIQUE (platform, handle)
);
