// The inline message under a money or quantity field: why parseMoney / parseQty refused it.
import { LIMITS } from './api/types.gen';
import { formatMoney, formatNumber, type Parsed } from './format';
import { t } from './i18n/index.svelte';

/** `input.<kind>` for a refused amount (money) or quantity (qty); null when it was read. */
export function inputMessage(r: Parsed, what: 'money' | 'qty'): string | null {
  if (r.ok) return null;
  const max = what === 'money' ? formatMoney(LIMITS.maxPrice) : formatNumber(LIMITS.maxQtyMilli / 1000);
  return t(`input.${r.error}`, { max });
}

/** The message for a payment reference longer than LIMITS.maxReferenceChars, or null. */
export function referenceMessage(text: string): string | null {
  return [...text.trim()].length > LIMITS.maxReferenceChars ? t('input.tooLong', { max: LIMITS.maxReferenceChars }) : null;
}
