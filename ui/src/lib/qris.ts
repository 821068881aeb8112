// QRIS as crates/laris-qris reads and writes it: an EMVCo merchant-presented payload of TLV
// fields (two-digit tag, two-digit length in characters, the value) ending in tag 63, a
// CRC16/CCITT-FALSE over everything up to and including `6304`. The mock checks pasted
// payloads and makes the dynamic one with this; the settings screen uses it to say in
// Bahasa Indonesia what is wrong with a payload Rust refused.

/** The most a QRIS payment may be, whole Rupiah (laris-qris MAX_AMOUNT). */
export const QRIS_MAX_AMOUNT = 10_000_000_000;
/** The longest payload EMVCo allows. */
export const QRIS_MAX_PAYLOAD_CHARS = 512;

export interface QrisField {
  tag: string;
  value: string;
}

/** laris-qris's QrisError codes. */
export type QrisErrorCode = 'qris_malformed' | 'qris_bad_crc' | 'qris_missing_field' | 'qris_bad_field' | 'qris_bad_amount';

export class QrisError extends Error {
  constructor(
    readonly code: QrisErrorCode,
    message: string,
    /** The field concerned (`63`, `59`, `26-51`…), when there is one. */
    readonly tag: string | null = null,
  ) {
    super(message);
  }
}

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor) over UTF-8 bytes. */
export function crc16(text: string): number {
  let crc = 0xffff;
  for (const b of new TextEncoder().encode(text)) {
    crc ^= b << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');

/** Splits `s` into fields, refusing anything that does not tile it exactly. Lengths count
 * characters (Unicode code points), as laris-qris's tlv.rs does. */
export function parseTlv(s: string): QrisField[] {
  const chars = [...s];
  const fields: QrisField[] = [];
  let i = 0;
  while (i < chars.length) {
    const head = chars.slice(i, i + 4).join('');
    if (!/^[0-9]{4}$/.test(head)) {
      throw new QrisError('qris_malformed', `not a QRIS code: at character ${i}: expected a tag and a length (4 digits)`);
    }
    const len = Number(head.slice(2));
    const end = i + 4 + len;
    if (end > chars.length) {
      throw new QrisError(
        'qris_malformed',
        `not a QRIS code: field ${head.slice(0, 2)} at character ${i} says ${len} characters, only ${chars.length - i - 4} are left`,
      );
    }
    fields.push({ tag: head.slice(0, 2), value: chars.slice(i + 4, end).join('') });
    i = end;
  }
  if (fields.length === 0) throw new QrisError('qris_malformed', 'not a QRIS code: empty');
  return fields;
}

function tlv(tag: string, value: string): string {
  return `${tag}${String([...value].length).padStart(2, '0')}${value}`;
}

/** The fields written out (tag 63 left off) with a new checksum. */
export function emit(fields: QrisField[]): string {
  const body = fields
    .filter((f) => f.tag !== '63')
    .map((f) => tlv(f.tag, f.value))
    .join('') + '6304';
  return body + hex4(crc16(body));
}

const value = (fields: QrisField[], tag: string) => fields.find((f) => f.tag === tag)?.value;

const bad = (tag: string, name: string, why: string) => new QrisError('qris_bad_field', `field ${tag} (${name}): ${why}`, tag);
const missing = (tag: string, name: string) => new QrisError('qris_missing_field', `field ${tag} (${name}) is missing`, tag);

/** Tag 54's amount: digits, at most two decimals that must be zero (Rupiah has no sen). */
function parseAmount(text: string): number {
  const [whole, frac = ''] = text.includes('.') ? [text.slice(0, text.indexOf('.')), text.slice(text.indexOf('.') + 1)] : [text];
  const digits = (s: string) => /^[0-9]+$/.test(s);
  if (!digits(whole) || (frac !== '' && (!digits(frac) || frac.length > 2))) throw bad('54', 'amount', `${JSON.stringify(text)} is not an amount`);
  if (/[^0]/.test(frac)) throw bad('54', 'amount', 'Rupiah amounts have no sen');
  const amount = Number(whole);
  if (!Number.isSafeInteger(amount)) throw bad('54', 'amount', 'too large');
  if (amount < 1 || amount > QRIS_MAX_AMOUNT) throw new QrisError('qris_bad_amount', `the amount Rp ${amount} is not a payment QRIS can carry`, '54');
  return amount;
}

export interface Qris {
  fields: QrisField[];
  merchantName: string;
  merchantCity: string;
  /** Tag 51's sub-tag 02, the national merchant id. */
  nmid: string | null;
  dynamic: boolean;
  amount: number | null;
}

/** Parses and checks a payload as laris-qris's `Qris::parse`: structure, checksum, and the
 * fields QRIS requires (format 01, a merchant account in 26–51, category, currency 360,
 * country ID, merchant name and city). */
export function parseQris(payload: string): Qris {
  const p = payload.trim();
  if (new TextEncoder().encode(p).length > QRIS_MAX_PAYLOAD_CHARS) {
    throw new QrisError('qris_malformed', `not a QRIS code: longer than ${QRIS_MAX_PAYLOAD_CHARS} characters`);
  }
  const fields = parseTlv(p);
  const crc = fields.at(-1);
  if (!crc || crc.tag !== '63') throw missing('63', 'checksum');
  if (crc.value.length !== 4) throw bad('63', 'checksum', 'not 4 hex digits');
  const expected = hex4(crc16(p.slice(0, p.length - 4)));
  if (crc.value.toUpperCase() !== expected) {
    throw new QrisError('qris_bad_crc', `the checksum is ${crc.value}, the payload's is ${expected}: the code was changed or misread`, '63');
  }
  if (fields[0].tag !== '00' || fields[0].value !== '01') throw bad('00', 'payload format', 'a QRIS starts with 000201');
  const poi = value(fields, '01');
  if (poi !== undefined && poi !== '11' && poi !== '12') throw bad('01', 'point of initiation', `${JSON.stringify(poi)} is not 11 or 12`);
  if (!fields.some((f) => /^[0-9]{2}$/.test(f.tag) && Number(f.tag) >= 26 && Number(f.tag) <= 51)) throw missing('26-51', 'merchant account');
  const need = (tag: string, name: string) => {
    const v = value(fields, tag);
    if (v === undefined) throw missing(tag, name);
    return v;
  };
  if (!/^[0-9]{4}$/.test(need('52', 'merchant category'))) throw bad('52', 'merchant category', 'not 4 digits');
  if (need('53', 'currency') !== '360') throw bad('53', 'currency', 'QRIS is in Rupiah (360)');
  const amountText = value(fields, '54');
  const amount = amountText === undefined ? null : parseAmount(amountText);
  if (need('58', 'country') !== 'ID') throw bad('58', 'country', 'QRIS is Indonesian (ID)');
  const name = need('59', 'merchant name');
  if (name.trim() === '' || [...name].length > 25) throw bad('59', 'merchant name', '1 to 25 characters');
  const city = need('60', 'merchant city');
  if (city.trim() === '' || [...city].length > 15) throw bad('60', 'merchant city', '1 to 15 characters');
  let nmid: string | null = null;
  const template = value(fields, '51');
  if (template !== undefined) {
    try {
      nmid = value(parseTlv(template), '02') ?? null;
    } catch {
      nmid = null;
    }
  }
  return { fields, merchantName: name, merchantCity: city, nmid, dynamic: poi === '12', amount };
}

/** The payload for one payment of `amount` Rupiah (laris-qris `Qris::dynamic`): point of
 * initiation 12 second, the amount in tag 54 before the first tag above 54, a new checksum. */
export function dynamicQris(q: Qris, amount: number): string {
  if (!Number.isInteger(amount) || amount < 1 || amount > QRIS_MAX_AMOUNT) {
    throw new QrisError('qris_bad_amount', `the amount Rp ${amount} is not a payment QRIS can carry`, '54');
  }
  const fields = q.fields.filter((f) => f.tag !== '54' && f.tag !== '01');
  fields.splice(Math.min(1, fields.length), 0, { tag: '01', value: '12' });
  let after = fields.findIndex((f) => f.tag > '54' && f.tag !== '63');
  if (after < 0) after = fields.length - 1;
  fields.splice(after, 0, { tag: '54', value: String(amount) });
  return emit(fields);
}

/** A static QRIS payload built from its parts (tests, and the e2e's pasted code). */
export function buildStaticQris(opts: { merchantName: string; merchantCity: string; nmid?: string; mcc?: string; postalCode?: string }): string {
  const account = tlv('00', 'ID.CO.QRIS.WWW') + tlv('02', opts.nmid ?? 'ID1020021234567') + tlv('03', 'UMI');
  return emit([
    { tag: '00', value: '01' },
    { tag: '01', value: '11' },
    { tag: '26', value: tlv('00', 'ID.CO.BANKCONTOH.WWW') + tlv('01', '936000140000012345') + tlv('02', '000012345') + tlv('03', 'UMI') },
    { tag: '51', value: account },
    { tag: '52', value: opts.mcc ?? '5411' },
    { tag: '53', value: '360' },
    { tag: '58', value: 'ID' },
    { tag: '59', value: opts.merchantName },
    { tag: '60', value: opts.merchantCity },
    { tag: '61', value: opts.postalCode ?? '12345' },
  ]);
}
