-- OpenID Connect: people are linked to their identity provider account by issuer + subject
-- (not by email, which can change); a flow row holds the state, nonce and PKCE verifier
-- between sending someone to the provider and their return.
ALTER TABLE users ADD COLUMN oidc_subject TEXT;
ALTER TABLE users ADD COLUMN last_sign_in_at TEXT;
CREATE UNIQUE INDEX users_oidc_subject ON users(oidc_subject) WHERE oidc_subject IS NOT NULL;

CREATE TABLE oidc_flows (
  id            TEXT PRIMARY KEY,   -- SHA-256 of the random value in the browser's flow cookie
  state         TEXT NOT NULL,
  nonce         TEXT NOT NULL,
  code_verifier TEXT NOT NULL,
  redirect_to   TEXT NOT NULL DEFAULT '/',
  created_at    TEXT NOT NULL,
  expires_at    TEXT NOT NULL
);
CREATE INDEX oidc_flows_expires ON oidc_flows(expires_at);
