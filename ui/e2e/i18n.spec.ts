import { expect, test } from '@playwright/test';
import { open, setUpOwner } from './helpers';

test('switch to English and back; the choice is kept', async ({ page }) => {
  await open(page);
  await expect(page.getByTestId('nav-kasir')).toHaveText('Kasir');
  await expect(page.getByTestId('sync-badge')).toHaveText(/Belum terhubung/);
  await page.getByTestId('nav-pengaturan').click();
  await page.getByTestId('language-select').selectOption('en');
  await expect(page.getByTestId('nav-kasir')).toHaveText('Till');
  await expect(page.getByTestId('nav-laporan')).toHaveText('Reports');
  await expect(page.getByTestId('sync-badge')).toHaveText(/Not connected/);
  await page.reload();
  await expect(page.getByTestId('nav-kasir')).toHaveText('Till');
  await page.getByTestId('nav-pengaturan').click();
  await page.getByTestId('language-select').selectOption('id');
  await expect(page.getByTestId('nav-kasir')).toHaveText('Kasir');
  await expect(page.getByTestId('nav-pengaturan')).toHaveText('Pengaturan');
});

test('first run sets up the shop', async ({ page }) => {
  await open(page, '/?fresh');
  await page.getByTestId('setup-name').fill('Warung Bu Sri');
  await page.getByTestId('setup-code').fill('B');
  await setUpOwner(page);
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('scan-input')).toBeVisible();
  await expect(page.getByText('Warung Bu Sri')).toBeVisible();
});
