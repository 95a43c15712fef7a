-- Sign-in through an OpenID Connect provider, and invitations by email.

-- An account signed in through the provider is found by the issuer and
-- subject of its ID token, never again by email: an email address can
-- change hands at the provider, a subject cannot. '' until linked.
ALTER TABLE users ADD COLUMN oidc_issuer TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN oidc_subject TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX users_oidc ON users (oidc_issuer, oidc_subject) WHERE oidc_subject <> '';

-- A sign-in on its way through the provider: the state (stored hashed)
-- names it, the nonce must come back in the ID token and the PKCE
-- verifier goes with the code. Deleted when the provider sends the
-- browser back; an abandoned one lies until expires_at, then is purged.
CREATE TABLE oidc_logins (
	state_hash TEXT   PRIMARY KEY,
	nonce      TEXT   NOT NULL,
	verifier   TEXT   NOT NULL,
	next       TEXT   NOT NULL DEFAULT '',
	expires_at BIGINT NOT NULL
);
CREATE INDEX oidc_logins_expires ON oidc_logins (expires_at);

-- An administrator's invitation to one email address, with the role
-- (and organisation and network) the account will get. The token is
-- stored hashed; accepting deletes the row, so it works once; a new
-- invitation to the same address replaces the old. Expired rows are
-- purged.
CREATE TABLE invitations (
	token_hash TEXT   PRIMARY KEY,
	email      TEXT   NOT NULL,
	role       TEXT   NOT NULL,
	org_code   TEXT   NOT NULL DEFAULT '',
	network_id BIGINT NOT NULL DEFAULT 0,
	invited_by TEXT   NOT NULL,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL
);
CREATE INDEX invitations_email ON invitations (email);
CREATE INDEX invitations_expires ON invitations (expires_at);
