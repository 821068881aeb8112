// Pure rules for the kasbon screens: how long a customer has owed, whether a due date has
// passed, what a typed credit limit is, and what a kasbon sale leaves on the account (the
// backend decides: laris-core's kasbon module, mirrored by api/mock-kasbon.ts).
import type { CustomerView } from './api/types.gen';
import { parseMoney, type Parsed } from './format';

/** Whole shop-local days from `fromDay` to `toDay` (`YYYY-MM-DD`), never below zero. */
export function daysBetween(fromDay: string, toDay: string): number {
  const ms = Date.parse(`${toDay}T00:00:00Z`) - Date.parse(`${fromDay}T00:00:00Z`);
  return Number.isFinite(ms) ? Math.max(0, Math.round(ms / 86_400_000)) : 0;
}

/** A due date before today (shop-local days compare as text). */
export function isOverdue(dueDate: string | null, today: string): boolean {
  return dueDate !== null && dueDate < today;
}

/** A typed credit limit: empty is none (null), else an amount as parseMoney reads it. */
export function parseLimit(text: string): { ok: true; value: number | null } | Extract<Parsed, { ok: false }> {
  if (text.trim() === '') return { ok: true, value: null };
  return parseMoney(text) as { ok: true; value: number } | Extract<Parsed, { ok: false }>;
}

/** What a kasbon sale puts on the account: the total less the down payment, or null when the
 * down payment leaves nothing (the backend refuses that: field `kasbon`). */
export function kasbonCharge(total: number, downPayment: number): number | null {
  return downPayment < total ? total - downPayment : null;
}

/** Whether a charge takes the customer over their limit (the owner's PIN is then asked). */
export function overLimit(c: Pick<CustomerView, 'balance' | 'creditLimit'>, charge: number): boolean {
  return c.creditLimit !== null && c.balance + charge > c.creditLimit;
}

/** The book's total: what every customer owes. */
export function totalOwed(book: Pick<CustomerView, 'balance'>[]): number {
  return book.reduce((s, c) => s + Math.max(0, c.balance), 0);
}
