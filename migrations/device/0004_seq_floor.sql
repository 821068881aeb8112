-- Laris device database, schema 4: a till restored from an older backup catches up by itself.
-- Never edit once shipped: add 0005_*.sql instead.

-- The highest seq of this device the server was found to hold beyond this database's own
-- (it was restored from an older backup): new outbox entries are numbered after it, so no
-- seq the server holds is ever used for another event. 0: none.
ALTER TABLE sync_state ADD COLUMN seq_floor INTEGER NOT NULL DEFAULT 0 CHECK (seq_floor >= 0);

-- The server holds this device's events with seqs in (lost_after, seq_floor] that this
-- database lacks (lost with the file it was restored over): they are asked back from the
-- server, with their records, and lost_after cleared once they are here. NULL: nothing lost.
ALTER TABLE sync_state ADD COLUMN lost_after INTEGER CHECK (lost_after >= 0);

-- Schema 2 stopped pushing in that case until `laris sync --after-restore` was run by hand.
UPDATE sync_state SET seq_floor = COALESCE(restore_conflict_seq, 0),
    lost_after = CASE WHEN restore_conflict_seq IS NOT NULL THEN acked_seq END;
ALTER TABLE sync_state DROP COLUMN restore_conflict_seq;

-- The key this device pairs with (64 hex digits, made once, kept): its credential's secret,
-- sent with every pairing request, so asking again after a lost reply gets the same
-- credential. NULL until the first pairing.
ALTER TABLE sync_state ADD COLUMN device_key TEXT;
