-- The sync protocol version each device announced at its last handshake: a pull holds back
-- the changes that version cannot read (a till not yet updated never gets an event it would
-- fail to decode; it gets them, from where it stopped, once updated).
ALTER TABLE devices ADD COLUMN protocol_version bigint NOT NULL DEFAULT 1;
