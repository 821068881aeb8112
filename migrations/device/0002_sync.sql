-- Laris device database, schema 2: sync with a server.
-- Never edit once shipped: add 0003_*.sql instead.

-- Where this device syncs and how far it got. Exactly one row, there from the start.
CREATE TABLE sync_state (
    singleton          INTEGER PRIMARY KEY CHECK (singleton = 1),
    -- Set by pairing; NULL while the device has never been paired (sync is off).
    server_url         TEXT,
    store_id           BLOB,
    store_name         TEXT,
    -- The device's secret from pairing (the server keeps only a hash of it).
    credential         TEXT,
    paired_at          INTEGER,
    -- Every outbox seq up to this one is held by the server.
    acked_seq          INTEGER NOT NULL DEFAULT 0 CHECK (acked_seq >= 0),
    -- The store's change_seq up to which pulled changes are applied here.
    pull_cursor        INTEGER NOT NULL DEFAULT 0 CHECK (pull_cursor >= 0),
    -- The server epoch seen at the last handshake (changes when the server is restored).
    server_epoch       BLOB,
    -- Server time minus device time (ms), learned at the last handshake; HLC stamps use
    -- the corrected time.
    clock_offset_ms    INTEGER NOT NULL DEFAULT 0,
    -- The largest HLC stamp made or merged here (56 hex digits), to resume the clock from.
    hlc_last           TEXT,
    -- The server's acked seq when it was found ahead of this device's last seq (the device
    -- database was restored from an older backup): pushing stops until it is resolved.
    restore_conflict_seq INTEGER,
    last_success_at    INTEGER,
    last_error_at      INTEGER,
    last_error_code    TEXT,
    last_error_message TEXT
) STRICT;
INSERT INTO sync_state (singleton) VALUES (1);

-- Tombstones: a deleted product keeps its row (so late edits still merge and old sales still
-- name it) but is offered nowhere.
ALTER TABLE products ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1));

-- Each product as it syncs: every field with the HLC stamp (28-byte big-endian key, so byte
-- order is stamp order) of the edit that set it. Field-level last-writer-wins merges here.
-- `products`, `barcodes` and `categories` show these values to the till; they differ only
-- where two products claim one SKU or barcode: the latest writer of it shows it, the other
-- keeps its claim here.
CREATE TABLE product_fields (
    product_id          BLOB    PRIMARY KEY REFERENCES products(id),
    sku                 TEXT    NOT NULL,
    sku_hlc             BLOB    NOT NULL,
    name                TEXT    NOT NULL,
    name_hlc            BLOB    NOT NULL,
    category            TEXT,
    category_hlc        BLOB    NOT NULL,
    unit                TEXT    NOT NULL,
    unit_hlc            BLOB    NOT NULL,
    price               INTEGER NOT NULL,
    price_hlc           BLOB    NOT NULL,
    cost                INTEGER NOT NULL,
    cost_hlc            BLOB    NOT NULL,
    sold_by_weight      INTEGER NOT NULL,
    sold_by_weight_hlc  BLOB    NOT NULL,
    track_stock         INTEGER NOT NULL,
    track_stock_hlc     BLOB    NOT NULL,
    min_stock           INTEGER NOT NULL,
    min_stock_hlc       BLOB    NOT NULL,
    active              INTEGER NOT NULL,
    active_hlc          BLOB    NOT NULL,
    -- The barcodes in their synced order, joined by U+001F (a barcode is printable ASCII).
    barcodes            TEXT    NOT NULL,
    barcodes_hlc        BLOB    NOT NULL,
    deleted             INTEGER NOT NULL,
    deleted_hlc         BLOB    NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX product_fields_by_sku ON product_fields(sku);


-- Restocks and adjustments are found by id when pushed (a sale's movements are found by
-- their derived key). Partial, so a sale's movements cost no extra index write.
CREATE INDEX stock_movements_by_id ON stock_movements(id) WHERE sale_id IS NULL;
