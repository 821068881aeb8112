import { describe, expect, it } from 'vitest';
import golden from '../../../tests/golden/qris_static.json';
import { buildStaticQris, crc16, dynamicQris, emit, parseQris, QrisError } from '../../src/lib/qris';

// Static and dynamic (Rp 15.000) payloads with checksums made by Python's binascii.crc_hqx
// (CRC-CCITT-FALSE with init 0xFFFF), not by the code under test.
const STATIC =
  '00020101021126460020ID.CO.BANKCONTOH.WWW011893600014000001234551440014ID.CO.QRIS.WWW0215ID10200212345670303UMI5204541153033605802ID5918WARUNG LARIS MANIS6007JAKARTA6304B886';
const DYNAMIC_15000 =
  '00020101021226460020ID.CO.BANKCONTOH.WWW011893600014000001234551440014ID.CO.QRIS.WWW0215ID10200212345670303UMI5204541153033605405150005802ID5918WARUNG LARIS MANIS6007JAKARTA630447E5';

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof QrisError ? `${e.code}:${e.tag ?? ''}` : String(e);
  }
  return 'ok';
};

describe('QRIS (laris-qris rules)', () => {
  it('computes CRC-16/CCITT-FALSE', () => {
    expect(crc16('123456789')).toBe(0x29b1);
  });

  it('parses a static payload: merchant, city, NMID; re-emits it byte for byte', () => {
    const q = parseQris(`  ${STATIC}\n`);
    expect(q.merchantName).toBe('WARUNG LARIS MANIS');
    expect(q.merchantCity).toBe('JAKARTA');
    expect(q.nmid).toBe('ID1020021234567');
    expect(q.dynamic).toBe(false);
    expect(q.amount).toBeNull();
    expect(emit(q.fields)).toBe(STATIC);
    // A lower-case checksum is the same checksum.
    expect(parseQris(STATIC.slice(0, -4) + 'b886').merchantName).toBe('WARUNG LARIS MANIS');
  });

  it('makes the dynamic payload for an exact amount: 01 = 12, tag 54 after 53, a new CRC', () => {
    const d = dynamicQris(parseQris(STATIC), 15_000);
    expect(d).toBe(DYNAMIC_15000);
    const back = parseQris(d);
    expect(back.dynamic).toBe(true);
    expect(back.amount).toBe(15_000);
    // Made again from a dynamic one, the old amount is replaced, not repeated.
    const again = parseQris(dynamicQris(back, 2_500));
    expect(again.amount).toBe(2_500);
    expect(again.fields.filter((f) => f.tag === '54')).toHaveLength(1);
    expect(code(() => dynamicQris(back, 0))).toBe('qris_bad_amount:54');
    expect(code(() => dynamicQris(back, 10_000_000_001))).toBe('qris_bad_amount:54');
  });

  it('refuses a tampered payload, a broken structure and missing or wrong fields', () => {
    // The merchant name changed, the checksum left as it was.
    expect(code(() => parseQris(STATIC.replace('LARIS MANIS', 'LARIS MANIZ')))).toBe('qris_bad_crc:63');
    expect(code(() => parseQris(STATIC.slice(0, -1)))).toBe('qris_malformed:');
    expect(code(() => parseQris('hello'))).toBe('qris_malformed:');
    expect(code(() => parseQris(''))).toBe('qris_malformed:');
    const fields = parseQris(STATIC).fields;
    const without = (tag: string) => emit(fields.filter((f) => f.tag !== tag));
    const withValue = (tag: string, value: string) => emit(fields.map((f) => (f.tag === tag ? { tag, value } : f)));
    expect(code(() => parseQris(without('59')))).toBe('qris_missing_field:59');
    expect(code(() => parseQris(without('60')))).toBe('qris_missing_field:60');
    expect(code(() => parseQris(emit(fields.filter((f) => f.tag !== '26' && f.tag !== '51'))))).toBe('qris_missing_field:26-51');
    expect(code(() => parseQris(withValue('53', '840')))).toBe('qris_bad_field:53');
    expect(code(() => parseQris(withValue('58', 'SG')))).toBe('qris_bad_field:58');
    expect(code(() => parseQris(withValue('01', '13')))).toBe('qris_bad_field:01');
    expect(code(() => parseQris(withValue('59', 'X'.repeat(26))))).toBe('qris_bad_field:59');
    expect(code(() => parseQris(withValue('00', '02')))).toBe('qris_bad_field:00');
    // Tag 54 in Rupiah: no sen, no zero.
    const amount = (a: string) => emit([...fields.slice(0, 6), { tag: '54', value: a }, ...fields.slice(6)]);
    expect(parseQris(amount('5000.00')).amount).toBe(5000);
    expect(code(() => parseQris(amount('5000.50')))).toBe('qris_bad_field:54');
    expect(code(() => parseQris(amount('0')))).toBe('qris_bad_amount:54');
    expect(code(() => parseQris('0'.repeat(513)))).toBe('qris_malformed:');
  });

  it("reads the shared golden payload (tests/golden/qris_static.json) as laris-qris does", () => {
    const q = parseQris(golden.static);
    expect([q.merchantName, q.merchantCity, q.nmid]).toEqual([golden.merchant_name, golden.merchant_city, golden.nmid]);
    expect(emit(q.fields)).toBe(golden.static);
    expect(parseQris(dynamicQris(q, 12_345)).amount).toBe(12_345);
  });

  it('builds a static payload the parser accepts (the e2e pastes one)', () => {
    const p = buildStaticQris({ merchantName: 'Toko Bu Sri', merchantCity: 'Bandung', nmid: 'ID9999' });
    const q = parseQris(p);
    expect([q.merchantName, q.merchantCity, q.nmid]).toEqual(['Toko Bu Sri', 'Bandung', 'ID9999']);
    expect(p.slice(-4)).toBe(crc16(p.slice(0, -4)).toString(16).toUpperCase().padStart(4, '0'));
  });
});
