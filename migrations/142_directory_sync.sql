-- Directory sync (SCIM 2.0, issue 20, decision 142). The tables came with 140; this adds
-- what the service needs: an account the identity provider deleted (kept, switched off,
-- no longer listed to it), when a token was last used, and who revoked it.
ALTER TABLE people_profiles ADD COLUMN scim_removed INTEGER NOT NULL DEFAULT 0 CHECK (scim_removed IN (0, 1));
ALTER TABLE scim_tokens ADD COLUMN last_used_at TEXT;
ALTER TABLE scim_tokens ADD COLUMN revoked_by INTEGER REFERENCES users(id);
