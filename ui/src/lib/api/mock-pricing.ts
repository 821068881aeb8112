// The money arithmetic of laris-core's pricing.rs and checkout.rs `allocate`, line for line,
// so the mock quotes exactly what the real till would. BigInt where a product could pass 2^53.
import { appError } from './backend';
import { LIMITS, type TenderInput } from './types.gen';

export const MAX_QTY_MILLI = LIMITS.maxQtyMilli;
export const MAX_LINES_PER_SALE = LIMITS.maxLinesPerSale;
export const MAX_PRICE = LIMITS.maxPrice;

export type TaxMode = 'none' | 'inclusive' | 'exclusive';
export type Rounding = 'none' | '100' | '500';

export interface PricingRules {
  taxMode: TaxMode;
  taxRateBp: number;
  rounding: Rounding;
}

export interface PriceLine {
  qtyMilli: number;
  unitPrice: number;
  unitCost: number;
  discount: number;
}

export interface LineAmounts {
  gross: number;
  discount: number;
  cost: number;
}

export interface Totals {
  lines: LineAmounts[];
  gross: number;
  lineDiscount: number;
  cartDiscount: number;
  tax: number;
  rounding: number;
  total: number;
  cost: number;
}

/** floor((2n + d) / 2d): n/d rounded half up (towards +inf), as Rust's div_euclid does. */
export function divRoundHalfUp(n: bigint, d: bigint): number {
  const num = 2n * n + d;
  const den = 2n * d;
  let q = num / den;
  if (num % den !== 0n && num < 0n !== den < 0n) q -= 1n;
  return Number(q);
}

/** qty_milli × unit_price / 1000, rounded half up to a whole Rupiah. */
export function lineAmount(qtyMilli: number, unitPrice: number): number {
  return divRoundHalfUp(BigInt(qtyMilli) * BigInt(unitPrice), 1000n);
}

export function checkQty(qtyMilli: number): void {
  if (!Number.isInteger(qtyMilli) || qtyMilli <= 0) {
    throw appError('invalid_input', 'quantity must be more than zero', 'qty');
  }
  if (qtyMilli > MAX_QTY_MILLI) {
    throw appError('invalid_input', `${qtyMilli / 1000} units on one line is not plausible`, 'qty');
  }
}

export function checkPrice(field: string, amount: number): void {
  if (!Number.isInteger(amount) || amount < 0) {
    throw appError('invalid_input', 'must not be negative', field);
  }
  if (amount > MAX_PRICE) {
    throw appError('invalid_input', `Rp ${amount} is not a plausible amount`, field);
  }
}

export function price(lines: PriceLine[], cartDiscount: number, rules: PricingRules): Totals {
  if (lines.length === 0) throw appError('empty_cart', 'the cart is empty');
  if (lines.length > MAX_LINES_PER_SALE) {
    throw appError('invalid_input', `a sale may have at most ${MAX_LINES_PER_SALE} lines`, 'cart');
  }
  const t: Totals = {
    lines: [],
    gross: 0,
    lineDiscount: 0,
    cartDiscount: 0,
    tax: 0,
    rounding: 0,
    total: 0,
    cost: 0,
  };
  for (const l of lines) {
    checkQty(l.qtyMilli);
    checkPrice('price', l.unitPrice);
    checkPrice('cost', l.unitCost);
    const gross = lineAmount(l.qtyMilli, l.unitPrice);
    if (!Number.isInteger(l.discount) || l.discount < 0 || l.discount > gross) {
      throw appError(
        'invalid_input',
        `line discount Rp ${l.discount} must be between 0 and the line's Rp ${gross}`,
        'discount',
      );
    }
    const a = { gross, discount: l.discount, cost: lineAmount(l.qtyMilli, l.unitCost) };
    t.gross += a.gross;
    t.lineDiscount += a.discount;
    t.cost += a.cost;
    t.lines.push(a);
  }
  const subtotal = t.gross - t.lineDiscount;
  if (!Number.isInteger(cartDiscount) || cartDiscount < 0 || cartDiscount > subtotal) {
    throw appError(
      'invalid_input',
      `cart discount Rp ${cartDiscount} must be between 0 and the subtotal Rp ${subtotal}`,
      'discount',
    );
  }
  t.cartDiscount = cartDiscount;
  const net = subtotal - cartDiscount;
  const rate = rules.taxRateBp;
  if (!(rate >= 0 && rate <= 10_000)) {
    throw appError('invalid_input', 'must be between 0% and 100%', 'tax_rate');
  }
  let beforeRounding = net;
  if (rules.taxMode === 'exclusive') {
    t.tax = divRoundHalfUp(BigInt(net) * BigInt(rate), 10_000n);
    beforeRounding = net + t.tax;
  } else if (rules.taxMode === 'inclusive') {
    t.tax = divRoundHalfUp(BigInt(net) * BigInt(rate), BigInt(10_000 + rate));
  }
  const step = rules.rounding === '100' ? 100 : rules.rounding === '500' ? 500 : 1;
  t.total = divRoundHalfUp(BigInt(beforeRounding), BigInt(step)) * step;
  t.rounding = t.total - beforeRounding;
  return t;
}

export interface Allocated {
  payments: { method: TenderInput['method']; amount: number; tendered: number; reference: string | null }[];
  tendered: number;
  change: number;
}

/** Non-cash settles first and never gives change; cash covers the rest and gets change. */
export function allocate(total: number, tenders: TenderInput[]): Allocated {
  for (const t of tenders) {
    if (t.reference && [...t.reference.trim()].length > LIMITS.maxReferenceChars) {
      throw appError('invalid_input', `a payment reference has at most ${LIMITS.maxReferenceChars} characters`, 'reference');
    }
    if (!Number.isInteger(t.amount) || t.amount <= 0 || t.amount > MAX_PRICE) {
      throw appError('invalid_input', `a ${t.method} payment of Rp ${t.amount} is not valid`, 'payment');
    }
  }
  const nonCash = tenders.filter((t) => t.method !== 'cash').reduce((s, t) => s + t.amount, 0);
  const tendered = tenders.reduce((s, t) => s + t.amount, 0);
  if (nonCash > total) {
    throw appError('overpaid', `non-cash Rp ${nonCash} is more than the total Rp ${total}`);
  }
  if (tendered < total) {
    throw appError('insufficient_payment', `Rp ${tendered} paid of Rp ${total}`);
  }
  let cashDue = total - nonCash;
  const payments = tenders.map((t) => {
    let amount = t.amount;
    if (t.method === 'cash') {
      amount = Math.min(t.amount, cashDue);
      cashDue -= amount;
    }
    const ref = t.reference?.trim() ? t.reference.trim() : null;
    return { method: t.method, amount, tendered: t.amount, reference: ref };
  });
  return { payments, tendered, change: tendered - total };
}
