-- laris-server on SQLite, schema 1. Never edit once shipped: add 0002_*.sql instead.
-- Ids are 16-byte BLOBs (UUIDs), times are Unix milliseconds, money is whole Rupiah.
-- Every table has store_id first in its keys, except the two looked up by what a caller
-- knows before it has a store: owners by email (login) and pairing_codes by the code.

CREATE TABLE stores (
    store_id        BLOB    NOT NULL PRIMARY KEY,
    name            TEXT    NOT NULL,
    -- Changes whenever the data is restored from a backup (see README: rotate after restore).
    epoch           BLOB    NOT NULL,
    -- The store's latest change_seq: the head of its change log.
    last_change_seq INTEGER NOT NULL DEFAULT 0,
    created_at_ms   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE owners (
    store_id      BLOB    NOT NULL REFERENCES stores (store_id),
    email         TEXT    NOT NULL,
    -- argon2id PHC string.
    password_hash TEXT    NOT NULL,
    created_at_ms INTEGER NOT NULL,
    PRIMARY KEY (store_id, email)
) WITHOUT ROWID;
CREATE UNIQUE INDEX owners_by_email ON owners (email);

CREATE TABLE owner_sessions (
    store_id      BLOB    NOT NULL REFERENCES stores (store_id),
    session_id    BLOB    NOT NULL,
    -- SHA-256 of the token's secret part.
    token_hash    BLOB    NOT NULL,
    created_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL,
    PRIMARY KEY (store_id, session_id)
) WITHOUT ROWID;

CREATE TABLE pairing_codes (
    -- SHA-256 of the normalized code.
    code_hash      BLOB    NOT NULL PRIMARY KEY,
    store_id       BLOB    NOT NULL REFERENCES stores (store_id),
    created_at_ms  INTEGER NOT NULL,
    expires_at_ms  INTEGER NOT NULL,
    used_at_ms     INTEGER,
    used_by_device BLOB
) WITHOUT ROWID;
CREATE INDEX pairing_codes_by_store ON pairing_codes (store_id);

CREATE TABLE devices (
    store_id            BLOB    NOT NULL REFERENCES stores (store_id),
    device_id           BLOB    NOT NULL,
    name                TEXT    NOT NULL,
    code                TEXT    NOT NULL,
    -- SHA-256 of the credential's secret part.
    credential_hash     BLOB    NOT NULL,
    paired_at_ms        INTEGER NOT NULL,
    revoked_at_ms       INTEGER,
    -- Every seq up to this one is held (applied, duplicate or quarantined).
    acked_seq           INTEGER NOT NULL DEFAULT 0,
    duplicates_rejected INTEGER NOT NULL DEFAULT 0,
    last_seen_ms        INTEGER,
    PRIMARY KEY (store_id, device_id)
) WITHOUT ROWID;

-- One row per acknowledged seq of a device: what the proof of sync counts.
CREATE TABLE device_events (
    store_id   BLOB    NOT NULL,
    device_id  BLOB    NOT NULL,
    seq        INTEGER NOT NULL,
    kind       TEXT    NOT NULL,
    -- applied | duplicate | quarantined
    outcome    TEXT    NOT NULL,
    -- The sale's total when kind = 'sale' and outcome = 'applied'.
    sale_total INTEGER,
    PRIMARY KEY (store_id, device_id, seq)
) WITHOUT ROWID;

CREATE TABLE quarantine (
    store_id       BLOB    NOT NULL,
    device_id      BLOB    NOT NULL,
    seq            INTEGER NOT NULL,
    kind           TEXT,
    code           TEXT    NOT NULL,
    message        TEXT    NOT NULL,
    -- The event as received: postcard or JSON (raw_format).
    raw            BLOB    NOT NULL,
    raw_format     TEXT    NOT NULL,
    received_at_ms INTEGER NOT NULL,
    PRIMARY KEY (store_id, device_id, seq)
) WITHOUT ROWID;

-- The store's change log: what devices pull, in change_seq order.
CREATE TABLE changes (
    store_id      BLOB    NOT NULL,
    change_seq    INTEGER NOT NULL,
    origin_device BLOB    NOT NULL,
    origin_seq    INTEGER NOT NULL,
    kind          TEXT    NOT NULL,
    entity_id     BLOB    NOT NULL,
    -- postcard of the v1 EventBody (a product change carries the merged product).
    body          BLOB    NOT NULL,
    PRIMARY KEY (store_id, change_seq)
) WITHOUT ROWID;

CREATE TABLE sales (
    store_id      BLOB    NOT NULL,
    sale_id       BLOB    NOT NULL,
    device_id     BLOB    NOT NULL,
    seq           INTEGER NOT NULL,
    receipt_no    TEXT    NOT NULL,
    created_at_ms INTEGER NOT NULL,
    gross         INTEGER NOT NULL,
    discount      INTEGER NOT NULL,
    tax           INTEGER NOT NULL,
    total         INTEGER NOT NULL,
    cost          INTEGER NOT NULL,
    paid_cash     INTEGER NOT NULL,
    paid_qris     INTEGER NOT NULL,
    paid_transfer INTEGER NOT NULL,
    line_count    INTEGER NOT NULL,
    PRIMARY KEY (store_id, sale_id)
) WITHOUT ROWID;
-- For refusing an id another store already holds.
CREATE INDEX sales_by_id ON sales (sale_id);
CREATE INDEX sales_by_time ON sales (store_id, created_at_ms);

CREATE TABLE stock_movements (
    store_id      BLOB    NOT NULL,
    movement_id   BLOB    NOT NULL,
    product_id    BLOB    NOT NULL,
    device_id     BLOB    NOT NULL,
    -- sale | restock | adjustment
    kind          TEXT    NOT NULL,
    qty_milli     INTEGER NOT NULL,
    sale_id       BLOB,
    reason        TEXT,
    created_at_ms INTEGER NOT NULL,
    PRIMARY KEY (store_id, movement_id)
) WITHOUT ROWID;
-- For refusing an id another store holds: hand-made movements only (a sale's movements have
-- ids derived from the sale's, which is checked itself).
CREATE INDEX stock_movements_by_id ON stock_movements (movement_id) WHERE sale_id IS NULL;

CREATE TABLE products (
    store_id      BLOB    NOT NULL,
    product_id    BLOB    NOT NULL,
    -- postcard of the merged v1 ProductV1.
    body          BLOB    NOT NULL,
    updated_at_ms INTEGER NOT NULL,
    PRIMARY KEY (store_id, product_id)
) WITHOUT ROWID;
CREATE INDEX products_by_id ON products (product_id);
