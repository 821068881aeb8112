import { describe, expect, it } from 'vitest';
import { MockBackend } from '../../src/lib/api/mock';
import { longDay, owing, reminderText } from '../../src/lib/api/mock-kasbon';
import { waLink, waPhone } from '../../src/lib/whatsapp';
import type { CartInput, CustomerInput } from '../../src/lib/api/types.gen';

// 2026-03-10 07:05 UTC = 14:05 WIB.
const T0 = Date.UTC(2026, 2, 10, 7, 5);
const DAY = 86_400_000;

/** A mock whose clock the test moves. */
function mock() {
  const clock = { now: T0 };
  const m = new MockBackend({ now: () => clock.now });
  return { m, clock };
}

// Indomie Goreng Rp 3.500 × n.
const mie = (n: number): CartInput => ({ lines: [{ productId: 'p-W0001', qtyMilli: n * 1000, discount: 0 }], discount: 0 });
const customer = (name: string, extra: Partial<CustomerInput> = {}): CustomerInput => ({
  id: null,
  name,
  phone: null,
  note: null,
  creditLimit: null,
  ownerPin: null,
  ...extra,
});
const code = async (p: Promise<unknown>) => p.then(() => null, (e: { code: string; field?: string | null }) => `${e.code}${e.field ? `:${e.field}` : ''}`);

describe('kasbon ledger (first in, first out)', () => {
  const at = (d: number) => T0 + d * DAY;
  it('pays off the oldest charges first: owing since the oldest not yet covered', () => {
    const charges = [
      { kind: 'charge' as const, at: at(0), amount: 10_000, dueDate: '2026-03-20' },
      { kind: 'charge' as const, at: at(2), amount: 5_000, dueDate: '2026-03-15' },
      { kind: 'charge' as const, at: at(4), amount: 2_000, dueDate: null },
    ];
    expect(owing(charges)).toEqual({ balance: 17_000, owingSince: at(0), dueDate: '2026-03-15' });
    // 9.999 paid: the first charge still has Rp 1 open.
    const part = [...charges, { kind: 'repayment' as const, at: at(5), amount: 9_999, dueDate: null }];
    expect(owing(part)).toEqual({ balance: 7_001, owingSince: at(0), dueDate: '2026-03-15' });
    // 10.000 (a repayment and a refund): the first is paid off, owing since the second.
    const paid = [...charges, { kind: 'repayment' as const, at: at(5), amount: 6_000, dueDate: null }, { kind: 'refund' as const, at: at(6), amount: 4_000, dueDate: null }];
    expect(owing(paid)).toEqual({ balance: 7_000, owingSince: at(2), dueDate: '2026-03-15' });
    const more = [...paid, { kind: 'repayment' as const, at: at(7), amount: 5_000, dueDate: null }];
    expect(owing(more)).toEqual({ balance: 2_000, owingSince: at(4), dueDate: null });
    const all = [...more, { kind: 'repayment' as const, at: at(8), amount: 2_000, dueDate: null }];
    expect(owing(all)).toEqual({ balance: 0, owingSince: null, dueDate: null });
  });

  it('normalises phone numbers for wa.me', () => {
    expect(waPhone('0812-3456-7890')).toBe('6281234567890');
    expect(waPhone('+62 812 3456 7890')).toBe('6281234567890');
    expect(waPhone('6281234567890')).toBe('6281234567890');
    expect(waPhone('')).toBeNull();
    expect(waPhone(null)).toBeNull();
    expect(waLink('0812 345', 'Struk A-1\nTotal Rp 5.000')).toBe('https://wa.me/62812345?text=Struk%20A-1%0ATotal%20Rp%205.000');
    expect(waLink('', 'x')).toBe('https://wa.me/?text=x');
    expect(longDay('2026-03-10')).toBe('10 Maret 2026');
    expect(reminderText('Pak Budi', 'Warung Laris', 7000, '2026-03-10')).toBe(
      'Halo Pak Budi, kami dari Warung Laris mengingatkan kasbon Anda sebesar Rp 7.000 sejak 10 Maret 2026. Terima kasih.',
    );
  });
});

describe('mock backend kasbon', () => {
  it('a sale with a down payment: DP payments, the rest on kasbon, no change', async () => {
    const { m, clock } = mock();
    const budi = await m.saveCustomer(customer('  Pak Budi ', { phone: '0812 3456 7890' }));
    expect(budi.name).toBe('Pak Budi');
    // 4 × 3.500 = 14.000: Rp 5.000 cash now, Rp 9.000 on kasbon.
    const sale = await m.checkout({
      cart: mie(4),
      tenders: [{ method: 'cash', amount: 5_000, reference: null }],
      cashier: null,
      kasbon: { customerId: budi.id, dueDate: '2026-03-17', ownerPin: null },
    });
    expect(sale.payments).toEqual([
      { method: 'cash', amount: 5_000, tendered: 5_000, reference: null },
      { method: 'kasbon', amount: 9_000, tendered: 9_000, reference: 'Pak Budi' },
    ]);
    expect(sale.change).toBe(0);
    expect(sale.receiptText).toMatch(/Kasbon\s+Rp 9\.000/);
    let acct = await m.customerAccount(budi.id);
    expect(acct.customer).toMatchObject({ balance: 9_000, owingSince: T0, dueDate: '2026-03-17' });
    expect(acct.entries).toMatchObject([{ kind: 'charge', amount: 9_000, balanceAfter: 9_000, receiptNo: sale.receiptNo, dueDate: '2026-03-17' }]);

    // A second sale, all on kasbon (no tenders), a day later.
    clock.now = T0 + DAY;
    await m.checkout({ cart: mie(1), tenders: [], cashier: null, kasbon: { customerId: budi.id, dueDate: null, ownerPin: null } });
    // A partial repayment covers the first charge in part: still owing since the first.
    clock.now = T0 + 2 * DAY;
    acct = await m.repayKasbon({ customerId: budi.id, amount: 4_000, method: 'cash', reference: null, note: null });
    expect(acct.customer).toMatchObject({ balance: 8_500, owingSince: T0 });
    expect(acct.entries.map((e) => [e.kind, e.amount, e.balanceAfter])).toEqual([
      ['charge', 9_000, 9_000],
      ['charge', 3_500, 12_500],
      ['repayment', 4_000, 8_500],
    ]);
    // Paying off the first: owing since the second, with no due date left.
    acct = await m.repayKasbon({ customerId: budi.id, amount: 5_000, method: 'qris', reference: 'QR1', note: null });
    expect(acct.customer).toMatchObject({ balance: 3_500, owingSince: T0 + DAY, dueDate: null });
    expect(acct.statementText).toContain('Pelanggan: Pak Budi');
    expect(acct.statementText).toContain('Warung Laris Manis');
    expect(acct.statementText).toContain('Sisa kasbon: Rp 3.500');
    expect(acct.statementText).toContain(`2026-03-10 Kasbon ${sale.receiptNo}: +Rp 9.000, saldo Rp 9.000`);
    expect(acct.reminderUrl).toBe(
      `https://wa.me/6281234567890?text=${encodeURIComponent('Halo Pak Budi, kami dari Warung Laris Manis mengingatkan kasbon Anda sebesar Rp 3.500 sejak 11 Maret 2026. Terima kasih.')}`,
    );
    expect((await m.kasbonBook()).map((c) => c.name)).toEqual(['Pak Budi']);
  });

  it('refuses a DP that covers the total, kasbon as a tender, an unknown customer', async () => {
    const { m } = mock();
    const ani = await m.saveCustomer(customer('Bu Ani'));
    const kasbon = { customerId: ani.id, dueDate: null, ownerPin: null };
    expect(await code(m.checkout({ cart: mie(2), tenders: [{ method: 'cash', amount: 7_000, reference: null }], cashier: null, kasbon }))).toBe('invalid_input:kasbon');
    expect(await code(m.checkout({ cart: mie(2), tenders: [{ method: 'kasbon', amount: 7_000, reference: null }], cashier: null }))).toBe('invalid_input:payment');
    expect(await code(m.checkout({ cart: mie(2), tenders: [], cashier: null, kasbon: { ...kasbon, customerId: 'c-x' } }))).toBe('unknown_customer');
    expect(await code(m.customerAccount('c-x'))).toBe('unknown_customer');
    // Nothing owed: no reminder, not in the book.
    expect((await m.customerAccount(ani.id)).reminderUrl).toBeNull();
    expect(await m.kasbonBook()).toEqual([]);
  });

  it('repayments: 1 up to what is owed, never by kasbon', async () => {
    const { m } = mock();
    const ani = await m.saveCustomer(customer('Bu Ani', { phone: '081111' }));
    await m.checkout({ cart: mie(2), tenders: [], cashier: null, kasbon: { customerId: ani.id, dueDate: null, ownerPin: null } });
    const repay = (amount: number, method: 'cash' | 'kasbon' = 'cash') => code(m.repayKasbon({ customerId: ani.id, amount, method, reference: null, note: null }));
    expect(await repay(7_001)).toBe('invalid_input:amount');
    expect(await repay(0)).toBe('invalid_input:amount');
    expect(await repay(100, 'kasbon')).toBe('invalid_input:payment_method');
    expect(await repay(7_000)).toBeNull();
    const acct = await m.customerAccount(ani.id);
    expect(acct.customer).toMatchObject({ balance: 0, owingSince: null, dueDate: null });
    expect(acct.reminderUrl).toBeNull();
    expect(await repay(1)).toBe('invalid_input:amount');
  });

  it('over the credit limit: the owner PIN once people are set up, audited', async () => {
    const { m } = mock();
    m.staff.setUpOwner({ name: 'Bu Sri', pin: '4821' });
    // A limit needs the owner's PIN.
    expect(await code(m.saveCustomer(customer('Pak Budi', { creditLimit: 10_000 })))).toBe('owner_approval_required');
    const budi = await m.saveCustomer(customer('Pak Budi', { creditLimit: 10_000, ownerPin: '4821' }));
    expect((await m.auditLog(1))[0]).toMatchObject({ action: 'credit_limit_set', approval: 'owner_pin' });
    // Changing the name only needs none.
    await m.saveCustomer({ ...customer('Pak Budi S.', { creditLimit: 10_000 }), id: budi.id });
    const sell = (n: number, ownerPin: string | null) =>
      m.checkout({ cart: mie(n), tenders: [], cashier: null, kasbon: { customerId: budi.id, dueDate: null, ownerPin } });
    await sell(2, null); // 7.000 of 10.000
    expect(await code(sell(1, null))).toBe('over_credit_limit'); // 10.500
    expect((await m.customerAccount(budi.id)).customer.balance).toBe(7_000);
    expect(await code(sell(1, '1111'))).toBe('wrong_pin');
    await sell(1, '4821');
    expect((await m.customerAccount(budi.id)).customer.balance).toBe(10_500);
    expect((await m.auditLog(1))[0]).toMatchObject({ action: 'credit_limit_exceeded', approval: 'owner_pin' });
  });

  it('refunds to kasbon only for a kasbon sale, crediting that customer', async () => {
    const { m } = mock();
    const budi = await m.saveCustomer(customer('Pak Budi'));
    const onKasbon = await m.checkout({ cart: mie(3), tenders: [], cashier: null, kasbon: { customerId: budi.id, dueDate: null, ownerPin: null } });
    const cash = await m.checkout({ cart: mie(1), tenders: [{ method: 'cash', amount: 3_500, reference: null }], cashier: null });
    expect(await code(m.refundSale({ saleId: cash.id, lines: [{ lineNo: 1, qtyMilli: 1000 }], method: 'kasbon', reason: 'x', ownerPin: null }))).toBe(
      'invalid_input:payment_method',
    );
    await m.refundSale({ saleId: onKasbon.id, lines: [{ lineNo: 1, qtyMilli: 1000 }], method: 'kasbon', reason: 'rusak', ownerPin: null });
    const acct = await m.customerAccount(budi.id);
    expect(acct.customer.balance).toBe(7_000);
    expect(acct.entries.at(-1)).toMatchObject({ kind: 'refund', amount: 3_500, receiptNo: onKasbon.receiptNo, balanceAfter: 7_000 });
  });

  it('finds customers by name or phone, sorted by name', async () => {
    const { m } = mock();
    await m.saveCustomer(customer('Pak Budi', { phone: '0812-111' }));
    await m.saveCustomer(customer('Bu Ani', { phone: '0813 222' }));
    expect((await m.customers(null)).map((c) => c.name)).toEqual(['Bu Ani', 'Pak Budi']);
    expect((await m.customers('budi')).map((c) => c.name)).toEqual(['Pak Budi']);
    expect((await m.customers('0813222')).map((c) => c.name)).toEqual(['Bu Ani']);
    expect(await code(m.saveCustomer(customer('   ')))).toBe('invalid_input:name');
  });
});

describe('returns of a kasbon sale (as laris-core)', () => {
  it('a void takes the kasbon part off the account and only the down payment out of the drawer', async () => {
    const { m } = mock();
    const ani = await m.saveCustomer(customer('Bu Ani'));
    await m.openShift({ float: 50_000 });
    // 10 × 3.500 = 35.000: 5.000 down in cash, 30.000 on kasbon.
    const sale = await m.checkout({
      cart: mie(10),
      tenders: [{ method: 'cash', amount: 5_000, reference: null }],
      cashier: null,
      kasbon: { customerId: ani.id, dueDate: null, ownerPin: null },
    });
    const v = await m.voidSale({ saleId: sale.id, reason: 'salah pelanggan', ownerPin: null });
    expect([v.method, v.amount]).toEqual(['cash', 35_000]);
    expect((await m.customerAccount(ani.id)).customer.balance).toBe(0);
    const shift = (await m.shiftStatus()).open!;
    expect(shift.methods[0].expected).toBe(50_000);
  });

  it('a refund by kasbon is at most what of the sale is still on kasbon', async () => {
    const { m } = mock();
    const ani = await m.saveCustomer(customer('Bu Ani'));
    const sale = await m.checkout({
      cart: mie(2),
      tenders: [{ method: 'cash', amount: 4_000, reference: null }],
      cashier: null,
      kasbon: { customerId: ani.id, dueDate: null, ownerPin: null },
    });
    // 3.000 on kasbon; the whole 7.000 cannot go back to it.
    const all = { saleId: sale.id, lines: [{ lineNo: 1, qtyMilli: 2_000 }], method: 'kasbon' as const, reason: 'rusak', ownerPin: null };
    expect(await code(m.refundSale(all))).toBe('invalid_input:method');
    await m.refundSale({ ...all, lines: [{ lineNo: 1, qtyMilli: 1_000 }], method: 'cash' });
    expect((await m.customerAccount(ani.id)).customer.balance).toBe(3_000);
  });
});
