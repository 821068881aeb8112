// Dates and times as the shop reads them: Intl in Bahasa ('id-ID', "3 Des 2026 14.05") or
// en-GB (day before month, never US order), always in the shop's zone (WIB/WITA/WIT).

export type DateLocale = 'id' | 'en';

const ZONES: Record<string, string> = {
  WIB: 'Asia/Jakarta',
  WITA: 'Asia/Makassar',
  WIT: 'Asia/Jayapura',
};

/** The IANA zone of a shop zone name; WIB when unknown. */
export function ianaZone(shopZone: string | null | undefined): string {
  return ZONES[shopZone ?? 'WIB'] ?? ZONES.WIB;
}

function tag(locale: DateLocale): string {
  return locale === 'en' ? 'en-GB' : 'id-ID';
}

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(locale: DateLocale, zone: string, kind: 'date' | 'time'): Intl.DateTimeFormat {
  const key = `${locale}|${zone}|${kind}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(
      tag(locale),
      kind === 'date'
        ? { day: 'numeric', month: 'short', year: 'numeric', timeZone: zone }
        : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone },
    );
    cache.set(key, f);
  }
  return f;
}

/** Unix ms → "3 Des 2026" in the shop's zone. */
export function formatDate(ms: number, shopZone: string | null | undefined, locale: DateLocale = 'id'): string {
  return fmt(locale, ianaZone(shopZone), 'date').format(ms);
}

/** Unix ms → "14.05" (id) or "14:05" (en) in the shop's zone. */
export function formatTime(ms: number, shopZone: string | null | undefined, locale: DateLocale = 'id'): string {
  return fmt(locale, ianaZone(shopZone), 'time').format(ms);
}

/** Unix ms → "3 Des 2026 14.05" in the shop's zone. */
export function formatDateTime(ms: number, shopZone: string | null | undefined, locale: DateLocale = 'id'): string {
  return `${formatDate(ms, shopZone, locale)} ${formatTime(ms, shopZone, locale)}`;
}

/** Unix ms → the shop-local calendar day "2026-12-03". */
export function shopDay(ms: number, shopZone: string | null | undefined): string {
  const parts = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: ianaZone(shopZone) }).formatToParts(ms);
  const part = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** A shop-local calendar day "2026-12-03" → "3 Des 2026" (no zone shift: it already is local). */
export function formatDay(isoDay: string, locale: DateLocale = 'id'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  if (!m) return isoDay;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12);
  return fmt(locale, 'UTC', 'date').format(ms);
}

const MONTHS: Record<string, number> = {
  jan: 1, januari: 1, january: 1,
  feb: 2, februari: 2, february: 2,
  mar: 3, maret: 3, march: 3,
  apr: 4, april: 4,
  mei: 5, may: 5,
  jun: 6, juni: 6, june: 6,
  jul: 7, juli: 7, july: 7,
  agu: 8, agt: 8, agustus: 8, aug: 8, august: 8,
  sep: 9, sept: 9, september: 9,
  okt: 10, oktober: 10, oct: 10, october: 10,
  nov: 11, november: 11,
  des: 12, desember: 12, dec: 12, december: 12,
};

function isoDay(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d.toISOString().slice(0, 10);
}

/** A day as an Indonesian writes it, day first: "3 Des 2026", "3 Desember 2026", "3/12/2026",
 * "3-12-2026", "3.12.2026", or ISO "2026-12-03" → "2026-12-03"; null for anything else (a
 * month-first US date such as 12/31/2026 is not a date here). */
export function parseDay(text: string): string | null {
  const s = text.trim().toLowerCase();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return isoDay(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) return isoDay(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$/.exec(s);
  if (m && MONTHS[m[2]]) return isoDay(Number(m[3]), MONTHS[m[2]], Number(m[1]));
  return null;
}
