import { expect, test } from '@playwright/test';
import { open, payCash, scan, setUpOwner } from './helpers';

const ID_DATE = /\d{1,2} (Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des) \d{4}/;

test('cart subtotal equals the receipt subtotal with a line discount', async ({ page }) => {
  const errors = await open(page);
  for (let i = 0; i < 4; i++) await scan(page, '2000000000015'); // 4 × 3.500
  const mie = page.locator('[data-testid=cart-line][data-sku=W0001]');
  await expect(mie.getByTestId('line-qty')).toHaveText('4');
  await mie.getByTestId('line-discount').click();
  await page.getByTestId('discount-input').fill('500');
  await page.getByTestId('discount-confirm').click();
  await expect(page.getByTestId('cart-subtotal')).toHaveText('Rp 13.500');
  await expect(page.getByTestId('cart-total')).toHaveText('Rp 13.500');
  await payCash(page, 'exact');
  await expect(page.getByTestId('receipt-view')).toContainText('Transaksi berhasil');
  await expect(page.getByTestId('receipt-text')).toContainText(/Subtotal\s+Rp\s?13\.500/);
  expect(errors).toEqual([]);
});

test('a sale that takes stock below zero warns on the line, and still goes through', async ({ page }) => {
  await open(page);
  // Mie Sedaap Goreng (W0004) has 2 in stock in the mock.
  for (let i = 0; i < 4; i++) await scan(page, '2000000000046');
  const line = page.locator('[data-testid=cart-line][data-sku=W0004]');
  await expect(line.getByTestId('line-stock-warning')).toHaveText('Stok tinggal -2 pcs');
  await payCash(page, 'exact');
  await page.getByTestId('new-sale').click();
  // Laporan labels the stock figures.
  await page.getByTestId('nav-laporan').click();
  await expect(page.getByText('Stok -2 · min 5 pcs')).toBeVisible();
});

test('Laporan shows dates in id-ID; an old sale is a "Struk penjualan" with its date', async ({ page }) => {
  await open(page);
  await scan(page, '2000000000015');
  await payCash(page, 'exact');
  const no = await page.getByTestId('receipt-no').textContent();
  await page.getByTestId('new-sale').click();
  await page.getByTestId('nav-laporan').click();
  await expect(page.getByTestId('report-range')).toHaveText(ID_DATE);
  const row = page.locator(`[data-testid=sale-row][data-receipt="${no}"]`);
  await expect(row).toContainText(ID_DATE);
  await expect(row).not.toContainText(/\d{2}\/\d{2}\/\d{4}/);
  await row.click();
  const dialog = page.getByTestId('receipt-view');
  await expect(dialog).toContainText('Struk penjualan');
  await expect(dialog).not.toContainText('Transaksi berhasil');
  await expect(page.getByTestId('receipt-date')).toHaveText(ID_DATE);
});

test('an error toast clears on success, on navigation and by itself', async ({ page }) => {
  await open(page);
  const pairWith = async (code: string) => {
    await page.getByTestId('pair-server-url').fill('http://192.168.1.10:8080');
    await page.getByTestId('pair-code').fill(code);
    await page.getByTestId('pair-submit').click();
  };
  await page.getByTestId('nav-pengaturan').click();
  await pairWith('K7MX-4PQ3');
  const toast = page.getByTestId('error-message');
  await expect(toast).toBeVisible();
  // Navigation clears it.
  await page.getByTestId('nav-kasir').click();
  await expect(toast).toHaveCount(0);
  // By itself after about 6 s.
  await page.getByTestId('nav-pengaturan').click();
  await pairWith('K7MX-4PQ3');
  await expect(toast).toBeVisible();
  await expect(toast).toHaveCount(0, { timeout: 9000 });
  // The failed action succeeding clears it.
  await pairWith('K7MX-4PQ3');
  await expect(toast).toBeVisible();
  await pairWith('K7MX-4PQ2');
  await expect(page.getByTestId('paired-store')).toBeVisible();
  await expect(toast).toHaveCount(0);
});

test('pinning moves a tile to the front; a sale does not reorder the tiles', async ({ page }) => {
  await open(page);
  const tiles = page.getByTestId('product-tile');
  await expect(tiles.first()).toBeVisible();
  const order = () => tiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-sku')));
  const before = await order();
  const last = before.at(-1)!;
  await page.locator(`[data-testid=tile-pin][data-sku="${last}"]`).click();
  await expect(tiles.first()).toHaveAttribute('data-sku', last);
  await expect(tiles.first()).toHaveAttribute('data-pinned', 'true');
  const pinned = await order();
  // A sale: nothing moves.
  await scan(page, '2000000000015');
  await payCash(page, 'exact');
  await page.getByTestId('new-sale').click();
  await expect.poll(order).toEqual(pinned);
  // Unpin: back to where it was.
  await page.locator(`[data-testid=tile-pin][data-sku="${last}"]`).click();
  await expect(tiles.first()).not.toHaveAttribute('data-sku', last);
  await expect(page.locator(`[data-testid=product-tile][data-sku="${last}"]`)).toHaveAttribute('data-pinned', 'false');
});

test('first run: an empty catalog shows the onboarding panel', async ({ page }) => {
  await open(page, '/?fresh&empty');
  await page.getByTestId('setup-name').fill('Warung Bu Sri');
  await page.getByTestId('setup-code').fill('B');
  await setUpOwner(page);
  await page.getByTestId('setup-submit').click();
  const panel = page.getByTestId('onboarding');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('Impor katalog (CSV)');
  await expect(panel).toContainText('stok_awal');
  await page.getByTestId('onboarding-add').click();
  await expect(page.getByTestId('product-form')).toBeVisible();
});
