-- Reading settings (issue 18, decision 122): larger text, wider spacing, high contrast and
-- reduced motion, chosen on /me/reading without JavaScript. Remembered here for a signed-in
-- person on their own browser; on a shared device they live in a cookie until "Done".
CREATE TABLE reading_settings (
  user_id     INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  text_size   TEXT NOT NULL DEFAULT 'standard' CHECK (text_size IN ('standard', 'large', 'larger')),
  spacing     TEXT NOT NULL DEFAULT 'standard' CHECK (spacing IN ('standard', 'wide')),
  contrast    TEXT NOT NULL DEFAULT 'standard' CHECK (contrast IN ('standard', 'high')),
  motion      TEXT NOT NULL DEFAULT 'standard' CHECK (motion IN ('standard', 'reduce')),
  updated_at  TEXT NOT NULL
);
