// The mock's "Daftar toko": the till's own check of the address (laris-app sync.rs), then the
// server's /v1/signup in its order (laris-server routes/owner.rs `signup`, admin.rs): the
// email, the sign-up policy, the rate limit, the shop's name, the password, then the account.
//
// Tests steer the refusals by what they type:
// - a server address with "undangan" in it needs a sign-up link (`signup_closed` without an
//   invite; an invite with "salah" in it is `invalid_invite`); any other server is open and
//   ignores the invite, as the real one does;
// - an email with "sudah" in it has an account already (`email_taken`), and so has every
//   email that signed up before on this mock;
// - an email with "batas" in it is `rate_limited`.
import { appError } from './backend';
import type { AppError, SignUpInput } from './types.gen';
import {
  MAX_PASSWORD_CHARS,
  MAX_SHOP_NAME_CHARS,
  MIN_PASSWORD_CHARS,
  normalizeEmail,
  normalizeServerUrl,
} from '../signup';
import { charCount, rustTrim } from '../rust-text';

export interface MockSignupServer {
  /** Emails with an account on the mock server (normalised). */
  accounts: Set<string>;
  offline: boolean;
}

export type SignUpChecked =
  | { ok: true; serverUrl: string; email: string; storeName: string }
  | { ok: false; error: AppError };

/** Whether the mock server would make the account and shop; `tillName` is the shop's name on
 * the till, used when `input.shopName` is empty. Pure: makes nothing. */
export function checkSignUp(input: SignUpInput, tillName: string, server: MockSignupServer): SignUpChecked {
  const refuse = (error: AppError): SignUpChecked => ({ ok: false, error });
  // The till itself: the address before anything is sent.
  const serverUrl = normalizeServerUrl(input.serverUrl);
  if (serverUrl === null) {
    return refuse(appError('invalid_input', 'the server address starts with http:// or https://', 'server_url'));
  }
  if (server.offline) return refuse(appError('unreachable', 'the server did not answer'));
  // The server, in its order.
  const email = normalizeEmail(input.email);
  if (email === null) return refuse(appError('invalid_field', 'owner email: not an email address'));
  const invite = input.invite != null ? rustTrim(input.invite) : '';
  const needsInvite = serverUrl.includes('undangan');
  if (needsInvite && invite === '') {
    return refuse(appError('signup_closed', 'sign-up on this server needs a sign-up link from its operator'));
  }
  if (email.includes('batas')) return refuse(appError('rate_limited', 'too many attempts: wait a little'));
  const typed = input.shopName != null ? rustTrim(input.shopName) : '';
  const storeName = rustTrim(typed !== '' ? typed : tillName);
  if (storeName === '' || charCount(storeName) > MAX_SHOP_NAME_CHARS) {
    return refuse(appError('invalid_field', `store name: 1 to ${MAX_SHOP_NAME_CHARS} characters`));
  }
  const chars = charCount(input.password);
  if (chars < MIN_PASSWORD_CHARS || chars > MAX_PASSWORD_CHARS) {
    return refuse(
      appError('invalid_field', `owner password: ${MIN_PASSWORD_CHARS} to ${MAX_PASSWORD_CHARS} characters`),
    );
  }
  if (email.includes('sudah') || server.accounts.has(email)) {
    return refuse(appError('email_taken', 'this email has an account already'));
  }
  if (needsInvite && invite.includes('salah')) {
    return refuse(appError('invalid_invite', 'the sign-up link is unknown, used or expired'));
  }
  return { ok: true, serverUrl, email, storeName };
}
