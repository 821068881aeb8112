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

/** A shop-local calendar day "2026-12-03" → "3 Des 2026" (no zone shift: it already is local). */
export function formatDay(isoDay: string, locale: DateLocale = 'id'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  if (!m) return isoDay;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12);
  return fmt(locale, 'UTC', 'date').format(ms);
}
