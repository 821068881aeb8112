import { describe, expect, it } from 'vitest';
import { caretAfterSymbols, countSymbols, formatPairingCodeInput, isReceiptNo } from '../../src/lib/pairing';

describe('the pairing field', () => {
  it('shows what is typed grouped by four in capitals, keeping symbols it refuses', () => {
    expect(formatPairingCodeInput('k7mx4')).toBe('K7MX-4');
    expect(formatPairingCodeInput('k7mx')).toBe('K7MX');
    expect(formatPairingCodeInput(' k7 mx–4pq2 ')).toBe('K7MX-4PQ2');
    expect(formatPairingCodeInput('k7mx4pqo')).toBe('K7MX-4PQO');
    expect(formatPairingCodeInput('K7MX-4PQ2-ZZ')).toBe('K7MX-4PQ2-ZZ');
    expect(formatPairingCodeInput('')).toBe('');
  });

  it('keeps the caret after the same symbol', () => {
    // Typing "x" after "K7M" in "K7M-4PQ2" (the caret after the 4th symbol).
    const raw = 'K7Mx-4PQ2';
    const formatted = formatPairingCodeInput(raw);
    expect(formatted).toBe('K7MX-4PQ2');
    expect(caretAfterSymbols(formatted, countSymbols(raw.slice(0, 4)))).toBe(4);
    expect(caretAfterSymbols(formatted, 5)).toBe(6);
    expect(caretAfterSymbols(formatted, 0)).toBe(0);
    expect(caretAfterSymbols(formatted, 99)).toBe(formatted.length);
  });
});

describe('isReceiptNo', () => {
  it('reads receipt numbers as laris-core makes them, case and spaces aside', () => {
    expect(isReceiptNo('A-20261127-0042')).toBe(true);
    expect(isReceiptNo(' kasir2-20261127-12345 ')).toBe(true);
    expect(isReceiptNo('A-2026112-0042')).toBe(false);
    expect(isReceiptNo('ABCDEFGHI-20261127-0042')).toBe(false);
    expect(isReceiptNo('2000000000015')).toBe(false);
    expect(isReceiptNo('indomie')).toBe(false);
  });
});
