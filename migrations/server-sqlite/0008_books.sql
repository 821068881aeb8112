-- laris-server on SQLite, schema 8. Never edit once shipped: add 0009_*.sql instead.
--
-- The shop's books (protocol v3): customers (one row per version: the latest stamp wins when
-- read), kasbon entries, shift openings, cash moves and closings, stock counts and audit
-- entries, each kept as sent with the few columns the owner's figures sum. A kasbon sale's
-- part on the customer's account is its own payment column.

CREATE TABLE book_events (
    store_id      BLOB    NOT NULL,
    kind          TEXT    NOT NULL,
    record_key    BLOB    NOT NULL,
    entity_id     BLOB    NOT NULL,
    device_id     BLOB    NOT NULL,
    seq           INTEGER NOT NULL,
    subject_id    BLOB,
    created_at_ms INTEGER NOT NULL,
    amount        INTEGER NOT NULL,
    stamp         TEXT,
    body          BLOB    NOT NULL,
    PRIMARY KEY (store_id, kind, record_key)
) WITHOUT ROWID;
CREATE INDEX book_events_by_subject ON book_events (store_id, kind, subject_id);

ALTER TABLE sales ADD COLUMN paid_kasbon INTEGER NOT NULL DEFAULT 0;
