// Money and quantity formatting. Money is whole Rupiah (integers); quantities are milli-units.

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

/** Parses what the cashier typed as a quantity ("0,25", "1.5", "2") into milli-units.
 * Both comma and dot are accepted as the decimal mark: a weight never needs a thousands
 * separator. Returns null when the text is not a positive number with at most 3 decimals. */
export function parseQty(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (!/^\d+(\.\d{0,3})?$/.test(t) && !/^\.\d{1,3}$/.test(t)) return null;
  const [whole, frac = ''] = t.split('.');
  const milli = Number(whole || '0') * 1000 + Number(frac.padEnd(3, '0'));
  return milli > 0 ? milli : null;
}

/** Parses a Rupiah amount typed with or without dots ("50.000", "50000", "Rp 50.000"). */
export function parseMoney(text: string): number | null {
  const digits = text.replace(/[^\d]/g, '');
  if (digits === '') return null;
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : null;
}

/** Percent with comma decimals from basis points: 1100 → "11", 1050 → "10,5". */
export function bpToPercent(bp: number): string {
  return formatQty(bp * 10, 'id');
}

/** "11" or "10,5" → basis points; null when not a number. */
export function percentToBp(text: string): number | null {
  if (text.trim() === '' || text.trim() === '0') return 0;
  const milli = parseQty(text);
  return milli === null ? null : Math.round(milli / 10);
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
