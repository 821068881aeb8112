-- laris-server on SQLite, schema 6. Never edit once shipped: add 0007_*.sql instead.
--
-- Voids and refunds (protocol v2's sale_return events). A return is kept even when it takes
-- back more than the sale had (two tills refunding one line offline): `sold_qty_milli` is the
-- sale line's quantity as the server knew it when the return arrived (NULL: the sale or line
-- was not here), and a line returned beyond it is flagged, never refused.

CREATE TABLE sale_returns (
    store_id      BLOB    NOT NULL,
    return_id     BLOB    NOT NULL,
    sale_id       BLOB    NOT NULL,
    device_id     BLOB    NOT NULL,
    seq           INTEGER NOT NULL,
    kind          TEXT    NOT NULL,
    created_at_ms INTEGER NOT NULL,
    method        TEXT    NOT NULL,
    amount        INTEGER NOT NULL,
    cost          INTEGER NOT NULL,
    reason        TEXT    NOT NULL,
    cashier       TEXT,
    approved_by   BLOB,
    PRIMARY KEY (store_id, return_id)
) WITHOUT ROWID;
CREATE INDEX sale_returns_by_time ON sale_returns (store_id, created_at_ms);
-- A sale's returns, for the money they paid back.
CREATE INDEX sale_returns_by_sale ON sale_returns (store_id, sale_id);

CREATE TABLE sale_return_lines (
    store_id       BLOB    NOT NULL,
    return_id      BLOB    NOT NULL,
    line_no        INTEGER NOT NULL,
    sale_id        BLOB    NOT NULL,
    product_id     BLOB    NOT NULL,
    qty_milli      INTEGER NOT NULL,
    amount         INTEGER NOT NULL,
    cost           INTEGER NOT NULL,
    sold_qty_milli INTEGER,
    PRIMARY KEY (store_id, return_id, line_no)
) WITHOUT ROWID;
CREATE INDEX sale_return_lines_by_sale ON sale_return_lines (store_id, sale_id, line_no);
