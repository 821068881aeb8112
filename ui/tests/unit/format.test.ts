import { describe, expect, it } from 'vitest';
import { bpToPercent, formatClock, formatMoney, formatQty, parseMoney, parseQty, percentToBp } from '../../src/lib/format';

describe('money', () => {
  it('shows whole Rupiah the Indonesian way', () => {
    expect(formatMoney(12500)).toBe('Rp 12.500');
    expect(formatMoney(0)).toBe('Rp 0');
    expect(formatMoney(1_250_000)).toBe('Rp 1.250.000');
    expect(formatMoney(-100)).toBe('-Rp 100');
  });

  it('reads typed amounts with or without dots', () => {
    expect(parseMoney('50.000')).toEqual({ ok: true, value: 50000 });
    expect(parseMoney('Rp 20.000')).toEqual({ ok: true, value: 20000 });
    expect(parseMoney('')).toEqual({ ok: false, error: 'empty' });
    expect(parseMoney('-2500')).toEqual({ ok: false, error: 'negative' });
    expect(parseMoney('3.500,50')).toEqual({ ok: false, error: 'fraction' });
  });
});

describe('quantities in milli-units', () => {
  it('shows comma decimals in Bahasa Indonesia', () => {
    expect(formatQty(250)).toBe('0,25');
    expect(formatQty(1000)).toBe('1');
    expect(formatQty(1500)).toBe('1,5');
    expect(formatQty(333)).toBe('0,333');
    expect(formatQty(-2000)).toBe('-2');
    expect(formatQty(1250, 'en')).toBe('1.25');
  });

  it('parses weights typed with comma or dot', () => {
    const milli = (t: string) => {
      const r = parseQty(t);
      return r.ok ? r.value : r.error;
    };
    expect(milli('0,25')).toBe(250);
    expect(milli('0.5')).toBe(500);
    expect(milli('2')).toBe(2000);
    expect(milli(',75')).toBe(750);
    expect(milli('1,2345')).toBe('too_many_decimals');
    expect(milli('0')).toBe('zero');
    expect(milli('abc')).toBe('not_a_number');
    expect(milli('99999999')).toBe('too_large');
  });

  it('converts tax percent and basis points', () => {
    expect(bpToPercent(1100)).toBe('11');
    expect(bpToPercent(1050)).toBe('10,5');
    expect(percentToBp('11')).toBe(1100);
    expect(percentToBp('10,5')).toBe(1050);
  });

  it('shows the shop-local clock', () => {
    // 2026-01-01T07:05:00Z is 14:05 WIB, 15:05 WITA, 16:05 WIT.
    const ms = Date.UTC(2026, 0, 1, 7, 5);
    expect(formatClock(ms, 'WIB')).toBe('14:05');
    expect(formatClock(ms, 'WITA')).toBe('15:05');
    expect(formatClock(ms, 'WIT')).toBe('16:05');
  });
});
