-- People generated for the demo council's activity history (decision 087). With DEMO=true
-- on an empty database, start-up fills the demo's departments to about 2,000 staff so that
-- confirmations, ratings, votes and questions come from a population of a council's size.
-- They are not real people. They cannot sign in (no password, no provider link, an address
-- under the reserved .invalid domain) and are never sent email: the outbox refuses them.
ALTER TABLE users ADD COLUMN generated INTEGER NOT NULL DEFAULT 0 CHECK (generated IN (0, 1));
