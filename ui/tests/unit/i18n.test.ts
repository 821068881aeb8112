import { describe, expect, it } from 'vitest';
import id from '../../src/lib/i18n/id.json';
import en from '../../src/lib/i18n/en.json';
import { errorText, interpolate, translate } from '../../src/lib/i18n/index.svelte';
import { ERROR_CODES, type ErrorCode } from '../../src/lib/api/types.gen';

describe('message files', () => {
  it('have the same keys in Bahasa Indonesia and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(id).sort());
  });

  it('have no empty messages and the same placeholders in both languages', () => {
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const [k, v] of Object.entries(id)) {
      expect(v, k).not.toBe('');
      expect(holes((en as Record<string, string>)[k]), k).toEqual(holes(v));
    }
  });

  it('have a message for every error code the contract exports, in both languages', () => {
    for (const c of ERROR_CODES) {
      expect((id as Record<string, string>)[`errors.${c}`], `id: ${c}`).toBeTruthy();
      expect((en as Record<string, string>)[`errors.${c}`], `en: ${c}`).toBeTruthy();
    }
  });
});

describe('translation', () => {
  it('fills placeholders', () => {
    expect(interpolate('{count} transaksi menunggu', { count: 3 })).toBe('3 transaksi menunggu');
    expect(translate('en', 'sync.offlinePending', { count: 2 })).toBe('Offline · 2 waiting');
  });

  it('turns errors into plain language, never a raw message', () => {
    expect(errorText({ code: 'insufficient_payment', message: 'Rp 1 paid of Rp 2', field: null }, 'id')).toBe(
      'Uang yang diterima kurang dari total.',
    );
    expect(errorText({ code: 'invalid_input', message: 'x', field: 'price' }, 'id')).toBe('Isian tidak valid: harga');
    expect(errorText({ code: 'weird_new_code' as ErrorCode, message: 'at foo.rs:12', field: null }, 'id')).toBe(
      'Terjadi kesalahan. Coba lagi.',
    );
    expect(errorText({ code: 'import_rejected', message: 'catalog CSV line 3, column price_idr: bad', field: null }, 'id')).toContain(
      'line 3, column price_idr',
    );
  });
});
