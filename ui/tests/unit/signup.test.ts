import { describe, expect, it } from 'vitest';
import {
  normalizeEmail,
  normalizeServerUrl,
  parseSignupLink,
  passwordProblem,
  signUpErrorField,
  signUpInput,
  signUpProblems,
} from '../../src/lib/signup';
import { addressAsTyped, parsePairingLink } from '../../src/lib/pairing';
import { appError } from '../../src/lib/api/backend';

describe('parsePairingLink, as laris-protocol parse_pairing_link', () => {
  it('reads the server and the code of a pairing link', () => {
    expect(parsePairingLink('https://laris.example/pasang?kode=K7MX4PQ2')).toEqual({
      serverUrl: 'https://laris.example',
      code: 'K7MX4PQ2',
    });
    expect(parsePairingLink('  http://192.168.1.10:8787/pasang?kode=K7MX-4PQ2\n')).toEqual({
      serverUrl: 'http://192.168.1.10:8787',
      code: 'K7MX-4PQ2',
    });
    // Another parameter first; the first kode= counts; the code is as written.
    expect(parsePairingLink('http://s/pasang?x=1&kode=k7mx4pq2&kode=ZZZZ')).toEqual({ serverUrl: 'http://s', code: 'k7mx4pq2' });
    // A server under a path keeps it.
    expect(parsePairingLink('https://h/laris/pasang?kode=AB')).toEqual({ serverUrl: 'https://h/laris', code: 'AB' });
    expect(parsePairingLink('http://s/pasang?kode=')).toEqual({ serverUrl: 'http://s', code: '' });
  });

  it('is null for a code, another scheme, no kode or no /pasang?', () => {
    expect(parsePairingLink('K7MX4PQ2')).toBeNull();
    expect(parsePairingLink('K7MX-4PQ2')).toBeNull();
    expect(parsePairingLink('ftp://x/pasang?kode=K7MX4PQ2')).toBeNull();
    expect(parsePairingLink('laris.example/pasang?kode=K7MX4PQ2')).toBeNull();
    expect(parsePairingLink('HTTP://x/pasang?kode=K7MX4PQ2')).toBeNull();
    expect(parsePairingLink('https://x/pasang?code=K7MX4PQ2')).toBeNull();
    expect(parsePairingLink('https://x/pasang/kode=K7MX4PQ2')).toBeNull();
    expect(parsePairingLink('')).toBeNull();
  });
});

describe('addressAsTyped', () => {
  it('keeps an address being typed in the code field, its scheme back in lower case', () => {
    expect(addressAsTyped('K7MX')).toBeNull();
    expect(addressAsTyped('K7MX-4PQ2')).toBeNull();
    expect(addressAsTyped('HTTP:')).toBe('http:');
    expect(addressAsTyped('HTTP-S:')).toBe('https:');
    expect(addressAsTyped('https://h/pasang?kode=K7')).toBe('https://h/pasang?kode=K7');
  });
});

describe('the sign-up form', () => {
  it('reads the server address as the till keeps it', () => {
    expect(normalizeServerUrl(' http://192.168.1.10:8787/ ')).toBe('http://192.168.1.10:8787');
    expect(normalizeServerUrl('https://laris.contoh.id')).toBe('https://laris.contoh.id');
    expect(normalizeServerUrl('192.168.1.10:8787')).toBeNull();
    expect(normalizeServerUrl('http://')).toBeNull();
    expect(normalizeServerUrl('ftp://x')).toBeNull();
    expect(normalizeServerUrl('')).toBeNull();
  });

  it('reads the email as the server does (check_email)', () => {
    expect(normalizeEmail('  Sri@Contoh.ID ')).toBe('sri@contoh.id');
    expect(normalizeEmail('sri.contoh.id')).toBeNull();
    expect(normalizeEmail('sri @contoh.id')).toBeNull();
    expect(normalizeEmail('sri\u0007@contoh.id')).toBeNull();
    expect(normalizeEmail(`${'a'.repeat(250)}@x.id`)).toBeNull();
    expect(normalizeEmail('')).toBeNull();
  });

  it('wants 8 to 256 characters, typed twice alike', () => {
    expect(passwordProblem('1234567', '1234567')).toBe('short');
    expect(passwordProblem('rahasia!', 'rahasia!')).toBeNull();
    // Characters, not bytes: 8 emoji are 8.
    expect(passwordProblem('🙂'.repeat(8), '🙂'.repeat(8))).toBeNull();
    expect(passwordProblem('x'.repeat(257), 'x'.repeat(257))).toBe('long');
    expect(passwordProblem('rahasia!', 'rahasia?')).toBe('mismatch');
  });

  it('says which fields hold it back, and sends what the command takes', () => {
    const form = {
      serverUrl: 'http://192.168.1.10:8787/',
      email: ' sri@contoh.id ',
      password: ' rahasia ',
      passwordAgain: ' rahasia ',
      invite: '  ',
    };
    expect(signUpProblems(form)).toBeNull();
    expect(signUpProblems({ ...form, email: 'x', passwordAgain: '' })).toEqual({
      serverUrl: false,
      email: true,
      password: 'mismatch',
    });
    expect(signUpInput(form, ' Warung Bu Sri ')).toEqual({
      serverUrl: 'http://192.168.1.10:8787',
      email: 'sri@contoh.id',
      password: ' rahasia ',
      shopName: 'Warung Bu Sri',
      invite: null,
      deviceName: null,
    });
    expect(signUpInput({ ...form, invite: ' tok ' }, '').invite).toBe('tok');
    expect(signUpInput(form, '').shopName).toBeNull();
  });

  it('reads a one-time sign-up link', () => {
    expect(parseSignupLink('https://laris.contoh.id/daftar?undangan=abc_DEF-1')).toEqual({
      serverUrl: 'https://laris.contoh.id',
      invite: 'abc_DEF-1',
    });
    expect(parseSignupLink('abc_DEF-1')).toBeNull();
    expect(parseSignupLink('https://x/daftar?kode=1')).toBeNull();
  });

  it('knows which field a refusal is about', () => {
    expect(signUpErrorField(appError('invalid_field', 'owner email: not an email address'))).toBe('email');
    expect(signUpErrorField(appError('invalid_field', 'owner password: 8 to 256 characters'))).toBe('password');
    expect(signUpErrorField(appError('invalid_field', 'store name: 1 to 200 characters'))).toBe('shop_name');
    expect(signUpErrorField(appError('invalid_field', 'something else'))).toBeNull();
    expect(signUpErrorField(appError('signup_closed'))).toBe('invite');
    expect(signUpErrorField(appError('invalid_invite'))).toBe('invite');
    expect(signUpErrorField(appError('email_taken'))).toBe('email');
    expect(signUpErrorField(appError('invalid_input', 'x', 'server_url'))).toBe('server_url');
    expect(signUpErrorField(appError('unreachable'))).toBeNull();
  });
});
