import { expect, test } from '@playwright/test';
import { open, payCash, scan } from './helpers';

test('ring up by scan, search and tile; pay cash with change; receipt', async ({ page }) => {
  const errors = await open(page);
  await expect(page.getByTestId('scan-input')).toBeFocused();

  // A USB scanner: digits then Enter. Indomie Goreng 85g, Rp 3.500.
  await scan(page, '2000000000015');
  await expect(page.locator('[data-testid=cart-line][data-sku=W0001]')).toBeVisible();
  await expect(page.getByTestId('cart-total')).toHaveText('Rp 3.500');
  await expect(page.getByTestId('scan-input')).toHaveValue('');
  await expect(page.getByTestId('scan-input')).toBeFocused();

  // By search: words, then pick from the list. "kopi" matches several items.
  await page.getByTestId('scan-input').fill('kopi');
  const results = page.getByTestId('search-result');
  await expect(results.first()).toBeVisible();
  expect(await results.count()).toBeGreaterThan(1);
  const sku = await results.first().getAttribute('data-sku');
  await results.first().click();
  await expect(page.locator(`[data-testid=cart-line][data-sku="${sku}"]`)).toBeVisible();

  // By tapping a tile: Indomie again makes 2 on one line.
  await page.locator('[data-testid=product-tile][data-sku=W0001]').click();
  const mie = page.locator('[data-testid=cart-line][data-sku=W0001]');
  await expect(mie.getByTestId('line-qty')).toHaveText('2');
  await mie.getByTestId('qty-plus').click();
  await expect(mie.getByTestId('line-qty')).toHaveText('3');
  await mie.getByTestId('qty-minus').click();
  await expect(mie.getByTestId('line-qty')).toHaveText('2');
  await page.locator(`[data-testid=cart-line][data-sku="${sku}"]`).getByTestId('line-remove').click();
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await expect(page.getByTestId('cart-total')).toHaveText('Rp 7.000');

  // Pay Rp 50.000 cash: typed, the change shows before confirming.
  await page.getByTestId('pay-button').click();
  await expect(page.getByTestId('quick-cash-10000')).toBeVisible();
  await page.getByTestId('cash-input').fill('50.000');
  await expect(page.getByTestId('change-amount')).toHaveText('Rp 43.000');
  await page.getByTestId('confirm-pay').click();

  await expect(page.getByTestId('receipt-view')).toBeVisible();
  await expect(page.getByTestId('receipt-no')).toHaveText(/^A-\d{8}-0001$/);
  await expect(page.getByTestId('receipt-text')).toContainText('Indomie Goreng 85g');
  await expect(page.getByTestId('receipt-text')).toContainText('Kembali');
  await expect(page.getByTestId('receipt-change')).toHaveText('Rp 43.000');
  await page.getByTestId('new-sale').click();
  await expect(page.getByTestId('receipt-view')).toBeHidden();
  await expect(page.getByTestId('cart-line')).toHaveCount(0);
  await expect(page.getByTestId('scan-input')).toBeFocused();
  expect(errors).toEqual([]);
});

test('weight entry for a product sold by the kg', async ({ page }) => {
  await open(page);
  // Beras Curah, Rp 14.000/kg: 0,25 kg = Rp 3.500.
  await page.locator('[data-testid=product-tile][data-sku=W0010]').click();
  await expect(page.getByTestId('weight-dialog')).toBeVisible();
  await page.getByTestId('weight-input').fill('0,25');
  await page.getByTestId('weight-confirm').click();
  const line = page.locator('[data-testid=cart-line][data-sku=W0010]');
  await expect(line.getByTestId('line-qty')).toHaveText('0,25 kg');
  await expect(page.getByTestId('cart-total')).toHaveText('Rp 3.500');

  // F4 edits the last line's weight: 1,5 kg = Rp 21.000.
  await page.keyboard.press('F4');
  await page.getByTestId('weight-input').fill('1,5');
  await page.getByTestId('weight-input').press('Enter');
  await expect(line.getByTestId('line-qty')).toHaveText('1,5 kg');
  await expect(page.getByTestId('cart-total')).toHaveText('Rp 21.000');

  // F8 pays; quick buttons below the total are hidden; Enter confirms.
  await page.keyboard.press('F8');
  await expect(page.getByTestId('pay-dialog')).toBeVisible();
  await expect(page.getByTestId('quick-cash-10000')).toHaveCount(0);
  await expect(page.getByTestId('quick-cash-20000')).toHaveCount(0);
  await page.getByTestId('cash-input').fill('25000');
  await expect(page.getByTestId('change-amount')).toHaveText('Rp 4.000');
  await page.getByTestId('cash-input').press('Enter');
  await expect(page.getByTestId('receipt-view')).toBeVisible();
  await expect(page.getByTestId('receipt-text')).toContainText('1,5 kg');
});

test('the cart survives a reload', async ({ page }) => {
  await open(page);
  await scan(page, 'W0002');
  await expect(page.getByTestId('cart-total')).toHaveText('Rp 3.300');
  await page.reload();
  await expect(page.locator('[data-testid=cart-line][data-sku=W0002]')).toBeVisible();
  await expect(page.getByTestId('cart-total')).toHaveText('Rp 3.300');
  await payCash(page, 'exact');
});
