import { expect, test } from '@playwright/test';
import { open, payCash, scan } from './helpers';

// The mock printer (mock-printing.ts): jobs go queued → printing → printed on timers; a target
// containing "offline" is a printer that is off, one containing "nopaper" is out of paper.

test('printer settings: saved, test page printed, an offline printer explained in Bahasa Indonesia', async ({ page }) => {
  const errors = await open(page);
  await page.getByTestId('nav-pengaturan').click();
  await expect(page.getByTestId('printer-target')).toHaveAttribute('placeholder', 'tcp://192.168.1.50:9100 atau /dev/rfcomm0');
  // No printer yet: the test page fails at once, saying where to set one up.
  await page.getByTestId('printer-test').click();
  await expect(page.getByTestId('printer-test-status')).toHaveText('Belum ada printer: atur di Pengaturan');

  // Not an address: refused on the field.
  await page.getByTestId('printer-target').fill('printer-kasir');
  await page.getByTestId('printer-save').click();
  await expect(page.getByTestId('error-message')).toContainText('alamat printer');

  await page.getByTestId('printer-target').fill('tcp://192.168.1.50:9100');
  await page.getByTestId('printer-paper').selectOption('80');
  await page.getByTestId('printer-drawer').check();
  await page.getByTestId('printer-save').click();
  await expect(page.getByTestId('notice')).toHaveText('Printer disimpan');
  await page.getByTestId('printer-test').click();
  const status = page.getByTestId('printer-test-status');
  await expect(status).toHaveAttribute('data-state', /queued|printing/);
  await expect(status).toHaveAttribute('data-state', 'printed');
  await expect(status).toHaveText('Halaman tes tercetak');

  // Kept on this till: shown again after leaving the screen.
  await page.getByTestId('nav-kasir').click();
  await page.getByTestId('nav-pengaturan').click();
  await expect(page.getByTestId('printer-target')).toHaveValue('tcp://192.168.1.50:9100');
  await expect(page.getByTestId('printer-paper')).toHaveValue('80');
  await expect(page.getByTestId('printer-drawer')).toBeChecked();
  await expect(page.getByTestId('printer-auto')).not.toBeChecked();

  await page.getByTestId('printer-target').fill('tcp://offline-printer.lan:9100');
  await page.getByTestId('printer-save').click();
  await page.getByTestId('printer-test').click();
  await expect(status).toHaveText('Printer tidak terjangkau: pastikan printer menyala dan terhubung');
  await expect(status).toHaveAttribute('data-failure', 'unreachable');

  await page.getByTestId('printer-target').fill('/dev/usb/nopaper0');
  await page.getByTestId('printer-save').click();
  await page.getByTestId('printer-test').click();
  await expect(status).toHaveText('Kertas printer habis');
  expect(errors).toEqual([]);
});

test('receipt: Cetak shows the job, auto-print after a sale, WhatsApp share link', async ({ page }) => {
  const errors = await open(page);
  // No printer: "Cetak" says so.
  await scan(page, '2000000000015');
  await payCash(page, 'exact');
  await page.getByTestId('print-receipt').click();
  await expect(page.getByTestId('print-status')).toHaveText('Belum ada printer: atur di Pengaturan');

  // The receipt by WhatsApp: 08… becomes 628…, the receipt's text in the message.
  const no = (await page.getByTestId('receipt-no').textContent()) ?? '';
  await page.getByTestId('share-whatsapp-number').fill('0812-3456-7890');
  const share = page.getByTestId('share-whatsapp');
  await expect(share).toHaveAttribute('target', '_blank');
  await expect(share).toHaveAttribute('rel', /noopener/);
  const href = (await share.getAttribute('href')) ?? '';
  expect(href.startsWith('https://wa.me/6281234567890?text=')).toBe(true);
  expect(decodeURIComponent(href.split('?text=')[1])).toContain(no);
  await page.getByTestId('new-sale').click();

  await page.getByTestId('nav-pengaturan').click();
  await page.getByTestId('printer-target').fill('/dev/rfcomm0');
  await page.getByTestId('printer-auto').check();
  await page.getByTestId('printer-save').click();
  await expect(page.getByTestId('notice')).toHaveText('Printer disimpan');
  await page.getByTestId('nav-kasir').click();

  // Auto-print: Rust (here the mock) queued the receipt itself; the dialog follows it.
  await scan(page, '2000000000015');
  await payCash(page, 'exact');
  const status = page.getByTestId('print-status');
  await expect(status).toHaveText(/Menunggu printer…|Mencetak struk…/);
  await expect(status).toHaveText('Struk tercetak');
  await expect(page.getByTestId('print-receipt')).toHaveText('Cetak ulang');
  await page.getByTestId('print-receipt').click();
  await expect(status).toHaveAttribute('data-state', /queued|printing/);
  await expect(status).toHaveText('Struk tercetak');
  await page.getByTestId('new-sale').click();

  // Opened again from the sales list: Cetak prints a copy.
  await page.getByTestId('nav-laporan').click();
  await page.getByTestId('sale-row').first().click();
  await expect(page.getByTestId('print-status')).toHaveCount(0);
  await page.getByTestId('print-receipt').click();
  await expect(page.getByTestId('print-status')).toHaveText('Struk tercetak');
  expect(errors).toEqual([]);
});
