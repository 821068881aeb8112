//! Shop-local calendar days. Indonesia's three zones have fixed offsets and no daylight saving.

use std::fmt;
use std::str::FromStr;

use time::{Date, Duration, OffsetDateTime, UtcOffset};

use crate::error::CoreError;

const MS_PER_HOUR: i64 = 3_600_000;
const MS_PER_DAY: i64 = 24 * MS_PER_HOUR;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum ShopTimeZone {
    /// Waktu Indonesia Barat, UTC+7 (Sumatra, Java, West and Central Kalimantan).
    #[default]
    Wib,
    /// Waktu Indonesia Tengah, UTC+8 (Bali, Nusa Tenggara, Sulawesi, ...).
    Wita,
    /// Waktu Indonesia Timur, UTC+9 (Maluku, Papua).
    Wit,
}

impl ShopTimeZone {
    pub fn offset_hours(self) -> i64 {
        match self {
            ShopTimeZone::Wib => 7,
            ShopTimeZone::Wita => 8,
            ShopTimeZone::Wit => 9,
        }
    }

    pub fn offset_ms(self) -> i64 {
        self.offset_hours() * MS_PER_HOUR
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ShopTimeZone::Wib => "WIB",
            ShopTimeZone::Wita => "WITA",
            ShopTimeZone::Wit => "WIT",
        }
    }

    /// The shop-local calendar day that the instant `ms` falls on.
    pub fn local_date(self, ms: i64) -> Date {
        let days = (ms + self.offset_ms()).div_euclid(MS_PER_DAY);
        Date::from_julian_day(UNIX_EPOCH_JULIAN_DAY + days as i32).unwrap_or(Date::MIN)
    }

    /// The shop-local hour of day (0..=23) of the instant `ms`.
    pub fn local_hour(self, ms: i64) -> u8 {
        ((ms + self.offset_ms()).rem_euclid(MS_PER_DAY) / MS_PER_HOUR) as u8
    }

    /// `[start, end)` in Unix milliseconds of the shop-local day `date`.
    pub fn day_bounds(self, date: Date) -> (i64, i64) {
        let days = i64::from(date.to_julian_day() - UNIX_EPOCH_JULIAN_DAY);
        let start = days * MS_PER_DAY - self.offset_ms();
        (start, start + MS_PER_DAY)
    }

    /// Formats an instant as shop-local time, e.g. `2026-11-27 14:05 WIB`.
    pub fn format(self, ms: i64) -> String {
        let offset = UtcOffset::from_hms(self.offset_hours() as i8, 0, 0).unwrap_or(UtcOffset::UTC);
        let t = OffsetDateTime::UNIX_EPOCH + Duration::milliseconds(ms);
        let t = t.to_offset(offset);
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02} {}",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            self.as_str()
        )
    }
}

const UNIX_EPOCH_JULIAN_DAY: i32 = 2_440_588;

/// `20261127` for 27 November 2026.
pub fn yyyymmdd(date: Date) -> i64 {
    i64::from(date.year()) * 10_000
        + i64::from(u8::from(date.month())) * 100
        + i64::from(date.day())
}

/// Parses `2026-11-27`.
pub fn parse_date(s: &str) -> Result<Date, CoreError> {
    let bad = || CoreError::invalid("date", format!("{s:?} is not a date like 2026-11-27"));
    let mut parts = s.trim().splitn(3, '-');
    let mut next = || {
        parts
            .next()
            .and_then(|p| p.parse::<i32>().ok())
            .ok_or_else(bad)
    };
    let (y, m, d) = (next()?, next()?, next()?);
    let month = time::Month::try_from(u8::try_from(m).map_err(|_| bad())?).map_err(|_| bad())?;
    Date::from_calendar_date(y, month, u8::try_from(d).map_err(|_| bad())?).map_err(|_| bad())
}

impl fmt::Display for ShopTimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ShopTimeZone {
    type Err = CoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "WIB" | "UTC+7" | "ASIA/JAKARTA" => Ok(ShopTimeZone::Wib),
            "WITA" | "UTC+8" | "ASIA/MAKASSAR" => Ok(ShopTimeZone::Wita),
            "WIT" | "UTC+9" | "ASIA/JAYAPURA" => Ok(ShopTimeZone::Wit),
            _ => Err(CoreError::invalid(
                "timezone",
                format!("{s:?} is not one of WIB, WITA, WIT"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn local_day_and_hour_follow_the_zone() {
        // 2026-11-27 17:30 UTC is 00:30 on the 28th in WIB, 02:30 WIT.
        let ms = 1_795_800_600_000;
        assert_eq!(ShopTimeZone::Wib.local_date(ms), date!(2026 - 11 - 28));
        assert_eq!(ShopTimeZone::Wib.local_hour(ms), 0);
        assert_eq!(ShopTimeZone::Wit.local_hour(ms), 2);
        let (start, end) = ShopTimeZone::Wib.day_bounds(date!(2026 - 11 - 28));
        assert!(start <= ms && ms < end);
        assert_eq!(end - start, MS_PER_DAY);
        assert_eq!(ShopTimeZone::Wib.format(ms), "2026-11-28 00:30 WIB");
    }

    #[test]
    fn parses_dates_and_zones() {
        assert_eq!(parse_date("2026-11-27").unwrap(), date!(2026 - 11 - 27));
        assert!(parse_date("2026-13-01").is_err());
        assert!(parse_date("kemarin").is_err());
        assert_eq!("wita".parse::<ShopTimeZone>().unwrap(), ShopTimeZone::Wita);
        assert!("PST".parse::<ShopTimeZone>().is_err());
        assert_eq!(yyyymmdd(date!(2026 - 11 - 27)), 20261127);
    }
}
