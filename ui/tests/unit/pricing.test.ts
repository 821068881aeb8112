// The same cases as laris-core's pricing.rs tests: the mock must quote what the till does.
import { describe, expect, it } from 'vitest';
import { allocate, lineAmount, MAX_PRICE, MAX_QTY_MILLI, price, type PriceLine, type PricingRules } from '../../src/lib/api/mock-pricing';

const line = (qtyMilli: number, unitPrice: number, discount: number): PriceLine => ({
  qtyMilli,
  unitPrice,
  unitCost: Math.floor((unitPrice * 9) / 10),
  discount,
});
const NONE: PricingRules = { taxMode: 'none', taxRateBp: 0, rounding: 'none' };

describe('pricing like pricing.rs', () => {
  it('rounds weighed goods half up', () => {
    expect(lineAmount(250, 14_000)).toBe(3_500);
    expect(lineAmount(333, 18_000)).toBe(5_994);
    expect(lineAmount(1, 500)).toBe(1);
    expect(lineAmount(1, 499)).toBe(0);
  });

  it('matches the benchmark sale arithmetic', () => {
    const t = price([line(4000, 500, 0), line(1000, 13_000, 0), line(2000, 20_000, 2_000)], 0, NONE);
    expect(t.total).toBe(53_000);
    expect(t.lineDiscount).toBe(2_000);
    expect(t.gross).toBe(55_000);
  });

  it('adds or extracts PPN and rounds the total', () => {
    const lines = [line(1000, 11_100, 0)];
    const excl = price(lines, 100, { taxMode: 'exclusive', taxRateBp: 1100, rounding: 'none' });
    expect([excl.tax, excl.total]).toEqual([1_210, 12_210]);
    const incl = price(lines, 0, { taxMode: 'inclusive', taxRateBp: 1100, rounding: '500' });
    expect([incl.tax, incl.total, incl.rounding]).toEqual([1_100, 11_000, -100]);
    const r100: PricingRules = { ...NONE, rounding: '100' };
    expect(price([line(1000, 12_550, 0)], 0, r100).total).toBe(12_600);
    expect(price([line(1000, 12_549, 0)], 0, r100).total).toBe(12_500);
    expect(price([line(1000, 12_250, 0)], 0, { ...NONE, rounding: '500' }).total).toBe(12_500);
    expect(price([line(1000, 12_249, 0)], 0, { ...NONE, rounding: '500' }).total).toBe(12_000);
  });

  it('rejects bad discounts and quantities with the Rust codes', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as { code: string; field: string | null }).code + ':' + (e as { field: string | null }).field;
      }
      return 'ok';
    };
    expect(code(() => price([], 0, NONE))).toBe('empty_cart:null');
    expect(code(() => price([line(1000, 1000, 1001)], 0, NONE))).toBe('invalid_input:discount');
    expect(code(() => price([line(1000, 1000, -1)], 0, NONE))).toBe('invalid_input:discount');
    expect(code(() => price([line(1000, 1000, 0)], 1001, NONE))).toBe('invalid_input:discount');
    expect(code(() => price([line(0, 1000, 0)], 0, NONE))).toBe('invalid_input:qty');
    expect(code(() => price([line(-5, 1000, 0)], 0, NONE))).toBe('invalid_input:qty');
    expect(code(() => price([line(MAX_QTY_MILLI + 1, 1000, 0)], 0, NONE))).toBe('invalid_input:qty');
    expect(code(() => price([line(1000, MAX_PRICE + 1, 0)], 0, NONE))).toBe('invalid_input:price');
    expect(code(() => price([line(1000, 1000, 0)], 0, { ...NONE, taxRateBp: 10_001 }))).toBe('invalid_input:tax_rate');
  });
});

describe('payments like checkout.rs allocate', () => {
  it('gives change on cash', () => {
    const a = allocate(37_500, [{ method: 'cash', amount: 50_000, reference: null }]);
    expect(a.change).toBe(12_500);
    expect(a.payments[0]).toMatchObject({ amount: 37_500, tendered: 50_000 });
  });

  it('settles non-cash first, never above the total', () => {
    const a = allocate(10_000, [
      { method: 'qris', amount: 6_000, reference: ' ' },
      { method: 'cash', amount: 5_000, reference: null },
    ]);
    expect(a.change).toBe(1_000);
    expect(a.payments.map((p) => p.amount)).toEqual([6_000, 4_000]);
    expect(a.payments[0].reference).toBeNull();
    expect(() => allocate(10_000, [{ method: 'transfer', amount: 10_001, reference: null }])).toThrow(
      expect.objectContaining({ code: 'overpaid' }),
    );
  });

  it('refuses too little', () => {
    expect(() => allocate(10_000, [{ method: 'cash', amount: 9_999, reference: null }])).toThrow(
      expect.objectContaining({ code: 'insufficient_payment' }),
    );
    expect(() => allocate(10_000, [{ method: 'cash', amount: 0, reference: null }])).toThrow(
      expect.objectContaining({ code: 'invalid_input', field: 'payment' }),
    );
  });
});
