// Approval codes in the mock against the shared golden cases (tests/golden/approval_codes.json,
// which laris-core's cargo test reads too) and RFC 4231's HMAC-SHA256; and a mock refund
// approved by a code from the owner's "device": refused for another amount, and a second time.
import { describe, expect, it } from 'vitest';
import golden from '../../../tests/golden/approval_codes.json';
import { approvalCode, hmacSha256, parseKey, type CodeAction } from '../../src/lib/api/mock-approval';
import { MockBackend } from '../../src/lib/api/mock';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

describe('approval codes', () => {
  it('HMAC-SHA256 is RFC 4231 case 2', async () => {
    const key = new Uint8Array(32);
    key.set(new TextEncoder().encode('Jefe'));
    const mac = await hmacSha256(key, new TextEncoder().encode('what do ya want for nothing?'));
    expect(hex(mac)).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it.each(golden.cases)('$why', async (c) => {
    const code = await approvalCode(parseKey(c.key), c.action as CodeAction, c.subject, c.amount, c.now_ms);
    expect(code).toBe(c.code);
  });

  it('approves one refund of one receipt for one amount, once', async () => {
    const m = new MockBackend();
    await m.setUpOwner({ name: 'Bu Sri', pin: '4821' });
    const key = await m.enrolApprovalKey('4821');
    const sale = await m.checkout({
      cart: { lines: [{ productId: 'p-W0001', qtyMilli: 4_000, discount: 0 }], discount: 0 },
      tenders: [{ method: 'cash', amount: 14_000, reference: null }],
      cashier: null,
    });
    const code = await m.approvalCode({ key, action: 'refund', subject: sale.receiptNo, amount: 3_500 });
    const refund = (qtyMilli: number) =>
      m.refundSale({ saleId: sale.id, lines: [{ lineNo: 1, qtyMilli }], method: 'cash', reason: 'rusak', ownerPin: null, approvalCode: code });
    await expect(refund(2_000)).rejects.toMatchObject({ code: 'bad_approval_code' });
    const r = await refund(1_000);
    expect(r.amount).toBe(3_500);
    await expect(refund(1_000)).rejects.toMatchObject({ code: 'approval_code_used' });
    const log = await m.auditLog(5);
    expect(log.find((e) => e.action === 'sale_refunded')?.approval).toBe('owner_code');
  });

  it('approves one kasbon over the limit for this customer and this charge, once', async () => {
    let now = Date.UTC(2026, 10, 27, 3, 0);
    const m = new MockBackend({ now: () => now });
    await m.setUpOwner({ name: 'Bu Sri', pin: '4821' });
    const key = await m.enrolApprovalKey('4821');
    const ani = await m.saveCustomer({ id: null, name: 'Bu Ani', phone: null, note: null, creditLimit: 5_000, ownerPin: '4821' });
    await m.saveCustomer({ id: null, name: 'Pak Budi', phone: null, note: null, creditLimit: 5_000, ownerPin: '4821' });
    // Two Indomie (Rp 7.000), Rp 1.000 down: Rp 6.000 on kasbon, over Bu Ani's Rp 5.000.
    const cart = { lines: [{ productId: 'p-W0001', qtyMilli: 2_000, discount: 0 }], discount: 0 };
    const sell = (approvalCode?: string) =>
      m.checkout({
        cart,
        tenders: [{ method: 'cash', amount: 1_000, reference: null }],
        cashier: null,
        kasbon: { customerId: ani.id, dueDate: null, ownerPin: null, ...(approvalCode !== undefined ? { approvalCode } : {}) },
      });
    await expect(sell()).rejects.toMatchObject({ code: 'over_credit_limit' });
    const codeFor = (subject: string, amount: number) => m.approvalCode({ key, action: 'kasbon', subject, amount });
    // Another amount (the total, not the charge), another customer, another action: refused.
    await expect(sell(await codeFor('Bu Ani', 7_000))).rejects.toMatchObject({ code: 'bad_approval_code' });
    await expect(sell(await codeFor('Pak Budi', 6_000))).rejects.toMatchObject({ code: 'bad_approval_code' });
    await expect(sell(await m.approvalCode({ key, action: 'refund', subject: 'Bu Ani', amount: 6_000 }))).rejects.toMatchObject({
      code: 'bad_approval_code',
    });
    // The right one, typed with a space and another case of the name: the sale goes through.
    const code = await codeFor(' bu  ani ', 6_000);
    const sale = await sell(`${code.slice(0, 4)} ${code.slice(4)}`);
    expect(sale.payments.find((p) => p.method === 'kasbon')?.amount).toBe(6_000);
    expect((await m.customerAccount(ani.id)).customer.balance).toBe(6_000);
    const entry = (await m.auditLog(10)).find((e) => e.action === 'credit_limit_exceeded');
    expect(entry).toMatchObject({ approval: 'owner_code', subject: ani.id });
    // The same code again (still within its window): refused as used.
    now += 60_000;
    await expect(sell(code)).rejects.toMatchObject({ code: 'approval_code_used' });
    // Ten minutes later a fresh code is out of its window: refused.
    const late = await codeFor('Bu Ani', 6_000);
    now += 11 * 60_000;
    await expect(sell(late)).rejects.toMatchObject({ code: 'bad_approval_code' });
  });

  it('refuses a kasbon code on a till without a key', async () => {
    const m = new MockBackend();
    await m.setUpOwner({ name: 'Bu Sri', pin: '4821' });
    const ani = await m.saveCustomer({ id: null, name: 'Bu Ani', phone: null, note: null, creditLimit: 0, ownerPin: '4821' });
    await expect(
      m.checkout({
        cart: { lines: [{ productId: 'p-W0001', qtyMilli: 1_000, discount: 0 }], discount: 0 },
        tenders: [],
        cashier: null,
        kasbon: { customerId: ani.id, dueDate: null, ownerPin: null, approvalCode: '12345678' },
      }),
    ).rejects.toMatchObject({ code: 'no_approval_key' });
  });
});
