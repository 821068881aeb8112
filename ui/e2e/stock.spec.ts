import { expect, test, type Page } from '@playwright/test';
import { logInByTaps, open, scan } from './helpers';

const productRow = (page: Page, sku: string) => page.locator(`[data-testid=product-row][data-sku=${sku}]`);
const countRow = (page: Page, sku: string) => page.locator(`[data-testid=count-row][data-sku=${sku}]`);

test('stok opname: counted quantities, the differences and their value at cost, the owner PIN, the history', async ({ page }) => {
  const errors = await open(page, '/?people');
  await logInByTaps(page, 'Dewi', '1357');
  await page.getByTestId('nav-produk').click();
  await page.getByTestId('produk-mode-count').click();
  await expect(page.getByTestId('count-review')).toBeDisabled();

  // Indomie Goreng: 24 recorded, 21 on the shelf (cost Rp 3.050).
  await page.getByTestId('count-search').fill('indomie goreng');
  await expect(countRow(page, 'W0001')).toContainText('Tercatat 24 pcs');
  await countRow(page, 'W0001').getByTestId('count-input').fill('21');
  await expect(countRow(page, 'W0001').getByTestId('count-diff')).toHaveText('-3 pcs');
  // Beras curah: 20 kg recorded, 20,5 kg weighed (cost Rp 12.500 per kg); kept while searching.
  await page.getByTestId('count-search').fill('beras curah');
  await countRow(page, 'W0010').getByTestId('count-input').fill('20,5');
  await expect(countRow(page, 'W0010').getByTestId('count-diff')).toHaveText('+0,5 kg');
  await page.getByTestId('count-search').fill('');
  await expect(countRow(page, 'W0001').getByTestId('count-input')).toHaveValue('21');

  await page.getByTestId('count-review').click();
  const review = page.getByTestId('count-review-dialog');
  await expect(review.getByTestId('count-review-line')).toHaveCount(2);
  const line = (sku: string) => review.locator(`[data-testid=count-review-line][data-sku=${sku}]`);
  await expect(line('W0001').getByTestId('count-review-line-value')).toHaveText('-Rp 9.150');
  await expect(line('W0010').getByTestId('count-review-line-value')).toHaveText('Rp 6.250');
  await expect(page.getByTestId('count-review-value')).toHaveText('-Rp 2.900');
  await page.getByTestId('count-note').fill('akhir bulan');
  await page.screenshot({ path: '../docs/screenshots/opname.png' });
  await page.getByTestId('count-save').click();
  await expect(page.getByTestId('owner-pin-summary')).toHaveText('Simpan stok opname (2 barang)');
  await page.getByTestId('owner-pin-input').fill('4821');
  await page.getByTestId('owner-pin-submit').click();
  await expect(review).toHaveCount(0);
  await expect(page.getByTestId('notice')).toHaveText('Stok opname disimpan: 2 barang, selisih -Rp 2.900');

  const hist = page.getByTestId('count-history-row');
  await expect(hist).toHaveCount(1);
  await expect(hist.getByTestId('count-history-value')).toHaveText('-Rp 2.900');
  await hist.locator('button').click();
  await expect(hist.getByTestId('count-history-line')).toHaveCount(2);
  await expect(hist).toContainText('akhir bulan');

  await page.getByTestId('produk-mode-list').click();
  await expect(productRow(page, 'W0001').getByTestId('product-stock')).toHaveText('21 pcs');
  await expect(productRow(page, 'W0010').getByTestId('product-stock')).toHaveText('20,5 kg');
  await page.getByTestId('nav-orang').click();
  await expect(page.getByTestId('audit-log').locator('[data-action=stock_counted]')).toContainText('Stok opname');
  expect(errors).toEqual([]);
});

test("restock with a supplier's cost: the new cost shown first, then the product's cost; suppliers suggested", async ({ page }) => {
  const errors = await open(page);
  await page.getByTestId('nav-produk').click();
  // Indomie Goreng: 24 at Rp 3.050; 12 more at Rp 3.200 average to Rp 3.100.
  await productRow(page, 'W0001').getByTestId('product-restock').click();
  await page.getByTestId('movement-qty').fill('12');
  await page.getByTestId('movement-supplier').fill('Indogrosir');
  await page.getByTestId('movement-cost').fill('3.200');
  await expect(page.getByTestId('movement-new-cost')).toHaveText('Harga pokok menjadi Rp 3.100 (sekarang Rp 3.050)');
  await page.getByTestId('movement-save').click();
  await expect(page.getByTestId('movement-dialog')).toHaveCount(0);
  await expect(productRow(page, 'W0001').getByTestId('product-stock')).toHaveText('36 pcs');
  await productRow(page, 'W0001').getByTestId('product-edit').click();
  await expect(page.getByTestId('form-cost')).toHaveValue('3100');
  await page.keyboard.press('Escape');

  // The supplier is suggested on the next restock.
  await productRow(page, 'W0002').getByTestId('product-restock').click();
  await expect(page.locator('#movement-suppliers option')).toHaveCount(1);
  await expect(page.locator('#movement-suppliers option')).toHaveAttribute('value', 'Indogrosir');
  await page.keyboard.press('Escape');

  // "Harga beli terakhir": the cost becomes the last one paid.
  await page.getByTestId('nav-pengaturan').click();
  await page.getByTestId('settings-cost-method').selectOption('last');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('notice')).toBeVisible();
  await page.getByTestId('nav-produk').click();
  await productRow(page, 'W0001').getByTestId('product-restock').click();
  await page.getByTestId('movement-qty').fill('1');
  await page.getByTestId('movement-cost').fill('2.950');
  await expect(page.getByTestId('movement-new-cost')).toHaveText('Harga pokok menjadi Rp 2.950 (sekarang Rp 3.100)');
  expect(errors).toEqual([]);
});

test('a discount above the shop limit asks the owner PIN at checkout', async ({ page }) => {
  const errors = await open(page, '/?people');
  await logInByTaps(page, 'Bu Sri', '4821');
  await page.getByTestId('nav-pengaturan').click();
  await page.getByTestId('settings-max-discount').fill('10');
  await page.getByTestId('settings-save').click();
  await page.getByTestId('owner-pin-input').fill('4821');
  await page.getByTestId('owner-pin-submit').click();
  await expect(page.getByTestId('notice')).toBeVisible();

  await page.getByTestId('nav-kasir').click();
  for (let i = 0; i < 4; i++) await scan(page, '2000000000015'); // 14.000; 10% is 1.400
  const mie = page.locator('[data-testid=cart-line][data-sku=W0001]');
  await mie.getByTestId('line-discount').click();
  await page.getByTestId('discount-input').fill('2000');
  await page.getByTestId('discount-confirm').click();
  await expect(page.getByTestId('cart-total')).toHaveText('Rp 12.000');
  await page.getByTestId('pay-button').click();
  await page.getByTestId('quick-cash-exact').click();
  await expect(page.getByTestId('owner-pin-summary')).toHaveText('Diskon atau harga khusus di atas batas toko');
  await page.getByTestId('owner-pin-input').fill('4821');
  await page.getByTestId('owner-pin-submit').click();
  await expect(page.getByTestId('receipt-view')).toBeVisible();
  await page.getByTestId('new-sale').click();
  await page.getByTestId('nav-orang').click();
  await expect(page.getByTestId('audit-log').locator('[data-action=discount_over_limit]')).toContainText('Diskon melebihi batas');
  expect(errors).toEqual([]);
});
