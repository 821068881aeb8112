-- Laris device database, schema 9: approval codes (the owner approving a void, a refund or
-- kasbon over the limit from their own device, offline). Never edit once shipped.
-- The key is not here: it is in a file beside the database (see laris-core's
-- people/approval_code.rs), so a copy of the database cannot make codes.

-- Every code this till took: a code works once.
CREATE TABLE approval_codes_used (
    code        TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    amount      INTEGER NOT NULL,
    used_at     INTEGER NOT NULL,
    PRIMARY KEY (code, action, subject, amount)
) STRICT, WITHOUT ROWID;

-- Wrong codes in a row on this till (one row): they lock codes out as wrong PINs lock a
-- person, kept across restarts.
CREATE TABLE approval_code_failures (
    singleton     INTEGER PRIMARY KEY CHECK (singleton = 1),
    failures      INTEGER NOT NULL CHECK (failures > 0),
    locked_until  INTEGER NOT NULL
) STRICT;
