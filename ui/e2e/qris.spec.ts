import { expect, test, type Page } from '@playwright/test';
import { logInByTaps, open, scan } from './helpers';
import { buildStaticQris, parseQris } from '../src/lib/qris';

// The shop's static QRIS as a sticker carries it, built from the EMVCo structure.
const STATIC = buildStaticQris({ merchantName: 'Warung Laris Manis', merchantCity: 'Jakarta', nmid: 'ID1020021234567' });

/** The owner pastes the QRIS in Pengaturan, checks whom it pays and saves (no PIN on a till
 * nobody is set up on). */
async function setUpQris(page: Page): Promise<void> {
  await page.getByTestId('nav-pengaturan').click();
  await page.getByTestId('settings-qris').fill(STATIC);
  await page.getByTestId('settings-qris-check').click();
  await expect(page.getByTestId('settings-qris-merchant')).toHaveText('QRIS atas nama Warung Laris Manis, Jakarta (NMID ID1020021234567)');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-qris-saved')).toHaveText('Tersimpan: QRIS atas nama Warung Laris Manis, Jakarta');
  await page.getByTestId('nav-kasir').click();
}

test('QRIS: owner pastes and checks it; the QR carries the total; "Cek nanti" waits on Laporan until confirmed', async ({ page }) => {
  const errors = await open(page);
  await page.getByTestId('nav-pengaturan').click();
  // A miscopied code (one character changed) is refused with the reason in Bahasa Indonesia.
  await page.getByTestId('settings-qris').fill(STATIC.replace('Jakarta', 'Jakarto'));
  await page.getByTestId('settings-qris-check').click();
  await expect(page.getByTestId('settings-qris-error')).toHaveText('Kode QRIS rusak atau salah salin (checksum tidak cocok).');
  await expect(page.getByTestId('settings-qris-merchant')).toHaveCount(0);
  await setUpQris(page);

  // 2 × 3.500: the QR is for exactly Rp 7.000.
  await scan(page, '2000000000015');
  await scan(page, '2000000000015');
  await page.getByTestId('pay-button').click();
  await page.getByTestId('method-qris').click();
  const qr = page.getByTestId('qris-code');
  await expect(qr).toBeVisible();
  await expect(page.getByTestId('qris-merchant')).toHaveText('Bayar ke Warung Laris Manis');
  await expect(page.getByTestId('qris-amount')).toHaveText('Rp 7.000');
  const payload = (await qr.getAttribute('data-payload')) ?? '';
  const dynamic = parseQris(payload);
  expect(dynamic.dynamic).toBe(true);
  expect(dynamic.amount).toBe(7000);
  expect(dynamic.merchantName).toBe('Warung Laris Manis');
  // Large enough to scan from across the counter.
  expect((await qr.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(240);
  await page.getByTestId('qris-later').click();
  await expect(page.getByTestId('receipt-view')).toBeVisible();
  const later = (await page.getByTestId('receipt-no').textContent()) ?? '';
  await page.getByTestId('new-sale').click();

  // Seen arriving at the counter: recorded settled, never listed.
  await scan(page, '2000000000015');
  await page.getByTestId('pay-button').click();
  await page.getByTestId('method-qris').click();
  await expect(page.getByTestId('qris-amount')).toHaveText('Rp 3.500');
  await page.getByTestId('qris-confirmed').click();
  await expect(page.getByTestId('receipt-view')).toBeVisible();
  const settled = (await page.getByTestId('receipt-no').textContent()) ?? '';
  await page.getByTestId('new-sale').click();

  // Split: Rp 2.000 cash, the QR for the Rp 5.000 rest.
  await scan(page, '2000000000015');
  await scan(page, '2000000000015');
  await page.getByTestId('pay-button').click();
  await page.getByTestId('split-toggle').check();
  await page.getByTestId('split-cash').fill('2.000');
  await expect(page.getByTestId('qris-amount')).toHaveText('Rp 5.000');
  expect(parseQris((await page.getByTestId('qris-code').getAttribute('data-payload')) ?? '').amount).toBe(5000);
  await page.getByTestId('confirm-pay').click();
  await expect(page.getByTestId('receipt-view')).toBeVisible();
  const split = (await page.getByTestId('receipt-no').textContent()) ?? '';
  await page.getByTestId('new-sale').click();

  await page.getByTestId('nav-laporan').click();
  const list = page.getByTestId('unverified-qris');
  await expect(list.getByTestId('unverified-qris-row')).toHaveCount(2);
  await expect(list.locator(`[data-receipt="${later}"]`)).toContainText('Rp 7.000');
  await expect(list.locator(`[data-receipt="${split}"]`)).toContainText('Rp 5.000');
  await expect(list.locator(`[data-receipt="${settled}"]`)).toHaveCount(0);
  await page.getByTestId(`qris-confirm-${later}`).click();
  await expect(page.getByTestId('notice')).toHaveText(`QRIS ${later} sudah masuk`);
  await expect(list.locator(`[data-receipt="${later}"]`)).toHaveCount(0);
  await page.getByTestId(`qris-confirm-${split}`).click();
  await expect(page.getByTestId('unverified-qris')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('QRIS not set up: said plainly, still recorded (unverified) and listed at the shift closing', async ({ page }) => {
  const errors = await open(page, '/?people');
  await logInByTaps(page, 'Dewi', '1357');
  await page.getByTestId('shift-notice-open').click();
  await page.getByTestId('shift-float-input').fill('100.000');
  await page.getByTestId('shift-open').click();
  await page.getByTestId('nav-kasir').click();
  await scan(page, '2000000000015');
  await page.getByTestId('pay-button').click();
  await page.getByTestId('method-qris').click();
  await expect(page.getByTestId('qris-not-set-up')).toContainText('QRIS toko belum diatur');
  await expect(page.getByTestId('qris-code')).toHaveCount(0);
  await expect(page.getByTestId('qris-confirmed')).toHaveCount(0);
  await page.getByTestId('qris-later').click();
  await expect(page.getByTestId('receipt-view')).toBeVisible();
  const no = (await page.getByTestId('receipt-no').textContent()) ?? '';
  await page.getByTestId('new-sale').click();

  await page.getByTestId('nav-shift').click();
  await page.getByTestId('shift-close').click();
  const dialog = page.getByTestId('close-shift-dialog');
  await expect(dialog.getByTestId('unverified-qris')).toContainText(no);
  await dialog.getByTestId(`qris-confirm-${no}`).click();
  await expect(dialog.getByTestId('unverified-qris')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test.describe('phone 360×740', () => {
  test.use({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });

  test('the pay dialog with the QR fits a 360 px phone', async ({ page }) => {
    const errors = await open(page);
    await setUpQris(page);
    await scan(page, '2000000000015');
    await page.getByTestId('cart-bar').tap();
    await page.getByTestId('pay-button').tap();
    await page.getByTestId('method-qris').tap();
    const qr = page.getByTestId('qris-code');
    await expect(qr).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const dialogOverflow = await page.getByTestId('pay-dialog').evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(dialogOverflow).toBeLessThanOrEqual(0);
    const box = await qr.boundingBox();
    expect(box?.x ?? -1).toBeGreaterThanOrEqual(0);
    expect((box?.x ?? 0) + (box?.width ?? 999)).toBeLessThanOrEqual(360);
    expect(box?.width ?? 0).toBeGreaterThanOrEqual(220);
    expect(errors).toEqual([]);
  });
});

test('a kasbon down payment by QRIS shows the QR for the down payment; the rest goes on the account', async ({ page }) => {
  const errors = await open(page);
  await setUpQris(page);
  for (let i = 0; i < 4; i++) await scan(page, '2000000000015');
  await page.getByTestId('pay-button').click();
  await page.getByTestId('method-kasbon').click();
  await page.getByTestId('kasbon-customer-search').fill('Pak Budi');
  await page.getByTestId('kasbon-customer-new').click();
  await page.getByTestId('customer-save').click();
  await expect(page.getByTestId('kasbon-customer')).toHaveAttribute('data-name', 'Pak Budi');
  await page.getByTestId('kasbon-dp').fill('5.000');
  await page.getByTestId('kasbon-dp-qris').click();
  const qr = page.getByTestId('qris-code');
  await expect(qr).toBeVisible();
  expect(parseQris((await qr.getAttribute('data-payload')) ?? '').amount).toBe(5000);
  await page.getByTestId('qris-confirmed').click();
  await expect(page.getByTestId('receipt-view')).toBeVisible();
  await expect(page.getByTestId('receipt-kasbon')).toContainText('Pak Budi');
  const text = (await page.getByTestId('receipt-text').textContent()) ?? '';
  expect(text).toMatch(/QRIS +Rp 5\.000/);
  expect(text).toMatch(/Sisa kasbon +Rp 9\.000/);
  expect(errors).toEqual([]);
});
