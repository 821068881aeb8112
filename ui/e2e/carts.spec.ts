import { expect, test, type Page } from '@playwright/test';
import { open, scan } from './helpers';

const line = (page: Page, sku: string) => page.locator(`[data-testid=cart-line][data-sku=${sku}]`);

test('park a cart, serve the next customer, resume; parked carts survive a reload', async ({ page }) => {
  const errors = await open(page);
  await scan(page, '2000000000015'); // Indomie W0001
  await expect(line(page, 'W0001')).toBeVisible();

  await page.getByTestId('park-cart').click();
  await expect(page.getByTestId('cart-line')).toHaveCount(0);
  await expect(page.getByTestId('parked-cart')).toHaveCount(1);
  await expect(page.getByTestId('parked-carts')).toContainText('Keranjang tersimpan (1)');

  // The next customer.
  await page.locator('[data-testid=product-tile][data-sku=W0002]').click();
  await expect(line(page, 'W0002')).toBeVisible();

  // Survives a reload: both the current cart and the parked one.
  await page.reload();
  await expect(line(page, 'W0002')).toBeVisible();
  // With a cart on the counter the parked ones are folded under their title.
  await expect(page.getByTestId('parked-toggle')).toHaveText(/Keranjang tersimpan \(1\)/);
  await expect(page.getByTestId('parked-toggle')).toHaveAttribute('aria-expanded', 'false');

  // Resuming while the current cart has items parks it first: nothing is lost.
  await page.getByTestId('parked-toggle').click();
  await page.getByTestId('resume-cart').click();
  await expect(line(page, 'W0001')).toBeVisible();
  await expect(line(page, 'W0002')).toHaveCount(0);
  await expect(page.getByTestId('parked-cart')).toHaveCount(1);
  await expect(page.getByTestId('parked-cart')).toContainText(/1 barang/);

  // Delete the other one (the list stays unfolded once opened).
  await page.getByTestId('delete-parked-cart').click();
  await expect(page.getByTestId('parked-cart')).toHaveCount(0);
  await page.reload();
  await expect(line(page, 'W0001')).toBeVisible();
  await expect(page.getByTestId('parked-cart')).toHaveCount(0);
  expect(errors).toEqual([]);
});
