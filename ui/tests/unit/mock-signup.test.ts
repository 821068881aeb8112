import { describe, expect, it } from 'vitest';
import { checkSignUp, type MockSignupServer } from '../../src/lib/api/mock-signup';
import { MockBackend } from '../../src/lib/api/mock';
import type { SignUpInput } from '../../src/lib/api/types.gen';

const input = (over: Partial<SignUpInput> = {}): SignUpInput => ({
  serverUrl: 'http://192.168.1.10:8787',
  email: 'sri@contoh.id',
  password: 'rahasia123',
  shopName: null,
  invite: null,
  deviceName: null,
  ...over,
});
const open = (): MockSignupServer => ({ accounts: new Set(), offline: false });
const code = (i: SignUpInput, server = open()) => {
  const r = checkSignUp(i, 'Warung Bu Sri', server);
  return r.ok ? 'ok' : r.error.code;
};

describe('the mock server: checkSignUp', () => {
  it('makes the shop under the typed name, else the till’s', () => {
    expect(checkSignUp(input({ serverUrl: ' http://s:8787/ ', email: ' Sri@Contoh.id ' }), 'Warung Bu Sri', open())).toEqual({
      ok: true,
      serverUrl: 'http://s:8787',
      email: 'sri@contoh.id',
      storeName: 'Warung Bu Sri',
    });
    const named = checkSignUp(input({ shopName: ' Toko Baru ' }), 'Warung Bu Sri', open());
    expect(named.ok && named.storeName).toBe('Toko Baru');
  });

  it('refuses as the till and the server do, in their order', () => {
    expect(checkSignUp(input({ serverUrl: '192.168.1.10' }), 'W', open())).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'server_url' },
    });
    expect(code(input(), { accounts: new Set(), offline: true })).toBe('unreachable');
    expect(code(input({ email: 'sri' }))).toBe('invalid_field');
    expect(code(input({ password: 'pendek' }))).toBe('invalid_field');
    expect(checkSignUp(input({ password: 'pendek' }), 'W', open())).toMatchObject({
      error: { message: 'owner password: 8 to 256 characters' },
    });
    expect(code(input({ email: 'sri@contoh.id' }), { accounts: new Set(['sri@contoh.id']), offline: false })).toBe(
      'email_taken',
    );
    expect(code(input({ email: 'sudah@contoh.id' }))).toBe('email_taken');
    expect(code(input({ email: 'batas@contoh.id' }))).toBe('rate_limited');
    expect(checkSignUp(input(), '  ', open())).toMatchObject({ error: { message: 'store name: 1 to 200 characters' } });
    // The email is checked before the sign-up policy, the policy before the password.
    expect(code(input({ serverUrl: 'http://undangan.local', email: 'x' }))).toBe('invalid_field');
    expect(code(input({ serverUrl: 'http://undangan.local', password: 'x' }))).toBe('signup_closed');
  });

  it('needs an invite on an invite-only server and ignores one on an open server', () => {
    const closed = 'http://undangan.local:8787';
    expect(code(input({ serverUrl: closed }))).toBe('signup_closed');
    expect(code(input({ serverUrl: closed, invite: '  ' }))).toBe('signup_closed');
    expect(code(input({ serverUrl: closed, invite: 'tok-salah' }))).toBe('invalid_invite');
    expect(code(input({ serverUrl: closed, invite: 'tok-123' }))).toBe('ok');
    expect(code(input({ invite: 'tok-salah' }))).toBe('ok');
  });
});

describe('MockBackend.signUpShop', () => {
  it('pairs the till with its new shop; the same email again is email_taken', async () => {
    const m = new MockBackend({ initialised: false });
    await expect(m.signUpShop(input())).rejects.toMatchObject({ code: 'not_initialised' });
    await m.setupShop({ name: 'Warung Bu Sri', deviceCode: 'A', timezone: 'WIB' });
    await expect(m.signUpShop(input({ email: 'sudah@contoh.id' }))).rejects.toMatchObject({ code: 'email_taken' });
    expect((await m.syncStatus()).connectivity).toBe('unpaired');
    const v = await m.signUpShop(input({ shopName: 'Warung Bu Sri' }));
    expect(v).toMatchObject({ connectivity: 'online', storeName: 'Warung Bu Sri', serverUrl: 'http://192.168.1.10:8787' });
    await expect(m.signUpShop(input())).rejects.toMatchObject({ code: 'already_paired' });
    await m.unpair();
    await expect(m.signUpShop(input({ email: 'SRI@contoh.id' }))).rejects.toMatchObject({ code: 'email_taken' });
  });
});
