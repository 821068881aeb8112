import { describe, expect, it } from 'vitest';
import { withOwner, type OwnerRequest } from '../../src/lib/owner-gate';
import { appError, toAppError } from '../../src/lib/api/backend';
import { MockBackend } from '../../src/lib/api/mock';
import { leftByLine, qtyErrorLine, refundEstimate, canRefund, canVoid } from '../../src/lib/returns';

describe('owner gate: try, then ask the owner', () => {
  it('does not ask when the till needs no PIN', async () => {
    const pins: (string | null)[] = [];
    let asked = false;
    const r = await withOwner('x', async (pin) => {
      pins.push(pin);
      return 7;
    }, () => (asked = true));
    expect(r).toEqual({ done: true, value: 7 });
    expect(pins).toEqual([null]);
    expect(asked).toBe(false);
  });

  it('asks on owner_approval_required and runs the same call with the PIN', async () => {
    const m = new MockBackend({ now: () => Date.UTC(2026, 2, 10, 7, 5) });
    m.staff.setUpOwner({ name: 'Bu Sri', pin: '4821' });
    let req: OwnerRequest | null = null;
    const pending = withOwner('Hapus barang', (pin) => m.deleteProduct('p-W0001', pin), (r) => (req = r));
    await new Promise((r) => setTimeout(r, 0));
    expect(req).not.toBeNull();
    const asked = req as unknown as OwnerRequest;
    expect(asked.summary).toBe('Hapus barang');
    // A wrong PIN rejects inside the dialog (which stays open); the right one goes through.
    await expect(asked.run('1111')).rejects.toMatchObject({ code: 'wrong_pin' });
    await asked.run('4821');
    asked.ondone();
    asked.onclose();
    expect(await pending).toEqual({ done: true, value: null });
    expect((await m.lookup('W0001')).exact).toBeNull();
    expect((await m.auditLog(1))[0]).toMatchObject({ action: 'product_deleted', approval: 'owner_pin' });
  });

  it('resolves not done when the dialog is cancelled, rejects on another error', async () => {
    const needPin = async (pin: string | null) => {
      if (pin === null) throw appError('owner_approval_required');
      throw appError('invalid_input', '', 'reason');
    };
    let req: OwnerRequest | null = null;
    const cancelled = withOwner('s', needPin, (r) => (req = r));
    await new Promise((r) => setTimeout(r, 0));
    (req as unknown as OwnerRequest).onclose();
    expect(await cancelled).toEqual({ done: false });

    const failed = withOwner('s', needPin, (r) => (req = r));
    await new Promise((r) => setTimeout(r, 0));
    const asked = req as unknown as OwnerRequest;
    const err = toAppError(await asked.run('4821').then(() => null, (e: unknown) => e));
    asked.onerror(err);
    asked.onclose();
    await expect(failed).rejects.toMatchObject({ field: 'reason' });

    await expect(withOwner('s', async () => Promise.reject(appError('unknown_sale')), () => {})).rejects.toMatchObject({
      code: 'unknown_sale',
    });
  });
});

describe('the window side of returns', () => {
  it('knows what is left, what may be voided, the estimate and the line of a qty refusal', async () => {
    const m = new MockBackend({ now: () => Date.UTC(2026, 2, 10, 7, 5) });
    const sale = await m.checkout({
      cart: { lines: [{ productId: 'p-W0001', qtyMilli: 3000, discount: 0 }, { productId: 'p-W0010', qtyMilli: 250, discount: 0 }], discount: 0 },
      tenders: [{ method: 'cash', amount: 20_000, reference: null }],
      cashier: null,
    });
    expect(refundEstimate(sale, [], [{ lineNo: 1, qtyMilli: 1000 }])).toBe(3500);
    expect(refundEstimate(sale, [], [{ lineNo: 1, qtyMilli: 4000 }])).toBeNull();
    expect(canVoid([], '2026-03-10', '2026-03-10')).toBe(true);
    expect(canVoid([], '2026-03-09', '2026-03-10')).toBe(false);
    const r = await m.refundSale({ saleId: sale.id, lines: [{ lineNo: 1, qtyMilli: 1000 }], method: 'cash', reason: 'rusak', ownerPin: null });
    const returns = [r];
    expect(leftByLine(sale, returns)).toEqual([2000, 250]);
    expect(canVoid(returns, '2026-03-10', '2026-03-10')).toBe(false);
    expect(canRefund(sale, returns)).toBe(true);
    // The estimate agrees with what the mock then pays.
    const est = refundEstimate(sale, returns, [{ lineNo: 1, qtyMilli: 2000 }, { lineNo: 2, qtyMilli: 250 }]);
    const last = await m.refundSale({ saleId: sale.id, lines: [{ lineNo: 1, qtyMilli: 2000 }, { lineNo: 2, qtyMilli: 250 }], method: 'cash', reason: 'x', ownerPin: null });
    expect(est).toBe(last.amount);
    expect(canRefund(sale, [r, last])).toBe(false);

    const reqs = [{ lineNo: 1, qtyMilli: 500 }, { lineNo: 2, qtyMilli: 900 }];
    expect(qtyErrorLine(appError('invalid_input', 'line 2 (Beras) has 0,25 left to take back', 'qty'), reqs, [2000, 250])).toBe(2);
    expect(qtyErrorLine(appError('invalid_input', 'too much', 'qty'), reqs, [2000, 250])).toBe(2);
    expect(qtyErrorLine(appError('invalid_input', 'too much', 'qty'), reqs, [2000, 1000])).toBe(1);
    expect(qtyErrorLine(appError('invalid_input', '', 'qty'), [], [])).toBeNull();
  });
});

describe('owner gate for a kasbon over the credit limit', () => {
  it('asks on over_credit_limit when the caller says so, with the summary for that refusal', async () => {
    const m = new MockBackend({ now: () => Date.UTC(2026, 2, 10, 7, 5) });
    m.staff.setUpOwner({ name: 'Bu Sri', pin: '4821' });
    const budi = await m.saveCustomer({ id: null, name: 'Pak Budi', phone: null, note: null, creditLimit: 1000, ownerPin: '4821' });
    const cart = { lines: [{ productId: 'p-W0001', qtyMilli: 1000, discount: 0 }], discount: 0 };
    const sell = (pin: string | null) =>
      m.checkout({ cart, tenders: [], cashier: null, ownerPin: pin ?? undefined, kasbon: { customerId: budi.id, dueDate: null, ownerPin: pin } });
    // Without the refusal listed, over_credit_limit is just an error.
    await expect(withOwner('x', sell, () => {})).rejects.toMatchObject({ code: 'over_credit_limit' });
    let req: OwnerRequest | null = null;
    const pending = withOwner((e) => `asked for ${e.code}`, sell, (r) => (req = r), ['owner_approval_required', 'over_credit_limit']);
    await new Promise((r) => setTimeout(r, 0));
    const asked = req as unknown as OwnerRequest;
    expect(asked.summary).toBe('asked for over_credit_limit');
    await asked.run('4821');
    asked.ondone();
    const r = await pending;
    expect(r.done && (r.value as { total: number }).total).toBe(3500);
  });
});
