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
});
