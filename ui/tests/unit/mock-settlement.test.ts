// The cases of laris-core's tests/settlement.rs, against the mock: a bank's QRIS settlement
// list matched to the QRIS sales by amount and nearest time, what is left on either side, the
// lines that cannot be read; and the receipt picture's name.
import { describe, expect, it } from 'vitest';
import { MockBackend } from '../../src/lib/api/mock';
import { parseAmount, parseSettlementTime, readSettlement } from '../../src/lib/api/mock-settlement';
import { receiptColumns } from '../../src/lib/api/mock-receipt-image';

const MIN = 60_000;

/** 27/11/2026 10:00 WIB, moved on by `advance`. */
function shop() {
  let t = Date.UTC(2026, 10, 27, 3, 0);
  const m = new MockBackend({ now: () => t });
  const qrisSale = (qty: number) =>
    m.checkout({
      cart: { lines: [{ productId: 'p-W0001', qtyMilli: qty * 1000, discount: 0 }], discount: 0 }, // Rp 3.500
      tenders: [{ method: 'qris', amount: qty * 3500, reference: null }],
      cashier: null,
    });
  return { m, qrisSale, advance: (ms: number) => (t += ms) };
}

describe('QRIS settlement (laris-core settlement.rs)', () => {
  it('matches a settlement list to QRIS sales by amount and time', async () => {
    const s = shop();
    // 10:00 WIB: Rp 7.000; 10:05: Rp 7.000 again; 10:40: Rp 10.500; 12:00: Rp 3.500.
    const a = await s.qrisSale(2);
    s.advance(5 * MIN);
    const b = await s.qrisSale(2);
    s.advance(35 * MIN);
    const c = await s.qrisSale(3);
    s.advance(80 * MIN);
    const late = await s.qrisSale(1);
    const list =
      'Tanggal;Jam;Nominal;RRN\n' +
      '27/11/2026;10:06:10;7.000,00;RRN002\n' +
      '27/11/2026;10:01:02;Rp 7.000;RRN001\n' +
      '27/11/2026;10:20:00;25.000;RRN003\n' +
      '27/11/2026;25:61:00;5.000;RRN004\n';
    let r = await s.m.reconcileQris(list);
    // Each credit with the sale nearest in time, not the first of its amount.
    expect(r.matched.map((p) => [p.row.reference, p.sale.receiptNo])).toEqual([
      ['RRN002', b.receiptNo],
      ['RRN001', a.receiptNo],
    ]);
    expect(r.unmatchedRows.map((u) => u.amount)).toEqual([25_000]);
    expect(r.unreadable).toEqual(['baris 5: "27/11/2026 25:61:00" is not a time like 2026-11-27 14:05']);
    // 10:40 and 12:00 are after the list's last credit.
    expect(r.unmatchedSales).toEqual([]);
    expect(r.matched.every((p) => p.sale.unverified)).toBe(true);

    // A list covering the whole morning: the 10:40 sale's money is missing from it.
    const morning =
      'Waktu Transaksi,Amount,Reference\n' +
      '2026-11-27 10:01:02,7000.00,RRN001\n' +
      '2026-11-27 10:06:10,7000,RRN002\n' +
      '2026-11-27 12:30:00,3500,RRN005\n';
    r = await s.m.reconcileQris(morning);
    expect(r.matched).toHaveLength(3);
    expect(r.matched.some((p) => p.sale.saleId === late.id)).toBe(true);
    expect(r.unmatchedSales.map((u) => u.saleId)).toEqual([c.id]);

    // Confirming what matched takes them off the unverified list.
    for (const p of r.matched) await s.m.confirmQris(p.sale.saleId);
    expect((await s.m.unverifiedQris()).map((u) => u.saleId)).toEqual([c.id]);
    r = await s.m.reconcileQris(morning);
    expect(r.matched.every((p) => !p.sale.unverified)).toBe(true);
  });

  it('refuses a list without the columns plainly', async () => {
    const { m } = shop();
    for (const bad of ['', 'Nama,Keterangan\nBudi,x\n', 'Tanggal,Keterangan\n2026-11-27 10:00,x\n']) {
      await expect(m.reconcileQris(bad), bad).rejects.toMatchObject({ code: 'invalid_input', field: 'settlement' });
    }
    const empty = await m.reconcileQris('Tanggal,Nominal\n');
    expect(empty.matched).toEqual([]);
    expect(empty.unmatchedRows).toEqual([]);
  });

  it('reads amounts and times as settlement.rs does', () => {
    expect(['10.500', 'Rp 10.500', 'IDR 10500', '10.500,00', '10500.00', '10,500.00', ' Rp10500 '].map(parseAmount)).toEqual(
      Array(7).fill(10_500),
    );
    // Sen other than 00 are refused, never rounded; at most 13 digits.
    for (const bad of ['10.500,50', '10500,05', '', 'Rp', '-500', '12345678901234', 'sepuluh']) expect(parseAmount(bad), bad).toBeNull();
    expect(parseAmount('1234567890123')).toBe(1_234_567_890_123);
    // After the last separator, two digits are sen and three a thousands group; anything else
    // is not an amount (settlement.rs's rule).
    expect(parseAmount('10500.5')).toBeNull();
    expect(parseAmount('10500,50')).toBeNull();
    const at = Date.UTC(2026, 10, 27, 7, 5, 7); // 14:05:07 WIB
    for (const s of ['2026-11-27 14:05:07', '27/11/2026 14:05:07', '27-11-2026T14:05:07', '2026/11/27 14:05:07.250']) {
      expect(parseSettlementTime(s, 'WIB'), s).toBe(at);
    }
    expect(parseSettlementTime('2026-11-27 14:05', 'WIB')).toBe(at - 7000);
    expect(parseSettlementTime('2026-11-27 15:05:07', 'WITA')).toBe(at);
    expect(parseSettlementTime('2026-11-27 16:05:07', 'WIT')).toBe(at);
    for (const bad of ['2026-11-27', '2026-02-30 10:00', '2026-13-01 10:00', '2026-11-27 24:00', '27.11.2026 10:00', '2026-11-27 10']) {
      expect(parseSettlementTime(bad, 'WIB'), bad).toBeNull();
    }
  });

  it('takes the separator from the header line and numbers lines from it', () => {
    const tab = readSettlement('Tgl\tWaktu\tKredit\n2026-11-27\t10:00\t5.000\n\n   \n2026-11-27\t10:01\t0\n', 'WIB');
    expect(tab.rows).toEqual([{ line: 2, at: Date.UTC(2026, 10, 27, 3, 0), amount: 5000, reference: null }]);
    // The blank line is no record, the line of spaces is one (skipped); both count as lines of
    // the file, as the owner's editor numbers them.
    expect(tab.unreadable).toEqual([[5, '"0" is not an amount']]);
    // Quoted fields, `Datetime` as the one time column, a reference column named "No Referensi".
    const quoted = readSettlement('Datetime,"Nominal (Rp)",No Referensi\n"2026-11-27 10:00","10,500.00", R1 \n', 'WIB');
    expect(quoted.rows).toEqual([{ line: 2, at: Date.UTC(2026, 10, 27, 3, 0), amount: 10_500, reference: 'R1' }]);
    const many = 'Tanggal,Nominal\n' + '2026-11-27 10:00,1000\n'.repeat(20_001);
    expect(() => readSettlement(many, 'WIB')).toThrow(expect.objectContaining({ field: 'settlement' }));
  });
});

describe('receipt picture (laris-app receipt_image)', () => {
  it('is named after the receipt and drawn the paper\'s width', async () => {
    let drawn: { lines: string[]; columns: number } | null = null;
    const m = new MockBackend({
      now: () => Date.UTC(2026, 10, 27, 3, 0),
      drawReceipt: (lines, columns) => {
        drawn = { lines, columns };
        return 'data:image/png;base64,AAAA';
      },
    });
    const sale = await m.checkout({
      cart: { lines: [{ productId: 'p-W0001', qtyMilli: 1000, discount: 0 }], discount: 0 },
      tenders: [{ method: 'cash', amount: 3500, reference: null }],
      cashier: null,
    });
    const img = await m.receiptImage(sale.id);
    expect(img).toEqual({ dataUrl: 'data:image/png;base64,AAAA', fileName: `struk-${sale.receiptNo}.png` });
    expect(drawn).toEqual({ lines: sale.receiptText.replace(/\n+$/, '').split('\n'), columns: 32 });
    expect([receiptColumns(58), receiptColumns(80)]).toEqual([32, 48]);
    await expect(m.receiptImage('s-nope')).rejects.toMatchObject({ code: 'unknown_sale' });
  });
});
