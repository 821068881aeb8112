// "Daftar toko" from the till: what the form checks before it asks the server, read as the
// server reads it (laris-server admin.rs `check_email`, `new_password_hash`,
// `check_store_name`; laris-app sync.rs `server_url`), and what the server's refusals mean.
import type { AppError, SignUpInput } from './api/types.gen';
import { RUST_WHITE_SPACE, charCount, rustTrim, utf8Len } from './rust-text';

/** laris-server `MIN_PASSWORD_CHARS` / `MAX_PASSWORD_CHARS` (characters, not bytes). */
export const MIN_PASSWORD_CHARS = 8;
export const MAX_PASSWORD_CHARS = 256;
/** laris-protocol `check::MAX_NAME_CHARS`: a shop's name on the server. */
export const MAX_SHOP_NAME_CHARS = 200;
/** What the server address field shows when empty. */
export const SERVER_URL_PLACEHOLDER = 'http://192.168.1.10:8787';

/** The path of a one-time sign-up link: `https://server/daftar?undangan=<token>`. */
export const SIGNUP_LINK_PATH = '/daftar';

/** The server address as the till keeps it (trimmed, no trailing `/`), or null when it is not
 * an http(s) address with a host. */
export function normalizeServerUrl(raw: string): string | null {
  const url = rustTrim(raw).replace(/\/+$/, '');
  return /^https?:\/\/[^\s/]\S*$/.test(url) ? url : null;
}

// Rust's `char::is_control`: the C0 and C1 controls and DEL.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The email as the server keeps it (trimmed, lower case), or null when the server would
 * refuse it: longer than 254 bytes, no `@`, white space or control characters inside. */
export function normalizeEmail(raw: string): string | null {
  const email = rustTrim(raw).toLowerCase();
  if (utf8Len(email) > 254 || !email.includes('@')) return null;
  if ([...email].some((c) => RUST_WHITE_SPACE.test(c) || CONTROL.test(c))) return null;
  return email;
}

export type PasswordProblem = 'short' | 'long' | 'mismatch' | null;

/** Why the new password cannot be used, or null. Not trimmed: spaces count, as on the server. */
export function passwordProblem(password: string, again: string): PasswordProblem {
  const n = charCount(password);
  if (n < MIN_PASSWORD_CHARS) return 'short';
  if (n > MAX_PASSWORD_CHARS) return 'long';
  if (password !== again) return 'mismatch';
  return null;
}

/** The server address and the token a one-time sign-up link carries
 * (`https://server/daftar?undangan=<token>`, as `laris-server invite create` prints it), or
 * null when `text` is not such a link (a token pasted alone). */
export function parseSignupLink(text: string): { serverUrl: string; invite: string } | null {
  const link = rustTrim(text);
  const sep = `${SIGNUP_LINK_PATH}?`;
  const at = link.indexOf(sep);
  if (at < 0) return null;
  const serverUrl = link.slice(0, at);
  if (!(serverUrl.startsWith('http://') || serverUrl.startsWith('https://'))) return null;
  const kv = link
    .slice(at + sep.length)
    .split('&')
    .find((p) => p.startsWith('undangan='));
  if (kv === undefined) return null;
  return { serverUrl, invite: kv.slice('undangan='.length) };
}

/** The sign-up field an error is about: the till's own checks name it in `field`; the
 * server's `invalid_field` says it in its message (`owner email: …`, `owner password: …`,
 * `store name: …`). */
export type SignUpField = 'server_url' | 'email' | 'password' | 'shop_name' | 'invite';

export function signUpErrorField(e: AppError): SignUpField | null {
  if (e.code === 'signup_closed' || e.code === 'invalid_invite') return 'invite';
  if (e.code === 'email_taken') return 'email';
  if (e.code === 'invalid_url') return 'server_url';
  if (e.code === 'invalid_input' && e.field === 'server_url') return 'server_url';
  if (e.code === 'invalid_field') {
    const m = e.message.trim().toLowerCase();
    if (m.startsWith('owner email')) return 'email';
    if (m.startsWith('owner password')) return 'password';
    if (m.startsWith('store name')) return 'shop_name';
  }
  return null;
}

/** What the "Daftar toko" form holds while the cashier types. */
export interface SignUpForm {
  serverUrl: string;
  email: string;
  password: string;
  passwordAgain: string;
  invite: string;
}

export interface SignUpProblems {
  serverUrl: boolean;
  email: boolean;
  password: PasswordProblem;
}

/** The form's own checks, before anything is made or sent; `null` when it can be sent. */
export function signUpProblems(f: SignUpForm): SignUpProblems | null {
  const p: SignUpProblems = {
    serverUrl: normalizeServerUrl(f.serverUrl) === null,
    email: normalizeEmail(f.email) === null,
    password: passwordProblem(f.password, f.passwordAgain),
  };
  return p.serverUrl || p.email || p.password !== null ? p : null;
}

/** What `signUpShop` is sent from the form: the address as the till keeps it, the email
 * trimmed, the password as typed, an empty invite as none. */
export function signUpInput(f: SignUpForm, shopName: string | null): SignUpInput {
  const invite = rustTrim(f.invite);
  return {
    serverUrl: normalizeServerUrl(f.serverUrl) ?? rustTrim(f.serverUrl),
    email: rustTrim(f.email),
    password: f.password,
    shopName: shopName !== null && rustTrim(shopName) !== '' ? rustTrim(shopName) : null,
    invite: invite === '' ? null : invite,
    deviceName: null,
  };
}
