// What the cashier typed for "Daftar toko" and "Masuk ke toko yang ada", kept for the session
// (in memory only: never the password in localStorage), so a sign-up that failed on the first
// run can be retried from Pengaturan without typing it all again.
import type { SignUpForm } from '../signup';

export const signUpDraft = $state<SignUpForm & { inviteNeeded: boolean }>({
  serverUrl: '',
  email: '',
  password: '',
  passwordAgain: '',
  invite: '',
  /** The server answered `signup_closed`: the invite field is asked for. */
  inviteNeeded: false,
});

export const joinDraft = $state({ serverUrl: '', code: '' });

/** After a sign-up went through: the password is not kept. */
export function forgetSignUpSecrets(): void {
  signUpDraft.password = '';
  signUpDraft.passwordAgain = '';
  signUpDraft.invite = '';
  signUpDraft.inviteNeeded = false;
}
