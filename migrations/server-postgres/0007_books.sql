-- laris-server on PostgreSQL, schema 7. Never edit once shipped: add 0008_*.sql instead.
--
-- The shop's books (protocol v3): customers (one row per version: the latest stamp wins when
-- read), kasbon entries, shift openings, cash moves and closings, stock counts and audit
-- entries, each kept as sent with the few columns the owner's figures sum. A kasbon sale's
-- part on the customer's account is its own payment column.

CREATE TABLE book_events (
    store_id      UUID    NOT NULL,
    kind          TEXT    NOT NULL,
    record_key    UUID    NOT NULL,
    entity_id     UUID    NOT NULL,
    device_id     UUID    NOT NULL,
    seq           BIGINT  NOT NULL,
    subject_id    UUID,
    created_at_ms BIGINT  NOT NULL,
    amount        BIGINT  NOT NULL,
    stamp         TEXT,
    body          BYTEA   NOT NULL,
    PRIMARY KEY (store_id, kind, record_key)
);
CREATE INDEX book_events_by_subject ON book_events (store_id, kind, subject_id);

ALTER TABLE sales ADD COLUMN paid_kasbon BIGINT NOT NULL DEFAULT 0;
