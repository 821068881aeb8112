import { describe, expect, it } from 'vitest';
import { MockBackend } from '../../src/lib/api/mock';
import { costAfterRestock, countValue } from '../../src/lib/api/mock-stock';
import type { CartInput } from '../../src/lib/api/types.gen';

// 2026-03-10 07:05 UTC = 14:05 WIB.
const T0 = Date.UTC(2026, 2, 10, 7, 5);
const mie = (n: number, discount = 0): CartInput => ({ lines: [{ productId: 'p-W0001', qtyMilli: n * 1000, discount }], discount: 0 });
const code = async (p: Promise<unknown>) => p.then(() => null, (e: { code: string; field?: string | null }) => `${e.code}${e.field ? `:${e.field}` : ''}`);

describe('mock backend shifts', () => {
  it('expected vs counted per method: change is not takings, cash moves count, refunds and repayments too', async () => {
    let now = T0;
    const m = new MockBackend({ now: () => now });
    expect(await code(m.cashMove({ kind: 'out', amount: 1000, reason: 'x' }))).toBe('no_open_shift');
    expect(await code(m.closeShift({ countedCash: 0, countedQris: null, countedTransfer: null, note: null }))).toBe('no_open_shift');
    // A sale before any shift: outside a shift, not in it.
    await m.checkout({ cart: mie(1), tenders: [{ method: 'cash', amount: 3_500, reference: null }], cashier: null });
    expect(await m.shiftStatus()).toEqual({ open: null, lastCountedCash: null, salesOutsideShift: 1 });

    now += 60_000;
    await m.openShift({ float: 100_000 });
    expect(await code(m.openShift({ float: 0 }))).toBe('shift_already_open');
    // 2 × 3.500 = 7.000 paid with 10.000 (change 3.000): cash takings 7.000.
    await m.checkout({ cart: mie(2), tenders: [{ method: 'cash', amount: 10_000, reference: null }], cashier: null });
    // 3.500 by QRIS.
    await m.checkout({ cart: mie(1), tenders: [{ method: 'qris', amount: 3_500, reference: null }], cashier: null });
    // 14.000: 4.000 cash DP, 10.000 on kasbon.
    const budi = await m.saveCustomer({ id: null, name: 'Pak Budi', phone: null, note: null, creditLimit: null, ownerPin: null });
    await m.checkout({ cart: mie(4), tenders: [{ method: 'cash', amount: 4_000, reference: null }], cashier: null, kasbon: { customerId: budi.id, dueDate: null, ownerPin: null } });
    // A transfer repayment of 2.000, a cash refund of one mie from the first sale of the shift.
    await m.repayKasbon({ customerId: budi.id, amount: 2_000, method: 'transfer', reference: null, note: null });
    const sales = await m.recentSales(10, false);
    await m.refundSale({ saleId: sales[2].id, lines: [{ lineNo: 1, qtyMilli: 1000 }], method: 'cash', reason: 'rusak', ownerPin: null });
    expect(await code(m.cashMove({ kind: 'out', amount: 5_000, reason: '  ' }))).toBe('invalid_input:reason');
    expect(await code(m.cashMove({ kind: 'in', amount: 0, reason: 'x' }))).toBe('invalid_input:amount');
    await m.cashMove({ kind: 'out', amount: 20_000, reason: 'Bayar galon' });
    await m.cashMove({ kind: 'in', amount: 5_000, reason: 'Tambah receh' });

    const open = (await m.shiftStatus()).open!;
    // cash: 7.000 + 4.000 − 3.500 = 7.500; expected 100.000 + 7.500 + 5.000 − 20.000 = 92.500.
    expect(open.methods).toEqual([
      { method: 'cash', takings: 7_500, expected: 92_500, counted: null, difference: null },
      { method: 'qris', takings: 3_500, expected: 3_500, counted: null, difference: null },
      { method: 'transfer', takings: 2_000, expected: 2_000, counted: null, difference: null },
    ]);
    expect(open).toMatchObject({ saleCount: 3, salesTotal: 24_500, kasbonCharged: 10_000, refunds: 3_500, cashIn: 5_000, cashOut: 20_000 });

    const closed = await m.closeShift({ countedCash: 92_000, countedQris: 3_500, countedTransfer: null, note: ' kurang receh ' });
    expect(closed.methods.map((x) => [x.counted, x.difference])).toEqual([
      [92_000, -500],
      [3_500, 0],
      [null, null],
    ]);
    expect(closed.note).toBe('kurang receh');
    expect(closed.closedAt).toBe(now);
    // The next float offered is what was counted; a sale now is outside a shift again.
    await m.checkout({ cart: mie(1), tenders: [{ method: 'cash', amount: 3_500, reference: null }], cashier: null });
    expect(await m.shiftStatus()).toEqual({ open: null, lastCountedCash: 92_000, salesOutsideShift: 2 });
    const next = await m.openShift({ float: 92_000 });
    expect(next.saleCount).toBe(0);
    expect((await m.shifts(10)).map((s) => s.id)).toEqual([next.id, closed.id]);
    expect((await m.auditLog(20)).map((a) => a.action).filter((a) => a.startsWith('shift') || a === 'cash_moved')).toEqual([
      'shift_opened',
      'shift_closed',
      'cash_moved',
      'cash_moved',
      'shift_opened',
    ]);
  });
});

describe('mock backend stock counts and restock cost', () => {
  it('a count sets the level; differences valued at cost, rounded half up', async () => {
    const m = new MockBackend({ now: () => T0 });
    // Indomie Goreng: 24 in stock, cost 3.050. Beras curah: 20 kg, cost 12.500.
    const count = await m.recordCount({
      lines: [
        { productId: 'p-W0001', countedMilli: 21_000 },
        { productId: 'p-W0010', countedMilli: 20_333 },
      ],
      note: 'akhir bulan',
      ownerPin: null,
    });
    expect(count.lines.map((l) => [l.expectedMilli, l.countedMilli, l.differenceMilli, l.value])).toEqual([
      [24_000, 21_000, -3_000, -9_150],
      // 0,333 kg × 12.500 = 4.162,5 → 4.163.
      [20_000, 20_333, 333, 4_163],
    ]);
    expect(count.value).toBe(-9_150 + 4_163);
    expect((await m.lookup('W0001')).exact?.stockMilli).toBe(21_000);
    expect((await m.counts(5)).map((c) => c.id)).toEqual([count.id]);
    expect(countValue(-1, 500)).toBe(0); // −0,5 rounds up to 0
    expect(countValue(-3, 500)).toBe(-1); // −1,5 → −1
    const bad = (lines: { productId: string; countedMilli: number }[]) => code(m.recordCount({ lines, note: null, ownerPin: null }));
    expect(await bad([])).toBe('invalid_input:lines');
    expect(await bad([{ productId: 'p-W0001', countedMilli: -1 }])).toBe('invalid_input:qty');
    expect(await bad([{ productId: 'p-W0001', countedMilli: 1 }, { productId: 'p-W0001', countedMilli: 2 }])).toBe('invalid_input:lines');
  });

  it('needs the owner PIN once people are set up', async () => {
    const m = new MockBackend({ now: () => T0 });
    m.staff.setUpOwner({ name: 'Bu Sri', pin: '4821' });
    const input = { lines: [{ productId: 'p-W0001', countedMilli: 0 }], note: null, ownerPin: null };
    expect(await code(m.recordCount(input))).toBe('owner_approval_required');
    await m.recordCount({ ...input, ownerPin: '4821' });
    expect((await m.auditLog(1))[0]).toMatchObject({ action: 'stock_counted', approval: 'owner_pin' });
  });

  it('a restock with a cost: moving average or the last cost; suppliers remembered', async () => {
    expect(costAfterRestock('average', 24_000, 3_050, 12_000, 3_200)).toBe(3_100);
    // A negative level counts as none.
    expect(costAfterRestock('average', -2_000, 3_050, 1_000, 3_200)).toBe(3_200);
    // (1 × 1.000 + 2 × 1.001) / 3 = 1.000,67 → 1.001; (1 × 1 + 1 × 2) / 2 = 1,5 → 2.
    expect(costAfterRestock('average', 1_000, 1_000, 2_000, 1_001)).toBe(1_001);
    expect(costAfterRestock('average', 1_000, 1, 1_000, 2)).toBe(2);
    expect(costAfterRestock('last', 24_000, 3_050, 1_000, 2_900)).toBe(2_900);

    const m = new MockBackend({ now: () => T0 });
    const p = await m.recordMovement({ productId: 'p-W0001', kind: 'restock', qtyMilli: 12_000, reason: null, ownerPin: null, unitCost: 3_200, supplier: ' Indogrosir ' });
    expect(p.cost).toBe(3_100);
    expect(p.stockMilli).toBe(36_000);
    await m.recordMovement({ productId: 'p-W0002', kind: 'restock', qtyMilli: 1000, reason: null, ownerPin: null, supplier: 'indogrosir' });
    await m.recordMovement({ productId: 'p-W0002', kind: 'restock', qtyMilli: 1000, reason: null, ownerPin: null, supplier: 'Agen Sembako' });
    expect(await m.suppliers()).toEqual(['Agen Sembako', 'Indogrosir']);
    // Without a cost the product's cost stays.
    expect((await m.lookup('W0002')).exact?.cost).toBe(2_900);

    const shop = await m.shop();
    await m.saveSettings({ ...shop, costMethod: 'last', ownerPin: null });
    const q = await m.recordMovement({ productId: 'p-W0001', kind: 'restock', qtyMilli: 1000, reason: null, ownerPin: null, unitCost: 2_950 });
    expect(q.cost).toBe(2_950);
    expect(await code(m.saveSettings({ ...shop, costMethod: 'fifo', ownerPin: null }))).toBe('invalid_input:cost_method');
  });
});

describe('mock backend discount limit and typed prices', () => {
  it('a discount above the limit needs the owner PIN; a typed price always does', async () => {
    const m = new MockBackend({ now: () => T0 });
    const shop = await m.shop();
    expect(shop).toMatchObject({ maxDiscountBp: 10_000, costMethod: 'average' });
    await m.saveSettings({ ...shop, maxDiscountBp: 1_000, ownerPin: null });
    m.staff.setUpOwner({ name: 'Bu Sri', pin: '4821' });
    const pay = (cart: CartInput, ownerPin?: string) =>
      m.checkout({ cart, tenders: [{ method: 'cash', amount: 100_000, reference: null }], cashier: null, ownerPin });
    // 10 × 3.500 = 35.000: 10% is 3.500.
    expect(await code(pay(mie(10, 3_500)))).toBeNull();
    expect(await code(pay(mie(10, 3_501)))).toBe('owner_approval_required');
    expect(await code(pay({ lines: [{ productId: 'p-W0001', qtyMilli: 10_000, discount: 2_000 }], discount: 1_501 }))).toBe('owner_approval_required');
    const sale = await pay(mie(10, 3_501), '4821');
    expect(sale.discount).toBe(3_501);
    expect((await m.auditLog(1))[0]).toMatchObject({ action: 'discount_over_limit', approval: 'owner_pin' });

    const typed: CartInput = { lines: [{ productId: 'p-W0001', qtyMilli: 2_000, discount: 0, unitPrice: 3_000 }], discount: 0 };
    expect((await m.quote(typed)).total).toBe(6_000);
    expect(await code(pay(typed))).toBe('owner_approval_required');
    const s2 = await pay(typed, '4821');
    expect(s2.lines[0].unitPrice).toBe(3_000);
    expect(s2.total).toBe(6_000);
    expect((await m.auditLog(1))[0]).toMatchObject({ action: 'price_overridden' });
  });
});

describe('mock backend typed prices (laris-core checkout, laris-app cart)', () => {
  const pay = (m: MockBackend, cart: CartInput, ownerPin?: string) =>
    m.checkout({ cart, tenders: [{ method: 'cash', amount: 100_000, reference: null }], cashier: null, ownerPin });
  const typed = (unitPrice: number): CartInput => ({ lines: [{ productId: 'p-W0001', qtyMilli: 2_000, discount: 0, unitPrice }], discount: 0 });

  it('asks the owner only for a price that differs from the catalog, audited once the sale is made', async () => {
    const m = new MockBackend({ now: () => T0 });
    m.staff.setUpOwner({ name: 'Bu Sri', pin: '4821' });
    const before = (await m.auditLog(100)).length;
    // The catalog's own price typed again needs nobody.
    expect((await pay(m, typed(3_500))).total).toBe(7_000);
    // Quote prices the typed price and asks nothing.
    expect((await m.quote(typed(3_000))).total).toBe(6_000);
    expect(await code(pay(m, typed(3_000)))).toBe('owner_approval_required');
    expect(await code(pay(m, typed(3_000), '1111'))).toBe('wrong_pin');
    expect((await m.auditLog(100)).filter((e) => e.action === 'price_overridden')).toHaveLength(0);
    const sale = await pay(m, typed(3_000), '4821');
    expect(sale.lines[0].unitPrice).toBe(3_000);
    expect(sale.receiptText).toContain('2 x Rp 3.000');
    const log = await m.auditLog(100);
    expect(log.length).toBe(before + 1);
    expect(log[0]).toMatchObject({
      action: 'price_overridden',
      approval: 'owner_pin',
      actorName: 'Bu Sri',
      detail: `${sale.receiptNo}: Indomie Goreng 85g: Rp 3.000 instead of Rp 3.500`,
    });
    // A price of nothing is a price (a gift); a negative or absurd one is refused.
    expect((await m.quote(typed(0))).total).toBe(0);
    expect(await code(m.quote(typed(-1)))).toBe('invalid_input:unit_price');
    expect(await code(m.quote(typed(1_000_000_001)))).toBe('invalid_input:unit_price');
  });

  it('without people a typed price needs no PIN, and is audited as nobody set up', async () => {
    const m = new MockBackend({ now: () => T0 });
    const sale = await pay(m, typed(3_000));
    expect(sale.total).toBe(6_000);
    expect((await m.auditLog(1))[0]).toMatchObject({ action: 'price_overridden', approval: 'nobody_set_up' });
  });
});
