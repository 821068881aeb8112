// Small display helpers of the back office (money itself: ../../lib/format.ts, the till's).
import { wibClock, wibDay } from './period';

/** A pairing code in groups of four: "K7MX4PQ2" → "K7MX-4PQ2". */
export function groupCode(code: string, size = 4): string {
  const clean = code.replace(/[\s-]/g, '').toUpperCase();
  const parts: string[] = [];
  for (let i = 0; i < clean.length; i += size) parts.push(clean.slice(i, i + size));
  return parts.join('-');
}

/** Milli-units → units (1500 → 1.5). */
export function units(milli: number): number {
  return milli / 1000;
}

/** A moment as the owner reads it: "HH:MM" when it is today (WIB), else "YYYY-MM-DD HH:MM". */
export function whenShort(ms: number, nowMs: number): string {
  return wibDay(ms) === wibDay(nowMs) ? wibClock(ms) : `${wibDay(ms)} ${wibClock(ms)}`;
}

/** Seconds left until `atMs` (never below 0). */
export function secondsLeft(atMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil((atMs - nowMs) / 1000));
}

/** 125 → "2:05". */
export function mmss(secs: number): string {
  const m = Math.floor(secs / 60);
  const s = secs % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

/** Barcodes typed with commas, spaces or new lines → the list, without empties or repeats. */
export function parseBarcodes(text: string): string[] {
  const out: string[] = [];
  for (const b of text.split(/[\s,;]+/)) if (b !== '' && !out.includes(b)) out.push(b);
  return out;
}

/** Seconds to wait in a lock message ("… locked for 31 s more"), else Retry-After. */
export function lockSeconds(message: string, retryAfterSecs: number | null): number | null {
  const m = /(\d+)\s*s\b/.exec(message);
  if (m) return Number(m[1]);
  return retryAfterSecs;
}
