import { describe, expect, it } from 'vitest';
import { isDay, periodOf, shiftDay, wibClock, wibDay } from '../../src/backoffice/lib/period';

// 2026-03-10 00:00 WIB = 2026-03-09 17:00 UTC.
const MIDNIGHT_WIB = Date.UTC(2026, 2, 9, 17, 0, 0);

describe('WIB days', () => {
  it('turns at 17:00 UTC', () => {
    expect(wibDay(MIDNIGHT_WIB - 1)).toBe('2026-03-09');
    expect(wibDay(MIDNIGHT_WIB)).toBe('2026-03-10');
    expect(wibClock(MIDNIGHT_WIB - 60_000)).toBe('23:59');
    expect(wibClock(MIDNIGHT_WIB)).toBe('00:00');
  });

  it('computes the periods at a day boundary', () => {
    expect(periodOf('today', MIDNIGHT_WIB - 1)).toEqual({ kind: 'today', from: '2026-03-09', to: '2026-03-09' });
    expect(periodOf('today', MIDNIGHT_WIB)).toEqual({ kind: 'today', from: '2026-03-10', to: '2026-03-10' });
    expect(periodOf('yesterday', MIDNIGHT_WIB)).toEqual({ kind: 'yesterday', from: '2026-03-09', to: '2026-03-09' });
    expect(periodOf('7d', MIDNIGHT_WIB)).toEqual({ kind: '7d', from: '2026-03-04', to: '2026-03-10' });
    expect(periodOf('30d', MIDNIGHT_WIB)).toEqual({ kind: '30d', from: '2026-02-09', to: '2026-03-10' });
  });

  it('crosses months and leap days', () => {
    expect(shiftDay('2024-03-01', -1)).toBe('2024-02-29');
    expect(shiftDay('2026-01-01', -1)).toBe('2025-12-31');
    // 2025-12-31 23:30 UTC is already 06:30 WIB on 1 January: yesterday is New Year's Eve.
    expect(periodOf('yesterday', Date.UTC(2025, 11, 31, 23, 30))).toMatchObject({ from: '2025-12-31', to: '2025-12-31' });
  });

  it('orders and checks a custom range', () => {
    expect(periodOf('custom', MIDNIGHT_WIB, { from: '2026-03-05', to: '2026-03-01' })).toEqual({
      kind: 'custom',
      from: '2026-03-01',
      to: '2026-03-05',
    });
    expect(periodOf('custom', MIDNIGHT_WIB, { from: 'nonsense', to: '2026-02-30' })).toMatchObject({ from: '2026-03-10', to: '2026-03-10' });
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
  });
});
