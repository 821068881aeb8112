import { describe, expect, it } from 'vitest';
import { MockBackend } from '../../src/lib/api/mock';
import { checkedReason, mostPaid, piece, priceReturn, shares, type ReturnableSale } from '../../src/lib/api/mock-returns';

// 2026-03-10 07:05 UTC = 14:05 WIB.
const T0 = Date.UTC(2026, 2, 10, 7, 5);

describe('return pricing (laris-core sale/returns.rs)', () => {
  it('shares add up to the total (the Rust test shares_add_up_to_the_total)', () => {
    expect(shares(10_000, [3_000, 3_000, 3_000])).toEqual([3_334, 3_333, 3_333]);
    expect(shares(9_500, [10_000, 0])).toEqual([9_500, 0]);
    expect(shares(0, [0, 0])).toEqual([0, 0]);
    expect(shares(500, [0, 0])).toEqual([500, 0]);
    expect(shares(500, [])).toEqual([]);
    for (const [total, w] of [
      [12_345, [1, 2, 3, 4]],
      [1, [5, 5]],
      [99_999, Array(9).fill(7)],
    ] as [number, number[]][]) {
      expect(shares(total, w).reduce((a, b) => a + b, 0)).toBe(total);
    }
  });

  it('prices part of a line pro rata, rounded down; the last piece gets the rest', () => {
    expect(piece(10_000, 0, 1000, 3000, false)).toBe(3333);
    expect(piece(10_000, 6666, 1000, 3000, true)).toBe(3334);
    expect(piece(10_000, 12_000, 1000, 3000, true)).toBe(0);
  });

  const sale: ReturnableSale = {
    total: 10_000,
    lines: [
      { qtyMilli: 3000, net: 3000, cost: 2000 },
      { qtyMilli: 1000, net: 3000, cost: 700 },
      { qtyMilli: 500, net: 3000, cost: 0 },
    ],
  };

  it('pays back exactly the total, in one go or in pieces', () => {
    const all = priceReturn(sale, [], [
      { lineNo: 1, qtyMilli: 3000 },
      { lineNo: 2, qtyMilli: 1000 },
      { lineNo: 3, qtyMilli: 500 },
    ]);
    expect(all.map((l) => l.amount)).toEqual([3334, 3333, 3333]);
    const done = [];
    let paid = 0;
    let cost = 0;
    for (const qty of [1000, 1000, 1000]) {
      const [l] = priceReturn(sale, done, [{ lineNo: 1, qtyMilli: qty }]);
      done.push(l);
      paid += l.amount;
      cost += l.cost;
    }
    expect(done.map((l) => l.amount)).toEqual([1111, 1111, 1112]);
    expect([paid, cost]).toEqual([3334, 2000]);
  });

  it('refuses what laris-core refuses, on the same fields', () => {
    const field = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as { field: string }).field;
      }
      return null;
    };
    expect(field(() => priceReturn(sale, [], []))).toBe('lines');
    expect(field(() => priceReturn(sale, [], [{ lineNo: 4, qtyMilli: 1 }]))).toBe('line');
    expect(field(() => priceReturn(sale, [], [{ lineNo: 0, qtyMilli: 1 }]))).toBe('line');
    expect(
      field(() =>
        priceReturn(sale, [], [
          { lineNo: 1, qtyMilli: 1 },
          { lineNo: 1, qtyMilli: 1 },
        ]),
      ),
    ).toBe('line');
    expect(field(() => priceReturn(sale, [], [{ lineNo: 1, qtyMilli: 0 }]))).toBe('qty');
    expect(field(() => priceReturn(sale, [], [{ lineNo: 1, qtyMilli: 3001 }]))).toBe('qty');
    const done = [{ lineNo: 1, qtyMilli: 2500, amount: 1, cost: 1 }];
    expect(field(() => priceReturn(sale, done, [{ lineNo: 1, qtyMilli: 501 }]))).toBe('qty');
    expect(field(() => checkedReason('  '))).toBe('reason');
    expect(field(() => checkedReason('a\nb'))).toBe('reason');
    expect(checkedReason(' rusak ')).toBe('rusak');
  });

  it('the void pays back by the method that paid most (the last of equals)', () => {
    expect(mostPaid([{ method: 'cash', amount: 100 }, { method: 'qris', amount: 900 }])).toBe('qris');
    expect(mostPaid([{ method: 'cash', amount: 500 }, { method: 'transfer', amount: 500 }])).toBe('transfer');
    expect(mostPaid([])).toBe('cash');
  });
});

describe('mock backend voids and refunds', () => {
  const cart = {
    lines: [
      { productId: 'p-W0001', qtyMilli: 3000, discount: 0 },
      { productId: 'p-W0010', qtyMilli: 250, discount: 0 },
    ],
    discount: 0,
  };

  it('refunds in pieces, puts stock back, and nets the report', async () => {
    let now = T0;
    const m = new MockBackend({ now: () => now });
    const stock = async () => (await m.lookup('W0001')).exact!.stockMilli;
    const before = await stock();
    const sale = await m.checkout({ cart, tenders: [{ method: 'cash', amount: 20_000, reference: null }], cashier: null });
    expect(sale.total).toBe(3 * 3500 + 3500);
    const r1 = await m.refundSale({ saleId: sale.id, lines: [{ lineNo: 1, qtyMilli: 1000 }], method: 'cash', reason: 'rusak', ownerPin: null });
    expect(r1).toMatchObject({ kind: 'refund', amount: 3500, reason: 'rusak', method: 'cash' });
    expect(await stock()).toBe(before! - 2000);
    await expect(
      m.refundSale({ saleId: sale.id, lines: [{ lineNo: 1, qtyMilli: 2001 }], method: 'cash', reason: 'x', ownerPin: null }),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'qty' });
    await expect(
      m.refundSale({ saleId: sale.id, lines: [{ lineNo: 1, qtyMilli: 1 }], method: 'cash', reason: ' ', ownerPin: null }),
    ).rejects.toMatchObject({ field: 'reason' });
    await expect(m.refundSale({ saleId: 'nope', lines: [], method: 'cash', reason: 'x', ownerPin: null })).rejects.toMatchObject({
      code: 'unknown_sale',
    });
    // Partly returned: no void any more.
    await expect(m.voidSale({ saleId: sale.id, reason: 'salah', ownerPin: null })).rejects.toMatchObject({ field: 'sale' });
    now += 60_000;
    await m.refundSale({
      saleId: sale.id,
      lines: [
        { lineNo: 1, qtyMilli: 2000 },
        { lineNo: 2, qtyMilli: 250 },
      ],
      method: 'qris',
      reason: 'batal beli',
      ownerPin: null,
    });
    const returns = await m.saleReturns(sale.id);
    expect(returns.map((r) => r.reason)).toEqual(['rusak', 'batal beli']);
    expect(returns.reduce((a, r) => a + r.amount, 0)).toBe(sale.total);
    const report = await m.report({ from: '2026-03-10', to: '2026-03-10', scope: 'till' });
    expect(report.totals).toMatchObject({ returns: 2, returned: sale.total, netTotal: 0 });
    expect(report.totals.profitAfterReturns).toBe(0);
    expect(await m.overRefunds()).toEqual([]);
    // Another till took line 2 back too: both kept, flagged; the till's report leaves it out.
    m.pullForeignRefund(sale.receiptNo, 2, 250);
    expect(await m.overRefunds()).toEqual([
      { saleId: sale.id, receiptNo: sale.receiptNo, lineNo: 2, soldQtyMilli: 250, returnedQtyMilli: 500, returns: 2 },
    ]);
    expect((await m.report({ from: '2026-03-10', to: '2026-03-10', scope: 'till' })).totals.returns).toBe(2);
    expect((await m.report({ from: '2026-03-10', to: '2026-03-10', scope: 'shop' })).totals.returns).toBe(3);
  });

  it('voids a sale of today only, with everything back', async () => {
    let now = T0;
    const m = new MockBackend({ now: () => now });
    const sale = await m.checkout({
      cart,
      tenders: [
        { method: 'cash', amount: 4000, reference: null },
        { method: 'qris', amount: 10_000, reference: null },
      ],
      cashier: null,
    });
    const old = await m.checkout({ cart, tenders: [{ method: 'cash', amount: 20_000, reference: null }], cashier: null });
    const v = await m.voidSale({ saleId: sale.id, reason: 'salah input', ownerPin: null });
    expect(v).toMatchObject({ kind: 'void', amount: sale.total, method: 'qris' });
    expect(v.lines.map((l) => l.qtyMilli)).toEqual([3000, 250]);
    await expect(m.voidSale({ saleId: sale.id, reason: 'lagi', ownerPin: null })).rejects.toMatchObject({ field: 'sale' });
    await expect(m.voidSale({ saleId: old.id, reason: '', ownerPin: null })).rejects.toMatchObject({ field: 'reason' });
    now += 86_400_000;
    await expect(m.voidSale({ saleId: old.id, reason: 'besok', ownerPin: null })).rejects.toMatchObject({ field: 'sale' });
  });

  it('asks the owner once people are set up, and audits the return', async () => {
    const m = new MockBackend({ now: () => T0 });
    m.staff.setUpOwner({ name: 'Bu Sri', pin: '4821' });
    const sale = await m.checkout({ cart, tenders: [{ method: 'cash', amount: 20_000, reference: null }], cashier: null });
    const input = { saleId: sale.id, lines: [{ lineNo: 2, qtyMilli: 250 }], method: 'cash' as const, reason: 'basi' };
    await expect(m.refundSale({ ...input, ownerPin: null })).rejects.toMatchObject({ code: 'owner_approval_required' });
    await expect(m.refundSale({ ...input, ownerPin: '1111' })).rejects.toMatchObject({ code: 'wrong_pin' });
    const r = await m.refundSale({ ...input, ownerPin: '4821' });
    expect(r.cashier).toBe('Bu Sri');
    const [entry] = await m.auditLog(1);
    expect(entry).toMatchObject({ action: 'sale_refunded', reason: 'basi', approval: 'owner_pin', subject: sale.id });
    await m.voidSale({ saleId: (await m.checkout({ cart, tenders: [{ method: 'cash', amount: 20_000, reference: null }], cashier: null })).id, reason: 'x', ownerPin: '4821' });
    expect((await m.auditLog(1))[0].action).toBe('sale_voided');
  });
});
