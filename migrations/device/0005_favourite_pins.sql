-- Laris device database, schema 5: favourites the cashier pinned on this till.
-- Never edit once shipped: add 0006_*.sql instead.

-- Products pinned to the front of this till's Kasir favourites, in the order they were
-- pinned. Local to the till (each counter arranges its own tiles), never synced. A deleted
-- product's pin goes with it.
CREATE TABLE favourite_pins (
    product_id BLOB    NOT NULL PRIMARY KEY REFERENCES products(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL UNIQUE
) STRICT;
