// The back office's messages (its own files, so the till's bundle does not carry them):
// Bahasa Indonesia first, English on request, the choice kept in localStorage.
import id from './id.json';
import en from './en.json';
import { ApiError } from '../api/client';
import { lockSeconds } from '../lib/format';

import { interpolate, lookup, storeLocale, storedLocale, type Locale, type Messages } from '../../lib/i18n/core';

export { interpolate, type Locale };
export type MessageKey = keyof typeof id;

const MESSAGES: Messages = { id, en };
const STORAGE_KEY = 'laris.backoffice.locale';

export const i18n = $state({ locale: storedLocale(STORAGE_KEY) });

export function setLocale(locale: Locale): void {
  i18n.locale = locale;
  storeLocale(STORAGE_KEY, locale);
}

export function translate(locale: Locale, key: string, params?: Record<string, string | number>): string {
  return lookup(MESSAGES, locale, key, params);
}

/** The message for `key` in the current language (reactive inside components). */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(i18n.locale, key, params);
}

/** Plain-language text of a failed request: `errors.<code>`; the server's message where it
 * names the field (invalid_field), the seconds of a lock or a rate limit. */
export function errorText(e: unknown, locale: Locale = i18n.locale): string {
  if (!(e instanceof ApiError)) return translate(locale, 'errors.generic');
  const m = MESSAGES[locale];
  switch (e.code) {
    case 'invalid_field':
    case 'invalid_query':
      return interpolate(m['errors.invalid_field'], { message: e.message });
    case 'account_locked': {
      const secs = lockSeconds(e.message, e.retryAfterSecs);
      return secs === null ? m['errors.account_locked'] : interpolate(m['errors.account_locked_for'], { secs });
    }
    case 'rate_limited':
    case 'busy':
      return e.retryAfterSecs === null
        ? m[`errors.${e.code}`]
        : interpolate(m[`errors.${e.code}_for`], { secs: e.retryAfterSecs });
    default:
      return m[`errors.${e.code}`] ?? m['errors.generic'];
  }
}

/** The message `<prefix>.<word>` for a word of the server's (a payment method, a dataset),
 * or the word itself when there is none. */
export function wordOf(prefix: 'method' | 'dataset', word: string): string {
  const key = `${prefix}.${word}`;
  return key in MESSAGES[i18n.locale] || key in MESSAGES.id ? translate(i18n.locale, key) : word;
}
