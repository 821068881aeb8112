import { describe, expect, it } from 'vitest';
import { MockBackend } from '../../src/lib/api/mock';
import { MOCK_CATALOG } from '../../src/lib/api/mock-catalog';
import { MOCK_PAIRING_CODE } from '../../src/lib/api/mock-sync';

// 2026-03-10 07:05 UTC = 14:05 WIB.
const now = () => Date.UTC(2026, 2, 10, 7, 5);

describe('mock backend', () => {
  it('carries the whole warung catalog', async () => {
    expect(MOCK_CATALOG).toHaveLength(125);
    const m = new MockBackend({ now });
    expect((await m.lookup('2000000000015')).exact?.sku).toBe('W0001');
    expect((await m.lookup('beras curah')).matches.map((p) => p.sku)).toContain('W0010');
  });

  it('sells with receipt numbers per shop-local day, change and stock', async () => {
    const m = new MockBackend({ now });
    const cart = { lines: [{ productId: 'p-W0001', qtyMilli: 2000, discount: 0 }, { productId: 'p-W0010', qtyMilli: 250, discount: 0 }], discount: 0 };
    expect((await m.quote(cart)).total).toBe(7000 + 3500);
    const sale = await m.checkout({ cart, tenders: [{ method: 'cash', amount: 50_000, reference: null }], cashier: null });
    expect(sale.receiptNo).toBe('A-20260310-0001');
    expect(sale.change).toBe(39_500);
    expect(sale.localTime).toBe('2026-03-10 14:05 WIB');
    const second = await m.checkout({ cart, tenders: [{ method: 'qris', amount: 10_500, reference: null }], cashier: null });
    expect(second.receiptNo).toBe('A-20260310-0002');
    const report = await m.report({ from: '2026-03-10', to: '2026-03-10', scope: 'till' });
    expect(report.totals.sales).toBe(2);
    expect(report.totals.total).toBe(21_000);
    expect(report.byHour[14].sales).toBe(2);
    expect(report.byMethod.map((b) => b.method).sort()).toEqual(['cash', 'qris']);
    // Mie 3.500 - 3.050 cost ×2 ×2 sales; beras 3.500 - 3.125 ×2 sales.
    expect(report.totals.grossProfit).toBe(4 * 450 + 2 * 375);
    expect((await m.favourites())[0].sku).toBe('W0001');
    await expect(m.checkout({ cart, tenders: [{ method: 'cash', amount: 100, reference: null }], cashier: null })).rejects.toMatchObject({
      code: 'insufficient_payment',
    });
  });

  it('applies the shop tax and rounding', async () => {
    const m = new MockBackend({ now });
    await m.saveSettings({ name: 'W', address: '', receiptFooter: '', timezone: 'WIB', taxMode: 'exclusive', taxRateBp: 1100, rounding: '500', ownerPin: null });
    const q = await m.quote({ lines: [{ productId: 'p-W0001', qtyMilli: 1000, discount: 0 }], discount: 0 });
    // 3.500 + 385 PPN = 3.885 → 4.000.
    expect([q.tax, q.rounding, q.total]).toEqual([385, 115, 4000]);
  });

  it('rejects a bad CSV with its line and column, writing nothing', async () => {
    const m = new MockBackend({ now });
    const csv = 'sku,barcode,name,category,unit,price_idr,cost_idr,sold_by_weight\nX1,,Kopi,Kopi,pcs,1000,800,false\nX2,,Teh,Teh,pcs,mahal,1,false\n';
    await expect(m.importCsv(csv)).rejects.toMatchObject({ code: 'import_rejected', message: expect.stringContaining('line 3, column price_idr') });
    expect((await m.lookup('X1')).exact).toBeNull();
    expect(await m.importCsv(csv.replace('mahal', '1500'))).toEqual({ created: 2, updated: 0, unchanged: 0, openingStock: 0 });
  });

  it('simulates pairing, pending and offline', async () => {
    const m = new MockBackend({ now });
    const pair = (code: string, deviceCode: string | null = null) => m.pair({ serverUrl: 'http://server:8080', code, deviceName: null, deviceCode });
    // Well-formed but unknown: the server's refusal. Malformed: refused before asking, on the field.
    await expect(pair('K7MX-4PQ3')).rejects.toMatchObject({ code: 'invalid_pairing_code' });
    await expect(pair('123456')).rejects.toMatchObject({ code: 'invalid_input', field: 'code' });
    await expect(pair('K7MX-4PQ')).rejects.toMatchObject({ code: 'invalid_input', field: 'code' });
    await expect(pair(MOCK_PAIRING_CODE, 'KASIR-1')).rejects.toMatchObject({ code: 'invalid_input', field: 'device_code' });
    await expect(pair(MOCK_PAIRING_CODE, 'ABCDEFGHI')).rejects.toMatchObject({ code: 'invalid_input', field: 'device_code' });
    expect(MOCK_PAIRING_CODE).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}$/);
    // The window may ring up a sale as soon as it sees the till paired: the receipt code is
    // already the new one by then.
    const seen: Promise<string | null>[] = [];
    await m.onSyncStatus((v) => {
      if (v.connectivity !== 'unpaired') seen.push(m.shop().then((s) => s.deviceCode));
    });
    await pair(` ${MOCK_PAIRING_CODE.toLowerCase().replace('-', ' ')} `, 'kasir2');
    expect((await m.shop()).deviceCode).toBe('KASIR2');
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(await Promise.all(seen))).toEqual(new Set(['KASIR2']));
    m.sync.autoSync = false;
    m.sync.setOffline(true);
    await m.checkout({ cart: { lines: [{ productId: 'p-W0001', qtyMilli: 1000, discount: 0 }], discount: 0 }, tenders: [{ method: 'cash', amount: 3500, reference: null }], cashier: null });
    expect(await m.syncStatus()).toMatchObject({ connectivity: 'offline', pending: 1 });
    m.sync.setOffline(false);
    expect(await m.syncNow()).toMatchObject({ connectivity: 'online', pending: 0 });
    expect((await m.proof()).serverSales).toBe(1);
  });
});
