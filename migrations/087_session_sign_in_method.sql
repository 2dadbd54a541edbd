-- How a session was signed in ("password" or "oidc"), so signing out of a session that
-- came from the council's identity provider can end the provider's session too
-- (OIDC_SIGN_OUT_AT_PROVIDER).
ALTER TABLE sessions ADD COLUMN sign_in_method TEXT NOT NULL DEFAULT 'password';
