// Shop-local days and times for the mock, as laris-core's shop_time.rs: fixed offsets
// (Indonesia has no daylight saving).
import { zoneOffsetHours } from '../format';

function shifted(ms: number, tz: string): Date {
  return new Date(ms + zoneOffsetHours(tz) * 3_600_000);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYY-MM-DD` of the shop-local day. */
export function localDate(ms: number, tz: string): string {
  const d = shifted(ms, tz);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Shop-local hour 0..23. */
export function localHour(ms: number, tz: string): number {
  return shifted(ms, tz).getUTCHours();
}

/** `2026-11-27 14:05 WIB`. */
export function localTime(ms: number, tz: string): string {
  const d = shifted(ms, tz);
  return `${localDate(ms, tz)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} ${tz}`;
}

/** `YYYYMMDD` for receipt numbers. */
export function compactDate(ms: number, tz: string): string {
  return localDate(ms, tz).replace(/-/g, '');
}
