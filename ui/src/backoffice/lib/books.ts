// Pure helpers of the books screens (Shift, Kasbon, Retur, Log, Pergerakan stok) and the
// catalog import: no Svelte, no DOM beyond Blob, so vitest covers them.
import { formatQty } from '../../lib/format';

/** A shift's counted − expected: negative is short ("kurang"), positive over ("lebih"). */
export type DiffSign = 'short' | 'over' | 'even';

export function diffSign(difference: number): DiffSign {
  return difference < 0 ? 'short' : difference > 0 ? 'over' : 'even';
}

/** The audit actions the tills write (laris-core's AuditAction) plus those the brief of the
 * back office names; an action not here shows as its code. */
export const AUDIT_ACTIONS = [
  'person_added',
  'person_changed',
  'pin_changed',
  'pin_locked',
  'duty_started',
  'duty_ended',
  'stock_adjusted',
  'stock_counted',
  'product_deleted',
  'price_changed',
  'price_overridden',
  'discount_over_limit',
  'settings_changed',
  'sale_voided',
  'sale_refunded',
  'credit_limit_set',
  'credit_limit_exceeded',
  'kasbon_written_off',
  'shift_opened',
  'shift_closed',
  'cash_moved',
  'approval_key_enrolled',
  'qris_confirmed',
] as const;

/** How an action was allowed (laris-core's Approval). */
export const APPROVALS = ['owner_pin', 'owner_code', 'first_owner', 'own_pin', 'nobody_set_up'] as const;

/** Movement kinds of the stock ledger the back office lists. */
export const MOVEMENT_KINDS = ['restock', 'adjustment', 'count', 'return'] as const;

/** The message key `<prefix>.<code>` when `known` holds the code, else null (show the code). */
export function labelKey(prefix: string, known: readonly string[], code: string | null | undefined): string | null {
  return code && known.includes(code) ? `${prefix}.${code}` : null;
}

/** Milli-units as a signed quantity: 2500 → "+2,5", -1000 → "−1", 0 → "0". */
export function signedQty(milli: number, locale: 'id' | 'en' = 'id'): string {
  const abs = formatQty(Math.abs(milli), locale);
  return milli > 0 ? `+${abs}` : milli < 0 ? `\u2212${abs}` : abs;
}

/** The distinct values of a list, in their first order (for a filter's options). */
export function distinct<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** A CSV file as text: UTF-8 (a byte-order mark dropped), or — when the bytes are not
 * UTF-8, as an older spreadsheet saves them — Windows-1252. */
export async function readCsvFile(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A file the import takes by its name or type (the picker's `accept` is only a hint). */
export function looksLikeCsv(file: { name: string; type: string }): boolean {
  return /\.(csv|txt)$/i.test(file.name) || file.type === 'text/csv' || file.type === 'text/plain';
}
