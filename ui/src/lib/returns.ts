// What the window knows of a sale's voids and refunds, from a SaleView and its returns: what is
// left of each line, whether it may still be voided, the estimate of the money back (the
// backend decides the real amount: laris-core's sale/returns.rs, mirrored by mock-returns.ts),
// and which line a backend `qty` refusal is about.
import type { AppError, ReturnView, SaleView } from './api/types.gen';
import { priceReturn, type ReturnRequestLine } from './api/mock-returns';

/** Milli-units of each line (index lineNo − 1) already taken back. */
export function returnedByLine(sale: SaleView, returns: ReturnView[]): number[] {
  const out = sale.lines.map(() => 0);
  for (const r of returns) for (const l of r.lines) if (l.lineNo >= 1 && l.lineNo <= out.length) out[l.lineNo - 1] += l.qtyMilli;
  return out;
}

/** Milli-units of each line still to take back (never below zero). */
export function leftByLine(sale: SaleView, returns: ReturnView[]): number[] {
  const back = returnedByLine(sale, returns);
  return sale.lines.map((l, i) => Math.max(0, l.qtyMilli - back[i]));
}

/** A void is offered for a sale of the shop's `today` with nothing taken back yet. */
export function canVoid(returns: ReturnView[], saleDay: string, today: string): boolean {
  return saleDay === today && returns.length === 0;
}

/** A refund is offered while anything of the sale is left to take back. */
export function canRefund(sale: SaleView, returns: ReturnView[]): boolean {
  return leftByLine(sale, returns).some((l) => l > 0);
}

/** The money back for `requests` as laris-core will price it, or null when the request is not
 * one it would take (the backend then says why). */
export function refundEstimate(sale: SaleView, returns: ReturnView[], requests: ReturnRequestLine[]): number | null {
  const done = returns.flatMap((r) => r.lines.map((l) => ({ lineNo: l.lineNo, qtyMilli: l.qtyMilli, amount: l.amount, cost: 0 })));
  const returnable = { total: sale.total, lines: sale.lines.map((l) => ({ qtyMilli: l.qtyMilli, net: l.net, cost: 0 })) };
  try {
    return priceReturn(returnable, done, requests).reduce((a, l) => a + l.amount, 0);
  } catch {
    return null;
  }
}

/** The line a backend refusal on `qty` is about: the one its message names ("line 2 (…) has
 * 1 left"), else the first asked for more than is left, else the first asked for. */
export function qtyErrorLine(err: AppError, requests: ReturnRequestLine[], left: number[]): number | null {
  if (requests.length === 0) return null;
  const named = /\bline (\d+)\b/.exec(err.message);
  if (named && requests.some((r) => r.lineNo === Number(named[1]))) return Number(named[1]);
  const over = requests.find((r) => r.qtyMilli > (left[r.lineNo - 1] ?? 0));
  return (over ?? requests[0]).lineNo;
}
