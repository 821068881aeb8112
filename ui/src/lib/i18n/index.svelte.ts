// Messages in Bahasa Indonesia (default) and English; the choice is kept in localStorage.
import id from './id.json';
import en from './en.json';
import type { AppError } from '../api/types.gen';

export type Locale = 'id' | 'en';
export type MessageKey = keyof typeof id;

const MESSAGES: Record<Locale, Record<string, string>> = { id, en };
const STORAGE_KEY = 'laris.locale';

function initial(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'id';
  } catch {
    return 'id';
  }
}

export const i18n = $state({ locale: initial() as Locale });

export function setLocale(locale: Locale): void {
  i18n.locale = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private mode or no storage: the choice lasts for this session only.
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

/** Fills `{name}` placeholders. */
export function interpolate(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

export function translate(locale: Locale, key: string, params?: Record<string, string | number>): string {
  const msg = MESSAGES[locale][key] ?? MESSAGES.id[key] ?? key;
  return interpolate(msg, params);
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
