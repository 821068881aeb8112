// A bank's QRIS settlement list matched to the till's QRIS sales, for the mock, as
// laris-core's sale/settlement.rs does it (checked by the cases of its tests/settlement.rs in
// tests/unit/mock-settlement.test.ts): the separator taken from the header line, the columns
// found by their header, amounts and shop-local times as Indonesian portals write them, rows
// that cannot be read reported with their line, each credit matched to the QRIS payment of
// its amount nearest in time within 30 minutes, closest pairs first, each used once.
import { appError } from './backend';
import { readRecords } from './mock-csv';
import { zoneOffsetHours } from '../format';
import { rustTrim } from '../rust-text';
import type { ReconciliationView, SettlementRowView, SettlementSaleView } from './types.gen';

/** How far a settlement's time may be from the sale's and still match (SETTLEMENT_WINDOW_MS). */
export const SETTLEMENT_WINDOW_MS = 30 * 60_000;
/** The most rows a settlement list may have (MAX_SETTLEMENT_ROWS). */
export const MAX_SETTLEMENT_ROWS = 20_000;

const DATE = ['tanggal', 'tgl', 'date', 'transaction date', 'tanggal transaksi'];
const CLOCK = ['jam', 'waktu', 'time', 'transaction time', 'waktu transaksi', 'datetime'];
const AMOUNT = ['nominal', 'jumlah', 'amount', 'nilai', 'total', 'kredit', 'credit'];
const REFERENCE = ['rrn', 'referensi', 'reference', 'ref', 'no referensi', 'reference no'];

/** A QRIS sale as the matching sees it: the sum of its QRIS payments. */
export type SettlementSale = SettlementSaleView;

export interface SettlementRead {
  rows: SettlementRowView[];
  /** `[line, why]`. */
  unreadable: [number, string][];
}

function column(header: string[], names: string[]): number | null {
  const i = header.findIndex((raw) => {
    const h = rustTrim(raw).toLowerCase();
    return names.some((n) => h === n || h.startsWith(`${n} `));
  });
  return i < 0 ? null : i;
}

/** Rust's `{:?}` of a string, near enough for a message: quoted, `"` and `\` escaped. */
function debug(s: string): string {
  return JSON.stringify(s);
}

/** Rust's `str::parse` of an integer type: an optional `+` (or `-` when signed), ASCII digits. */
function rustInt(s: string, min: number, max: number): number | null {
  const signed = min < 0;
  if (!(signed ? /^[+-]?[0-9]+$/ : /^\+?[0-9]+$/).test(s)) return null;
  const v = BigInt(s);
  return v < BigInt(min) || v > BigInt(max) ? null : Number(v);
}

/** `10.500`, `Rp 10.500`, `10500`, `10.500,00`, `10500.00`, `10,500.00`: whole Rupiah. */
export function parseAmount(raw: string): number | null {
  const t = rustTrim(raw);
  const s = rustTrim(t.startsWith('Rp') ? t.slice(2) : t.startsWith('IDR') ? t.slice(3) : t);
  // After the last separator, two digits are sen (only zeros: whole Rupiah), three a group of
  // thousands; anything else is not an amount.
  const cut = Math.max(s.lastIndexOf(','), s.lastIndexOf('.'));
  if (cut >= 0 && s.length - cut !== 3 && s.length - cut !== 4) return null;
  const [whole, cents] = cut >= 0 && s.length - cut === 3 ? [s.slice(0, cut), s.slice(cut + 1)] : [s, '00'];
  if (cents !== '00') return null;
  const digits = whole.replace(/[.,]/g, '');
  if (digits === '' || !/^[0-9]+$/.test(digits) || digits.length > 13) return null;
  return Number(digits);
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** A shop-local time in one of the forms settlement lists use, as epoch ms; null if not one. */
export function parseSettlementTime(raw: string, tz: string): number | null {
  const s = rustTrim(raw);
  const at = s.search(/[ T]/);
  if (at < 0) return null;
  const date = s.slice(0, at);
  const clock = s.slice(at + 1);
  const parts = date.split(/[-/]/);
  if (parts.length !== 3) return null;
  const [a, b, c] = parts;
  const [ys, ms, ds] = a.length === 4 ? [a, b, c] : [c, b, a];
  const y = rustInt(ys, -2_147_483_648, 2_147_483_647);
  const m = rustInt(ms, 0, 255);
  const d = rustInt(ds, 0, 255);
  // time::Date: years -9999..=9999, a real month and day.
  if (y === null || m === null || d === null || y < -9999 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
    return null;
  }
  const hms = rustTrim(clock).split(':');
  if (hms.length < 2) return null;
  // Unsigned, as u8: a sign is not part of a time.
  const h = rustInt(hms[0], 0, 255);
  const min = rustInt(hms[1], 0, 255);
  const sec = hms.length > 2 ? rustInt(hms[2].split('.')[0], 0, 255) : 0;
  if (h === null || min === null || sec === null || h > 23 || min > 59 || sec > 59) return null;
  const midnight = new Date(0);
  midnight.setUTCFullYear(y, m - 1, d);
  const start = midnight.getTime() - zoneOffsetHours(tz) * 3_600_000;
  return start + ((h * 60 + min) * 60 + sec) * 1000;
}

/** Reads the settlement list: its rows and the lines it could not read; `invalid_input` on
 * `settlement` without a time and an amount column. */
export function readSettlement(input: string, tz: string): SettlementRead {
  const text = input.replace(/^\ufeff/, '');
  const first = text.split('\n')[0].replace(/\r$/, '');
  // The most frequent of `;`, tab and `,` in the first line; a tie goes to the later one.
  let delimiter = ',';
  let best = -1;
  for (const d of [';', '\t', ',']) {
    const n = first.split(d).length - 1;
    if (n >= best) {
      best = n;
      delimiter = d;
    }
  }
  const records = readRecords(text, delimiter);
  const header = records[0]?.fields ?? [];
  const date = column(header, DATE);
  const clock = column(header, CLOCK);
  const amount = column(header, AMOUNT);
  const reference = column(header, REFERENCE);
  // A date and a time in two columns, or both in one.
  const when = date !== null && clock !== null && date !== clock ? [date, clock] : date !== null ? [date] : clock !== null ? [clock] : [];
  if (amount === null || when.length === 0) {
    throw appError(
      'invalid_input',
      'the list needs a time (Tanggal/Waktu) and an amount (Nominal/Jumlah) column in its first line',
      'settlement',
    );
  }
  const rows: SettlementRowView[] = [];
  const unreadable: [number, string][] = [];
  // The file's own line, blank lines and quoted line breaks counted, as settlement.rs says it.
  records.slice(1).forEach((record) => {
    const line = record.line;
    if (rows.length + unreadable.length >= MAX_SETTLEMENT_ROWS) {
      throw appError('invalid_input', `at most ${MAX_SETTLEMENT_ROWS} rows at a time`, 'settlement');
    }
    if (record.fields.every((f) => rustTrim(f) === '')) return;
    const field = (k: number) => rustTrim(record.fields[k] ?? '');
    const whenText = when.map(field).join(' ');
    const at = parseSettlementTime(whenText, tz);
    if (at === null) {
      unreadable.push([line, `${debug(whenText)} is not a time like 2026-11-27 14:05`]);
      return;
    }
    const value = parseAmount(field(amount));
    if (value === null || value <= 0) {
      unreadable.push([line, `${debug(field(amount))} is not an amount`]);
      return;
    }
    const ref = reference === null ? '' : field(reference);
    rows.push({ line, at, amount: value, reference: ref === '' ? null : ref });
  });
  return { rows, unreadable };
}

/** Matches the list to `salesIn(from, to)`: the QRIS sales made in `[from, to)`, ordered by
 * time then id, each with the sum of its QRIS payments. */
export function reconcile(text: string, tz: string, salesIn: (from: number, to: number) => SettlementSale[]): ReconciliationView {
  const { rows, unreadable } = readSettlement(text, tz);
  const unreadableText = unreadable.map(([line, why]) => `baris ${line}: ${why}`);
  if (rows.length === 0) return { matched: [], unmatchedRows: [], unmatchedSales: [], unreadable: unreadableText };
  const from = Math.min(...rows.map((r) => r.at));
  const to = Math.max(...rows.map((r) => r.at));
  const sales = salesIn(from - SETTLEMENT_WINDOW_MS, to + SETTLEMENT_WINDOW_MS + 1);
  const pairs: [number, number, number][] = [];
  rows.forEach((r, ri) =>
    sales.forEach((s, si) => {
      const gap = Math.abs(r.at - s.createdAt);
      if (s.amount === r.amount && gap <= SETTLEMENT_WINDOW_MS) pairs.push([gap, ri, si]);
    }),
  );
  pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
  const rowUsed = rows.map(() => false);
  const saleUsed = sales.map(() => false);
  const matched: ReconciliationView['matched'] = [];
  for (const [, ri, si] of pairs) {
    if (!rowUsed[ri] && !saleUsed[si]) {
      rowUsed[ri] = true;
      saleUsed[si] = true;
      matched.push({ row: { ...rows[ri] }, sale: { ...sales[si] } });
    }
  }
  matched.sort((x, y) => x.row.line - y.row.line);
  return {
    matched,
    unmatchedRows: rows.filter((_, i) => !rowUsed[i]),
    unmatchedSales: sales.filter((s, i) => !saleUsed[i] && s.createdAt >= from && s.createdAt <= to),
    unreadable: unreadableText,
  };
}
