// wa.me links: the kasbon reminder (mock-kasbon.ts, as laris-core's statement.rs) and the
// receipt shared from the receipt dialog use the same number rule.

/** A phone number for wa.me: digits only, a leading 0 becomes Indonesia's 62 (+62 and 62 stay
 * 62…); null when there are no digits. */
export function waPhone(phone: string | null): string | null {
  const digits = (phone ?? '').replace(/[^0-9]/g, '');
  if (digits === '') return null;
  if (digits.startsWith('62')) return digits;
  if (digits.startsWith('0')) return `62${digits.slice(1)}`;
  return `62${digits}`;
}

/** `https://wa.me/<number>?text=…`; without a number, WhatsApp asks whom to send it to. */
export function waLink(phone: string | null, text: string): string {
  return `https://wa.me/${waPhone(phone) ?? ''}?text=${encodeURIComponent(text)}`;
}

/** Running in the Tauri shell (it injects `__TAURI_INTERNALS__`, as lib/api/index.ts picks the
 * backend by), not in a plain browser on the mock. */
export function underTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

/** Opens a wa.me link: in the Tauri shell through the opener plugin (allowed for
 * `https://wa.me/*` only), in a browser in a new tab. */
export async function openWhatsApp(url: string): Promise<void> {
  if (underTauri()) {
    const { openUrl } = await import('@tauri-apps/plugin-opener');
    await openUrl(url);
  } else {
    window.open(url, '_blank', 'noopener');
  }
}

/** A wa.me link's click: the shell's webview opens no new windows, so under Tauri the link is
 * handed to the opener instead; in a browser the link works as it is (href, target). */
export function whatsAppClick(e: MouseEvent, url: string, onerror: (e: unknown) => void): void {
  if (!underTauri()) return;
  e.preventDefault();
  openWhatsApp(url).catch(onerror);
}
