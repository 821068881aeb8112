// The shared golden cases of tests/golden/*.json, which laris-core's and laris-protocol's
// `cargo test` read too (crates/laris-core/tests/golden.rs, crates/laris-protocol/tests/
// pairing_code.rs): the mock and the window agree with Rust because both pass the same cases,
// not because one was copied from the other.
import { describe, expect, it } from 'vitest';
import pairingCodes from '../../../tests/golden/pairing_codes.json';
import deviceCodes from '../../../tests/golden/device_codes.json';
import {
  DEVICE_CODE_MAX_LEN,
  PAIRING_CODE_ALPHABET,
  PAIRING_CODE_LEN,
  normalizeDeviceCode,
  normalizePairingCode,
} from '../../src/lib/pairing';

describe('golden pairing codes', () => {
  it('use the protocol alphabet and length', () => {
    expect(pairingCodes.alphabet).toBe(PAIRING_CODE_ALPHABET);
    expect(pairingCodes.length).toBe(PAIRING_CODE_LEN);
  });

  it.each(pairingCodes.cases.map((c) => [c.why, c] as const))('%s', (_why, c) => {
    const got = normalizePairingCode(c.input);
    const expected = 'code' in c ? { code: c.code } : { error: c.error };
    expect(got.ok ? { code: got.code } : { error: got.error }).toEqual(expected);
  });
});

describe('golden device codes', () => {
  it('have laris-core’s limit', () => {
    expect(deviceCodes.max_len).toBe(DEVICE_CODE_MAX_LEN);
  });

  it.each(deviceCodes.cases.map((c) => [c.why, c] as const))('%s', (_why, c) => {
    const got = normalizeDeviceCode(c.input);
    expect(got.ok ? { code: got.code } : { error: 'invalid_input' }).toEqual('code' in c ? { code: c.code } : { error: c.error });
  });
});
