import { describe, expect, it } from 'vitest';
import { daysBetween, isOverdue, kasbonCharge, overLimit, parseLimit, totalOwed } from '../../src/lib/kasbon';
import { tally } from '../../src/lib/shifts';

describe('kasbon screen rules', () => {
  it('counts days owed and overdue dates in shop-local days', () => {
    expect(daysBetween('2026-03-10', '2026-03-17')).toBe(7);
    expect(daysBetween('2026-03-10', '2026-03-10')).toBe(0);
    expect(daysBetween('2026-03-10', '2026-03-01')).toBe(0);
    expect(isOverdue('2026-03-09', '2026-03-10')).toBe(true);
    expect(isOverdue('2026-03-10', '2026-03-10')).toBe(false);
    expect(isOverdue(null, '2026-03-10')).toBe(false);
  });

  it('splits a sale into down payment and kasbon, and sees a limit crossed', () => {
    expect(kasbonCharge(14_000, 5_000)).toBe(9_000);
    expect(kasbonCharge(14_000, 0)).toBe(14_000);
    expect(kasbonCharge(14_000, 14_000)).toBeNull();
    expect(overLimit({ balance: 7_000, creditLimit: 10_000 }, 3_000)).toBe(false);
    expect(overLimit({ balance: 7_000, creditLimit: 10_000 }, 3_001)).toBe(true);
    expect(overLimit({ balance: 7_000, creditLimit: null }, 1_000_000)).toBe(false);
    expect(totalOwed([{ balance: 9_000 }, { balance: 500 }])).toBe(9_500);
  });

  it('reads a typed credit limit: empty is none', () => {
    expect(parseLimit('')).toEqual({ ok: true, value: null });
    expect(parseLimit('10.000')).toEqual({ ok: true, value: 10_000 });
    expect(parseLimit('-5').ok).toBe(false);
  });

  it('reads a shift difference as short, over or exact', () => {
    expect(tally(-500)).toBe('short');
    expect(tally(200)).toBe('over');
    expect(tally(0)).toBe('exact');
    expect(tally(null)).toBe('uncounted');
  });
});
