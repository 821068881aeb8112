// The shared golden cases of tests/golden/*.json, which laris-core's and laris-protocol's
// `cargo test` read too (crates/laris-core/tests/golden.rs, crates/laris-protocol/tests/
// pairing_code.rs): the mock and the window agree with Rust because both pass the same cases,
// not because one was copied from the other.
import { describe, expect, it } from 'vitest';
import pairingCodes from '../../../tests/golden/pairing_codes.json';
import deviceCodes from '../../../tests/golden/device_codes.json';
import pricing from '../../../tests/golden/pricing.json';
import receiptNumbers from '../../../tests/golden/receipt_numbers.json';
import csvCases from '../../../tests/golden/csv_errors.json';
import receipts from '../../../tests/golden/receipts.json';
import moneyInput from '../../../tests/golden/money_input.json';
import qtyInput from '../../../tests/golden/qty_input.json';
import { parseMoney, parseQty } from '../../src/lib/format';
import { LIMITS } from '../../src/lib/api/types.gen';
import { MockBackend } from '../../src/lib/api/mock';
import { price, type Rounding, type TaxMode, type Totals } from '../../src/lib/api/mock-pricing';
import {
  DEVICE_CODE_MAX_LEN,
  PAIRING_CODE_ALPHABET,
  PAIRING_CODE_LEN,
  normalizeDeviceCode,
  normalizePairingCode,
} from '../../src/lib/pairing';

describe('golden pairing codes', () => {
  it('use the protocol alphabet and length', () => {
    expect(pairingCodes.alphabet).toBe(PAIRING_CODE_ALPHABET);
    expect(pairingCodes.length).toBe(PAIRING_CODE_LEN);
  });

  it.each(pairingCodes.cases.map((c) => [c.why, c] as const))('%s', (_why, c) => {
    const got = normalizePairingCode(c.input);
    const expected = 'code' in c ? { code: c.code } : { error: c.error };
    expect(got.ok ? { code: got.code } : { error: got.error }).toEqual(expected);
  });
});

describe('golden device codes', () => {
  it('have laris-core’s limit', () => {
    expect(deviceCodes.max_len).toBe(DEVICE_CODE_MAX_LEN);
  });

  it.each(deviceCodes.cases.map((c) => [c.why, c] as const))('%s', (_why, c) => {
    const got = normalizeDeviceCode(c.input);
    expect(got.ok ? { code: got.code } : { error: 'invalid_input' }).toEqual('code' in c ? { code: c.code } : { error: c.error });
  });
});

/** The case's name for the test list. */
const named = <T extends { why: string }>(cases: T[]) => cases.map((c) => [c.why, c] as const);

/** What a mock call rejected with, as the golden files write errors. */
function rejection(e: unknown): { code: string; field: string | null } {
  const { code, field } = e as { code: string; field?: string | null };
  return { code, field: field ?? null };
}

function totalsJson(t: Totals) {
  return {
    lines: t.lines.map((l) => ({ gross: l.gross, discount: l.discount, cost: l.cost })),
    gross: t.gross,
    line_discount: t.lineDiscount,
    cart_discount: t.cartDiscount,
    tax: t.tax,
    rounding: t.rounding,
    total: t.total,
    cost: t.cost,
  };
}

describe('golden pricing', () => {
  it.each(named(pricing.cases))('%s', (_why, c) => {
    let got: unknown;
    try {
      const t = price(
        c.lines.map((l) => ({ qtyMilli: l.qty_milli, unitPrice: l.unit_price, unitCost: l.unit_cost, discount: l.discount })),
        c.cart_discount,
        { taxMode: c.rules.tax_mode as TaxMode, taxRateBp: c.rules.tax_rate_bp, rounding: c.rules.rounding as Rounding },
      );
      got = { expect: totalsJson(t) };
    } catch (e) {
      got = { error: rejection(e) };
    }
    expect(got).toEqual('expect' in c ? { expect: c.expect } : { error: c.error });
  });
});

type ReceiptCase = (typeof receiptNumbers.cases)[number] & { mock_known_difference?: string };

async function receiptsOf(c: ReceiptCase): Promise<string[]> {
  let now = c.sales[0].at_ms;
  const m = new MockBackend({ initialised: false, now: () => now });
  await m.setupShop({ name: 'Warung Golden', deviceCode: c.device_code, timezone: c.timezone });
  const got: string[] = [];
  for (const sale of c.sales as { at_ms: number; timezone?: string }[]) {
    now = sale.at_ms;
    if (sale.timezone) {
      await m.saveSettings({ name: 'Warung Golden', address: '', receiptFooter: '', timezone: sale.timezone, taxMode: 'none', taxRateBp: 0, rounding: 'none', ownerPin: null });
    }
    const cart = { lines: [{ productId: 'p-W0001', qtyMilli: 1000, discount: 0 }], discount: 0 };
    const { total } = await m.quote(cart);
    got.push((await m.checkout({ cart, tenders: [{ method: 'cash', amount: total, reference: null }], cashier: null })).receiptNo);
  }
  return got;
}

describe('golden receipt numbers', () => {
  for (const c of receiptNumbers.cases as ReceiptCase[]) {
    const expected = c.sales.map((s) => s.receipt_no);
    if (c.mock_known_difference) {
      // Passes while the mock still differs; fails (and should lose its mark) once it is fixed.
      it.fails(`${c.why} (known: ${c.mock_known_difference})`, async () => {
        expect(await receiptsOf(c)).toEqual(expected);
      });
    } else {
      it(c.why, async () => {
        expect(await receiptsOf(c)).toEqual(expected);
      });
    }
  }
});

type CsvCase = (typeof csvCases.cases)[number] & {
  imported?: { created: number; updated: number; unchanged: number; opening_stock: number };
  finds?: Record<string, string>;
  stock?: Record<string, number>;
  error?: { line: number; column: string | null };
};

describe('golden catalog CSV', () => {
  it.each(named(csvCases.cases as CsvCase[]))('%s', async (_why, c) => {
    const m = new MockBackend({ now: () => Date.UTC(2026, 10, 27, 3) });
    const before = await m.exportCsv();
    const got: Record<string, unknown> = {};
    try {
      const r = await m.importCsv(c.csv);
      got.imported = { created: r.created, updated: r.updated, unchanged: r.unchanged, opening_stock: r.openingStock };
      if (c.finds) {
        const found: Record<string, string | null> = {};
        for (const code of Object.keys(c.finds)) found[code] = (await m.lookup(code)).exact?.sku ?? null;
        got.finds = found;
      }
      if (c.stock) {
        const levels: Record<string, number | null> = {};
        for (const sku of Object.keys(c.stock)) levels[sku] = (await m.lookup(sku)).exact?.stockMilli ?? null;
        got.stock = levels;
      }
    } catch (e) {
      const { code, message } = e as { code: string; message: string };
      expect(code).toBe('import_rejected');
      const where = /^catalog CSV line (\d+)(?:, column (\w+))?: ./.exec(message);
      expect(where, message).not.toBeNull();
      got.error = { line: Number(where![1]), column: where![2] ?? null };
      expect(await m.exportCsv(), 'a rejected import writes nothing').toBe(before);
    }
    const expected: Record<string, unknown> = {};
    for (const k of ['imported', 'finds', 'stock', 'error'] as const) if (c[k] !== undefined) expected[k] = c[k];
    expect(got).toEqual(expected);
  });
});

type ReceiptTextCase = (typeof receipts.cases)[number];

describe('golden receipts', () => {
  it.each(named(receipts.cases as ReceiptTextCase[]))('%s', async (_why, c) => {
    const m = new MockBackend({ initialised: false, now: () => c.at_ms });
    await m.setupShop({ name: 'Warung Golden', deviceCode: c.device_code, timezone: 'WIB' });
    const s = c.shop;
    await m.saveSettings({
      name: s.name,
      address: s.address,
      receiptFooter: s.footer,
      timezone: 'WIB',
      taxMode: s.tax_mode,
      taxRateBp: s.tax_rate_bp,
      rounding: s.rounding, ownerPin: null
    });
    const ids = new Map<string, string>();
    for (const p of receipts.products) {
      const saved = await m.saveProduct({
        id: null,
        sku: p.sku,
        name: p.name,
        category: null,
        unit: p.unit,
        price: p.price,
        cost: 0,
        soldByWeight: p.sold_by_weight,
        trackStock: true,
        minStockMilli: 0,
        barcodes: [],
        openingStockMilli: null,
      });
      ids.set(p.sku, saved.id);
    }
    const cart = {
      lines: c.lines.map((l) => ({ productId: ids.get(l.sku)!, qtyMilli: l.qty_milli, discount: l.discount })),
      discount: c.cart_discount,
    };
    const tenders = c.tenders.map((t) => ({ method: t.method as 'cash' | 'qris' | 'transfer', amount: t.amount, reference: t.reference }));
    const sale = await m.checkout({ cart, tenders, cashier: c.cashier });
    expect(sale.receiptText.split('\n').slice(0, -1)).toEqual(c.receipt);
  });
});

describe('golden money input', () => {
  it('has the limit of LIMITS.maxPrice', () => {
    expect(moneyInput.max).toBe(LIMITS.maxPrice);
  });

  it.each(named(moneyInput.cases as { why: string; text: string; value?: number; error?: string }[]))('%s', (_why, c) => {
    const got = parseMoney(c.text);
    expect(got.ok ? { value: got.value } : { error: got.error }).toEqual('value' in c ? { value: c.value } : { error: c.error });
  });
});

describe('golden quantity input', () => {
  it('has the limit of LIMITS.maxQtyMilli', () => {
    expect(qtyInput.max_milli).toBe(LIMITS.maxQtyMilli);
  });

  it.each(named(qtyInput.cases as { why: string; text: string; milli?: number; error?: string }[]))('%s', (_why, c) => {
    const got = parseQty(c.text);
    expect(got.ok ? { milli: got.value } : { error: got.error }).toEqual('milli' in c ? { milli: c.milli } : { error: c.error });
  });
});
