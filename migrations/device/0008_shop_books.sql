-- Laris device database, schema 8: kasbon (customers and their ledgers), shifts, stock
-- counts and suppliers. Never edit once shipped: add 0009_*.sql instead.

-- A customer with a kasbon account. The record syncs whole: the latest `stamp` (an HLC in
-- text, ordered as text) wins on every device.
CREATE TABLE customers (
    id           BLOB    PRIMARY KEY,
    name         TEXT    NOT NULL CHECK (length(name) > 0),
    phone        TEXT,
    note         TEXT,
    credit_limit INTEGER CHECK (credit_limit >= 0),
    created_at   INTEGER NOT NULL,
    stamp        TEXT    NOT NULL
) STRICT, WITHOUT ROWID;

-- A customer's ledger: charges (+), repayments and refunds (−). The balance is the sum, so
-- entries from several tills converge in any order. Append-only, like sales.
CREATE TABLE kasbon_entries (
    n           INTEGER PRIMARY KEY,
    id          BLOB    NOT NULL UNIQUE,
    customer_id BLOB    NOT NULL,
    device_id   BLOB    NOT NULL,
    -- 'charge', 'repayment' or 'refund'; validated by laris-core.
    kind        TEXT    NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount > 0),
    created_at  INTEGER NOT NULL,
    sale_id     BLOB,
    return_id   BLOB,
    -- How a repayment was paid: cash, qris or transfer.
    method      TEXT,
    reference   TEXT,
    -- A charge's due date, shop-local YYYYMMDD.
    due_day     INTEGER,
    cashier     TEXT,
    note        TEXT,
    approved_by BLOB
) STRICT;
CREATE INDEX kasbon_by_customer ON kasbon_entries(customer_id, created_at);
CREATE INDEX kasbon_by_time ON kasbon_entries(created_at);
CREATE TRIGGER kasbon_no_update BEFORE UPDATE ON kasbon_entries BEGIN
    SELECT RAISE(ABORT, 'kasbon entries are append-only');
END;
CREATE TRIGGER kasbon_no_delete BEFORE DELETE ON kasbon_entries BEGIN
    SELECT RAISE(ABORT, 'kasbon entries are append-only');
END;

-- A till's shifts. A sale belongs to the shift open on its till when it was made (by time),
-- so sales carry no shift. Opening, cash moves and closing are each their own rows, never
-- updated: a shift is closed when it has a closing.
CREATE TABLE shifts (
    id          BLOB    PRIMARY KEY,
    device_id   BLOB    NOT NULL,
    opened_at   INTEGER NOT NULL,
    opened_by   TEXT,
    float       INTEGER NOT NULL CHECK (float >= 0)
) STRICT, WITHOUT ROWID;
CREATE INDEX shifts_by_device ON shifts(device_id, opened_at);

CREATE TABLE cash_moves (
    id          BLOB    PRIMARY KEY,
    shift_id    BLOB    NOT NULL,
    device_id   BLOB    NOT NULL,
    -- Positive: put in; negative: taken out.
    amount      INTEGER NOT NULL CHECK (amount != 0),
    reason      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    by_name     TEXT
) STRICT, WITHOUT ROWID;
CREATE INDEX cash_moves_by_shift ON cash_moves(shift_id);

-- A closing: the figures as the till computed them then, and what was counted.
CREATE TABLE shift_closings (
    shift_id       BLOB    PRIMARY KEY,
    device_id      BLOB    NOT NULL,
    closed_at      INTEGER NOT NULL,
    closed_by      TEXT,
    sale_count     INTEGER NOT NULL,
    sales_total    INTEGER NOT NULL,
    kasbon_charged INTEGER NOT NULL,
    refunds        INTEGER NOT NULL,
    note           TEXT
) STRICT, WITHOUT ROWID;

CREATE TABLE shift_closing_methods (
    shift_id    BLOB    NOT NULL,
    method      TEXT    NOT NULL,
    takings     INTEGER NOT NULL,
    expected    INTEGER NOT NULL,
    counted     INTEGER,
    PRIMARY KEY (shift_id, method)
) STRICT, WITHOUT ROWID;

-- A stock count: each product's expected level at that moment and what was counted. The
-- level changes by the difference (a movement of kind 'count'), never set to the count.
CREATE TABLE stock_counts (
    n           INTEGER PRIMARY KEY,
    id          BLOB    NOT NULL UNIQUE,
    device_id   BLOB    NOT NULL,
    created_at  INTEGER NOT NULL,
    by_name     TEXT,
    note        TEXT,
    approved_by BLOB
) STRICT;
CREATE INDEX stock_counts_by_time ON stock_counts(created_at);

CREATE TABLE stock_count_lines (
    count_id       BLOB    NOT NULL REFERENCES stock_counts(id),
    line_no        INTEGER NOT NULL,
    product_id     BLOB    NOT NULL,
    expected_milli INTEGER NOT NULL,
    counted_milli  INTEGER NOT NULL CHECK (counted_milli >= 0),
    unit_cost      INTEGER NOT NULL CHECK (unit_cost >= 0),
    PRIMARY KEY (count_id, line_no)
) STRICT, WITHOUT ROWID;

-- Suppliers named on this till's restocks (local: a simple list to pick from).
CREATE TABLE suppliers (
    name        TEXT    PRIMARY KEY COLLATE NOCASE,
    created_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
