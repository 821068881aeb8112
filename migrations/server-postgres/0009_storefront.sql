-- laris-server on PostgreSQL, schema 9. Never edit once shipped: add 0010_*.sql instead.
--
-- The shop's own online page (dagang daring), at /t/<slug>: off until the owner turns it on;
-- what it shows comes from the catalog and the store-wide stock the tills sync.
CREATE TABLE storefronts (
    store_id          uuid    NOT NULL PRIMARY KEY REFERENCES stores (store_id),
    -- Lower-case letters, digits and dashes; unique across the server.
    slug              text    NOT NULL UNIQUE,
    enabled           boolean NOT NULL DEFAULT false,
    -- Whether the page shows tersedia / sisa sedikit / habis.
    show_stock        boolean NOT NULL DEFAULT true,
    whatsapp          text,
    address           text,
    hours             text,
    -- JSON arrays of the categories and product ids the page leaves out.
    hidden_categories text    NOT NULL DEFAULT '[]',
    hidden_products   text    NOT NULL DEFAULT '[]',
    updated_at_ms     bigint  NOT NULL
);
