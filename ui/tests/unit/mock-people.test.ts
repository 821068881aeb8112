import { describe, expect, it } from 'vitest';
import { MockBackend } from '../../src/lib/api/mock';
import { lockMs } from '../../src/lib/api/mock-people';

describe('mock people', () => {
  it('locks out as laris-core does (lock_ms)', () => {
    expect([1, 2, 3, 4, 5, 8, 1000].map(lockMs)).toEqual([0, 0, 30_000, 60_000, 120_000, 900_000, 900_000]);
  });

  it('asks the owner PIN for owner-only calls and names the cashier on the sale', async () => {
    let t = 1_795_748_400_000;
    const m = new MockBackend({ now: () => t });
    await expect(m.addPerson({ name: 'Dewi', role: 'cashier', pin: '1357', ownerPin: '4821' })).rejects.toMatchObject({ code: 'no_owner' });
    await m.setUpOwner({ name: 'Bu Sri', pin: '4821' });
    await expect(m.setUpOwner({ name: 'X', pin: '1111' })).rejects.toMatchObject({ code: 'owner_approval_required' });
    await expect(m.addPerson({ name: 'Dewi', role: 'cashier', pin: '1357', ownerPin: '0000' })).rejects.toMatchObject({ code: 'wrong_pin' });
    const dewi = await m.addPerson({ name: 'Dewi', role: 'cashier', pin: '1357', ownerPin: '4821' });
    await expect(m.addPerson({ name: 'dewi', role: 'cashier', pin: '2468', ownerPin: '4821' })).rejects.toMatchObject({ field: 'name' });
    for (let i = 0; i < 2; i++) await expect(m.logIn({ personId: dewi.id, pin: '9999' })).rejects.toMatchObject({ code: 'wrong_pin' });
    await expect(m.logIn({ personId: dewi.id, pin: '9999' })).rejects.toMatchObject({ code: 'wrong_pin', message: expect.stringContaining('30 s') });
    await expect(m.logIn({ personId: dewi.id, pin: '1357' })).rejects.toMatchObject({ code: 'pin_locked' });
    t += 30_000;
    await m.logIn({ personId: dewi.id, pin: '1357' });
    const sale = await m.checkout({
      cart: { lines: [{ productId: 'p-W0001', qtyMilli: 1000, discount: 0 }], discount: 0 },
      tenders: [{ method: 'cash', amount: 3500, reference: null }],
      cashier: 'Bu Sri',
    });
    expect(sale.cashier).toBe('Dewi');
    // Owner-only calls of the other screens: refused without the PIN now that people exist.
    await expect(m.deleteProduct('p-W0001', null)).rejects.toMatchObject({ code: 'owner_approval_required' });
    await expect(
      m.recordMovement({ productId: 'p-W0001', kind: 'adjustment', qtyMilli: -1000, reason: 'rusak', ownerPin: '1357' }),
    ).rejects.toMatchObject({ code: 'wrong_pin' });
    await m.recordMovement({ productId: 'p-W0001', kind: 'restock', qtyMilli: 1000, reason: null, ownerPin: null });
    await m.recordMovement({ productId: 'p-W0001', kind: 'adjustment', qtyMilli: -1000, reason: 'rusak', ownerPin: '4821' });
    const actions = (await m.auditLog(50)).map((e) => e.action).reverse();
    expect(actions).toEqual(['person_added', 'duty_started', 'person_added', 'pin_locked', 'duty_ended', 'duty_started', 'stock_adjusted']);
  });
});
