// Pure rules for the people screens: what a typed PIN or name is missing (checked before the
// backend is asked, with the same LIMITS as laris-core), the PIN pad's digit buffer, how a
// refused PIN reads, and the Bahasa wording of the audit log.
import { LIMITS } from './api/types.gen';
import type { AppError, ApprovalView, AuditActionView, RoleView } from './api/types.gen';
import { t, type MessageKey } from './i18n/index.svelte';

/** Why a PIN (and its repeat) is refused; null when it may be sent. */
export type PinProblem = 'length' | 'digits' | 'mismatch';

/** A PIN is LIMITS.minPinDigits–maxPinDigits ASCII digits; `again`, when given, must match. */
export function pinProblem(pin: string, again?: string): PinProblem | null {
  const p = pin.trim();
  if (!/^[0-9]*$/.test(p)) return 'digits';
  if (p.length < LIMITS.minPinDigits || p.length > LIMITS.maxPinDigits) return 'length';
  if (again !== undefined && again.trim() !== p) return 'mismatch';
  return null;
}

/** The message key of a PinProblem (`pin.length` takes {min} and {max}). */
export function pinProblemKey(p: PinProblem): MessageKey {
  return p === 'length' ? 'pin.length' : p === 'digits' ? 'pin.digits' : 'pin.mismatch';
}

/** Why a person's name is refused (laris-core's checked name): empty or too long. */
export function nameProblem(name: string): 'empty' | 'long' | null {
  const n = name.trim();
  if (n === '') return 'empty';
  return [...n].length > LIMITS.maxPersonNameChars ? 'long' : null;
}

/** The PIN pad's buffer after a digit: ignored once it holds LIMITS.maxPinDigits. */
export function pushDigit(pin: string, digit: string): string {
  if (!/^[0-9]$/.test(digit) || pin.length >= LIMITS.maxPinDigits) return pin;
  return pin + digit;
}

/** A refused PIN: 'locked' when this try locked the person out (laris-core's WrongPin with
 * `locked_ms > 0` reads "…locked for N s") or they already were; 'wrong' for a plain wrong PIN;
 * null for any other error. */
export function pinRefusal(e: AppError): 'wrong' | 'locked' | null {
  if (e.code === 'pin_locked') return 'locked';
  if (e.code === 'wrong_pin') return /locked for/.test(e.message) ? 'locked' : 'wrong';
  return null;
}

/** The message key for a pinRefusal. */
export function pinRefusalKey(r: 'wrong' | 'locked'): MessageKey {
  return r === 'locked' ? 'errors.pin_locked' : 'errors.wrong_pin';
}

export function roleKey(role: RoleView): MessageKey {
  return role === 'owner' ? 'people.role.owner' : 'people.role.cashier';
}

/** Every audit action's wording: a new action in the contract fails `npm run check` here. */
const AUDIT_ACTION_KEYS: Record<AuditActionView, MessageKey> = {
  person_added: 'audit.action.person_added',
  person_changed: 'audit.action.person_changed',
  pin_changed: 'audit.action.pin_changed',
  pin_locked: 'audit.action.pin_locked',
  duty_started: 'audit.action.duty_started',
  duty_ended: 'audit.action.duty_ended',
  stock_adjusted: 'audit.action.stock_adjusted',
  product_deleted: 'audit.action.product_deleted',
  settings_changed: 'audit.action.settings_changed',
  sale_voided: 'audit.action.sale_voided',
  sale_refunded: 'audit.action.sale_refunded',
  credit_limit_set: 'audit.action.credit_limit_set',
  credit_limit_exceeded: 'audit.action.credit_limit_exceeded',
  price_overridden: 'audit.action.price_overridden',
  discount_over_limit: 'audit.action.discount_over_limit',
  stock_counted: 'audit.action.stock_counted',
  shift_opened: 'audit.action.shift_opened',
  shift_closed: 'audit.action.shift_closed',
  cash_moved: 'audit.action.cash_moved',
  approval_key_enrolled: 'audit.action.approval_key_enrolled',
  qris_confirmed: 'audit.action.qris_confirmed',
};

const APPROVAL_KEYS: Record<ApprovalView, MessageKey> = {
  owner_pin: 'audit.approval.owner_pin',
  first_owner: 'audit.approval.first_owner',
  own_pin: 'audit.approval.own_pin',
  nobody_set_up: 'audit.approval.nobody_set_up',
  owner_code: 'audit.approval.owner_code',
};

/** "Menambah orang", "Mulai bertugas", "Retur barang", …: the audit action in plain words. */
export function auditActionKey(action: AuditActionView): MessageKey {
  return AUDIT_ACTION_KEYS[action];
}

/** "PIN pemilik", "Pemilik pertama", "PIN sendiri", "Belum ada PIN". */
export function approvalKey(approval: ApprovalView): MessageKey {
  return APPROVAL_KEYS[approval];
}

/** The inline message for a PIN and its repeat, or null when they may be sent. */
export function pinMessage(pin: string, again?: string): string | null {
  const p = pinProblem(pin, again);
  return p ? t(pinProblemKey(p), { min: LIMITS.minPinDigits, max: LIMITS.maxPinDigits }) : null;
}

/** The inline message for a person's name, or null when it may be sent. */
export function nameMessage(name: string): string | null {
  const p = nameProblem(name);
  if (p === 'empty') return t('person.nameEmpty');
  return p === 'long' ? t('person.nameLong', { max: LIMITS.maxPersonNameChars }) : null;
}
