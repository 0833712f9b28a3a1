-- Access control on the command side (schema event_store, next to the events).
--
-- 1. Credentials: secrets that never become events. Each is written in the same transaction as the
--    event that goes with it (a user and its password hash, an API token and its hash), so a refused
--    command leaves no credential behind.
-- 2. Access state: who exists, is disabled, belongs to which team and holds which role, kept by the
--    subscribing event processor 'access-state' in the transaction of the command whose events it
--    follows. Authorization of command endpoints reads it (a disabled user holds nothing). History and
--    point-in-time answers are the query side's read model; these tables hold only the present.

-- ------------------------------------------------------------------------------------- credentials

-- One row per local user. The hash is '{bcrypt-sha256}' + bcrypt(base64(sha256(password))): bcrypt
-- reads only 72 bytes, so the password is first hashed to 44 ASCII characters.
create table user_credential (
    username      text        not null primary key,
    password_hash text        not null,
    changed_at    timestamptz not null
);

-- A sign-in: the family of refresh tokens rotated from one login. Access tokens name it (claim sid);
-- once ended (logout, reuse detected, password change, account disabled) they stop working at once.
create table sign_in_session (
    session_id  uuid        not null primary key,
    username    text        not null,
    created_at  timestamptz not null,
    -- no refresh token of the session lives past this (registry.auth.session-max-age)
    expires_at  timestamptz not null,
    ended_at    timestamptz,
    end_reason  text check (end_reason in ('logout', 'refresh_token_reused', 'password_changed', 'user_disabled'))
);

create index sign_in_session_live_by_user on sign_in_session (username) where ended_at is null;

-- Refresh tokens, by the SHA-256 of the token (the token itself is shown once). A token is used up by
-- its exchange (used_at); presenting it again ends its whole session.
create table refresh_token (
    token_hash  bytea       not null primary key check (length(token_hash) = 32),
    session_id  uuid        not null references sign_in_session (session_id) on delete cascade,
    issued_at   timestamptz not null,
    expires_at  timestamptz not null,
    used_at     timestamptz
);

create index refresh_token_session on refresh_token (session_id);

-- API tokens 'mrt_<token_id>_<secret>': the id is public, the secret is stored as its SHA-256 only.
create table api_token (
    token_id     text        not null primary key check (token_id ~ '^[0-9a-f]{24}$'),
    username     text        not null,
    name         text        not null,
    secret_hash  bytea       not null check (length(secret_hash) = 32),
    created_at   timestamptz not null,
    expires_at   timestamptz,
    revoked_at   timestamptz,
    last_used_at timestamptz
);

create index api_token_username on api_token (username);

-- The RSA keys that sign the access tokens this registry issues. Generated on first start (under an
-- advisory lock, so two instances make one); the private key is PKCS#8 DER and never leaves this table
-- except to sign. Retired keys still verify until every token they signed has expired.
create table signing_key (
    key_id      text        not null primary key,
    private_key bytea       not null,
    public_key  bytea       not null,
    created_at  timestamptz not null,
    retired_at  timestamptz
);

-- ------------------------------------------------------------------------------------- access state

create table access_user (
    username     text        not null primary key,
    display_name text,
    disabled     boolean     not null default false,
    created_at   timestamptz not null
);

create table access_namespace (
    namespace   text        not null primary key,
    description text,
    created_at  timestamptz not null
);

create table access_member (
    namespace text        not null,
    username  text        not null,
    added_at  timestamptz not null,
    primary key (namespace, username)
);

create table access_namespace_grant (
    namespace  text        not null,
    principal  text        not null,
    role       text        not null check (role in ('viewer', 'contributor', 'reviewer', 'deployer', 'admin')),
    granted_at timestamptz not null,
    primary key (principal, namespace, role)
);

create table access_global_grant (
    principal  text        not null,
    role       text        not null check (role in ('auditor', 'admin')),
    granted_at timestamptz not null,
    primary key (principal, role)
);

create index access_global_grant_role on access_global_grant (role);
