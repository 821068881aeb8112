import { describe, expect, it } from 'vitest';
import id from '../../src/lib/i18n/id.json';
import en from '../../src/lib/i18n/en.json';
import { errorText, interpolate, translate } from '../../src/lib/i18n/index.svelte';

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

  it('cover every error code the backend documents', () => {
    const codes = [
      'invalid_input', 'database', 'io', 'database_locked', 'schema_too_new', 'not_initialised',
      'already_initialised', 'unknown_product', 'unknown_sale', 'empty_cart', 'no_such_line',
      'insufficient_payment', 'overpaid', 'import_rejected', 'not_paired', 'already_paired',
      'acked_beyond_outbox', 'outbox_broken', 'unreachable', 'timeout', 'server', 'invalid_pairing_code',
      'unauthorized', 'bad_reply', 'device_code_taken', 'device_exists', 'seq_reused', 'rate_limited', 'device_revoked',
      'invalid_credential', 'missing_credential', 'wrong_store', 'wrong_device',
    ];
    for (const c of codes) expect(id, c).toHaveProperty(`errors.${c}`);
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
    expect(errorText({ code: 'weird_new_code', message: 'at foo.rs:12', field: null }, 'id')).toBe(
      'Terjadi kesalahan. Coba lagi.',
    );
    expect(errorText({ code: 'import_rejected', message: 'catalog CSV line 3, column price_idr: bad', field: null }, 'id')).toContain(
      'line 3, column price_idr',
    );
  });
});
