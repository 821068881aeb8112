-- laris-server on PostgreSQL, schema 1. Never edit once shipped: add 0002_*.sql instead.
-- Times are Unix milliseconds, money is whole Rupiah. Every table has store_id first in its
-- keys, so a Postgres-compatible distributed engine can shard by store; the exceptions are
-- the two looked up by what a caller knows before it has a store: owners by email (login)
-- and pairing_codes by the code (small tables: keep them as reference tables there).

CREATE TABLE stores (
    store_id        uuid   NOT NULL PRIMARY KEY,
    name            text   NOT NULL,
    -- Changes whenever the data is restored from a backup (see README: rotate after restore).
    epoch           uuid   NOT NULL,
    -- The store's latest change_seq. A push takes this row's lock to allocate its
    -- change_seqs and holds it until commit, so change_seqs commit in order per store.
    last_change_seq bigint NOT NULL DEFAULT 0,
    created_at_ms   bigint NOT NULL
);

CREATE TABLE owners (
    store_id      uuid   NOT NULL REFERENCES stores (store_id),
    email         text   NOT NULL,
    -- argon2id PHC string.
    password_hash text   NOT NULL,
    created_at_ms bigint NOT NULL,
    PRIMARY KEY (store_id, email)
);
CREATE UNIQUE INDEX owners_by_email ON owners (email);

CREATE TABLE owner_sessions (
    store_id      uuid   NOT NULL REFERENCES stores (store_id),
    session_id    uuid   NOT NULL,
    -- SHA-256 of the token's secret part.
    token_hash    bytea  NOT NULL,
    created_at_ms bigint NOT NULL,
    expires_at_ms bigint NOT NULL,
    PRIMARY KEY (store_id, session_id)
);

CREATE TABLE pairing_codes (
    -- SHA-256 of the normalized code.
    code_hash      bytea  NOT NULL PRIMARY KEY,
    store_id       uuid   NOT NULL REFERENCES stores (store_id),
    created_at_ms  bigint NOT NULL,
    expires_at_ms  bigint NOT NULL,
    used_at_ms     bigint,
    used_by_device uuid
);
CREATE INDEX pairing_codes_by_store ON pairing_codes (store_id);

CREATE TABLE devices (
    store_id            uuid   NOT NULL REFERENCES stores (store_id),
    device_id           uuid   NOT NULL,
    name                text   NOT NULL,
    code                text   NOT NULL,
    -- SHA-256 of the credential's secret part.
    credential_hash     bytea  NOT NULL,
    paired_at_ms        bigint NOT NULL,
    revoked_at_ms       bigint,
    -- Every seq up to this one is held (applied, duplicate or quarantined).
    acked_seq           bigint NOT NULL DEFAULT 0,
    duplicates_rejected bigint NOT NULL DEFAULT 0,
    last_seen_ms        bigint,
    PRIMARY KEY (store_id, device_id)
);

-- One row per acknowledged seq of a device: what the proof of sync counts.
CREATE TABLE device_events (
    store_id   uuid   NOT NULL,
    device_id  uuid   NOT NULL,
    seq        bigint NOT NULL,
    kind       text   NOT NULL,
    -- applied | duplicate | quarantined
    outcome    text   NOT NULL,
    -- The sale's total when kind = 'sale' and outcome = 'applied'.
    sale_total bigint,
    PRIMARY KEY (store_id, device_id, seq)
);

CREATE TABLE quarantine (
    store_id       uuid   NOT NULL,
    device_id      uuid   NOT NULL,
    seq            bigint NOT NULL,
    kind           text,
    code           text   NOT NULL,
    message        text   NOT NULL,
    -- The event as received: postcard or JSON (raw_format).
    raw            bytea  NOT NULL,
    raw_format     text   NOT NULL,
    received_at_ms bigint NOT NULL,
    PRIMARY KEY (store_id, device_id, seq)
);

-- The store's change log: what devices pull, in change_seq order.
CREATE TABLE changes (
    store_id      uuid   NOT NULL,
    change_seq    bigint NOT NULL,
    origin_device uuid   NOT NULL,
    origin_seq    bigint NOT NULL,
    kind          text   NOT NULL,
    entity_id     uuid   NOT NULL,
    -- postcard of the v1 EventBody (a product change carries the merged product).
    body          bytea  NOT NULL,
    PRIMARY KEY (store_id, change_seq)
);

CREATE TABLE sales (
    store_id      uuid   NOT NULL,
    sale_id       uuid   NOT NULL,
    device_id     uuid   NOT NULL,
    seq           bigint NOT NULL,
    receipt_no    text   NOT NULL,
    created_at_ms bigint NOT NULL,
    gross         bigint NOT NULL,
    discount      bigint NOT NULL,
    tax           bigint NOT NULL,
    total         bigint NOT NULL,
    cost          bigint NOT NULL,
    paid_cash     bigint NOT NULL,
    paid_qris     bigint NOT NULL,
    paid_transfer bigint NOT NULL,
    line_count    bigint NOT NULL,
    PRIMARY KEY (store_id, sale_id)
);
-- For refusing an id another store already holds.
CREATE INDEX sales_by_id ON sales (sale_id);
CREATE INDEX sales_by_time ON sales (store_id, created_at_ms);

CREATE TABLE stock_movements (
    store_id      uuid   NOT NULL,
    movement_id   uuid   NOT NULL,
    product_id    uuid   NOT NULL,
    device_id     uuid   NOT NULL,
    -- sale | restock | adjustment
    kind          text   NOT NULL,
    qty_milli     bigint NOT NULL,
    sale_id       uuid,
    reason        text,
    created_at_ms bigint NOT NULL,
    PRIMARY KEY (store_id, movement_id)
);
-- For refusing an id another store holds: hand-made movements only (a sale's movements have
-- ids derived from the sale's, which is checked itself).
CREATE INDEX stock_movements_by_id ON stock_movements (movement_id) WHERE sale_id IS NULL;

CREATE TABLE products (
    store_id      uuid   NOT NULL,
    product_id    uuid   NOT NULL,
    -- postcard of the merged v1 ProductV1.
    body          bytea  NOT NULL,
    updated_at_ms bigint NOT NULL,
    PRIMARY KEY (store_id, product_id)
);
CREATE INDEX products_by_id ON products (product_id);
