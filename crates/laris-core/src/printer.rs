//! The one writer of `printer_settings`: this till's receipt printer (where it is, the paper,
//! whether each sale prints and opens the drawer). Kept on the till and never synced: the
//! printer beside one till is not another's. What a target means is laris-printer's; here
//! it is text, checked only for what no target can be.

use rusqlite::{Connection, params};

use crate::error::{CoreError, Result};
use crate::store::DeviceStore;

/// The longest printer address kept.
pub const MAX_PRINTER_TARGET_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PrinterSettings {
    /// `tcp://host:port` or a device path; empty: no printer.
    pub target: String,
    /// 58 or 80.
    pub paper_mm: u32,
    pub auto_print: bool,
    pub open_drawer: bool,
}

impl Default for PrinterSettings {
    fn default() -> Self {
        PrinterSettings {
            target: String::new(),
            paper_mm: 58,
            auto_print: false,
            open_drawer: false,
        }
    }
}

pub(crate) fn load(conn: &Connection) -> Result<PrinterSettings> {
    Ok(conn
        .prepare_cached(
            "SELECT target, paper_mm, auto_print, open_drawer FROM printer_settings WHERE id = 1",
        )?
        .query_row([], |r| {
            Ok(PrinterSettings {
                target: r.get(0)?,
                paper_mm: r.get(1)?,
                auto_print: r.get(2)?,
                open_drawer: r.get(3)?,
            })
        })?)
}

impl DeviceStore {
    pub fn printer_settings(&self) -> Result<PrinterSettings> {
        load(&self.conn)
    }

    /// Saves this till's printer. No owner needed: it moves no money and no stock.
    pub fn save_printer_settings(&mut self, s: &PrinterSettings) -> Result<PrinterSettings> {
        let target = s.target.trim();
        if target.chars().count() > MAX_PRINTER_TARGET_CHARS || target.chars().any(char::is_control)
        {
            return Err(CoreError::invalid(
                "target",
                format!(
                    "a printer address is one line of at most {MAX_PRINTER_TARGET_CHARS} characters"
                ),
            ));
        }
        if s.paper_mm != 58 && s.paper_mm != 80 {
            return Err(CoreError::invalid("paper_mm", "the paper is 58 or 80 mm"));
        }
        self.conn
            .prepare_cached(
                "UPDATE printer_settings SET target = ?1, paper_mm = ?2, auto_print = ?3,
                     open_drawer = ?4 WHERE id = 1",
            )?
            .execute(params![target, s.paper_mm, s.auto_print, s.open_drawer])?;
        load(&self.conn)
    }
}
