// Approval codes for the mock, as laris-core's people/approval_code.rs makes them: HMAC-SHA256
// of the action, the subject (trimmed, spaces collapsed, lower case), the amount and the
// 5-minute window, truncated as HOTP does to 8 digits. tests/unit/mock-approval.test.ts
// checks the HMAC against RFC 4231 and the code against a case computed by Rust.

export const CODE_WINDOW_MS = 5 * 60 * 1000;
export type CodeAction = 'void' | 'refund' | 'kasbon';

export function parseKey(text: string): Uint8Array {
  const hex = text.replace(/[\s-]/g, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error('an approval key is 64 hex digits');
  return Uint8Array.from(hex.match(/../g)!.map((b) => parseInt(b, 16)));
}

export function keyText(key: Uint8Array): string {
  return Array.from(key, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function hmacSha256(key: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey('raw', key as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, message as BufferSource));
}

const subjectKey = (s: string) => s.split(/\s+/).filter(Boolean).join(' ').toLowerCase();

export async function codeInWindow(key: Uint8Array, action: CodeAction, subject: string, amount: number, window: number): Promise<string> {
  const message = `laris-approval-v1\n${action}\n${subjectKey(subject)}\n${amount}\n${window}`;
  const mac = await hmacSha256(key, new TextEncoder().encode(message));
  const offset = mac[31] & 0x0f;
  const n = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(n % 100_000_000).padStart(8, '0');
}

export async function approvalCode(key: Uint8Array, action: CodeAction, subject: string, amount: number, nowMs: number): Promise<string> {
  return codeInWindow(key, action, subject, amount, Math.floor(nowMs / CODE_WINDOW_MS));
}

/** Whether `code` is the one for this action now or in the window before. */
export async function codeMatches(key: Uint8Array, code: string, action: CodeAction, subject: string, amount: number, nowMs: number): Promise<boolean> {
  const w = Math.floor(nowMs / CODE_WINDOW_MS);
  for (const window of [w, w - 1]) {
    if ((await codeInWindow(key, action, subject, amount, window)) === code) return true;
  }
  return false;
}
