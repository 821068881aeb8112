// Periods of the shop's days in WIB (UTC+7, no daylight saving), as the server's dashboard,
// sales and export take them: YYYY-MM-DD, both ends inclusive.

export const WIB_OFFSET_MS = 7 * 3_600_000;

export type PeriodKind = 'today' | 'yesterday' | '7d' | '30d' | 'custom';
export const PERIOD_KINDS: readonly PeriodKind[] = ['today', 'yesterday', '7d', '30d', 'custom'];

export type Period = { kind: PeriodKind; from: string; to: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Unix ms → the WIB calendar day. */
export function wibDay(ms: number): string {
  return new Date(ms + WIB_OFFSET_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` plus `days` (may be negative). */
export function shiftDay(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function isDay(s: string): boolean {
  if (!DAY.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The period of a kind at `nowMs`; `custom` takes the two days given (swapped when the
 * order is reversed, today for a missing or invalid one). "7 hari" is today and the six
 * days before it. */
export function periodOf(kind: PeriodKind, nowMs: number, custom?: { from: string; to: string }): Period {
  const today = wibDay(nowMs);
  switch (kind) {
    case 'today':
      return { kind, from: today, to: today };
    case 'yesterday': {
      const y = shiftDay(today, -1);
      return { kind, from: y, to: y };
    }
    case '7d':
      return { kind, from: shiftDay(today, -6), to: today };
    case '30d':
      return { kind, from: shiftDay(today, -29), to: today };
    case 'custom': {
      let from = custom && isDay(custom.from) ? custom.from : today;
      let to = custom && isDay(custom.to) ? custom.to : today;
      if (from > to) [from, to] = [to, from];
      return { kind, from, to };
    }
  }
}

/** Unix ms → "HH:MM" in WIB. */
export function wibClock(ms: number): string {
  return new Date(ms + WIB_OFFSET_MS).toISOString().slice(11, 16);
}
