-- Attachments are part of an item as readers see it (the Documents list, text in search):
-- their changes reach the followers through the change feed (decision 090).
CREATE TRIGGER change_feed_attachments_insert AFTER INSERT ON attachments BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('item', NEW.item_id, 'edit');
END;
CREATE TRIGGER change_feed_attachments_update AFTER UPDATE ON attachments BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('item', NEW.item_id, 'edit');
END;
CREATE TRIGGER change_feed_attachments_delete AFTER DELETE ON attachments BEGIN
  INSERT INTO change_feed (entity, entity_id, change) VALUES ('item', OLD.item_id, 'edit');
END;
-- A version's extracted text arriving (or a version added) changes what search finds.
CREATE TRIGGER change_feed_attachment_versions_insert AFTER INSERT ON attachment_versions BEGIN
  INSERT INTO change_feed (entity, entity_id, change)
  SELECT 'item', item_id, 'edit' FROM attachments WHERE id = NEW.attachment_id;
END;
CREATE TRIGGER change_feed_attachment_versions_update AFTER UPDATE ON attachment_versions BEGIN
  INSERT INTO change_feed (entity, entity_id, change)
  SELECT 'item', item_id, 'edit' FROM attachments WHERE id = NEW.attachment_id;
END;
CREATE TRIGGER change_feed_attachment_versions_delete AFTER DELETE ON attachment_versions BEGIN
  INSERT INTO change_feed (entity, entity_id, change)
  SELECT 'item', item_id, 'edit' FROM attachments WHERE id = OLD.attachment_id;
END;
