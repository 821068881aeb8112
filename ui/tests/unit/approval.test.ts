// The window's side of approval codes: the line the cashier reads to the owner, typed codes and
// pasted keys, the key kept on the owner's device, and the owner gate's code path (the same
// command again with approvalCode instead of the PIN).
import { describe, expect, it } from 'vitest';
import {
  KEY_STORAGE,
  codeDigits,
  codeReady,
  codeRefusalKey,
  forgetKey,
  groupCode,
  keyGroups,
  loadKey,
  normalKey,
  offerLine,
  saveKey,
} from '../../src/lib/approval';
import { withOwner, type OwnerRequest } from '../../src/lib/owner-gate';
import { MockBackend } from '../../src/lib/api/mock';
import { setLocale } from '../../src/lib/i18n/index.svelte';

const KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

describe('approval codes in the window', () => {
  it('says what to tell the owner: action · receipt or customer · exact amount', () => {
    expect(offerLine({ action: 'refund', subject: 'A-20261127-0042', amount: 7_000 })).toBe('Retur · A-20261127-0042 · Rp 7.000');
    expect(offerLine({ action: 'void', subject: ' A-20261127-0043 ', amount: 13_800 })).toBe('Batal · A-20261127-0043 · Rp 13.800');
    expect(offerLine({ action: 'kasbon', subject: 'Bu Ani', amount: 1_250_000 })).toBe('Kasbon · Bu Ani · Rp 1.250.000');
    setLocale('en');
    expect(offerLine({ action: 'void', subject: 'A-1', amount: 500 })).toBe('Void · A-1 · Rp 500');
    setLocale('id');
  });

  it('reads a typed code and shows one grouped 4-4', () => {
    expect(codeDigits('1234 5678')).toBe('12345678');
    expect(codeDigits('1234-56789')).toBe('12345678');
    expect(codeReady('1234 5678')).toBe(true);
    expect(codeReady('12345678')).toBe(true);
    expect(codeReady('1234567')).toBe(false);
    expect(codeReady('123456789')).toBe(false);
    // A letter is refused, not dropped.
    expect(codeReady('1234a5678')).toBe(false);
    expect(groupCode('01234567')).toBe('0123 4567');
    expect(groupCode('123')).toBe('123');
  });

  it('reads a pasted key and groups it in 4s', () => {
    expect(normalKey(KEY)).toBe(KEY);
    const spaced = keyGroups(KEY.toUpperCase()).join(' ');
    expect(spaced.split(' ')).toHaveLength(16);
    expect(spaced.startsWith('0011 2233 ')).toBe(true);
    expect(normalKey(`${spaced}\n`)).toBe(KEY);
    expect(normalKey(KEY.slice(1))).toBeNull();
    expect(normalKey(KEY.replace('0', 'g'))).toBeNull();
  });

  it('keeps the till key under laris.approvalKey and forgets it', () => {
    const m = new Map<string, string>();
    const store = {
      getItem: (k: string) => m.get(k) ?? null,
      setItem: (k: string, v: string) => void m.set(k, v),
      removeItem: (k: string) => void m.delete(k),
    };
    expect(loadKey(store)).toBeNull();
    saveKey(KEY, store);
    expect(m.get(KEY_STORAGE)).toBe(KEY);
    expect(KEY_STORAGE).toBe('laris.approvalKey');
    expect(loadKey(store)).toBe(KEY);
    m.set(KEY_STORAGE, 'not a key');
    expect(loadKey(store)).toBeNull();
    forgetKey(store);
    expect(m.has(KEY_STORAGE)).toBe(false);
    expect(loadKey(null)).toBeNull();
  });

  it('knows which refusals stay in the dialog', () => {
    expect(codeRefusalKey('bad_approval_code')).toBe('errors.bad_approval_code');
    expect(codeRefusalKey('approval_code_used')).toBe('errors.approval_code_used');
    expect(codeRefusalKey('no_approval_key')).toBe('errors.no_approval_key');
    expect(codeRefusalKey('pin_locked')).toBe('approvalCode.locked');
    expect(codeRefusalKey('unknown_sale')).toBeNull();
  });
});

describe('owner gate: the approval-code path', () => {
  it('offers a code only where the caller gives one, and runs the same command with it', async () => {
    const m = new MockBackend({ now: () => Date.UTC(2026, 10, 27, 3, 0) });
    m.staff.setUpOwner({ name: 'Bu Sri', pin: '4821' });
    const key = await m.enrolApprovalKey('4821');
    const sale = await m.checkout({
      cart: { lines: [{ productId: 'p-W0001', qtyMilli: 2_000, discount: 0 }], discount: 0 },
      tenders: [{ method: 'cash', amount: 7_000, reference: null }],
      cashier: null,
    });
    const input = { saleId: sale.id, reason: 'salah input' };

    // Without withCode (settings, stock…): no code path in the request.
    let req: OwnerRequest | null = null;
    void withOwner('x', (ownerPin) => m.voidSale({ ...input, ownerPin }), (r) => (req = r));
    await new Promise((r) => setTimeout(r, 0));
    expect((req as unknown as OwnerRequest).code).toBeUndefined();
    (req as unknown as OwnerRequest).onclose();

    const pending = withOwner('Batalkan', (ownerPin) => m.voidSale({ ...input, ownerPin }), (r) => (req = r), undefined, {
      offer: { action: 'void', subject: sale.receiptNo, amount: sale.total },
      call: (approvalCode) => m.voidSale({ ...input, ownerPin: null, approvalCode }),
    });
    await new Promise((r) => setTimeout(r, 0));
    const asked = req as unknown as OwnerRequest;
    expect(asked.code?.offer).toEqual({ action: 'void', subject: sale.receiptNo, amount: 7_000 });
    await expect(asked.code!.run('00000000')).rejects.toMatchObject({ code: 'bad_approval_code' });
    const code = await m.approvalCode({ key, action: 'void', subject: sale.receiptNo, amount: 7_000 });
    await asked.code!.run(code);
    asked.ondone();
    asked.onclose();
    const r = await pending;
    expect(r.done && (r.value as { kind: string }).kind).toBe('void');
    expect((await m.auditLog(1))[0]).toMatchObject({ action: 'sale_voided', approval: 'owner_code' });
  });

  it('leaves the code out for a refusal the offer says no to', async () => {
    const refusals = ['owner_approval_required', 'over_credit_limit'] as const;
    let req: OwnerRequest | null = null;
    void withOwner(
      'x',
      async () => Promise.reject({ code: 'owner_approval_required', message: '', field: null }),
      (r) => (req = r),
      refusals,
      { offer: (e) => (e.code === 'over_credit_limit' ? { action: 'kasbon', subject: 'Bu Ani', amount: 1 } : null), call: async () => 1 },
    );
    await new Promise((r) => setTimeout(r, 0));
    expect((req as unknown as OwnerRequest).code).toBeUndefined();
  });
});
