-- The durable change feed (decision 090). Every write that changes what readers see
-- appends a row here IN ITS OWN TRANSACTION, by the triggers below: no command can
-- forget it, and a command-line import in another process writes it the same way.
-- Followers (search index, delivery) read the rows after their own stored cursor.
CREATE TABLE change_feed (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,   -- AUTOINCREMENT: ids are never reused after pruning
  entity     TEXT NOT NULL CHECK (entity IN ('item', 'department', 'channel', 'glossary')),
  entity_id  INTEGER NOT NULL,
  change     TEXT NOT NULL,                       -- create | publish | withdraw | edit | delete
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX change_feed_created ON change_feed(created_at);

-- Where each follower has got to: the id of the last row it has fully handled.
CREATE TABLE change_feed_cursors (
  follower   TEXT PRIMARY KEY,
  position   INTEGER NOT NULL,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Items: the change says whether the item went live, left live, or changed otherwise.
CREATE TRIGGER change_feed_items_insert AFTER INSERT ON items BEGIN
  INSERT INTO change_feed (entity, entity_id, change)
  VALUES ('item', NEW.id, CASE WHEN NEW.status = 'published' THEN 'publish' ELSE 'create' END);
END;
CREATE TRIGGER change_feed_items_update AFTER UPDATE ON items BEGIN
  INSERT INTO change_feed (entity, entity_id, change)
  VALUES ('item', NEW.id, CASE
    WHEN NEW.status = 'published' AND OLD.status <> 'published' THEN 'publish'
    WHEN OLD.status = 'published' AND NEW.status <> 'published' THEN 'withdraw'
    ELSE 'edit' END);
END;
CREATE TRIGGER change_feed_items_delete AFTER DELETE ON items BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('item', OLD.id, 'delete');
END;

-- What an item is linked to (audience, targets, channels, tags, related pages, policy
-- versions) is part of the item as readers see it.
CREATE TRIGGER change_feed_item_target_departments_insert AFTER INSERT ON item_target_departments BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('item', NEW.item_id, 'edit');
END;
CREATE TRIGGER change_feed_item_target_departments_update AFTER UPDATE ON item_target_departments BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('item', NEW.item_id, 'edit');
END;
CREATE TRIGGER change_feed_item_target_departments_delete AFTER DELETE ON item_target_departments BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('item', OLD.item_id, 'edit');
END;
CREATE TRIGGER change_feed_item_channels_insert AFTER INSERT ON item_channels BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('item', NEW.item_id, 'edit');
END;
CREATE TRIGGER change_feed_item_channels_update AFTER UPDATE ON item_channels BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('item', NEW.item_id, 'edit');
END;
CREATE TRIGGER change_feed_item_channels_delete AFTER DELETE ON item_channels BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('item', OLD.item_id, 'edit');
END;
CREATE TRIGGER change_feed_item_audience_departments_insert AFTER INSERT ON item_audience_departments BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('item', NEW.item_id, 'edit');
END;
CREATE TRIGGER change_feed_item_audience_departments_update AFTER UPDATE ON item_audience_departments BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('item', NEW.item_id, 'edit');
END;
CREATE TRIGGER change_feed_item_audience_departments_delete AFTER DELETE ON item_audience_departments BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('item', OLD.item_id, 'edit');
END;
CREATE TRIGGER change_feed_item_audience_roles_insert AFTER INSERT ON item_audience_roles BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('item', NEW.item_id, 'edit');
END;
CREATE TRIGGER change_feed_item_audience_roles_update AFTER UPDATE ON item_audience_roles BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('item', NEW.item_id, 'edit');
END;
CREATE TRIGGER change_feed_item_audience_roles_delete AFTER DELETE ON item_audience_roles BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('item', OLD.item_id, 'edit');
END;
CREATE TRIGGER change_feed_item_tags_insert AFTER INSERT ON item_tags BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('item', NEW.item_id, 'edit');
END;
CREATE TRIGGER change_feed_item_tags_update AFTER UPDATE ON item_tags BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('item', NEW.item_id, 'edit');
END;
CREATE TRIGGER change_feed_item_tags_delete AFTER DELETE ON item_tags BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('item', OLD.item_id, 'edit');
END;
CREATE TRIGGER change_feed_item_related_insert AFTER INSERT ON item_related BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('item', NEW.item_id, 'edit');
END;
CREATE TRIGGER change_feed_item_related_update AFTER UPDATE ON item_related BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('item', NEW.item_id, 'edit');
END;
CREATE TRIGGER change_feed_item_related_delete AFTER DELETE ON item_related BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('item', OLD.item_id, 'edit');
END;
CREATE TRIGGER change_feed_policy_versions_insert AFTER INSERT ON policy_versions BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('item', NEW.item_id, 'edit');
END;
CREATE TRIGGER change_feed_policy_versions_update AFTER UPDATE ON policy_versions BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('item', NEW.item_id, 'edit');
END;
CREATE TRIGGER change_feed_policy_versions_delete AFTER DELETE ON policy_versions BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('item', OLD.item_id, 'edit');
END;

-- A revision's text changes readers' view only when it is an item's current revision
-- (a re-render after the renderer changed); new revisions reach readers through items.
CREATE TRIGGER change_feed_revisions_update AFTER UPDATE ON revisions BEGIN
  INSERT INTO change_feed (entity, entity_id, change)
  SELECT 'item', i.id, 'edit' FROM items i WHERE i.current_revision_id = NEW.id;
END;

-- Organisation units and the glossary: names and descriptions appear on every item page,
-- in search facets and in query expansion.
CREATE TRIGGER change_feed_departments_insert AFTER INSERT ON departments BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('department', NEW.id, 'create');
END;
CREATE TRIGGER change_feed_departments_update AFTER UPDATE ON departments BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('department', NEW.id, 'edit');
END;
CREATE TRIGGER change_feed_departments_delete AFTER DELETE ON departments BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('department', OLD.id, 'delete');
END;
CREATE TRIGGER change_feed_channels_insert AFTER INSERT ON channels BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('channel', NEW.id, 'create');
END;
CREATE TRIGGER change_feed_channels_update AFTER UPDATE ON channels BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('channel', NEW.id, 'edit');
END;
CREATE TRIGGER change_feed_channels_delete AFTER DELETE ON channels BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('channel', OLD.id, 'delete');
END;
CREATE TRIGGER change_feed_glossary_terms_insert AFTER INSERT ON glossary_terms BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('glossary', NEW.id, 'create');
END;
CREATE TRIGGER change_feed_glossary_terms_update AFTER UPDATE ON glossary_terms BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('glossary', NEW.id, 'edit');
END;
CREATE TRIGGER change_feed_glossary_terms_delete AFTER DELETE ON glossary_terms BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('glossary', OLD.id, 'delete');
END;

-- The separate log of changes made outside the server is replaced by the feed.
DROP TABLE content_change_log;
