// The owner's back office against a real laris-server on each backend, and a real till (the
// laris CLI) syncing with it: sign up, add a device and pair the till with the code shown,
// ring up sales, sync, see them on the dashboard with the till's "complete up to", change a
// price in the back office and see it on the till after its sync, export XLSX and read it
// back, log out. At 360 px and at desktop width; the screenshots go to docs/screenshots.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Server, SHARED, Till, backends, unzip } from './harness';

const SHOTS = resolve(import.meta.dirname, '../../docs/screenshots');
const PASSWORD = 'rahasia-warung-1';
const EVIL = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';

const sizes = [
  { name: 'desktop', viewport: { width: 1280, height: 860 } },
  { name: 'phone', viewport: { width: 360, height: 780 } },
] as const;

async function noHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
}

for (const backend of backends()) {
  test.describe(`back office on ${backend}`, () => {
    let server: Server;
    test.beforeAll(async () => {
      server = await Server.start(backend);
    });
    test.afterAll(async () => {
      await server?.stop();
    });

    for (const size of sizes) {
      test(`an owner's first day at ${size.name} width`, async ({ browser }) => {
        const context = await browser.newContext({ viewport: size.viewport, locale: 'id-ID' });
        const page = await context.newPage();
        const till = new Till();
        try {
          const base = server.url;
          const email = `bu.sri.${size.name}@warung.example`;

          // Sign up.
          await page.goto(`${base}/daftar`);
          await page.getByLabel('Nama toko').fill(`Warung Bu Sri (${size.name})`);
          await page.getByLabel('Email').fill(email);
          await page.getByLabel('Kata sandi', { exact: true }).fill(PASSWORD);
          await page.getByLabel('Ulangi kata sandi').fill(PASSWORD);
          await page.getByRole('button', { name: 'Buat akun' }).click();
          await expect(page.getByTestId('card-total')).toBeVisible();

          // Add a device: the code shown large, and as a QR of the pairing link.
          await page.goto(`${base}/perangkat`);
          await page.getByTestId('add-device').click();
          const shown = (await page.getByTestId('pairing-code').innerText()).trim();
          expect(shown).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
          const qr = await page.getByTestId('pairing-qr').getAttribute('data-payload');
          expect(qr).toBe(`${base}/pasang?kode=${shown.replace('-', '')}`);
          await noHorizontalScroll(page);
          await page.screenshot({ path: join(SHOTS, `backoffice-pairing-${size.name}.png`) });

          // The till pairs with the code as the owner reads it out, sells and syncs.
          till.run('init', '--name', 'Warung Bu Sri', '--device', 'A', '--catalog', join(SHARED, 'catalog-warung.csv'));
          till.run('pair', base, shown, '--name', 'Kasir depan');
          till.run('sell', '--item', '2000000000015x2', '--pay', 'cash');
          till.run('sell', '--item', '2000000000015x1', '--item', '2000000000022x3', '--pay', 'qris');
          till.run('sync', '--verify');

          // The dashboard: the sales, the till complete up to its sync.
          await page.goto(`${base}/`);
          await expect(page.getByTestId('card-sales')).toContainText('2');
          await expect(page.getByTestId('card-total')).toContainText('20.400');
          const device = page.getByTestId('device-A');
          await expect(device.getByTestId('device-name')).toContainText('Kasir depan');
          await expect(device.getByTestId('device-complete')).not.toContainText('Belum');
          await expect(device.getByTestId('device-sales-held')).toContainText('2');
          await noHorizontalScroll(page);
          await page.screenshot({ path: join(SHOTS, `backoffice-dashboard-${size.name}.png`), fullPage: true });

          // A price changed in the back office reaches the till on its next sync.
          await page.goto(`${base}/produk`);
          await page.getByTestId('product-search').fill('Indomie Goreng');
          await page.getByRole('button', { name: /Indomie Goreng 85g/ }).click();
          await page.getByTestId('pf-price').fill('3.900');
          await page.getByTestId('pf-save').click();
          await expect(page.getByTestId('product-form')).toBeHidden();
          await expect(page.getByTestId('product-row').filter({ hasText: 'Indomie Goreng 85g' })).toContainText('3.900');
          till.run('sync');
          const found = till.json<{ product: { price: number } }[]>('search', '2000000000015');
          expect(found[0].product.price).toBe(3_900);

          // A product named with markup shows as text, and runs nothing.
          await page.getByTestId('product-add').click();
          await page.getByTestId('pf-name').fill(EVIL);
          await page.getByTestId('pf-unit').fill('pcs');
          await page.getByTestId('pf-price').fill('1.000');
          await page.getByTestId('pf-save').click();
          await expect(page.getByTestId('product-form')).toBeHidden();
          await page.getByTestId('product-search').fill('script');
          await expect(page.getByTestId('product-row').first()).toContainText(EVIL);
          expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
          await page.screenshot({ path: join(SHOTS, `backoffice-products-${size.name}.png`) });

          // Export the sales as XLSX and read the workbook back.
          await page.goto(`${base}/ekspor`);
          await page.getByLabel('Excel (XLSX)').check();
          const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-link').click()]);
          const file = await download.path();
          const book = unzip(readFileSync(file));
          const strings = book.get('xl/sharedStrings.xml')?.toString('utf8') ?? '';
          const sheet = book.get('xl/worksheets/sheet1.xml')?.toString('utf8') ?? '';
          expect(strings).toContain('receipt_no');
          expect(strings).toMatch(/A-\d{8}-0001/);
          expect(strings).toMatch(/A-\d{8}-0002/);
          expect(sheet).toContain('<v>7000</v>');
          expect(sheet).toContain('<v>13400</v>');

          // What step 7's tills sync has its screens (empty for this till: no shift, kasbon,
          // return, audit entry or restock yet), each without sideways scrolling.
          for (const [path, empty] of [
            ['/shift', 'shift-empty'],
            ['/kasbon', 'kasbon-empty'],
            ['/retur', 'returns-empty'],
            ['/log', 'audit-empty'],
            ['/stok?tab=pergerakan', 'movements-empty'],
          ]) {
            await page.goto(`${base}${path}`);
            await expect(page.getByTestId(empty)).toBeVisible();
            await noHorizontalScroll(page);
          }

          // Log out: back to Masuk, and the session no longer opens the dashboard.
          await page.goto(`${base}/akun`);
          if (size.name === 'phone') await page.getByRole('button', { name: 'Menu' }).click();
          await page.getByTestId('logout').click();
          await expect(page).toHaveURL(/\/masuk/);
          await page.goto(`${base}/`);
          await expect(page.getByRole('button', { name: 'Masuk' })).toBeVisible();
          const me = await page.request.get(`${base}/v1/web/me`);
          expect(me.status()).toBe(401);
        } finally {
          till.remove();
          await context.close();
        }
      });
    }
  });
}
