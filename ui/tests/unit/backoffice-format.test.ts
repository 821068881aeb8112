import { describe, expect, it } from 'vitest';
import { groupCode, lockSeconds, mmss, parseBarcodes, secondsLeft, whenShort } from '../../src/backoffice/lib/format';
import { inputOf, formOf, emptyForm } from '../../src/backoffice/lib/product-form';
import { pickStore } from '../../src/backoffice/lib/session.svelte';
import { ApiError } from '../../src/backoffice/api/client';
import { errorText, translate } from '../../src/backoffice/i18n/index.svelte';
import id from '../../src/backoffice/i18n/id.json';
import en from '../../src/backoffice/i18n/en.json';
import { ERROR_CODES } from '../../src/backoffice/api/types.gen';

describe('display helpers', () => {
  it('groups pairing codes by four', () => {
    expect(groupCode('K7MX4PQ2')).toBe('K7MX-4PQ2');
    expect(groupCode('k7mx-4pq2')).toBe('K7MX-4PQ2');
    expect(groupCode('ABCDEFGHJ')).toBe('ABCD-EFGH-J');
    expect(groupCode('')).toBe('');
  });

  it('counts down', () => {
    expect(secondsLeft(10_500, 0)).toBe(11);
    expect(secondsLeft(0, 5)).toBe(0);
    expect(mmss(125)).toBe('2:05');
    expect(mmss(0)).toBe('0:00');
  });

  it('shows today as a clock and other days with the date, in WIB', () => {
    const now = Date.UTC(2026, 2, 10, 5, 0); // 12:00 WIB
    expect(whenShort(Date.UTC(2026, 2, 10, 1, 5), now)).toBe('08:05');
    expect(whenShort(Date.UTC(2026, 2, 9, 16, 59), now)).toBe('2026-03-09 23:59');
  });

  it('splits barcodes on commas and spaces', () => {
    expect(parseBarcodes(' 899, 123 899\n456;; ')).toEqual(['899', '123', '456']);
    expect(parseBarcodes('')).toEqual([]);
  });

  it('reads the seconds of a lock', () => {
    expect(lockSeconds('too many failed logins: this account is locked for 31 s more', 40)).toBe(31);
    expect(lockSeconds('locked', 12)).toBe(12);
    expect(lockSeconds('locked', null)).toBeNull();
  });

  it('opens the remembered shop only if the owner has it', () => {
    const stores = [
      { storeId: 'a', name: 'A', createdAtMs: 1 },
      { storeId: 'b', name: 'B', createdAtMs: 2 },
    ];
    expect(pickStore(stores, 'b')).toBe('b');
    expect(pickStore(stores, 'gone')).toBe('a');
    expect(pickStore([], 'x')).toBe('');
  });
});

describe('product form', () => {
  it('reads Rupiah like the till and minimum stock in units', () => {
    const f = { ...emptyForm(), name: ' Kopi <b>Susu</b> ', price: 'Rp 12.500', cost: '10.000', minStock: '2,5', barcodes: '899 123', category: ' ' };
    const r = inputOf(f);
    expect(r).toEqual({
      ok: true,
      input: {
        sku: '',
        name: 'Kopi <b>Susu</b>',
        category: null,
        unit: 'pcs',
        price: 12500,
        cost: 10000,
        barcodes: ['899', '123'],
        active: true,
        soldByWeight: false,
        trackStock: true,
        minStockMilli: 2500,
      },
    });
  });

  it('names the fields it refuses', () => {
    const r = inputOf({ ...emptyForm(), price: '12.50', cost: '-1', minStock: 'x' });
    expect(r).toEqual({ ok: false, errors: { name: 'required', price: 'grouping', cost: 'negative', minStock: 'not_a_number' } });
  });

  it('round-trips a product', () => {
    const p = {
      productId: 'p', sku: 'K1', name: 'Kopi', category: 'Minuman', unit: 'gelas', price: 5000, cost: 3000,
      barcodes: ['1', '2'], active: false, soldByWeight: false, trackStock: true, minStockMilli: 1500, stockMilli: 0,
    };
    expect(formOf(p)).toMatchObject({ price: '5.000', cost: '3.000', minStock: '1,5', barcodes: '1, 2' });
    const r = inputOf(formOf(p));
    expect(r.ok && r.input).toMatchObject({ sku: 'K1', category: 'Minuman', price: 5000, cost: 3000, barcodes: ['1', '2'], active: false, minStockMilli: 1500 });
  });
});

describe('back office messages', () => {
  it('have the same keys and placeholders in both languages', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(id).sort());
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const [k, v] of Object.entries(id)) expect(holes((en as Record<string, string>)[k]), k).toEqual(holes(v));
  });

  it('have a message for every error code', () => {
    for (const c of ERROR_CODES) expect((id as Record<string, string>)[`errors.${c}`], c).toBeTruthy();
  });

  it('map server errors to Indonesian', () => {
    expect(errorText(new ApiError(401, 'invalid_login', 'wrong email or password'), 'id')).toBe('Email atau kata sandi salah.');
    expect(errorText(new ApiError(429, 'account_locked', 'this account is locked for 31 s more', 31), 'id')).toBe(
      'Terlalu banyak percobaan: akun dikunci sementara (31 detik lagi).',
    );
    expect(errorText(new ApiError(429, 'rate_limited', 'slow down', 5), 'id')).toBe('Terlalu banyak permintaan. Coba lagi dalam 5 detik.');
    expect(errorText(new ApiError(409, 'email_taken', 'x'), 'id')).toBe('Email ini sudah punya akun: silakan masuk.');
    expect(errorText(new ApiError(400, 'invalid_field', 'price: above the limit'), 'id')).toBe('Isian tidak valid: price: above the limit');
    expect(errorText(new Error('boom'), 'id')).toBe('Terjadi kesalahan. Coba lagi.');
    expect(translate('en', 'dash.provisional', { devices: 'Kasir 1' })).toBe('Provisional figures: Kasir 1 has not sent all its sales yet.');
  });
});
