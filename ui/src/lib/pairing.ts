// The pairing code and the till's receipt code, read as Rust reads them:
// laris-protocol `normalize_pairing_code` (crates/laris-protocol/src/pairing_code.rs) and
// laris-core's device-code rule (store.rs). Both sides are checked against the same cases in
// tests/golden/*.json. Only ASCII is upper-cased: JavaScript's toUpperCase turns 'ı' into 'I'
// and 'ſ' into 'S', which Rust's to_ascii_uppercase does not.
import { RUST_WHITE_SPACE, asciiLower, asciiUpper, rustTrim } from './rust-text';
import { LIMITS } from './api/types.gen';

/** The symbols of a pairing code: digits 2–9 and letters A–Z without I, L and O. */
export const PAIRING_CODE_ALPHABET: string = LIMITS.pairingCodeAlphabet;
/** The symbols in one pairing code. */
export const PAIRING_CODE_LEN: number = LIMITS.pairingCodeLen;

export type PairingCodeError =
  /** A symbol no pairing code contains, as typed, at its 1-based position among the symbols. */
  | { kind: 'not_in_alphabet'; symbol: string; position: number }
  /** The symbols are fine but there are `found` of them. */
  | { kind: 'wrong_length'; found: number };

export type Normalized = { ok: true; code: string } | { ok: false; error: PairingCodeError };

// Besides white space: the invisible characters a paste may carry, and dashes of every kind.
const IGNORED = /[\u200b-\u200d\u2060\ufeff\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/;

function isSeparator(c: string): boolean {
  return RUST_WHITE_SPACE.test(c) || IGNORED.test(c);
}

/** Full-width digits and Latin letters as ASCII. */
function fromFullWidth(c: string): string {
  const n = c.codePointAt(0) ?? 0;
  const full = (n >= 0xff10 && n <= 0xff19) || (n >= 0xff21 && n <= 0xff3a) || (n >= 0xff41 && n <= 0xff5a);
  return full ? String.fromCodePoint(n - 0xfee0) : c;
}

/** The code the cashier meant (`K7MX4PQ2`), or why what was typed cannot be one. */
export function normalizePairingCode(input: string): Normalized {
  let code = '';
  let found = 0;
  for (const typed of input) {
    if (isSeparator(typed)) continue;
    found += 1;
    const symbol = asciiUpper(fromFullWidth(typed));
    if (symbol.length !== 1 || !PAIRING_CODE_ALPHABET.includes(symbol)) {
      return { ok: false, error: { kind: 'not_in_alphabet', symbol: typed, position: found } };
    }
    code += symbol;
  }
  if (found !== PAIRING_CODE_LEN) return { ok: false, error: { kind: 'wrong_length', found } };
  return { ok: true, code };
}

/**
 * What the pairing field shows while the cashier types: separators dropped, letters upper-cased,
 * grouped by four (`K7MX-4PQ2`). Symbols outside the alphabet stay, so the cashier sees them;
 * anything past a code's length stays too, so a paste is never cut silently.
 */
export function formatPairingCodeInput(input: string): string {
  const symbols = [...input].filter((c) => !isSeparator(c)).map((c) => asciiUpper(fromFullWidth(c)));
  const groups: string[] = [];
  for (let i = 0; i < symbols.length; i += 4) groups.push(symbols.slice(i, i + 4).join(''));
  return groups.join('-');
}

/** How many symbols (not separators) are in `input`: to keep the caret in place when reformatting. */
export function countSymbols(input: string): number {
  return [...input].filter((c) => !isSeparator(c)).length;
}

/** Where the caret goes in `formatted` to stand after `symbols` symbols. */
export function caretAfterSymbols(formatted: string, symbols: number): number {
  if (symbols <= 0) return 0;
  let seen = 0;
  let i = 0;
  for (const c of formatted) {
    i += c.length;
    if (!isSeparator(c)) seen += 1;
    if (seen === symbols) return i;
  }
  return formatted.length;
}

/** laris-core's receipt prefix: 1 to 8 ASCII letters or digits, upper-cased (store.rs). */
export const DEVICE_CODE_MAX_LEN: number = LIMITS.maxDeviceCodeLen;

export type NormalizedDeviceCode = { ok: true; code: string } | { ok: false };

/** The receipt prefix as laris-core keeps it (`a` → `A`), or not one. */
export function normalizeDeviceCode(input: string): NormalizedDeviceCode {
  const code = asciiUpper(rustTrim(input));
  return new RegExp(`^[A-Z0-9]{1,${DEVICE_CODE_MAX_LEN}}$`).test(code) ? { ok: true, code } : { ok: false };
}

/** A receipt number as laris-core makes them (`A-20261127-0042`; the counter may grow past 4
 * digits), e.g. read from a receipt's QR code: the scan box opens that sale. */
export function isReceiptNo(input: string): boolean {
  return new RegExp(`^[A-Z0-9]{1,${DEVICE_CODE_MAX_LEN}}-\\d{8}-\\d{4,}$`).test(asciiUpper(rustTrim(input)));
}

/** The path of a pairing link: `https://server/pasang?kode=K7MX4PQ2` (laris-protocol
 * `PAIRING_LINK_PATH`). */
export const PAIRING_LINK_PATH = '/pasang';

/**
 * The server address and the code a pairing link carries, as laris-protocol
 * `parse_pairing_link` reads it: the part before the first `/pasang?` must start with
 * `http://` or `https://`, the code is the first `kode=` value as written (normalize it with
 * `normalizePairingCode`). Not a link (a code typed by hand): null.
 */
export function parsePairingLink(text: string): { serverUrl: string; code: string } | null {
  const link = rustTrim(text);
  const sep = `${PAIRING_LINK_PATH}?`;
  const at = link.indexOf(sep);
  if (at < 0) return null;
  const serverUrl = link.slice(0, at);
  if (!(serverUrl.startsWith('http://') || serverUrl.startsWith('https://'))) return null;
  const kv = link
    .slice(at + sep.length)
    .split('&')
    .find((p) => p.startsWith('kode='));
  if (kv === undefined) return null;
  return { serverUrl, code: kv.slice('kode='.length) };
}

/**
 * The code field holds an address being typed or pasted (a pairing link on its way: no code
 * has ':' or '/'): the text to keep as typed, its scheme back in lower case and without the
 * dash the code grouping put in it before the ':' came (`HTTP-S://` → `https://`). Null when
 * it is a code, to be grouped as usual.
 */
export function addressAsTyped(input: string): string | null {
  if (!/[:/]/.test(input)) return null;
  return input.replace(/^(\s*)(h-?t-?t-?p-?s?)(?=:)/i, (_m, s: string, p: string) => s + asciiLower(p.replace(/-/g, '')));
}
