// A 32-column receipt like laris-core's receipt.rs, so the receipt view looks real in the mock.
// The customer reads it, so it is Bahasa Indonesia whatever the UI language.
import { formatMoney, formatQty } from '../format';
import type { SaleView, ShopView } from './types.gen';

const WIDTH = 32;

function center(s: string): string {
  const t = s.slice(0, WIDTH);
  return ' '.repeat(Math.max(0, Math.floor((WIDTH - t.length) / 2))) + t;
}

function row(left: string, right: string): string {
  const space = Math.max(1, WIDTH - left.length - right.length);
  return (left + ' '.repeat(space) + right).slice(0, Math.max(WIDTH, left.length + 1 + right.length));
}

const METHOD: Record<string, string> = { cash: 'Tunai', qris: 'QRIS', transfer: 'Transfer' };

export function receiptText(sale: Omit<SaleView, 'receiptText'>, shop: ShopView): string {
  const out: string[] = [center(shop.name)];
  if (shop.address.trim()) out.push(center(shop.address.trim()));
  out.push('-'.repeat(WIDTH), sale.receiptNo, sale.localTime);
  if (sale.cashier) out.push(`Kasir: ${sale.cashier}`);
  out.push('-'.repeat(WIDTH));
  for (const l of sale.lines) {
    out.push(l.name.slice(0, WIDTH));
    const qty = l.unit === 'pcs' ? formatQty(l.qtyMilli) : `${formatQty(l.qtyMilli)} ${l.unit}`;
    out.push(row(`  ${qty} x ${formatMoney(l.unitPrice)}`, formatMoney(l.net + l.discount)));
    if (l.discount > 0) out.push(row('  Diskon', `-${formatMoney(l.discount)}`));
  }
  out.push('-'.repeat(WIDTH));
  const lineDiscount = sale.lines.reduce((s, l) => s + l.discount, 0);
  const cartDiscount = sale.discount - lineDiscount;
  if (cartDiscount > 0) out.push(row('Diskon', `-${formatMoney(cartDiscount)}`));
  if (sale.tax > 0) out.push(row(shop.taxMode === 'inclusive' ? 'Termasuk PPN' : 'PPN', formatMoney(sale.tax)));
  if (sale.rounding !== 0) out.push(row('Pembulatan', formatMoney(sale.rounding)));
  out.push(row('TOTAL', formatMoney(sale.total)));
  for (const p of sale.payments) out.push(row(METHOD[p.method] ?? p.method, formatMoney(p.tendered)));
  if (sale.change > 0) out.push(row('Kembalian', formatMoney(sale.change)));
  out.push('-'.repeat(WIDTH));
  out.push(center(shop.receiptFooter.trim() || 'Terima kasih'));
  return out.join('\n');
}
