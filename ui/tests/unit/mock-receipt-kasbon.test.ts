import { describe, expect, it } from 'vitest';
import { receiptText } from '../../src/lib/api/mock-receipt';
import type { SaleView, ShopView } from '../../src/lib/api/types.gen';
import golden from '../../../crates/laris-receipt/tests/golden/busy-58.txt?raw';

// The kasbon block of a receipt, checked against the one laris-receipt printed for its golden
// busy sale (crates/laris-receipt/tests/golden/busy-58.txt), so the mock's receipts say what
// the till's say about what was charged and what is still owed.
function kasbonBlock(text: string): string[] {
  const lines = text.split('\n');
  const from = lines.findIndex((l) => l.startsWith('Kasbon a.n.'));
  const to = lines.findIndex((l, i) => i > from && /^-+$/.test(l));
  return lines.slice(from, to);
}

describe('the mock receipt kasbon block', () => {
  it('matches laris-receipt, wrapped at 32 columns', () => {
    const sale = {
      receiptNo: 'B-20261127-0002',
      localTime: '2026-11-27 14:05 WIB',
      cashier: null,
      lines: [],
      discount: 0,
      gross: 0,
      tax: 0,
      rounding: 0,
      total: 0,
      payments: [],
      change: 0,
    } as unknown as Omit<SaleView, 'receiptText'>;
    const shop = { name: 'W', address: '', taxMode: 'none', taxRateBp: 0, receiptFooter: '' } as unknown as ShopView;
    const text = receiptText(sale, shop, 32, {
      customer: 'Bu Ani (warung sebelah)',
      charged: 243_300,
      owed: 260_000,
      dueDay: 20261215,
    });
    expect(kasbonBlock(text)).toEqual(kasbonBlock(golden));
    expect(kasbonBlock(text)).toHaveLength(5);
  });
});
