-- Laris device database, schema 1.
-- Ids that sync are UUIDv7 stored as 16-byte BLOBs. Money is whole Rupiah (INTEGER), quantities
-- are integer milli-units, times are Unix milliseconds (UTC).

-- Who this device is. Exactly one row once the shop is initialised.
CREATE TABLE device (
    singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
    device_id   BLOB    NOT NULL,
    code        TEXT    NOT NULL CHECK (length(code) BETWEEN 1 AND 8),
    created_at  INTEGER NOT NULL
) STRICT;

-- Shop settings (name, time zone, tax, rounding, ...), validated by laris-core.
CREATE TABLE settings (
    key         TEXT    PRIMARY KEY,
    value       TEXT    NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE categories (
    id          BLOB    PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    created_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- `pid` is a local row number (stable: an INTEGER PRIMARY KEY survives VACUUM) that the search
-- index points at; `id` is the product's identity everywhere else.
CREATE TABLE products (
    pid             INTEGER PRIMARY KEY,
    id              BLOB    NOT NULL UNIQUE,
    sku             TEXT    NOT NULL UNIQUE,
    name            TEXT    NOT NULL CHECK (length(name) > 0),
    category_id     BLOB    REFERENCES categories(id),
    unit            TEXT    NOT NULL,
    price           INTEGER NOT NULL CHECK (price >= 0),
    cost            INTEGER NOT NULL CHECK (cost >= 0),
    sold_by_weight  INTEGER NOT NULL CHECK (sold_by_weight IN (0, 1)),
    track_stock     INTEGER NOT NULL CHECK (track_stock IN (0, 1)),
    min_stock       INTEGER NOT NULL DEFAULT 0,
    active          INTEGER NOT NULL CHECK (active IN (0, 1)),
    -- How many sale lines named this product: ranks frequent sellers first in search.
    sold_count      INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;

CREATE TABLE barcodes (
    code        TEXT    PRIMARY KEY,
    product_id  BLOB    NOT NULL REFERENCES products(id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
CREATE INDEX barcodes_by_product ON barcodes(product_id);

-- Name search: case- and accent-insensitive, prefix queries on any word.
CREATE VIRTUAL TABLE product_search USING fts5(
    name,
    tokenize = "unicode61 remove_diacritics 2",
    prefix = '1 2 3',
    content = 'products',
    content_rowid = 'pid'
);
CREATE TRIGGER products_search_insert AFTER INSERT ON products BEGIN
    INSERT INTO product_search(rowid, name) VALUES (new.pid, new.name);
END;
CREATE TRIGGER products_search_delete AFTER DELETE ON products BEGIN
    INSERT INTO product_search(product_search, rowid, name) VALUES ('delete', old.pid, old.name);
END;
CREATE TRIGGER products_search_update AFTER UPDATE OF name ON products BEGIN
    INSERT INTO product_search(product_search, rowid, name) VALUES ('delete', old.pid, old.name);
    INSERT INTO product_search(rowid, name) VALUES (new.pid, new.name);
END;

-- A completed sale is immutable: no UPDATE or DELETE ever touches these three tables.
CREATE TABLE sales (
    id              BLOB    PRIMARY KEY,
    device_id       BLOB    NOT NULL,
    receipt_no      TEXT    NOT NULL,
    -- Shop-local calendar day at sale time (YYYYMMDD) and the sale's number within it.
    receipt_day     INTEGER NOT NULL,
    receipt_seq     INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    cashier         TEXT,
    gross           INTEGER NOT NULL,
    line_discount   INTEGER NOT NULL,
    cart_discount   INTEGER NOT NULL,
    tax_mode        TEXT    NOT NULL,
    tax_rate_bp     INTEGER NOT NULL,
    tax             INTEGER NOT NULL,
    rounding        INTEGER NOT NULL,
    total           INTEGER NOT NULL CHECK (total >= 0),
    tendered        INTEGER NOT NULL,
    change          INTEGER NOT NULL CHECK (change >= 0),
    cost            INTEGER NOT NULL,
    line_count      INTEGER NOT NULL CHECK (line_count > 0),
    UNIQUE (device_id, receipt_day, receipt_seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX sales_by_time ON sales(created_at);

CREATE TABLE sale_lines (
    sale_id         BLOB    NOT NULL REFERENCES sales(id),
    line_no         INTEGER NOT NULL,
    product_id      BLOB    NOT NULL,
    sku             TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    unit            TEXT    NOT NULL,
    qty_milli       INTEGER NOT NULL CHECK (qty_milli > 0),
    unit_price      INTEGER NOT NULL,
    unit_cost       INTEGER NOT NULL,
    gross           INTEGER NOT NULL,
    discount        INTEGER NOT NULL,
    cost            INTEGER NOT NULL,
    PRIMARY KEY (sale_id, line_no)
) STRICT, WITHOUT ROWID;

CREATE TABLE sale_payments (
    sale_id         BLOB    NOT NULL REFERENCES sales(id),
    idx             INTEGER NOT NULL,
    -- Kinds are validated by laris-core, not by CHECKs, so later kinds need no table rebuild.
    method          TEXT    NOT NULL,
    -- What this payment settles of the total, and what was handed over (cash: before change).
    amount          INTEGER NOT NULL CHECK (amount >= 0),
    tendered        INTEGER NOT NULL CHECK (tendered >= amount),
    reference       TEXT,
    -- QRIS is recorded as 'unverified' until someone checks the merchant app.
    status          TEXT    NOT NULL,
    PRIMARY KEY (sale_id, idx)
) STRICT, WITHOUT ROWID;

-- The stock ledger: a product's level is the sum of its movements. Append-only.
CREATE TABLE stock_movements (
    product_id      BLOB    NOT NULL,
    id              BLOB    NOT NULL,
    device_id       BLOB    NOT NULL,
    kind            TEXT    NOT NULL,
    qty_milli       INTEGER NOT NULL,
    sale_id         BLOB,
    reason          TEXT,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (product_id, id)
) STRICT, WITHOUT ROWID;

-- Everything this device must push, in a gapless per-device sequence.
CREATE TABLE outbox (
    seq             INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL,
    entity_id       BLOB    NOT NULL,
    created_at      INTEGER NOT NULL
) STRICT;
