// Voids and refunds for the mock, as laris-core's sale/returns.rs prices them: the sale's
// total shared over its lines by their net amounts (largest remainder first, ties to the
// earlier line), part of a line pro rata rounded down, the return that takes the last of a
// line gets what is left of its share. So returning everything, in one go or in pieces, pays
// back exactly the total. Pure functions: the mock (mock.ts) keeps the records.
import { appError } from './backend';
import type { TenderMethod } from './types.gen';

/** `total` shared over `weights` (each ≥ 0, a negative counts as 0) by largest remainder; all
 * to the first when the weights are all zero. */
export function shares(total: number, weights: number[]): number[] {
  if (weights.length === 0) return [];
  const w = weights.map((x) => BigInt(Math.max(0, x)));
  const sum = w.reduce((a, b) => a + b, 0n);
  if (sum === 0n) return weights.map((_, i) => (i === 0 ? total : 0));
  const t = BigInt(total);
  const out: number[] = [];
  const rems: { rem: bigint; i: number }[] = [];
  w.forEach((x, i) => {
    const p = t * x;
    out.push(Number(p / sum));
    rems.push({ rem: p % sum, i });
  });
  let left = total - out.reduce((a, b) => a + b, 0);
  rems.sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  for (const { i } of rems) {
    if (left <= 0) break;
    out[i] += 1;
    left -= 1;
  }
  return out;
}

/** The money (or cost) of taking back `qty` of a line of `lineQty` whose whole is `whole`, of
 * which `done` was already paid back: the rest of it when this takes the last, else pro rata
 * rounded down. */
export function piece(whole: number, done: number, qty: number, lineQty: number, last: boolean): number {
  if (last) return Math.max(0, whole - done);
  if (lineQty <= 0) return 0;
  return Number((BigInt(whole) * BigInt(qty)) / BigInt(lineQty));
}

/** What a sale is, for pricing its returns. */
export interface ReturnableSale {
  total: number;
  /** Parallel: each line's qty, net (gross − line discount) and cost. */
  lines: { qtyMilli: number; net: number; cost: number }[];
}

/** What is already taken back of a sale's lines (any number of rows per line). */
export interface TakenBack {
  lineNo: number;
  qtyMilli: number;
  amount: number;
  cost: number;
}

export interface ReturnRequestLine {
  lineNo: number;
  qtyMilli: number;
}

export interface PricedLine {
  lineNo: number;
  qtyMilli: number;
  amount: number;
  cost: number;
}

/** What is left to take back of line `lineNo` (1-based): sold − already returned. */
export function leftOf(sale: ReturnableSale, done: TakenBack[], lineNo: number): number {
  const line = sale.lines[lineNo - 1];
  if (!line) return 0;
  const back = done.filter((d) => d.lineNo === lineNo).reduce((a, d) => a + d.qtyMilli, 0);
  return line.qtyMilli - back;
}

/** The lines of a return taking back `requests`, priced as the module says; throws the
 * AppErrors laris-core does (`lines`, `line`, `qty`). */
export function priceReturn(sale: ReturnableSale, done: TakenBack[], requests: ReturnRequestLine[]): PricedLine[] {
  if (requests.length === 0) throw appError('invalid_input', 'choose what is taken back', 'lines');
  const money = shares(
    sale.total,
    sale.lines.map((l) => l.net),
  );
  const seen = new Set<number>();
  return requests.map((req) => {
    const line = Number.isInteger(req.lineNo) ? sale.lines[req.lineNo - 1] : undefined;
    if (!line || req.lineNo < 1) throw appError('invalid_input', `the sale has no line ${req.lineNo}`, 'line');
    if (seen.has(req.lineNo)) throw appError('invalid_input', `line ${req.lineNo} is listed twice`, 'line');
    seen.add(req.lineNo);
    const mine = done.filter((d) => d.lineNo === req.lineNo);
    const doneQty = mine.reduce((a, d) => a + d.qtyMilli, 0);
    const doneAmount = mine.reduce((a, d) => a + d.amount, 0);
    const doneCost = mine.reduce((a, d) => a + d.cost, 0);
    const left = line.qtyMilli - doneQty;
    if (!Number.isInteger(req.qtyMilli) || req.qtyMilli <= 0 || req.qtyMilli > left) {
      throw appError('invalid_input', `line ${req.lineNo} has ${Math.max(0, left)} milli left to take back`, 'qty');
    }
    const last = req.qtyMilli === left;
    return {
      lineNo: req.lineNo,
      qtyMilli: req.qtyMilli,
      amount: piece(money[req.lineNo - 1], doneAmount, req.qtyMilli, line.qtyMilli, last),
      cost: piece(line.cost, doneCost, req.qtyMilli, line.qtyMilli, last),
    };
  });
}

/** A reason as laris-core keeps it: trimmed, one line of at most 500 characters. */
export function checkedReason(reason: string): string {
  const r = reason.trim();
  if (r === '') throw appError('invalid_input', 'say why the sale is taken back', 'reason');
  // eslint-disable-next-line no-control-regex
  if ([...r].length > MAX_RETURN_REASON_CHARS || /[\u0000-\u001f\u007f-\u009f]/.test(r)) {
    throw appError('invalid_input', `one line of at most ${MAX_RETURN_REASON_CHARS} characters`, 'reason');
  }
  return r;
}

/** laris-core's MAX_RETURN_REASON_CHARS. */
export const MAX_RETURN_REASON_CHARS = 500;

/** The method that paid most of a sale, the void's (laris-core: `max_by_key`, so the last of
 * equals); cash when nothing was paid. */
export function mostPaid(payments: { method: TenderMethod; amount: number }[]): TenderMethod {
  let best: { method: TenderMethod; amount: number } | null = null;
  for (const p of payments) if (best === null || p.amount >= best.amount) best = p;
  return best?.method ?? 'cash';
}
