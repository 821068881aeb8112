import { expect, test } from '@playwright/test';
import { open, scan } from './helpers';

test.use({ viewport: { width: 360, height: 740 }, hasTouch: true });

test('ring up and pay on a 360 px phone', async ({ page }) => {
  const errors = await open(page);
  // Bottom navigation is on screen; nothing overflows sideways.
  await expect(page.getByTestId('nav-laporan')).toBeInViewport();
  await expect(page.getByTestId('sync-badge')).toBeInViewport();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  await scan(page, '2000000000015');
  await page.locator('[data-testid=product-tile][data-sku=W0002]').tap();
  await page.locator('[data-testid=product-tile][data-sku=W0010]').tap();
  await page.getByTestId('weight-input').fill('0,5');
  await page.getByTestId('weight-confirm').tap();
  // 3.500 + 3.300 + 7.000
  await expect(page.getByTestId('cart-total')).toHaveText('Rp 13.800');
  await expect(page.getByTestId('pay-button')).toBeInViewport();
  await page.getByTestId('pay-button').tap();
  // One tap on a quick-cash button pays; the change shows on the receipt.
  await page.getByTestId('quick-cash-20000').tap();
  await expect(page.getByTestId('receipt-no')).toBeVisible();
  await expect(page.getByTestId('receipt-change')).toHaveText('Rp 6.200');
  await page.getByTestId('new-sale').tap();
  expect(errors).toEqual([]);
});
