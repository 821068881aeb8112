// Messages in Bahasa Indonesia (default) and English; the choice is kept in localStorage.
import id from './id.json';
import en from './en.json';
import type { AppError } from '../api/types.gen';
import { interpolate, lookup, storeLocale, storedLocale, type Locale, type Messages } from './core';

export { interpolate, type Locale };
export type MessageKey = keyof typeof id;

const MESSAGES: Messages = { id, en };
const STORAGE_KEY = 'laris.locale';

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

/** Plain-language text of a backend error: `errors.<code>`, the field for bad input, the
 * line/column for a rejected import, a generic message for anything unknown. */
export function errorText(e: AppError, locale: Locale = i18n.locale): string {
  const known = MESSAGES[locale][`errors.${e.code}`];
  if (e.code === 'invalid_input') {
    const field = e.field ? (MESSAGES[locale][`field.${e.field}`] ?? e.field) : '';
    return interpolate(MESSAGES[locale]['errors.invalid_input'], { field }).replace(/:\s*$/, '');
  }
  if (e.code === 'import_rejected') return `${known} ${e.message}`;
  return known ?? MESSAGES[locale]['errors.generic'];
}
