-- Owner logins: failed attempts per account for the lock-out with growing delay, kept in the
-- database so that a lock survives a restart; and revocable owner sessions (logout).

CREATE TABLE owner_logins (
    store_id        BLOB    NOT NULL,
    email           TEXT    NOT NULL,
    -- Consecutive failures since the last successful login.
    failures        INTEGER NOT NULL,
    -- Logins are refused until then (0: not locked).
    locked_until_ms INTEGER NOT NULL DEFAULT 0,
    last_failure_ms INTEGER NOT NULL,
    PRIMARY KEY (store_id, email),
    FOREIGN KEY (store_id, email) REFERENCES owners (store_id, email)
) WITHOUT ROWID;

ALTER TABLE owner_sessions ADD COLUMN revoked_at_ms INTEGER;
