import { expect, test } from '@playwright/test';
import { logInByTaps, open, scan } from './helpers';

const mie = '[data-testid=cart-line][data-sku=W0001]';

test('Dewi types a price; it survives a reload; the owner PIN approves it at payment; audited in Bahasa', async ({ page }) => {
  const errors = await open(page, '/?people');
  await logInByTaps(page, 'Dewi', '1357');
  await scan(page, '2000000000015');
  await scan(page, '2000000000015');
  await expect(page.getByTestId('cart-total')).toHaveText('Rp 7.000');

  // Ubah harga: a tap on the line's unit price. A typo is refused inline, like other money.
  const line = page.locator(mie);
  await line.getByTestId('line-price').click();
  await expect(page.getByTestId('price-dialog')).toBeVisible();
  await expect(page.getByTestId('price-input')).toHaveValue('3.500');
  await expect(page.getByTestId('price-normal')).toHaveText('Harga normal Rp 3.500');
  await page.getByTestId('price-input').fill('3.00');
  await expect(page.getByTestId('price-input-error')).toHaveText('Titik ribuan harus per tiga angka: 12.500');
  await page.getByTestId('price-confirm').click();
  await expect(page.getByTestId('price-dialog')).toBeVisible();
  await page.getByTestId('price-input').fill('3.000');
  await expect(page.getByTestId('price-input-error')).toHaveCount(0);
  await expect(page.getByTestId('price-owner-note')).toHaveText('Harga yang diubah perlu PIN pemilik saat bayar.');
  await page.getByTestId('price-input').press('Enter');
  await expect(page.getByTestId('price-dialog')).toHaveCount(0);
  // The line says so: the catalog price struck through.
  await expect(line).toHaveAttribute('data-typed-price', '3000');
  await expect(line.getByTestId('line-price')).toHaveText('@ Rp 3.000');
  await expect(line.getByTestId('line-price-changed')).toContainText('Harga diubah');
  await expect(line.locator('s[data-testid=line-catalog-price]')).toHaveText('Rp 3.500');
  await expect(line.getByTestId('line-net')).toHaveText('Rp 6.000');
  await expect(page.getByTestId('cart-total')).toHaveText('Rp 6.000');
  // Focus is back on the scan box for the next item.
  await expect(page.getByTestId('scan-input')).toBeFocused();

  // A reload (or a crash) keeps the typed price.
  await page.reload();
  await logInByTaps(page, 'Dewi', '1357');
  await expect(line).toHaveAttribute('data-typed-price', '3000');
  await expect(page.getByTestId('cart-total')).toHaveText('Rp 6.000');

  // By keyboard: F6 is the last line's price; "Harga normal" puts the catalog's back.
  await page.keyboard.press('F6');
  await expect(page.getByTestId('price-input')).toBeFocused();
  await page.getByTestId('price-reset').click();
  await expect(line).not.toHaveAttribute('data-typed-price');
  await expect(line.getByTestId('line-price-changed')).toHaveCount(0);
  await expect(page.getByTestId('cart-total')).toHaveText('Rp 7.000');
  await page.keyboard.press('F6');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('3000');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('cart-total')).toHaveText('Rp 6.000');

  // Paying asks the owner, saying what is approved; a wrong PIN is refused in the dialog.
  await page.getByTestId('pay-button').click();
  await page.getByTestId('quick-cash-exact').click();
  const gate = page.getByTestId('owner-pin-dialog');
  await expect(gate).toBeVisible();
  await expect(page.getByTestId('owner-pin-summary')).toHaveText('Harga diubah: Indomie Goreng 85g Rp 3.000 (normal Rp 3.500)');
  await page.getByTestId('owner-pin-input').fill('1111');
  await page.getByTestId('owner-pin-submit').click();
  await expect(page.getByTestId('owner-pin-error')).toHaveText('PIN salah.');
  await expect(gate).toBeVisible();
  await expect(page.getByTestId('receipt-view')).toHaveCount(0);
  await page.getByTestId('owner-pin-input').fill('4821');
  await page.getByTestId('owner-pin-submit').click();
  await expect(page.getByTestId('receipt-view')).toBeVisible();
  await expect(page.getByTestId('receipt-text')).toContainText(/2 x Rp 3\.000\s+Rp 6\.000/);
  await expect(page.getByTestId('receipt-view')).toContainText('Kasir: Dewi');
  await page.getByTestId('new-sale').click();
  await expect(page.getByTestId('cart-total')).toHaveText('Rp 0');

  // Orang → Catatan aktivitas: who sold, who approved, in Bahasa.
  await page.getByTestId('nav-orang').click();
  const entry = page.getByTestId('audit-log').locator('[data-action=price_overridden]');
  await expect(entry).toHaveCount(1);
  await expect(entry.getByTestId('audit-action')).toHaveText('Mengubah harga jual');
  await expect(entry.getByTestId('audit-who')).toHaveText('Bu Sri');
  await expect(entry.getByTestId('audit-approval')).toHaveText('Disetujui: PIN pemilik');
  await expect(entry.getByTestId('audit-detail')).toContainText('Indomie Goreng 85g: Rp 3.000 instead of Rp 3.500');
  expect(errors).toEqual([]);
});

test.describe('phone 360×740', () => {
  test.use({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });

  test('Ubah harga by touch on a 360 px phone; nothing overflows', async ({ page }) => {
    const errors = await open(page);
    await scan(page, '2000000000015');
    await page.getByTestId('cart-bar').tap();
    const line = page.locator(mie);
    await line.getByTestId('line-discount').tap();
    await page.getByTestId('discount-input').fill('3.000');
    await page.getByTestId('discount-confirm').tap();
    await line.getByTestId('line-price').tap();
    // The line's discount must still fit under the typed price.
    await page.getByTestId('price-input').fill('2.000');
    await expect(page.getByTestId('price-input-error')).toHaveText('Diskon melebihi harga baris');
    await page.getByTestId('price-confirm').tap();
    await expect(page.getByTestId('price-dialog')).toBeVisible();
    await page.getByTestId('price-input').fill('6.250');
    await page.getByTestId('price-confirm').tap();
    await expect(line.getByTestId('line-price-changed')).toBeVisible();
    await expect(page.getByTestId('cart-total')).toHaveText('Rp 3.250');
    await expect(line.getByTestId('line-price')).toHaveText('@ Rp 6.250');
    const panel = page.getByTestId('cart-panel');
    expect(await panel.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    for (const id of ['line-price', 'line-discount', 'qty-minus', 'line-qty', 'qty-plus', 'line-remove']) {
      await expect(line.getByTestId(id)).toBeInViewport({ ratio: 1 });
    }
    // No people on this till: no PIN asked, the sale goes through at the typed price.
    await page.getByTestId('pay-button').tap();
    await page.getByTestId('quick-cash-exact').tap();
    await expect(page.getByTestId('receipt-text')).toContainText('1 x Rp 6.250');
    expect(errors).toEqual([]);
  });
});
