import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MockBackend } from '../../src/lib/api/mock';
import { targetProblem } from '../../src/lib/api/mock-printing';
import { dynamicQris, parseQris } from '../../src/lib/qris';

const now = () => Date.UTC(2026, 2, 10, 7, 5);
const STATIC =
  '00020101021126460020ID.CO.BANKCONTOH.WWW011893600014000001234551440014ID.CO.QRIS.WWW0215ID10200212345670303UMI5204541153033605802ID5918WARUNG LARIS MANIS6007JAKARTA6304B886';
const cart = { lines: [{ productId: 'p-W0001', qtyMilli: 2000, discount: 0 }], discount: 0 };
const settings = (m: MockBackend, qrisPayload?: string) =>
  m.shop().then((s) =>
    m.saveSettings({
      name: s.name,
      address: s.address,
      receiptFooter: s.receiptFooter,
      timezone: s.timezone,
      taxMode: s.taxMode,
      taxRateBp: s.taxRateBp,
      rounding: s.rounding,
      ownerPin: null,
      ...(qrisPayload !== undefined ? { qrisPayload } : {}),
    }),
  );

describe('mock printer (laris-app printing.rs)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('checks the target as laris-printer does', async () => {
    for (const ok of ['tcp://192.168.1.50', 'tcp://printer.lan:9101/', ' 10.0.0.7:9100 ', 'tcp://[fe80::1]:9100', '/dev/rfcomm0', 'file:///dev/usb/lp0']) {
      expect(targetProblem(ok), ok).toBeNull();
    }
    for (const bad of ['printer', 'http://x:9100', 'file://dev/lp0', 'tcp://a b:9100', '10.0.0.7:0', '10.0.0.7:99999']) {
      expect(targetProblem(bad), bad).not.toBeNull();
    }
    const m = new MockBackend({ now });
    await expect(m.savePrinterSettings({ target: 'printer', paperMm: 58, autoPrint: false, openDrawer: false })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'target',
    });
    await expect(m.savePrinterSettings({ target: '', paperMm: 72, autoPrint: false, openDrawer: false })).rejects.toMatchObject({ field: 'paper_mm' });
    expect(await m.savePrinterSettings({ target: ' tcp://10.0.0.7:9100 ', paperMm: 80, autoPrint: true, openDrawer: true })).toEqual({
      target: 'tcp://10.0.0.7:9100',
      paperMm: 80,
      autoPrint: true,
      openDrawer: true,
    });
    expect((await m.printerSettings()).paperMm).toBe(80);
  });

  it('fails at once with no printer; queues, prints and lists jobs newest first', async () => {
    const m = new MockBackend({ now, printStepMs: 100 });
    const none = await m.testPrinter();
    expect(none).toMatchObject({ label: 'TES', state: 'failed', failure: 'no_printer' });
    await m.savePrinterSettings({ target: '/dev/rfcomm0', paperMm: 58, autoPrint: false, openDrawer: false });
    const sale = await m.checkout({ cart, tenders: [{ method: 'cash', amount: 7000, reference: null }], cashier: null });
    // Auto-print is off: checkout queued nothing.
    expect((await m.printStatus()).jobs).toHaveLength(1);
    const job = await m.printReceipt(sale.id, false);
    expect(job).toMatchObject({ label: sale.receiptNo, state: 'queued', failure: null });
    await vi.advanceTimersByTimeAsync(100);
    expect((await m.printStatus()).jobs[0]).toMatchObject({ id: job.id, state: 'printing' });
    await vi.advanceTimersByTimeAsync(100);
    const jobs = (await m.printStatus()).jobs;
    expect(jobs.map((j) => [j.label, j.state])).toEqual([
      [sale.receiptNo, 'printed'],
      ['TES', 'failed'],
    ]);
    await expect(m.printReceipt('s-nope', true)).rejects.toMatchObject({ code: 'unknown_sale' });
  });

  it('auto-prints after checkout; an offline target is unreachable, nopaper is out of paper', async () => {
    const m = new MockBackend({ now, printStepMs: 10 });
    await m.savePrinterSettings({ target: 'tcp://offline.lan:9100', paperMm: 58, autoPrint: true, openDrawer: false });
    const sale = await m.checkout({ cart, tenders: [{ method: 'cash', amount: 7000, reference: null }], cashier: null });
    expect((await m.printStatus()).jobs[0]).toMatchObject({ label: sale.receiptNo, state: 'queued' });
    await vi.advanceTimersByTimeAsync(20);
    expect((await m.printStatus()).jobs[0]).toMatchObject({ state: 'failed', failure: 'unreachable' });
    await m.savePrinterSettings({ target: '/dev/usb/nopaper0', paperMm: 58, autoPrint: true, openDrawer: false });
    await m.testPrinter();
    await vi.advanceTimersByTimeAsync(20);
    expect((await m.printStatus()).jobs[0]).toMatchObject({ label: 'TES', state: 'failed', failure: 'paper_out' });
  });
});

describe('mock QRIS (laris-app qris.rs)', () => {
  it('checks a pasted QRIS, saves it with the settings and makes the payment QR', async () => {
    const m = new MockBackend({ now });
    await expect(m.qrisPayment(7000)).rejects.toMatchObject({ code: 'invalid_input', field: 'qris' });
    expect(await m.checkQris(STATIC)).toEqual({ merchantName: 'WARUNG LARIS MANIS', merchantCity: 'JAKARTA', nmid: 'ID1020021234567' });
    await expect(m.checkQris(STATIC.replace('JAKARTA', 'BANDUNG'))).rejects.toMatchObject({ code: 'invalid_input', field: 'qris_payload' });
    await expect(settings(m, 'nonsense')).rejects.toMatchObject({ field: 'qris_payload' });
    const shop = await settings(m, ` ${STATIC} `);
    expect(shop.qrisPayload).toBe(STATIC);
    expect(shop.qrisMerchant).toBe('WARUNG LARIS MANIS, JAKARTA');
    // Left out: unchanged.
    expect((await settings(m)).qrisPayload).toBe(STATIC);
    const pay = await m.qrisPayment(15_000);
    expect(pay).toMatchObject({ amount: 15_000, merchantName: 'WARUNG LARIS MANIS', merchantCity: 'JAKARTA' });
    expect(pay.payload).toBe(dynamicQris(parseQris(STATIC), 15_000));
    expect(parseQris(pay.payload).amount).toBe(15_000);
    await expect(m.qrisPayment(0)).rejects.toMatchObject({ field: 'amount' });
    // '' removes it.
    expect((await settings(m, '')).qrisMerchant).toBeNull();
  });

  it('lists QRIS recorded unverified until confirmed; confirmed at the counter is settled', async () => {
    const m = new MockBackend({ now });
    const later = await m.checkout({ cart, tenders: [{ method: 'qris', amount: 7000, reference: null }], cashier: null });
    await m.checkout({ cart, tenders: [{ method: 'qris', amount: 7000, reference: null, confirmed: true }], cashier: null });
    const split = await m.checkout({
      cart,
      tenders: [
        { method: 'cash', amount: 2000, reference: null },
        { method: 'qris', amount: 5000, reference: null, confirmed: false },
      ],
      cashier: null,
    });
    const cash = await m.checkout({ cart, tenders: [{ method: 'cash', amount: 7000, reference: null }], cashier: null });
    expect(await m.unverifiedQris()).toEqual([
      { saleId: later.id, receiptNo: later.receiptNo, createdAt: later.createdAt, amount: 7000, thisDevice: true },
      { saleId: split.id, receiptNo: split.receiptNo, createdAt: split.createdAt, amount: 5000, thisDevice: true },
    ]);
    expect(await m.confirmQris(later.id)).toMatchObject({ receiptNo: later.receiptNo, amount: 7000 });
    expect((await m.unverifiedQris()).map((u) => u.receiptNo)).toEqual([split.receiptNo]);
    await expect(m.confirmQris(later.id)).rejects.toMatchObject({ code: 'invalid_input', field: 'sale' });
    await expect(m.confirmQris(cash.id)).rejects.toMatchObject({ code: 'invalid_input', field: 'sale' });
    const log = await m.auditLog(10);
    expect(log.find((e) => e.action === 'qris_confirmed')).toMatchObject({ subject: later.id });
  });
});
