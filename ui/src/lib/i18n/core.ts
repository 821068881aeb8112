// What the till's and the back office's messages share: the two languages, placeholders, the
// lookup with Bahasa Indonesia as the fallback, and the choice kept in localStorage. Each app
// passes its own message files, so neither bundle carries the other's.

export type Locale = 'id' | 'en';
export type Messages = Record<Locale, Record<string, string>>;

/** Fills `{name}` placeholders. */
export function interpolate(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** `key` in `locale`, else in Bahasa Indonesia, else the key itself. */
export function lookup(messages: Messages, locale: Locale, key: string, params?: Record<string, string | number>): string {
  return interpolate(messages[locale][key] ?? messages.id[key] ?? key, params);
}

/** The language kept under `storageKey`: Bahasa Indonesia unless English was chosen. */
export function storedLocale(storageKey: string): Locale {
  try {
    return localStorage.getItem(storageKey) === 'en' ? 'en' : 'id';
  } catch {
    return 'id';
  }
}

/** Keeps the choice (private mode or no storage: it lasts for this page only) and tells the
 * document its language. */
export function storeLocale(storageKey: string, locale: Locale): void {
  try {
    localStorage.setItem(storageKey, locale);
  } catch {
    // No storage.
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}
