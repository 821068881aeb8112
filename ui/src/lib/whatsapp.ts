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
