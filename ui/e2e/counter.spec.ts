// The counter, polished (step 6): the scan box by keyboard and scanner, an unknown barcode
// added on the spot, payment by one key or one tap, split payment, and every money or quantity
// field refusing what it cannot read, inline. Demo catalog: ui/src/lib/api/mock-catalog.ts.
import { expect, test, type Page } from '@playwright/test';
import { open, scan } from './helpers';

const line = (page: Page, sku: string) => page.locator(`[data-testid=cart-line][data-sku="${sku}"]`);

/** A USB scanner: a fast burst of digits then Enter, into whatever the box holds. */
async function scanBurst(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
}

test('a scan after an earlier search looks up the barcode alone', async ({ page }) => {
  const errors = await open(page);
  const box = page.getByTestId('scan-input');
  await box.fill('indo gor');
  await expect(page.getByTestId('search-result').first()).toBeVisible();
  // Indomie Soto Mie (W0002), not what "indo gor" matches.
  await scanBurst(page, '2000000000022');
  await expect(line(page, 'W0002')).toBeVisible();
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await expect(box).toHaveValue('');
  await expect(box).toBeFocused();
  expect(errors).toEqual([]);
});

test('Enter adds the top hit, arrows move the highlight, Esc closes', async ({ page }) => {
  await open(page);
  const box = page.getByTestId('scan-input');
  const results = page.getByTestId('search-result');

  await box.fill('kopi');
  await expect(results.first()).toHaveAttribute('aria-selected', 'true');
  await expect(results.first()).toHaveAttribute('data-highlighted', '');
  const first = await results.first().getAttribute('data-sku');
  await box.press('Enter');
  await expect(line(page, first!)).toBeVisible();
  await expect(box).toHaveValue('');
  await expect(box).toBeFocused();

  await box.fill('kopi');
  await expect(results.nth(1)).toBeVisible();
  const second = await results.nth(1).getAttribute('data-sku');
  await box.press('ArrowDown');
  await expect(results.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(results.first()).toHaveAttribute('aria-selected', 'false');
  await box.press('ArrowUp');
  await expect(results.first()).toHaveAttribute('aria-selected', 'true');
  await box.press('ArrowDown');
  await box.press('Enter');
  await expect(line(page, second!)).toBeVisible();
  await expect(page.getByTestId('cart-line')).toHaveCount(2);
  await expect(box).toHaveValue('');

  await box.fill('kopi');
  await expect(page.getByTestId('search-results')).toBeVisible();
  await box.press('Escape');
  await expect(page.getByTestId('search-results')).toHaveCount(0);
  await expect(box).toHaveValue('');
  await expect(page.getByTestId('cart-line')).toHaveCount(2);
});

test('an unknown barcode opens "Tambah barang"; saving rings it up', async ({ page }) => {
  const errors = await open(page);
  await scan(page, '8999999999999');
  const dialog = page.getByTestId('add-product-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Tambah barang');
  await expect(dialog.getByTestId('form-barcode')).toHaveValue('8999999999999');
  const sku = await dialog.getByTestId('form-sku').inputValue();
  expect(sku).not.toBe('');
  await expect(dialog.getByTestId('form-name')).toBeFocused();
  await dialog.getByTestId('form-name').fill('Sabun Cuci Piring Baru');
  await dialog.getByTestId('form-price').fill('4.500');
  await dialog.getByTestId('form-save').click();
  await expect(dialog).toBeHidden();
  await expect(line(page, sku)).toContainText('Sabun Cuci Piring Baru');
  await expect(page.getByTestId('cart-total')).toHaveText('Rp 4.500');
  await expect(page.getByTestId('scan-input')).toBeFocused();

  // Now known: the same barcode adds a second one.
  await scan(page, '8999999999999');
  await expect(line(page, sku).getByTestId('line-qty')).toHaveText('2');

  // Esc closes the dialog without adding anything.
  await scan(page, '8999999999998');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await expect(page.getByTestId('scan-input')).toBeFocused();
  expect(errors).toEqual([]);
});

test('a new product takes its opening stock; an unreadable price is refused inline', async ({ page }) => {
  await open(page);
  await page.getByTestId('nav-produk').click();
  await page.getByTestId('product-add').click();
  const form = page.getByTestId('product-form');
  await form.getByTestId('form-sku').fill('T0001');
  await form.getByTestId('form-name').fill('Tisu Paseo');
  await form.getByTestId('form-price').fill('12.50');
  await expect(form.getByTestId('form-price-error')).toHaveText('Titik ribuan harus per tiga angka: 12.500');
  await expect(form.getByTestId('form-price')).toHaveAttribute('aria-invalid', 'true');
  await form.getByTestId('product-opening-stock').fill('-3');
  await expect(form.getByTestId('product-opening-stock-error')).toHaveText('Jumlah tidak boleh negatif');
  await form.getByTestId('form-save').click();
  await expect(form).toBeVisible();
  await form.getByTestId('form-price').fill('12.500');
  await form.getByTestId('product-opening-stock').fill('24');
  await form.getByTestId('form-save').click();
  await expect(form).toBeHidden();
  await expect(page.locator('[data-testid=product-row][data-sku=T0001]').getByTestId('product-stock')).toHaveText('24 pcs');
});

test('exact cash by one key (F8 then Enter) and by one tap', async ({ page }) => {
  await open(page);
  await scan(page, '2000000000015');
  await expect(page.getByTestId('cart-total')).toHaveText('Rp 3.500');
  await page.keyboard.press('F8');
  await expect(page.getByTestId('pay-dialog')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('receipt-view')).toBeVisible();
  await expect(page.getByTestId('receipt-text')).toContainText('Tunai');
  await page.getByTestId('new-sale').click();

  await scan(page, '2000000000015');
  await expect(page.getByTestId('cart-total')).toHaveText('Rp 3.500');
  await page.getByTestId('pay-button').click();
  await page.getByTestId('quick-cash-exact').click();
  await expect(page.getByTestId('receipt-view')).toBeVisible();
  await expect(page.getByTestId('receipt-change')).toHaveCount(0);
});

test('Enter on a focused quick-cash or method button pays, it does not press it', async ({ page }) => {
  await open(page);
  await scan(page, '2000000000015');
  await page.keyboard.press('F8');
  await page.getByTestId('cash-input').fill('20.000');
  // Arrow keys move the method radio group without paying.
  await page.getByTestId('method-cash').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('method-qris')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('method-qris')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('method-cash')).toHaveAttribute('aria-checked', 'true');
  await page.getByTestId('quick-cash-100000').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('receipt-view')).toBeVisible();
  // Paid with what was typed (Rp 20.000), not the focused Rp 100.000.
  await expect(page.getByTestId('receipt-change')).toHaveText('Rp 16.500');
});

test('split payment: Rp 5.000 cash and the rest by QRIS with a reference', async ({ page }) => {
  await open(page);
  await scan(page, '2000000000015');
  await scan(page, '2000000000022');
  await expect(page.getByTestId('cart-total')).toHaveText('Rp 6.800');
  await page.getByTestId('pay-button').click();
  await page.getByTestId('split-toggle').check();
  await page.getByTestId('split-cash').fill('5.000');
  await expect(page.getByTestId('split-rest')).toHaveText('Rp 1.800');
  await page.getByTestId('split-rest-qris').click();
  await page.getByTestId('pay-reference').fill('QR123');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('receipt-view')).toBeVisible();
  const receipt = page.getByTestId('receipt-text');
  await expect(receipt).toContainText('Ref: QR123');
  await expect(receipt).toContainText('QRIS');
  await expect(receipt).toContainText('Tunai');
});

test('short cash offers the rest by transfer', async ({ page }) => {
  await open(page);
  await scan(page, '2000000000015');
  await scan(page, '2000000000022');
  await page.keyboard.press('F8');
  await page.getByTestId('cash-input').fill('5000');
  await expect(page.getByTestId('pay-short')).toContainText('Rp 1.800');
  await expect(page.getByTestId('confirm-pay')).toBeDisabled();
  await page.getByTestId('rest-to-transfer').click();
  await expect(page.getByTestId('split-cash')).toHaveValue('5000');
  await expect(page.getByTestId('split-rest-transfer')).toHaveAttribute('aria-checked', 'true');
  await page.getByTestId('pay-reference').fill('x'.repeat(65));
  await expect(page.getByTestId('pay-reference-error')).toHaveText('Paling banyak 64 karakter');
  await expect(page.getByTestId('confirm-pay')).toBeDisabled();
  await page.getByTestId('pay-reference').fill('TRF-88');
  await page.getByTestId('confirm-pay').click();
  await expect(page.getByTestId('receipt-text')).toContainText('Ref: TRF-88');
});

test('money and quantity fields refuse what they cannot read, inline', async ({ page }) => {
  await open(page);
  await scan(page, '2000000000015');
  await expect(page.getByTestId('cart-total')).toHaveText('Rp 3.500');

  await page.keyboard.press('F8');
  const cash = page.getByTestId('cash-input');
  await cash.fill('-2500');
  await expect(page.getByTestId('cash-input-error')).toHaveText('Jumlah tidak boleh negatif');
  await expect(cash).toHaveAttribute('aria-invalid', 'true');
  await cash.press('Enter');
  await cash.fill('3.500,50');
  await expect(page.getByTestId('cash-input-error')).toHaveText('Rupiah tidak memakai sen');
  await cash.press('Enter');
  await expect(page.getByTestId('pay-dialog')).toBeVisible();
  await expect(page.getByTestId('receipt-view')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('pay-dialog')).toBeHidden();

  const mie = line(page, 'W0001');
  await mie.getByTestId('line-qty').click();
  const qty = page.getByTestId('weight-input');
  await qty.fill('99999999');
  await qty.press('Enter');
  await expect(page.getByTestId('weight-input-error')).toHaveText('Terlalu besar (maks. 100.000)');
  await expect(qty).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('weight-dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(mie.getByTestId('line-qty')).toHaveText('1');

  await expect(mie.getByTestId('line-discount')).toContainText('Diskon');
  await mie.getByTestId('line-discount').click();
  const disc = page.getByTestId('discount-input');
  await disc.fill('5.000');
  await disc.press('Enter');
  await expect(page.getByTestId('discount-input-error')).toHaveText('Diskon melebihi harga baris');
  await expect(page.getByTestId('discount-dialog')).toBeVisible();
  await disc.fill('500');
  await disc.press('Enter');
  await expect(page.getByTestId('discount-dialog')).toBeHidden();
  await expect(page.getByTestId('cart-total')).toHaveText('Rp 3.000');
});

test('COUNTS: a 3-item cash sale by scanner and by touch', async ({ page }) => {
  await open(page);
  let keys = 0;
  let taps = 0;

  // Scanner: each scan (digits + its Enter) is one key; then F8 and Enter.
  for (const code of ['2000000000015', '2000000000022', '2000000000039']) {
    await scanBurst(page, code);
    keys++;
  }
  await expect(page.getByTestId('cart-line')).toHaveCount(3);
  await page.keyboard.press('F8');
  keys++;
  await expect(page.getByTestId('pay-dialog')).toBeVisible();
  await page.keyboard.press('Enter');
  keys++;
  await expect(page.getByTestId('receipt-view')).toBeVisible();
  await expect(page.getByTestId('receipt-text')).toContainText('Indomie Ayam Bawang');

  // Touch: a fresh window, three tiles, pay, exact.
  await open(page);
  for (const sku of ['W0001', 'W0002', 'W0003']) {
    await page.locator(`[data-testid=product-tile][data-sku=${sku}]`).click();
    taps++;
  }
  await expect(page.getByTestId('cart-line')).toHaveCount(3);
  await page.getByTestId('pay-button').click();
  taps++;
  await page.getByTestId('quick-cash-exact').click();
  taps++;
  await expect(page.getByTestId('receipt-view')).toBeVisible();

  console.log(`COUNTS ${JSON.stringify({ keys, taps })}`);
  expect(keys).toBeLessThanOrEqual(5);
  expect(taps).toBeLessThanOrEqual(5);
});
