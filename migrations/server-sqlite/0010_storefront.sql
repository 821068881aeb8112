-- laris-server on SQLite, schema 10. Never edit once shipped: add 0011_*.sql instead.
--
-- The shop's own online page (dagang daring), at /t/<slug>: off until the owner turns it on;
-- what it shows comes from the catalog and the store-wide stock the tills sync.
CREATE TABLE storefronts (
    store_id          BLOB    NOT NULL PRIMARY KEY REFERENCES stores (store_id),
    -- Lower-case letters, digits and dashes; unique across the server.
    slug              TEXT    NOT NULL UNIQUE,
    enabled           INTEGER NOT NULL DEFAULT 0,
    -- Whether the page shows tersedia / sisa sedikit / habis.
    show_stock        INTEGER NOT NULL DEFAULT 1,
    whatsapp          TEXT,
    address           TEXT,
    hours             TEXT,
    -- JSON arrays of the categories and product ids the page leaves out.
    hidden_categories TEXT    NOT NULL DEFAULT '[]',
    hidden_products   TEXT    NOT NULL DEFAULT '[]',
    updated_at_ms     INTEGER NOT NULL
) WITHOUT ROWID;
