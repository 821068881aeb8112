//! The few ESC/POS bytes the transport itself sends, and how it reads the printer's replies.
//! The status bit layouts are Epson's; the cheap 58/80 mm printers sold in Indonesia copy them.

pub(crate) const ESC_AT: [u8; 2] = [0x1B, 0x40];
/// `GS r 1`: the paper sensor status, executed in order after everything sent before it, so
/// its reply says the bytes before it were processed.
pub(crate) const GS_R_PAPER: [u8; 3] = [0x1D, 0x72, 0x01];

/// `DLE EOT n`, the real-time status query.
pub(crate) const fn dle_eot(n: u8) -> [u8; 3] {
    [0x10, 0x04, n]
}

/// A `DLE EOT` reply has bit 1 and bit 4 set and bits 0 and 7 clear; checking them keeps a
/// stray byte (a late `GS r` reply from before a reconnect) from being read as status.
pub(crate) fn is_status_reply(b: u8) -> bool {
    b & 0x93 == 0x12
}

/// A `GS r` reply has bits 4 and 7 clear, unlike a `DLE EOT` reply.
pub(crate) fn is_sensor_reply(b: u8) -> bool {
    b & 0x90 == 0
}

/// `DLE EOT 2` (offline cause).
pub(crate) mod cause {
    pub(crate) const COVER_OPEN: u8 = 1 << 2;
    pub(crate) const PAPER_END_STOP: u8 = 1 << 5;
    pub(crate) const ERROR: u8 = 1 << 6;
}

/// `DLE EOT 4` (roll paper sensor).
pub(crate) mod roll {
    pub(crate) const NEAR_END: u8 = 0b0000_1100;
    pub(crate) const END: u8 = 0b0110_0000;
}

/// `DLE EOT 1` (printer status): bit 3 is "offline".
pub(crate) const OFFLINE: u8 = 1 << 3;

/// `GS r 1` (paper sensor): bits 0–1 near end, bits 2–3 paper end.
pub(crate) mod sensor {
    pub(crate) const NEAR_END: u8 = 0b0000_0011;
    pub(crate) const END: u8 = 0b0000_1100;
}
