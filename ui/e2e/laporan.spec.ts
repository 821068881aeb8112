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

test('report days are shown and typed day first, in words', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('nav-laporan').click();
  const from = page.getByTestId('report-from');
  const today = await from.getAttribute('data-day');
  expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  await expect(from).toHaveValue(/^\d{1,2} (Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des) \d{4}$/);

  await page.getByTestId('report-from-prev').click();
  await expect(page.getByTestId('report-range')).toContainText('–');
  await page.getByTestId('report-from-next').click();
  await expect(from).toHaveAttribute('data-day', today!);

  await from.fill('1/12/2026');
  await from.press('Enter');
  await expect(from).toHaveAttribute('data-day', '2026-12-01');
  await expect(from).toHaveValue('1 Des 2026');

  // Month first (US order) is not a day here: refused with a message, nothing changed.
  await from.fill('12/31/2026');
  await from.press('Enter');
  await expect(page.getByTestId('report-from-error')).toBeVisible();
  await expect(from).toHaveAttribute('data-day', '2026-12-01');
});
