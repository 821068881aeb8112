import { describe, expect, it, vi } from 'vitest';
import { Api, ApiError, exportUrl, fillPath, withQuery, type Fetch } from '../../src/backoffice/api/client';
import { CSRF_HEADER, PATHS, type MeView } from '../../src/backoffice/api/types.gen';

const ME: MeView = {
  email: 'ibu@warung.id',
  csrfToken: 'tok-123',
  stores: [{ storeId: 's1', name: 'Warung Bu Sri', createdAtMs: 1 }],
  expiresAtMs: 2,
};

type Call = { url: string; init: RequestInit };

function fake(responses: Array<{ status: number; body?: unknown; headers?: Record<string, string> }>) {
  const calls: Call[] = [];
  const fetcher: Fetch = async (url, init) => {
    calls.push({ url, init });
    const r = responses.shift() ?? { status: 200, body: {} };
    const text = r.body === undefined ? '' : JSON.stringify(r.body);
    return new Response(text, { status: r.status, headers: r.headers });
  };
  return { calls, fetcher };
}

const headersOf = (c: Call) => c.init.headers as Record<string, string>;

describe('fillPath', () => {
  it('fills every placeholder of PATHS, URL-encoded', () => {
    expect(fillPath(PATHS.deviceRename, { store_id: 'a b', device_id: 'x/y?z' })).toBe(
      '/v1/web/stores/a%20b/devices/x%2Fy%3Fz/rename',
    );
    expect(fillPath(PATHS.export, { store_id: 's1', dataset: 'sale_lines' })).toBe('/v1/web/stores/s1/export/sale_lines');
  });

  it('refuses a placeholder without a value', () => {
    expect(() => fillPath(PATHS.dashboard, {})).toThrow(/store_id/);
    expect(() => fillPath(PATHS.dashboard, { store_id: '' })).toThrow(/store_id/);
  });

  it('leaves no brace in any path once filled', () => {
    for (const p of Object.values(PATHS)) {
      const names = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const filled = fillPath(p, Object.fromEntries(names.map((n) => [n, 'v'])));
      expect(filled).not.toMatch(/[{}]/);
    }
  });

  it('builds queries without empty parts', () => {
    expect(withQuery('/p', { from: '2026-01-01', to: undefined, before: null, q: '' })).toBe('/p?from=2026-01-01');
    expect(withQuery('/p', { q: 'kopi & gula' })).toBe('/p?q=kopi+%26+gula');
    expect(exportUrl('s1', 'sales', 'xlsx', '2026-01-01', '2026-01-31')).toBe(
      '/v1/web/stores/s1/export/sales?format=xlsx&from=2026-01-01&to=2026-01-31',
    );
  });
});

describe('Api', () => {
  it('sends the CSRF token on POST, never on GET, same-origin with cookies', async () => {
    const { calls, fetcher } = fake([{ status: 200, body: ME }, { status: 200, body: [] }, { status: 200, body: {} }]);
    const api = new Api(fetcher);
    await api.me();
    await api.devices('s1');
    await api.revokeDevice('s1', 'd1');
    expect(calls.map((c) => c.init.method)).toEqual(['GET', 'GET', 'POST']);
    expect(headersOf(calls[0])[CSRF_HEADER]).toBeUndefined();
    expect(headersOf(calls[1])[CSRF_HEADER]).toBeUndefined();
    expect(headersOf(calls[2])[CSRF_HEADER]).toBe('tok-123');
    expect(calls[2].url).toBe('/v1/web/stores/s1/devices/d1/revoke');
    for (const c of calls) expect(c.init.credentials).toBe('same-origin');
  });

  it('sends no token on login and remembers the one it returns', async () => {
    const { calls, fetcher } = fake([{ status: 200, body: ME }, { status: 200, body: { name: 'x' } }]);
    const api = new Api(fetcher);
    api.csrfToken = 'stale';
    await api.login({ email: 'a@b.c', password: 'rahasia123' });
    expect(headersOf(calls[0])[CSRF_HEADER]).toBeUndefined();
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ email: 'a@b.c', password: 'rahasia123' });
    await api.addStore('Cabang 2');
    expect(headersOf(calls[1])[CSRF_HEADER]).toBe('tok-123');
    expect(JSON.parse(String(calls[1].init.body))).toEqual({ name: 'Cabang 2' });
  });

  it('sends signup as camelCase with the invite token', async () => {
    const { calls, fetcher } = fake([{ status: 200, body: ME }]);
    await new Api(fetcher).signup({ email: 'a@b.c', password: 'rahasia123', shopName: 'Toko', invite: 'inv' });
    expect(calls[0].url).toBe(PATHS.signup);
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ email: 'a@b.c', password: 'rahasia123', shopName: 'Toko', invite: 'inv' });
  });

  it('treats 401 invalid_session as signed out', async () => {
    const { fetcher } = fake([
      { status: 401, body: { code: 'invalid_session', message: 'no session' } },
      { status: 401, body: { code: 'invalid_session', message: 'expired' } },
    ]);
    const api = new Api(fetcher);
    const out = vi.fn();
    api.onSignedOut = out;
    expect(await api.me()).toBeNull();
    api.csrfToken = 'tok';
    await expect(api.stock('s1')).rejects.toMatchObject({ status: 401, code: 'invalid_session' });
    expect(api.csrfToken).toBeNull();
    expect(out).toHaveBeenCalledTimes(2);
  });

  it('turns error bodies into ApiError with Retry-After', async () => {
    const { fetcher } = fake([
      { status: 429, body: { code: 'account_locked', message: 'locked for 31 s more' }, headers: { 'retry-after': '31' } },
      { status: 500 },
    ]);
    const api = new Api(fetcher);
    const e = await api.login({ email: 'a', password: 'b' }).catch((x) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 429, code: 'account_locked', retryAfterSecs: 31 });
    await expect(api.config()).rejects.toMatchObject({ status: 500, code: 'bad_response' });
  });

  it('reports a network failure as code network', async () => {
    const api = new Api(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(api.config()).rejects.toMatchObject({ status: 0, code: 'network' });
  });

  it('passes the period and the page cursor to sales', async () => {
    const { calls, fetcher } = fake([{ status: 200, body: { sales: [], nextBefore: null } }]);
    await new Api(fetcher).sales('s1', '2026-03-01', '2026-03-07', 'cur sor');
    expect(calls[0].url).toBe('/v1/web/stores/s1/sales?from=2026-03-01&to=2026-03-07&before=cur+sor');
  });
});
