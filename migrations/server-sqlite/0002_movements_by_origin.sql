-- laris-server on SQLite, schema 2. Never edit once shipped: add 0003_*.sql instead.
--
-- Stock movements keyed by where they come from. Keyed by (store_id, movement_id), a sale's
-- movements (ids derived from the sale's id and line: effectively random) landed on random
-- leaves of the table, so a push of 1,000 sales rewrote most of its pages, more every day
-- (3/4 of the server's push time at 20,000 sales). Now the key is (store_id, origin_id,
-- movement_id), origin_id being the sale's id for a sale's movement and the movement's own id
-- for a restock or adjustment: both are UUIDv7 made on a device, so new rows go near the end.
--
-- Uniqueness is what it was for each kind: a sale's movements are inserted with their sale
-- (whose own key makes it unique) and are unique within it; a hand-made movement is unique by
-- (store_id, movement_id), since its origin_id is its movement_id.

CREATE TABLE stock_movements_v2 (
    store_id      BLOB    NOT NULL,
    -- sale_id for a sale's movement, movement_id for a restock or adjustment.
    origin_id     BLOB    NOT NULL,
    movement_id   BLOB    NOT NULL,
    product_id    BLOB    NOT NULL,
    device_id     BLOB    NOT NULL,
    -- sale | restock | adjustment
    kind          TEXT    NOT NULL,
    qty_milli     INTEGER NOT NULL,
    sale_id       BLOB,
    reason        TEXT,
    created_at_ms INTEGER NOT NULL,
    PRIMARY KEY (store_id, origin_id, movement_id),
    CHECK (origin_id = COALESCE(sale_id, movement_id))
) WITHOUT ROWID;

INSERT INTO stock_movements_v2 (store_id, origin_id, movement_id, product_id, device_id, kind,
                                qty_milli, sale_id, reason, created_at_ms)
SELECT store_id, COALESCE(sale_id, movement_id), movement_id, product_id, device_id, kind,
       qty_milli, sale_id, reason, created_at_ms
FROM stock_movements;

DROP TABLE stock_movements;
ALTER TABLE stock_movements_v2 RENAME TO stock_movements;

-- As in schema 1: for refusing an id another store holds (hand-made movements only).
CREATE INDEX stock_movements_by_id ON stock_movements (movement_id) WHERE sale_id IS NULL;
