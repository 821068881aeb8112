// The mock's voids and refunds, priced as laris-core's sale/returns.rs prices them: the sale's
// total shared over its lines by net amount (largest remainder, ties to the earlier line);
// part of a line pro rata, rounded down; the last of a line gets what is left of its share.
import { appError } from './backend';
import type { MockSale } from './mock-state';
import type { ReturnLineView, ReturnView, TenderMethod } from './types.gen';

export interface MockReturn {
  view: ReturnView;
  cost: number;
  thisTill: boolean;
  /** Cost per returned line, parallel to view.lines. */
  lineCosts: number[];
}

/** `total` shared over `weights` by largest remainder; all to the first when all are zero. */
export function shares(total: number, weights: number[]): number[] {
  if (weights.length === 0) return [];
  const w = weights.map((x) => Math.max(0, x));
  const sum = w.reduce((a, b) => a + b, 0);
  if (sum === 0) return w.map((_, i) => (i === 0 ? total : 0));
  const out = w.map((x) => Math.floor((total * x) / sum));
  const rems = w.map((x, i) => ({ r: (total * x) % sum, i }));
  let left = total - out.reduce((a, b) => a + b, 0);
  rems.sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of rems) {
    if (left <= 0) break;
    out[i] += 1;
    left -= 1;
  }
  return out;
}

/** The priced lines of a return of `sale` taking back `requests`, given the returns so far. */
export function pricedLines(
  sale: MockSale,
  requests: { lineNo: number; qtyMilli: number }[],
  earlier: MockReturn[],
): { lines: ReturnLineView[]; costs: number[] } {
  if (requests.length === 0) throw appError('invalid_input', 'choose what is taken back', 'lines');
  const v = sale.view;
  const money = shares(
    v.total,
    v.lines.map((l) => l.net),
  );
  const seen = new Set<number>();
  const lines: ReturnLineView[] = [];
  const costs: number[] = [];
  for (const req of requests) {
    const idx = req.lineNo - 1;
    if (idx < 0 || idx >= v.lines.length) throw appError('invalid_input', `the sale has no line ${req.lineNo}`, 'line');
    if (seen.has(req.lineNo)) throw appError('invalid_input', `line ${req.lineNo} is listed twice`, 'line');
    seen.add(req.lineNo);
    const line = v.lines[idx];
    let doneQty = 0;
    let doneAmount = 0;
    let doneCost = 0;
    for (const r of earlier) {
      r.view.lines.forEach((l, i) => {
        if (l.lineNo === req.lineNo) {
          doneQty += l.qtyMilli;
          doneAmount += l.amount;
          doneCost += r.lineCosts[i];
        }
      });
    }
    const left = line.qtyMilli - doneQty;
    if (!Number.isInteger(req.qtyMilli) || req.qtyMilli <= 0 || req.qtyMilli > left) {
      throw appError('invalid_input', `line ${req.lineNo} (${line.name}) has ${Math.max(left, 0) / 1000} left to take back`, 'qty');
    }
    const last = req.qtyMilli === left;
    const proRata = (whole: number, done: number) =>
      last ? Math.max(whole - done, 0) : Math.floor((whole * req.qtyMilli) / line.qtyMilli);
    lines.push({ lineNo: req.lineNo, productId: `p-${sale.skus[idx]}`, qtyMilli: req.qtyMilli, amount: proRata(money[idx], doneAmount) });
    costs.push(proRata(sale.lineCosts[idx], doneCost));
  }
  return { lines, costs };
}

export function checkedReason(reason: string): string {
  const r = reason.trim();
  if (!r) throw appError('invalid_input', 'say why the sale is taken back', 'reason');
  return r;
}

export type { TenderMethod };
