-- laris-server on PostgreSQL, schema 8. Never edit once shipped: add 0009_*.sql instead.
--
-- The owner's back office. An owner *account* (email, password, the lock-out of its logins)
-- now stands apart from the shops it owns, so one owner may have several shops (outlets);
-- `owners` says who owns which shop. The back office signs in with a cookie session of the
-- account; sign-up may need a one-time invite. Devices report how far they are complete, and
-- sales keep their cashier and lines for the dashboard and the exports.

CREATE TABLE accounts (
    -- Trimmed and lower-cased.
    email           text    NOT NULL PRIMARY KEY,
    -- argon2id PHC string.
    password_hash   text    NOT NULL,
    created_at_ms   bigint  NOT NULL,
    -- Consecutive failed logins since the last success, and the lock they imply.
    failures        bigint  NOT NULL DEFAULT 0,
    locked_until_ms bigint  NOT NULL DEFAULT 0,
    last_failure_ms bigint  NOT NULL DEFAULT 0
);
INSERT INTO accounts (email, password_hash, created_at_ms, failures, locked_until_ms,
                      last_failure_ms)
SELECT o.email, o.password_hash, o.created_at_ms, COALESCE(l.failures, 0),
       COALESCE(l.locked_until_ms, 0), COALESCE(l.last_failure_ms, 0)
FROM owners o LEFT JOIN owner_logins l ON l.store_id = o.store_id AND l.email = o.email;
DROP TABLE owner_logins;
-- An email may now own several shops. owners.password_hash is no longer read (the account's
-- is): it is written as the account's at the time, for older readers of a backup.
DROP INDEX owners_by_email;
CREATE INDEX owners_by_email ON owners (email);

CREATE TABLE web_sessions (
    session_id    uuid    NOT NULL PRIMARY KEY,
    email         text    NOT NULL REFERENCES accounts (email),
    -- SHA-256 of the cookie's secret part.
    token_hash    bytea   NOT NULL,
    user_agent    TEXT,
    created_at_ms bigint  NOT NULL,
    expires_at_ms bigint  NOT NULL,
    revoked_at_ms bigint
);
CREATE INDEX web_sessions_by_email ON web_sessions (email, created_at_ms);

CREATE TABLE signup_invites (
    -- SHA-256 of the invite's token.
    invite_hash   bytea   NOT NULL PRIMARY KEY,
    created_at_ms bigint  NOT NULL,
    expires_at_ms bigint  NOT NULL,
    used_at_ms    bigint,
    used_by       TEXT
);

-- "Complete up to": the device's outbox head at its last handshake and when; once every seq
-- up to that head is held, everything it had recorded by then is here.
ALTER TABLE devices ADD COLUMN reported_seq bigint  NOT NULL DEFAULT 0;
ALTER TABLE devices ADD COLUMN reported_at_ms bigint;
-- The sync library's version the till's requests name, at its last handshake.
ALTER TABLE devices ADD COLUMN app_version text;
-- The server's side of the proof of sync as running counts (applied sales and their totals),
-- so the dashboard does not count every held event of every till on each look.
ALTER TABLE devices ADD COLUMN sales_applied bigint NOT NULL DEFAULT 0;
ALTER TABLE devices ADD COLUMN sales_applied_total bigint NOT NULL DEFAULT 0;
UPDATE devices SET
    sales_applied = (SELECT COUNT(*) FROM device_events e
                     WHERE e.store_id = devices.store_id AND e.device_id = devices.device_id
                       AND e.kind = 'sale' AND e.outcome = 'applied'),
    sales_applied_total = (SELECT COALESCE(SUM(e.sale_total), 0) FROM device_events e
                     WHERE e.store_id = devices.store_id AND e.device_id = devices.device_id
                       AND e.kind = 'sale' AND e.outcome = 'applied');
ALTER TABLE devices ADD COLUMN complete_up_to_ms bigint;

ALTER TABLE sales ADD COLUMN cashier TEXT;
CREATE TABLE sale_lines (
    store_id      uuid    NOT NULL,
    sale_id       uuid    NOT NULL,
    line_no       bigint  NOT NULL,
    -- The sale's time, so the dashboard reads lines by period without the sales table.
    created_at_ms bigint  NOT NULL,
    product_id    uuid    NOT NULL,
    name          text    NOT NULL,
    unit          text    NOT NULL,
    qty_milli     bigint  NOT NULL,
    -- gross − discount of the line, and its cost.
    total         bigint  NOT NULL,
    cost          bigint  NOT NULL,
    PRIMARY KEY (store_id, sale_id, line_no)
);
-- Covering what the dashboard sums per product, so a period is one range of the index.
CREATE INDEX sale_lines_by_time ON sale_lines
    (store_id, created_at_ms, product_id, qty_milli, total, cost);
-- The receipt of a sale, from the change it made.
CREATE INDEX changes_by_entity ON changes (store_id, entity_id);
-- The back office's list of restocks, adjustments and counts by period (a sale's movements
-- are not indexed: they are read through the sale, and pushes of sales write no more).
CREATE INDEX stock_movements_by_time ON stock_movements (store_id, created_at_ms)
    WHERE sale_id IS NULL;
