-- People search follows these rows (decision 140). SQLite triggers; PostgreSQL has its twin.
-- A change to a person or to their profile, expertise, languages or photo means: re-read them.
CREATE TRIGGER people_changes_users_insert AFTER INSERT ON users BEGIN
  INSERT INTO people_changes (user_id) VALUES (NEW.id);
END;
CREATE TRIGGER people_changes_users_update AFTER UPDATE ON users BEGIN
  INSERT INTO people_changes (user_id) VALUES (NEW.id);
END;
CREATE TRIGGER people_changes_users_delete AFTER DELETE ON users BEGIN
  INSERT INTO people_changes (user_id) VALUES (OLD.id);
END;
CREATE TRIGGER people_changes_people_profiles_insert AFTER INSERT ON people_profiles BEGIN
  INSERT INTO people_changes (user_id) VALUES (NEW.user_id);
END;
CREATE TRIGGER people_changes_people_profiles_update AFTER UPDATE ON people_profiles BEGIN
  INSERT INTO people_changes (user_id) VALUES (NEW.user_id);
END;
CREATE TRIGGER people_changes_people_profiles_delete AFTER DELETE ON people_profiles BEGIN
  INSERT INTO people_changes (user_id) VALUES (OLD.user_id);
END;
CREATE TRIGGER people_changes_people_expertise_insert AFTER INSERT ON people_expertise BEGIN
  INSERT INTO people_changes (user_id) VALUES (NEW.user_id);
END;
CREATE TRIGGER people_changes_people_expertise_update AFTER UPDATE ON people_expertise BEGIN
  INSERT INTO people_changes (user_id) VALUES (NEW.user_id);
END;
CREATE TRIGGER people_changes_people_expertise_delete AFTER DELETE ON people_expertise BEGIN
  INSERT INTO people_changes (user_id) VALUES (OLD.user_id);
END;
CREATE TRIGGER people_changes_people_languages_insert AFTER INSERT ON people_languages BEGIN
  INSERT INTO people_changes (user_id) VALUES (NEW.user_id);
END;
CREATE TRIGGER people_changes_people_languages_update AFTER UPDATE ON people_languages BEGIN
  INSERT INTO people_changes (user_id) VALUES (NEW.user_id);
END;
CREATE TRIGGER people_changes_people_languages_delete AFTER DELETE ON people_languages BEGIN
  INSERT INTO people_changes (user_id) VALUES (OLD.user_id);
END;
CREATE TRIGGER people_changes_people_photos_insert AFTER INSERT ON people_photos BEGIN
  INSERT INTO people_changes (user_id) VALUES (NEW.user_id);
END;
CREATE TRIGGER people_changes_people_photos_update AFTER UPDATE ON people_photos BEGIN
  INSERT INTO people_changes (user_id) VALUES (NEW.user_id);
END;
CREATE TRIGGER people_changes_people_photos_delete AFTER DELETE ON people_photos BEGIN
  INSERT INTO people_changes (user_id) VALUES (OLD.user_id);
END;
CREATE TRIGGER people_changes_people_teams_update AFTER UPDATE ON people_teams BEGIN
  INSERT INTO people_changes (user_id) SELECT user_id FROM people_profiles WHERE team_id = NEW.id;
END;
CREATE TRIGGER people_changes_departments_update AFTER UPDATE ON departments BEGIN
  INSERT INTO people_changes (user_id) SELECT id FROM users WHERE department_id = NEW.id AND OLD.name <> NEW.name;
END;
