-- laris-server on PostgreSQL, schema 5. Never edit once shipped: add 0006_*.sql instead.
--
-- Voids and refunds (protocol v2's sale_return events). A return is kept even when it takes
-- back more than the sale had (two tills refunding one line offline): `sold_qty_milli` is the
-- sale line's quantity as the server knew it when the return arrived (NULL: the sale or line
-- was not here), and a line returned beyond it is flagged, never refused.

CREATE TABLE sale_returns (
    store_id      uuid   NOT NULL,
    return_id     uuid   NOT NULL,
    sale_id       uuid   NOT NULL,
    device_id     uuid   NOT NULL,
    seq           bigint NOT NULL,
    kind          text   NOT NULL,
    created_at_ms bigint NOT NULL,
    method        text   NOT NULL,
    amount        bigint NOT NULL,
    cost          bigint NOT NULL,
    reason        text   NOT NULL,
    cashier       text,
    approved_by   uuid,
    PRIMARY KEY (store_id, return_id)
);
CREATE INDEX sale_returns_by_time ON sale_returns (store_id, created_at_ms);
-- A sale's returns, for the money they paid back.
CREATE INDEX sale_returns_by_sale ON sale_returns (store_id, sale_id);

CREATE TABLE sale_return_lines (
    store_id       uuid   NOT NULL,
    return_id      uuid   NOT NULL,
    line_no        bigint NOT NULL,
    sale_id        uuid   NOT NULL,
    product_id     uuid   NOT NULL,
    qty_milli      bigint NOT NULL,
    amount         bigint NOT NULL,
    cost           bigint NOT NULL,
    sold_qty_milli bigint,
    PRIMARY KEY (store_id, return_id, line_no)
);
CREATE INDEX sale_return_lines_by_sale ON sale_return_lines (store_id, sale_id, line_no);
