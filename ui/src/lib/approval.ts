// Pure rules for approval codes in the window: what the cashier reads to the owner (the
// action, the receipt or customer, the exact amount the till will check), how a typed code
// and a pasted key are read, how they are shown (grouped), and where the owner's device keeps
// its till key (localStorage, this device only). The codes themselves are made and checked by
// the backend (laris-core's people/approval_code.rs; the mock's mock-approval.ts).
import { formatMoney } from './format';
import { t, type MessageKey } from './i18n/index.svelte';

export type CodeAction = 'void' | 'refund' | 'kasbon';
export const CODE_ACTIONS: readonly CodeAction[] = ['void', 'refund', 'kasbon'];

/** What one approval code approves: the action, its subject (the receipt number for a void or
 * refund, the customer's name for kasbon) and the amount (a void's sale total, a refund's
 * money back, the charge put on kasbon). */
export interface CodeOffer {
  action: CodeAction;
  subject: string;
  amount: number;
}

export const CODE_DIGITS = 8;

/** The action's short word: Batal / Retur / Kasbon. */
export function actionKey(action: CodeAction): MessageKey {
  return action === 'void' ? 'approvalCode.action.void' : action === 'refund' ? 'approvalCode.action.refund' : 'approvalCode.action.kasbon';
}

/** "Retur · A-20261127-0042 · Rp 7.000": what the owner types into their device. */
export function offerLine(o: CodeOffer): string {
  return `${t(actionKey(o.action))} · ${o.subject.trim()} · ${formatMoney(o.amount)}`;
}

/** The digits of a typed code ("1234 5678", "1234-5678"), at most CODE_DIGITS. */
export function codeDigits(text: string): string {
  return text.replace(/\D/g, '').slice(0, CODE_DIGITS);
}

/** Whether a typed code is ready to send: exactly 8 digits once spaces and dashes go. Letters
 * are refused rather than dropped. */
export function codeReady(text: string): boolean {
  return /^[\d\s-]*$/.test(text) && text.replace(/\D/g, '').length === CODE_DIGITS;
}

/** A code as shown: "1234 5678". */
export function groupCode(code: string): string {
  const d = code.replace(/\D/g, '');
  return d.length === CODE_DIGITS ? `${d.slice(0, 4)} ${d.slice(4)}` : d;
}

/** A till key as typed or pasted (spaces, dashes, line breaks, any case): its 64 lower-case
 * hex digits, or null when it is not one. */
export function normalKey(text: string): string | null {
  const hex = text.replace(/[\s-]/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}

/** A key in groups of 4 (for reading aloud or copying by eye). */
export function keyGroups(key: string): string[] {
  const hex = key.replace(/[\s-]/g, '');
  return hex.match(/.{1,4}/g) ?? [];
}

/** Where the owner's device keeps the till key: this browser's localStorage only. */
export const KEY_STORAGE = 'laris.approvalKey';

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
const local = (): Store | null => {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
};

export function loadKey(store: Store | null = local()): string | null {
  try {
    const v = store?.getItem(KEY_STORAGE) ?? null;
    return v === null ? null : normalKey(v);
  } catch {
    return null;
  }
}

export function saveKey(key: string, store: Store | null = local()): void {
  store?.setItem(KEY_STORAGE, key);
}

export function forgetKey(store: Store | null = local()): void {
  store?.removeItem(KEY_STORAGE);
}

/** The refusals of a code that the dialog says under the field (keeping what was typed). */
export function codeRefusalKey(code: string): MessageKey | null {
  switch (code) {
    case 'bad_approval_code':
      return 'errors.bad_approval_code';
    case 'approval_code_used':
      return 'errors.approval_code_used';
    case 'no_approval_key':
      return 'errors.no_approval_key';
    case 'pin_locked':
      return 'approvalCode.locked';
    default:
      return null;
  }
}
