import { describe, expect, it } from 'vitest';
import id from '../../src/lib/i18n/id.json';
import en from '../../src/lib/i18n/en.json';
import { LIMITS, type ApprovalView, type AuditActionView } from '../../src/lib/api/types.gen';
import { MockBackend } from '../../src/lib/api/mock';
import { translate } from '../../src/lib/i18n/index.svelte';
import {
  approvalKey,
  auditActionKey,
  nameMessage,
  nameProblem,
  pinMessage,
  pinProblem,
  pinRefusal,
  pushDigit,
  roleKey,
} from '../../src/lib/people';

describe('PIN rules', () => {
  it('takes 4 to 6 digits, as laris-core does', () => {
    expect(LIMITS.minPinDigits).toBe(4);
    expect(LIMITS.maxPinDigits).toBe(6);
    expect(pinProblem('4821')).toBeNull();
    expect(pinProblem('123456')).toBeNull();
    expect(pinProblem(' 4821 ')).toBeNull();
    expect(pinProblem('482')).toBe('length');
    expect(pinProblem('')).toBe('length');
    expect(pinProblem('1234567')).toBe('length');
    expect(pinProblem('48a1')).toBe('digits');
    expect(pinProblem('４８２１')).toBe('digits');
  });

  it('wants the repeat to match', () => {
    expect(pinProblem('4821', '4821')).toBeNull();
    expect(pinProblem('4821', '4812')).toBe('mismatch');
    expect(pinProblem('4821', '')).toBe('mismatch');
    // A bad PIN says so before a mismatch does.
    expect(pinProblem('48', '4821')).toBe('length');
  });

  it('says what is wrong in Bahasa', () => {
    expect(pinMessage('48')).toBe('PIN harus 4–6 angka.');
    expect(pinMessage('4821', '1')).toBe('Kedua PIN tidak sama. Ketik lagi.');
    expect(pinMessage('4821', '4821')).toBeNull();
  });

  it('fills the PIN pad up to the most digits and ignores anything but a digit', () => {
    let pin = '';
    for (const d of '12345678') pin = pushDigit(pin, d);
    expect(pin).toBe('123456');
    expect(pushDigit('12', 'x')).toBe('12');
    expect(pushDigit('12', '10')).toBe('12');
  });
});

describe('names', () => {
  it('are 1 to LIMITS.maxPersonNameChars characters after trimming', () => {
    expect(nameProblem('  ')).toBe('empty');
    expect(nameProblem('Dewi')).toBeNull();
    expect(nameProblem('x'.repeat(LIMITS.maxPersonNameChars))).toBeNull();
    expect(nameProblem('x'.repeat(LIMITS.maxPersonNameChars + 1))).toBe('long');
    expect(nameMessage('')).toBe('Isi nama dulu.');
  });
});

describe('refused PINs', () => {
  it('tell a wrong PIN from a lock-out, also on the try that locks', async () => {
    const m = new MockBackend({ now: () => 1_795_748_400_000 });
    await m.setUpOwner({ name: 'Bu Sri', pin: '4821' });
    const dewi = await m.addPerson({ name: 'Dewi', role: 'cashier', pin: '1357', ownerPin: '4821' });
    const tryPin = (pin: string) => m.logIn({ personId: dewi.id, pin }).then(() => null, (e) => pinRefusal(e));
    expect(await tryPin('0000')).toBe('wrong');
    expect(await tryPin('0000')).toBe('wrong');
    expect(await tryPin('0000')).toBe('locked');
    expect(await tryPin('1357')).toBe('locked');
  });

  it('reads laris-core messages, and leaves other errors alone', () => {
    expect(pinRefusal({ code: 'wrong_pin', message: 'wrong PIN', field: null })).toBe('wrong');
    expect(pinRefusal({ code: 'wrong_pin', message: 'wrong PIN; too many tries, locked for 30 s', field: null })).toBe('locked');
    expect(pinRefusal({ code: 'pin_locked', message: 'too many wrong PINs: try again in 12 s', field: null })).toBe('locked');
    expect(pinRefusal({ code: 'last_owner', message: '', field: null })).toBeNull();
  });
});

describe('audit wording', () => {
  const actions: AuditActionView[] = ['person_added', 'person_changed', 'pin_changed', 'pin_locked', 'duty_started', 'duty_ended'];
  const approvals: ApprovalView[] = ['owner_pin', 'first_owner', 'own_pin'];

  it('has every action and approval in both languages', () => {
    for (const k of [...actions.map(auditActionKey), ...approvals.map(approvalKey), roleKey('owner'), roleKey('cashier')]) {
      expect((id as Record<string, string>)[k], k).toBeTruthy();
      expect((en as Record<string, string>)[k], k).toBeTruthy();
    }
  });

  it('reads in Bahasa', () => {
    expect(actions.map((a) => translate('id', auditActionKey(a)))).toEqual([
      'Menambah orang',
      'Mengubah data orang',
      'Mengganti PIN',
      'Terkunci: PIN salah berulang',
      'Mulai bertugas',
      'Selesai bertugas',
    ]);
    expect(approvals.map((a) => translate('id', approvalKey(a)))).toEqual(['PIN pemilik', 'Pemilik pertama', 'PIN sendiri']);
    expect(translate('id', roleKey('owner'))).toBe('Pemilik');
    expect(translate('id', roleKey('cashier'))).toBe('Kasir');
  });
});
