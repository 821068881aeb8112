import { describe, expect, it } from 'vitest';
import { MockBackend } from '../../src/lib/api/mock';
import { shares } from '../../src/lib/api/mock-returns';

describe('mock returns', () => {
  it('shares the total as laris-core does (shares_add_up_to_the_total)', () => {
    expect(shares(10_000, [3_000, 3_000, 3_000])).toEqual([3_334, 3_333, 3_333]);
    expect(shares(9_500, [10_000, 0])).toEqual([9_500, 0]);
    expect(shares(0, [0, 0])).toEqual([0, 0]);
    expect(shares(500, [0, 0])).toEqual([500, 0]);
  });

  it('refunds in pieces pay back exactly the total; never more than sold', async () => {
    const m = new MockBackend({ now: () => 1_795_748_400_000 });
    const sale = await m.checkout({
      cart: { lines: [{ productId: 'p-W0001', qtyMilli: 3000, discount: 0 }], discount: 1000 },
      tenders: [{ method: 'cash', amount: 20_000, reference: null }],
      cashier: null,
    });
    const refund = (qtyMilli: number) =>
      m.refundSale({ saleId: sale.id, lines: [{ lineNo: 1, qtyMilli }], method: 'cash', reason: 'rusak', ownerPin: null });
    const a = await refund(1000);
    await expect(refund(2001)).rejects.toMatchObject({ field: 'qty' });
    const b = await refund(2000);
    expect(a.amount + b.amount).toBe(sale.total);
    await expect(m.voidSale({ saleId: sale.id, reason: 'x', ownerPin: null })).rejects.toMatchObject({ field: 'sale' });
    const report = await m.report({ from: '2026-11-27', to: '2026-11-27', scope: 'shop' });
    expect([report.totals.returns, report.totals.netTotal]).toEqual([2, 0]);
  });
});
