-- Laris device database, schema 7: voids and refunds ("returns") of completed sales.
-- Never edit once shipped: add 0008_*.sql instead.

-- A return takes back some or all of a sale's lines: money paid back, goods back in stock.
-- It references the sale and never changes it. Like sales, returns are never updated or
-- deleted. No foreign key to `sales`: a return pulled from another till is kept even in the
-- unlikely case its sale has not reached this till (it is then shown as an over-refund).
-- `n` orders returns made in the same millisecond as they were written.
CREATE TABLE sale_returns (
    n           INTEGER PRIMARY KEY,
    id          BLOB    NOT NULL UNIQUE,
    sale_id     BLOB    NOT NULL,
    device_id   BLOB    NOT NULL,
    -- 'void' (the whole sale, its own day) or 'refund'; validated by laris-core.
    kind        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    cashier     TEXT,
    reason      TEXT    NOT NULL,
    -- How the money went back: cash, qris or transfer.
    method      TEXT    NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount >= 0),
    cost        INTEGER NOT NULL CHECK (cost >= 0),
    approved_by BLOB
) STRICT;
CREATE INDEX sale_returns_by_sale ON sale_returns(sale_id);
CREATE INDEX sale_returns_by_time ON sale_returns(created_at);

CREATE TABLE sale_return_lines (
    return_id   BLOB    NOT NULL REFERENCES sale_returns(id),
    -- The sale line's 1-based number.
    line_no     INTEGER NOT NULL,
    sale_id     BLOB    NOT NULL,
    product_id  BLOB    NOT NULL,
    qty_milli   INTEGER NOT NULL CHECK (qty_milli > 0),
    amount      INTEGER NOT NULL CHECK (amount >= 0),
    cost        INTEGER NOT NULL CHECK (cost >= 0),
    -- Whether the goods went back into stock (the sale line had moved stock).
    moves_stock INTEGER NOT NULL CHECK (moves_stock IN (0, 1)),
    PRIMARY KEY (return_id, line_no)
) STRICT, WITHOUT ROWID;
CREATE INDEX sale_return_lines_by_sale ON sale_return_lines(sale_id, line_no);
