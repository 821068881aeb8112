import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDay, formatTime, ianaZone, parseDay } from '../../src/lib/dates';

// 2026-12-03 07:05 UTC = 14.05 WIB, 15.05 WITA, 16.05 WIT.
const ms = Date.UTC(2026, 11, 3, 7, 5);

describe('dates', () => {
  it('maps shop zones to IANA zones', () => {
    expect(ianaZone('WIB')).toBe('Asia/Jakarta');
    expect(ianaZone('WITA')).toBe('Asia/Makassar');
    expect(ianaZone('WIT')).toBe('Asia/Jayapura');
    expect(ianaZone(null)).toBe('Asia/Jakarta');
  });
  it('formats in Bahasa, day first, in the shop zone', () => {
    expect(formatDateTime(ms, 'WIB')).toBe('3 Des 2026 14.05');
    expect(formatTime(ms, 'WITA')).toBe('15.05');
    expect(formatTime(ms, 'WIT')).toBe('16.05');
    expect(formatDate(ms, 'WIB')).toBe('3 Des 2026');
  });
  it('crosses midnight by the shop zone, not UTC', () => {
    const late = Date.UTC(2026, 11, 3, 17, 30); // 00.30 WIB on 4 Dec
    expect(formatDate(late, 'WIB')).toBe('4 Des 2026');
  });
  it('uses en-GB order in English', () => {
    expect(formatDateTime(ms, 'WIB', 'en')).toBe('3 Dec 2026 14:05');
  });
  it('formats a local calendar day', () => {
    expect(formatDay('2026-08-17')).toBe('17 Agu 2026');
    expect(formatDay('2026-12-03', 'en')).toBe('3 Dec 2026');
    expect(formatDay('bad')).toBe('bad');
  });
});

describe('parseDay', () => {
  it('reads a day the Indonesian way, day first', () => {
    expect(parseDay('3 Des 2026')).toBe('2026-12-03');
    expect(parseDay('3 desember 2026')).toBe('2026-12-03');
    expect(parseDay('03/12/2026')).toBe('2026-12-03');
    expect(parseDay('3-12-2026')).toBe('2026-12-03');
    expect(parseDay('3.12.2026')).toBe('2026-12-03');
    expect(parseDay('17 Agu 2026')).toBe('2026-08-17');
    expect(parseDay('2026-12-03')).toBe('2026-12-03');
  });
  it('refuses what is not a day, and US month-first order', () => {
    expect(parseDay('12/31/2026')).toBeNull();
    expect(parseDay('31 Feb 2026')).toBeNull();
    expect(parseDay('3 Dez 2026')).toBeNull();
    expect(parseDay('')).toBeNull();
    expect(parseDay('kemarin')).toBeNull();
  });
  it('round-trips with formatDay', () => {
    for (const d of ['2026-01-01', '2026-05-31', '2026-08-17', '2026-12-03']) {
      expect(parseDay(formatDay(d, 'id'))).toBe(d);
      expect(parseDay(formatDay(d, 'en'))).toBe(d);
    }
  });
});
