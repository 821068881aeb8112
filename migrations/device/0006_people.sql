-- Laris device database, schema 6: the shop's people and their PINs, who is on duty, the
-- lock-out after wrong PINs, and the audit log of owner-level actions.
-- Never edit once shipped: add 0007_*.sql instead.

-- The owner and the cashiers. A PIN is stored only as its argon2id hash (a PHC string).
-- `stamp` is the HLC of the last change, so the record can merge last-writer-wins once people
-- sync. A person is never deleted (sales and the audit log name them): `active = 0` retires.
CREATE TABLE people (
    id          BLOB    PRIMARY KEY,
    name        TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    role        TEXT    NOT NULL CHECK (role IN ('owner', 'cashier')),
    pin_hash    TEXT    NOT NULL,
    active      INTEGER NOT NULL CHECK (active IN (0, 1)),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    stamp       BLOB    NOT NULL
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX people_by_name ON people(name COLLATE NOCASE);

-- Wrong PINs in a row, per person, on this till. Kept in the database (not in memory) so a
-- restart does not give a guesser a fresh set of tries. Local to the till, never synced.
CREATE TABLE pin_failures (
    person_id     BLOB    PRIMARY KEY REFERENCES people(id),
    failures      INTEGER NOT NULL CHECK (failures > 0),
    last_at       INTEGER NOT NULL,
    locked_until  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Who is on duty at this till now: at most one row. Every sale names them.
CREATE TABLE duty (
    singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
    person_id   BLOB    NOT NULL REFERENCES people(id),
    since       INTEGER NOT NULL
) STRICT;

-- What was done with owner authority (and the security events around it): who, what, when,
-- on which till, why, and the approval used. Append-only: the triggers below refuse any
-- UPDATE or DELETE, whoever asks.
-- `n` orders entries written in the same millisecond (a log-in that ends another's duty).
CREATE TABLE audit_log (
    n           INTEGER PRIMARY KEY,
    id          BLOB    NOT NULL UNIQUE,
    at          INTEGER NOT NULL,
    device_id   BLOB    NOT NULL,
    -- Who did it (the person on duty, or who typed a PIN); NULL before anyone logged in.
    actor_id    BLOB,
    actor_name  TEXT,
    action      TEXT    NOT NULL,
    -- What it was done to (a person, a sale, a product), as its id in text; NULL if none.
    subject     TEXT,
    detail      TEXT    NOT NULL,
    reason      TEXT,
    -- How it was allowed: 'owner_pin' (with approver_id), 'self' for the owner on duty, NULL
    -- for events that need no approval (a lock-out, a login).
    approval    TEXT,
    approver_id BLOB
) STRICT;
CREATE INDEX audit_log_by_time ON audit_log(at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
