import { describe, expect, it } from 'vitest';
import {
  APPROVALS,
  AUDIT_ACTIONS,
  MOVEMENT_KINDS,
  diffSign,
  distinct,
  labelKey,
  looksLikeCsv,
  readCsvFile,
  signedQty,
} from '../../src/backoffice/lib/books';
import { NAV, PUBLIC_ROUTES, REDIRECTS, ROUTES } from '../../src/backoffice/lib/routes';
import { Api, ApiError, type Fetch } from '../../src/backoffice/api/client';
import { CSRF_HEADER, type MeView } from '../../src/backoffice/api/types.gen';
import id from '../../src/backoffice/i18n/id.json';
import en from '../../src/backoffice/i18n/en.json';

describe('shift differences', () => {
  it('reads counted − expected: negative short, positive over, zero even', () => {
    expect(diffSign(-500)).toBe('short');
    expect(diffSign(1)).toBe('over');
    expect(diffSign(0)).toBe('even');
    expect(diffSign(-0)).toBe('even');
  });
});

describe('labels of codes', () => {
  it('names the tills\u2019 audit actions in both languages, else the code stays', () => {
    for (const a of ['sale_refunded', 'sale_voided', 'stock_counted', 'price_changed', 'shift_closed', 'kasbon_written_off']) {
      expect(AUDIT_ACTIONS).toContain(a);
    }
    for (const a of AUDIT_ACTIONS) {
      const key = labelKey('auditAction', AUDIT_ACTIONS, a);
      expect(key).toBe(`auditAction.${a}`);
      expect((id as Record<string, string>)[key!], a).toBeTruthy();
      expect((en as Record<string, string>)[key!], a).toBeTruthy();
    }
    expect(labelKey('auditAction', AUDIT_ACTIONS, 'made_by_a_newer_till')).toBeNull();
    expect(labelKey('auditAction', AUDIT_ACTIONS, '')).toBeNull();
    expect(labelKey('auditAction', AUDIT_ACTIONS, null)).toBeNull();
    expect((id as Record<string, string>)['auditAction.sale_refunded']).toBe('Retur penjualan');
  });

  it('names approvals and movement kinds', () => {
    for (const a of APPROVALS) expect((id as Record<string, string>)[labelKey('approval', APPROVALS, a)!]).toBeTruthy();
    for (const k of MOVEMENT_KINDS) expect((en as Record<string, string>)[labelKey('movement', MOVEMENT_KINDS, k)!]).toBeTruthy();
    expect((id as Record<string, string>)['approval.owner_pin']).toBe('PIN pemilik');
    expect(labelKey('movement', MOVEMENT_KINDS, 'sale')).toBeNull();
  });
});

describe('signed quantities', () => {
  it('puts the sign in front, in the language\u2019s decimals', () => {
    expect(signedQty(2500)).toBe('+2,5');
    expect(signedQty(2500, 'en')).toBe('+2.5');
    expect(signedQty(-1000)).toBe('\u22121');
    expect(signedQty(-250, 'id')).toBe('\u22120,25');
    expect(signedQty(0)).toBe('0');
  });

  it('keeps the first order of distinct values', () => {
    expect(distinct(['K2', 'K1', 'K2', 'K3', 'K1'])).toEqual(['K2', 'K1', 'K3']);
  });
});

describe('reading a CSV file', () => {
  it('reads UTF-8 and drops a byte-order mark', async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
    const body = new TextEncoder().encode('sku,name\nP1,Kopi <b>Susu</b> ☕\n');
    expect(await readCsvFile(new Blob([bom, body]))).toBe('sku,name\nP1,Kopi <b>Susu</b> ☕\n');
    expect(await readCsvFile(new Blob([body]))).toBe('sku,name\nP1,Kopi <b>Susu</b> ☕\n');
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8', async () => {
    // "Café" as an older spreadsheet saves it: é = 0xE9.
    const bytes = new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x0a]);
    expect(await readCsvFile(new Blob([bytes]))).toBe('Café\n');
  });

  it('reads an empty file as empty text', async () => {
    expect(await readCsvFile(new Blob([]))).toBe('');
  });

  it('takes .csv files by name or type', () => {
    expect(looksLikeCsv({ name: 'produk.CSV', type: '' })).toBe(true);
    expect(looksLikeCsv({ name: 'export', type: 'text/csv' })).toBe(true);
    expect(looksLikeCsv({ name: 'produk.csv', type: 'application/vnd.ms-excel' })).toBe(true);
    expect(looksLikeCsv({ name: 'produk.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })).toBe(false);
  });
});

describe('routes', () => {
  it('lists every page of the navigation and redirects /segera to Shift', () => {
    for (const n of NAV) expect(ROUTES).toContain(n.path);
    for (const p of ['/shift', '/kasbon', '/retur', '/log'] as const) expect(NAV.map((n) => n.path)).toContain(p);
    expect(NAV.map((n) => n.path)).not.toContain('/segera');
    expect(REDIRECTS['/segera']).toBe('/shift');
    for (const n of NAV) expect((id as Record<string, string>)[n.key], n.key).toBeTruthy();
    expect(PUBLIC_ROUTES).not.toContain('/log');
  });
});

describe('Api: the books and the import', () => {
  const ME: MeView = { email: 'a@b.c', csrfToken: 'tok', stores: [], expiresAtMs: 1 };

  function fake(responses: Array<{ status: number; body?: unknown }>) {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const fetcher: Fetch = async (url, init) => {
      calls.push({ url, init });
      const r = responses.shift() ?? { status: 200, body: {} };
      return new Response(r.body === undefined ? '' : JSON.stringify(r.body), { status: r.status });
    };
    return { calls, fetcher };
  }

  it('asks the period of returns, audit and movements; books without one', async () => {
    const { calls, fetcher } = fake([]);
    const api = new Api(fetcher);
    await api.books('s1');
    await api.returns('s1', '2026-03-01', '2026-03-07');
    await api.audit('s1', '2026-03-01', '2026-03-01');
    await api.movements('s1', '2026-03-02', '2026-03-03');
    expect(calls.map((c) => c.url)).toEqual([
      '/v1/web/stores/s1/books',
      '/v1/web/stores/s1/returns?from=2026-03-01&to=2026-03-07',
      '/v1/web/stores/s1/audit?from=2026-03-01&to=2026-03-01',
      '/v1/web/stores/s1/stock/movements?from=2026-03-02&to=2026-03-03',
    ]);
    expect(calls.every((c) => c.init.method === 'GET')).toBe(true);
  });

  it('posts the CSV with the CSRF token and reads the counts; a bad line is an invalid_field error', async () => {
    const { calls, fetcher } = fake([
      { status: 200, body: ME },
      { status: 200, body: { added: 2, updated: 1, unchanged: 5 } },
      { status: 400, body: { code: 'invalid_field', message: 'line 3: price: not a number' } },
    ]);
    const api = new Api(fetcher);
    await api.login({ email: 'a@b.c', password: 'x' });
    expect(await api.importProducts('s1', 'sku,name\n')).toEqual({ added: 2, updated: 1, unchanged: 5 });
    expect(calls[1].url).toBe('/v1/web/stores/s1/products/import');
    expect(calls[1].init.method).toBe('POST');
    expect((calls[1].init.headers as Record<string, string>)[CSRF_HEADER]).toBe('tok');
    expect(JSON.parse(calls[1].init.body as string)).toEqual({ csv: 'sku,name\n' });
    const err = await api.importProducts('s1', 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('invalid_field');
    expect((err as ApiError).message).toBe('line 3: price: not a number');
  });
});
