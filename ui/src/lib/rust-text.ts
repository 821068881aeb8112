// Rust's text rules where JavaScript's differ, for code that must read input exactly as
// laris-core and laris-protocol do (checked by the shared cases in tests/golden/*.json).

/** One character of Unicode White_Space: Rust's `char::is_whitespace`. JavaScript's `\s` differs:
 * it has U+FEFF and lacks U+0085. */
export const RUST_WHITE_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

const TRIM = new RegExp(`^${RUST_WHITE_SPACE.source}+|${RUST_WHITE_SPACE.source}+$`, 'g');

/** Rust's `str::trim` (JavaScript's `trim` also strips U+FEFF and keeps U+0085). */
export function rustTrim(s: string): string {
  return s.replace(TRIM, '');
}

/** Rust's `to_ascii_uppercase`: a–z only. JavaScript's `toUpperCase` turns 'ı' into 'I', 'ſ'
 * into 'S' and 'ﬀ' into 'FF'. */
export function asciiUpper(s: string): string {
  return s.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 32));
}

/** Rust's `to_ascii_lowercase`: A–Z only. */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

/** The length of `s` in UTF-8 bytes: Rust's `str::len`. */
export function utf8Len(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** The number of Unicode scalar values: Rust's `chars().count()`. */
export function charCount(s: string): number {
  return [...s].length;
}
