// Money and quantity formatting. Money is whole Rupiah (integers); quantities are milli-units.

import { LIMITS } from './api/types.gen';

const rupiah = new Intl.NumberFormat('id-ID', {
  style: 'currency',
  currency: 'IDR',
  minimumFractionDigits: 0,
  maximumFractionDigits: 0,
});

/** `12500` → `Rp 12.500`. Intl puts a no-break space after "Rp"; a plain space keeps the
 * text predictable for tests and WebDriver, and CSS (`.money`) prevents the wrap instead. */
export function formatMoney(amount: number): string {
  return rupiah.format(amount).replace(/\u00a0/g, ' ');
}

/** Plain grouped number without currency: `12500` → `12.500`. */
export function formatNumber(n: number): string {
  return new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 }).format(n);
}

/** Milli-units as a human quantity: 250 → "0,25" (id) or "0.25" (en); 1000 → "1". */
export function formatQty(milli: number, locale: 'id' | 'en' = 'id'): string {
  const sign = milli < 0 ? '-' : '';
  const m = Math.abs(Math.trunc(milli));
  const whole = Math.floor(m / 1000);
  const frac = m % 1000;
  if (frac === 0) return `${sign}${whole}`;
  const digits = String(frac).padStart(3, '0').replace(/0+$/, '');
  return `${sign}${whole}${locale === 'id' ? ',' : '.'}${digits}`;
}

/** Why a typed amount or quantity was refused: the kinds of laris-core's `input::InputError`
 * (tests/golden/money_input.json and qty_input.json hold the shared cases). */
export type InputErrorKind =
  | 'empty'
  | 'negative'
  | 'zero'
  | 'fraction'
  | 'too_many_decimals'
  | 'grouping'
  | 'not_a_number'
  | 'too_large';

export type Parsed = { ok: true; value: number } | { ok: false; error: InputErrorKind };

const ok = (value: number): Parsed => ({ ok: true, value });
const err = (error: InputErrorKind): Parsed => ({ ok: false, error });
const DIGITS = /^[0-9]*$/;

/** Dots that group thousands in threes: "1.250", "12.500.000". */
function isThousands(s: string): boolean {
  if (!s.includes('.')) return false;
  const [first, ...rest] = s.split('.');
  return first.length >= 1 && first.length <= 3 && DIGITS.test(first) && rest.every((g) => g.length === 3 && DIGITS.test(g));
}

/** Digits with their thousands dots removed, or why not. */
function groupedDigits(s: string): { digits: string } | { error: InputErrorKind } {
  if (s === '') return { error: 'empty' };
  if (!/^[0-9.]+$/.test(s)) return { error: 'not_a_number' };
  if (s.includes('.') && !isThousands(s)) return { error: 'grouping' };
  return { digits: s.replace(/\./g, '') };
}

/** A digit string as a number; too_large past 15 significant digits (safe in both languages). */
function toNumber(digits: string): Parsed {
  const significant = digits.replace(/^0+/, '');
  if (significant.length > 15) return err('too_large');
  return ok(significant === '' ? 0 : Number(significant));
}

/** Reads a Rupiah amount as a cashier types it ("12.500", "Rp 12.500,-", "5000"): a dot groups
 * thousands, a comma starts sen (only zero sen allowed). laris-core's `input::parse_rupiah`,
 * line for line; the highest amount is LIMITS.maxPrice. Nothing is silently dropped. */
export function parseMoney(text: string): Parsed {
  let s = text.trim();
  if (s.slice(0, 2).toLowerCase() === 'rp') {
    s = s.slice(2);
    if (s.startsWith('.')) s = s.slice(1);
    s = s.trimStart();
  }
  if (s === '') return err('empty');
  if (s.startsWith('-')) return err(s.slice(1).trim() === '' ? 'not_a_number' : 'negative');
  const comma = s.indexOf(',');
  const whole = comma < 0 ? s : s.slice(0, comma);
  if (comma >= 0) {
    const sen = s.slice(comma + 1);
    const zero = sen === '-' || /^0+$/.test(sen);
    if (!zero) return err(/^[0-9]+$/.test(sen) ? 'fraction' : 'not_a_number');
  }
  const g = groupedDigits(whole);
  if ('error' in g) return err(g.error);
  const n = toNumber(g.digits);
  if (!n.ok) return n;
  return n.value > LIMITS.maxPrice ? err('too_large') : n;
}

/** Reads a quantity or weight ("2", "0,25", "1.5", "1.250") into milli-units: a comma is the
 * decimal mark (at most three decimals); a dot groups thousands when every group after it has
 * three digits, otherwise it is a decimal point. laris-core's `input::parse_quantity`, line for
 * line; the most is LIMITS.maxQtyMilli, and zero is refused. */
export function parseQty(text: string): Parsed {
  const s = text.trim();
  if (s === '') return err('empty');
  if (s.startsWith('-')) return err(s.slice(1).trim() === '' ? 'not_a_number' : 'negative');
  let whole: string;
  let frac: string;
  const comma = s.indexOf(',');
  const dot = s.indexOf('.');
  if (comma >= 0) [whole, frac] = [s.slice(0, comma), s.slice(comma + 1)];
  else if (isThousands(s)) [whole, frac] = [s, ''];
  else if (dot >= 0) [whole, frac] = [s.slice(0, dot), s.slice(dot + 1)];
  else [whole, frac] = [s, ''];
  if (whole === '' && frac === '') return err('not_a_number');
  if (!DIGITS.test(frac)) return err('not_a_number');
  let wholeDigits = '0';
  if (whole !== '') {
    const g = groupedDigits(whole);
    if ('error' in g) return err('not_a_number');
    wholeDigits = g.digits;
  }
  if (frac.length > 3) return err('too_many_decimals');
  const w = toNumber(wholeDigits);
  if (!w.ok) return w;
  const milli = w.value * 1000 + (frac === '' ? 0 : Number(frac.padEnd(3, '0')));
  if (!Number.isSafeInteger(milli)) return err('too_large');
  if (milli === 0) return err('zero');
  if (milli > LIMITS.maxQtyMilli) return err('too_large');
  return ok(milli);
}

/** parseQty that also accepts an empty field or "0" as zero (minimum stock, opening stock). */
export function parseQtyOrZero(text: string): Parsed {
  const t = text.trim();
  if (t === '') return ok(0);
  const r = parseQty(t);
  return !r.ok && r.error === 'zero' ? ok(0) : r;
}

/** Percent with comma decimals from basis points: 1100 → "11", 1050 → "10,5". */
export function bpToPercent(bp: number): string {
  return formatQty(bp * 10, 'id');
}

/** "11" or "10,5" → basis points; null when not a number. */
export function percentToBp(text: string): number | null {
  if (text.trim() === '' || text.trim() === '0') return 0;
  const milli = parseQty(text);
  return milli.ok ? Math.round(milli.value / 10) : null;
}

/** Unix ms → "14:05" in the shop's zone offset (WIB +7, WITA +8, WIT +9). */
export function formatClock(ms: number, timezone: string): string {
  const d = new Date(ms + zoneOffsetHours(timezone) * 3_600_000);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${hh}:${mm}`;
}

export function zoneOffsetHours(timezone: string): number {
  return timezone === 'WIT' ? 9 : timezone === 'WITA' ? 8 : 7;
}
