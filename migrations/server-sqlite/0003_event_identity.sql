-- laris-server on SQLite, schema 3. Never edit once shipped: add 0004_*.sql instead.
--
-- What each held seq of a device names: its event's record id, and the change it made (if
-- any). A push that sends an event under a seq already held is compared with what is held
-- there: the same event is acknowledged again, another one is refused (`seq_reused`), so a
-- till restored from an old backup can never have its new sales taken for old ones. The
-- proof of sync digests these identities, and a restored till gets its lost events back from
-- the changes they made.

ALTER TABLE device_events ADD COLUMN entity_id BLOB;
ALTER TABLE device_events ADD COLUMN change_seq INTEGER;

-- Rows held before: their identity and change from the change log (a seq whose record was
-- already held, or that was quarantined, made no change and keeps no identity: it matches
-- whatever is sent under it, as before).
CREATE INDEX changes_by_origin_once ON changes (store_id, origin_device, origin_seq);
UPDATE device_events SET (entity_id, change_seq) = (
    SELECT c.entity_id, c.change_seq FROM changes c
    WHERE c.store_id = device_events.store_id AND c.origin_device = device_events.device_id
      AND c.origin_seq = device_events.seq
    ORDER BY c.change_seq LIMIT 1);
DROP INDEX changes_by_origin_once;

-- Record ids are scoped by store like every key: a push no longer looks for an id in other
-- stores (that look-up told a device whether another store used an id), so the indexes it
-- needed go, and with them an index write per sale, movement and product.
DROP INDEX sales_by_id;
DROP INDEX stock_movements_by_id;
DROP INDEX products_by_id;
