// The receipt of laris-core's sale/receipt.rs, line for line, so the browser build prints what
// the till prints; both are checked against tests/golden/receipts.json. The customer reads it,
// so it is Bahasa Indonesia whatever the UI language.
import { formatMoney, formatQty } from '../format';
import type { SaleView, ShopView } from './types.gen';

/** Columns of a 58 mm thermal printer with the standard font. */
export const RECEIPT_WIDTH = 32;

const METHOD: Record<string, string> = { cash: 'Tunai', qris: 'QRIS', transfer: 'Transfer', kasbon: 'Kasbon' };

const chars = (s: string): string[] => [...s];

/** `s` wrapped at spaces into lines of at most `width` characters; a longer word is cut. */
export function wrap(s: string, width: number): string[] {
  const lines: string[] = [];
  let current: string[] = [];
  for (const w of s.split(/\s+/).filter((x) => x !== '')) {
    let word = chars(w);
    while (word.length > width) {
      if (current.length > 0) lines.push(current.join(''));
      current = [];
      lines.push(word.slice(0, width).join(''));
      word = word.slice(width);
    }
    if (current.length > 0 && current.length + 1 + word.length > width) {
      lines.push(current.join(''));
      current = [];
    }
    if (current.length > 0) current.push(' ');
    current.push(...word);
  }
  if (current.length > 0) lines.push(current.join(''));
  return lines;
}

function centered(out: string[], s: string, width: number): void {
  for (const line of wrap(s, width)) {
    out.push(' '.repeat(Math.floor((width - chars(line).length) / 2)) + line);
  }
}

function twoColumns(left: string, right: string, width: number): string {
  const rightLen = chars(right).length;
  const l = chars(left)
    .slice(0, Math.max(0, width - (rightLen + 1)))
    .join('');
  return l + ' '.repeat(Math.max(0, width - chars(l).length - rightLen)) + right;
}

function percent(bp: number): string {
  if (bp % 100 === 0) return String(bp / 100);
  return `${Math.trunc(bp / 100)},${String(bp % 100).padStart(2, '0')}`.replace(/0+$/, '');
}

/** What a sale put on a customer's account, as laris-core's `sale_kasbon` reads it. */
export interface ReceiptKasbon {
  customer: string;
  charged: number;
  /** Owed right after the sale. */
  owed: number;
  /** Shop-local YYYYMMDD. */
  dueDay: number | null;
}

/** `YYYYMMDD` as `DD/MM/YYYY` (laris-core's `due_date_text`). */
function dueText(day: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(day % 100)}/${pad(Math.floor(day / 100) % 100)}/${String(Math.floor(day / 10_000)).padStart(4, '0')}`;
}

export function receiptText(
  sale: Omit<SaleView, 'receiptText'>,
  shop: ShopView,
  width = RECEIPT_WIDTH,
  kasbon: ReceiptKasbon | null = null,
): string {
  const out: string[] = [];
  const rule = '-'.repeat(width);
  centered(out, shop.name, width);
  centered(out, shop.address, width);
  out.push(rule, sale.receiptNo, sale.localTime);
  if (sale.cashier) out.push(`Kasir: ${sale.cashier}`);
  out.push(rule);
  let lineDiscount = 0;
  for (const l of sale.lines) {
    out.push(...wrap(l.name, width));
    const qty = l.unit === 'pcs' ? formatQty(l.qtyMilli) : `${formatQty(l.qtyMilli)} ${l.unit}`;
    out.push(twoColumns(`  ${qty} x ${formatMoney(l.unitPrice)}`, formatMoney(l.net + l.discount), width));
    if (l.discount > 0) out.push(twoColumns('  Diskon', formatMoney(-l.discount), width));
    lineDiscount += l.discount;
  }
  out.push(rule);
  const cartDiscount = sale.discount - lineDiscount;
  const exclusive = shop.taxMode === 'exclusive';
  if (lineDiscount > 0 || cartDiscount > 0 || exclusive || sale.rounding !== 0) {
    out.push(twoColumns('Subtotal', formatMoney(sale.gross - lineDiscount), width));
  }
  if (cartDiscount > 0) out.push(twoColumns('Diskon', formatMoney(-cartDiscount), width));
  if (exclusive) out.push(twoColumns(`PPN ${percent(shop.taxRateBp)}%`, formatMoney(sale.tax), width));
  if (sale.rounding !== 0) out.push(twoColumns('Pembulatan', formatMoney(sale.rounding), width));
  out.push(twoColumns('TOTAL', formatMoney(sale.total), width));
  for (const p of sale.payments) {
    out.push(twoColumns(METHOD[p.method] ?? p.method, formatMoney(p.tendered), width));
    if (p.reference !== null) {
      for (const l of wrap(`Ref: ${p.reference}`, width - 2)) out.push(`  ${l}`);
    }
  }
  if (sale.change > 0) out.push(twoColumns('Kembali', formatMoney(sale.change), width));
  if (shop.taxMode === 'inclusive' && sale.tax > 0) {
    out.push(`Termasuk PPN ${percent(shop.taxRateBp)}% ${formatMoney(sale.tax)}`);
  }
  if (kasbon) {
    out.push(rule, ...wrap(`Kasbon a.n. ${kasbon.customer}`, width));
    out.push(twoColumns('Dicatat kasbon', formatMoney(kasbon.charged), width));
    out.push(twoColumns('Sisa kasbon', formatMoney(kasbon.owed), width));
    if (kasbon.dueDay !== null) out.push(twoColumns('Jatuh tempo', dueText(kasbon.dueDay), width));
  }
  out.push(rule);
  centered(out, shop.receiptFooter.trim() || 'Terima kasih', width);
  return out.join('\n') + '\n';
}
