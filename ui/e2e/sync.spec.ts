import { expect, test } from '@playwright/test';
import { open, payCash, scan } from './helpers';

type Hook = { setOffline(v: boolean): void; setAutoSync(v: boolean): void };

test('badge: offline with waiting sales, then synced', async ({ page }) => {
  await open(page);
  const badge = page.getByTestId('sync-badge');
  await expect(badge).toHaveAttribute('data-state', 'unpaired');

  await page.getByTestId('nav-pengaturan').click();
  await page.getByTestId('pair-server-url').fill('http://192.168.1.10:8080');
  await page.getByTestId('pair-code').fill('123456');
  await page.getByTestId('pair-submit').click();
  await expect(page.getByTestId('paired-store')).toContainText('Warung Laris Manis');
  await expect(badge).toHaveAttribute('data-state', 'online');
  await expect(badge).toContainText('Tersinkron');
  await expect(badge).toContainText(/Terakhir: \d\d:\d\d/);

  await page.evaluate(() => (window as unknown as { __larisMock: Hook }).__larisMock.setOffline(true));
  await expect(badge).toHaveAttribute('data-state', 'offline');
  await expect(badge).toContainText('Offline');

  await page.getByTestId('nav-kasir').click();
  await scan(page, '2000000000015');
  await payCash(page, 'exact');
  await page.getByTestId('new-sale').click();
  await expect(badge).toHaveAttribute('data-pending', '1');
  await expect(badge).toContainText('Offline · 1 menunggu');

  // Online without the background round: the sale waits, then "Sinkronkan sekarang" sends it.
  await page.evaluate(() => {
    const hook = (window as unknown as { __larisMock: Hook }).__larisMock;
    hook.setAutoSync(false);
    hook.setOffline(false);
  });
  await expect(badge).toContainText('1 transaksi menunggu');
  await badge.click();
  await expect(page.getByTestId('sync-details')).toBeVisible();
  await page.getByTestId('sync-now').click();
  await expect(badge).toHaveAttribute('data-state', 'online');
  await expect(badge).toHaveAttribute('data-pending', '0');
  await expect(badge).toContainText('Tersinkron');
  await expect(page.getByTestId('proof-summary')).toHaveText(
    'Kasir A: 1 transaksi di server sampai #1, 0 celah, 0 ganda, total cocok',
  );
});

test('a wrong pairing code shows a plain error', async ({ page }) => {
  await open(page);
  await page.getByTestId('nav-pengaturan').click();
  await page.getByTestId('pair-server-url').fill('http://localhost:9');
  await page.getByTestId('pair-code').fill('999999');
  await page.getByTestId('pair-submit').click();
  await expect(page.getByTestId('error-message')).toHaveText(/Kode pasangan salah/);
});
