-- laris-server on SQLite, schema 4. Never edit once shipped: add 0005_*.sql instead.
--
-- Pairing that a bad link cannot break and that never takes a device over: a code may be made
-- for one device (the owner re-enrolling it), and a receipt prefix is unique in a store.

ALTER TABLE pairing_codes ADD COLUMN for_device BLOB;

-- The receipt prefix as compared (upper case, trimmed). Stores paired before this kept
-- duplicates: the first device of each prefix keeps it, the others none (NULL never
-- conflicts), so they print as they did and no new till can take the prefix again.
ALTER TABLE devices ADD COLUMN code_key TEXT;
UPDATE devices SET code_key = upper(trim(code))
WHERE NOT EXISTS (
    SELECT 1 FROM devices d2
    WHERE d2.store_id = devices.store_id AND upper(trim(d2.code)) = upper(trim(devices.code))
      AND (d2.paired_at_ms < devices.paired_at_ms
           OR (d2.paired_at_ms = devices.paired_at_ms AND d2.device_id < devices.device_id)));
CREATE UNIQUE INDEX devices_by_code ON devices (store_id, code_key);
