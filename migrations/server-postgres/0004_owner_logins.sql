-- Owner logins: failed attempts per account for the lock-out with growing delay, kept in the
-- database so that a lock survives a restart and holds across server processes; and
-- revocable owner sessions (logout).

CREATE TABLE owner_logins (
    store_id        uuid   NOT NULL,
    email           text   NOT NULL,
    -- Consecutive failures since the last successful login.
    failures        bigint NOT NULL,
    -- Logins are refused until then (0: not locked).
    locked_until_ms bigint NOT NULL DEFAULT 0,
    last_failure_ms bigint NOT NULL,
    PRIMARY KEY (store_id, email),
    FOREIGN KEY (store_id, email) REFERENCES owners (store_id, email)
);

ALTER TABLE owner_sessions ADD COLUMN revoked_at_ms bigint;
