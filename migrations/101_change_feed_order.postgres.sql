-- Change-feed ids in commit order on PostgreSQL (decision 100; the feed is decision 090).
-- Followers read "rows after my cursor", so an id must never become visible after a larger
-- one: with several instances writing at once, a sequence alone hands out 10 to one
-- transaction and 11 to another that commits first. Every transaction that writes the feed
-- takes one transaction-scoped advisory lock before its first row takes an id, and holds it
-- to its commit, so ids are taken in commit order (a deadlock is re-run by the data layer).
CREATE OR REPLACE FUNCTION change_feed_in_order() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_advisory_xact_lock(764102);
  NEW.id := nextval(pg_get_serial_sequence('change_feed', 'id'));
  RETURN NEW;
END
$fn$;
CREATE TRIGGER change_feed_in_order BEFORE INSERT ON change_feed FOR EACH ROW EXECUTE FUNCTION change_feed_in_order();

-- "Look now" to every instance (LISTEN change_feed): delivered at commit, once per
-- transaction however many rows it wrote. Polling stays the safety net.
CREATE OR REPLACE FUNCTION change_feed_notify() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_notify('change_feed', '');
  RETURN NULL;
END
$fn$;
CREATE TRIGGER change_feed_notify AFTER INSERT ON change_feed FOR EACH STATEMENT EXECUTE FUNCTION change_feed_notify();
