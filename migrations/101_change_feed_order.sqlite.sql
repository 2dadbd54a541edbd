-- Nothing to do on SQLite: one writer at a time, so change_feed ids are already taken in
-- commit order. The PostgreSQL twin (101_change_feed_order.postgres.sql) makes them so there.
SELECT 1;
