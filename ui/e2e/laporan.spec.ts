import { expect, test } from '@playwright/test';
import { open, payCash, scan } from './helpers';

test('the report updates after a sale', async ({ page }) => {
  await open(page);
  await page.getByTestId('nav-laporan').click();
  await expect(page.getByTestId('report-sales-count')).toHaveText('0');
  await expect(page.getByTestId('report-total')).toHaveText('Rp 0');

  await page.getByTestId('nav-kasir').click();
  await scan(page, '2000000000015'); // Rp 3.500
  await scan(page, '2000000000015');
  await payCash(page, '10000');
  await page.getByTestId('new-sale').click();

  await page.getByTestId('nav-laporan').click();
  await expect(page.getByTestId('report-sales-count')).toHaveText('1');
  await expect(page.getByTestId('report-total')).toHaveText('Rp 7.000');
  // Cost Rp 3.050 each: profit 2 × 450.
  await expect(page.getByTestId('report-profit')).toHaveText('Rp 900');
  await page.getByTestId('report-scope-shop').click();
  await expect(page.getByTestId('report-sales-count')).toHaveText('1');

  const row = page.getByTestId('sale-row').first();
  const receipt = await row.getAttribute('data-receipt');
  await row.click();
  await expect(page.getByTestId('receipt-no')).toHaveText(receipt ?? 'missing');
  await expect(page.getByTestId('receipt-text')).toContainText('Indomie Goreng 85g');
});
