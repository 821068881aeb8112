import { expect, test } from '@playwright/test';
import { PAIRING_CODE, open, pair, payCash, scan } from './helpers';

type Hook = { setOffline(v: boolean): void; setAutoSync(v: boolean): void };

test('badge: offline with waiting sales, then synced', async ({ page }) => {
  await open(page);
  const badge = page.getByTestId('sync-badge');
  await expect(badge).toHaveAttribute('data-state', 'unpaired');

  await pair(page, PAIRING_CODE);
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
    /^Kasir A: 1 penjualan terkirim ke server \(Rp\s?[\d.]+\), urutan catatan sampai ke-1; 0 celah, 0 ganda, total cocok$/,
  );
});

test('a well-formed but unknown pairing code: the server refuses it, in Bahasa Indonesia', async ({ page }) => {
  await open(page);
  await pair(page, 'K7MX-4PQ3');
  await expect(page.getByTestId('error-message')).toHaveAttribute('data-code', 'invalid_pairing_code');
  await expect(page.getByTestId('error-message')).toContainText('Kode pasangan salah atau sudah dipakai.');
  await expect(page.getByTestId('sync-badge')).toHaveAttribute('data-state', 'unpaired');
});

test('lower case with a dash pairs, shown grouped in capitals', async ({ page }) => {
  await open(page);
  await page.getByTestId('nav-pengaturan').click();
  const field = page.getByTestId('pair-code');
  await expect(field).toHaveAttribute('inputmode', 'text');
  await expect(field).toHaveAttribute('autocapitalize', 'characters');
  await field.pressSequentially(PAIRING_CODE.toLowerCase());
  await expect(field).toHaveValue(PAIRING_CODE);
  await page.getByTestId('pair-server-url').fill('http://192.168.1.10:8080');
  await page.getByTestId('pair-submit').click();
  await expect(page.getByTestId('paired-store')).toContainText('Warung Laris Manis');
});

test('a pasted code with spaces and full-width letters pairs', async ({ page }) => {
  await open(page);
  // As an East Asian keyboard types it, with the spaces of a chat message around it.
  const fullWidth = [...PAIRING_CODE.replace('-', ' ')]
    .map((c) => (c === ' ' ? '\u3000' : String.fromCodePoint(c.codePointAt(0)! + 0xfee0)))
    .join('');
  await pair(page, `  ${fullWidth} `);
  await expect(page.getByTestId('pair-code')).toHaveCount(0);
  await expect(page.getByTestId('paired-store')).toContainText('Warung Laris Manis');
});

test('a code with a look-alike letter is refused on the spot, in Bahasa Indonesia', async ({ page }) => {
  await open(page);
  // O for 0, or the six digits of old: the code never contains 0, O, 1, I or L.
  await pair(page, 'K7MX-4PQO');
  await expect(page.getByTestId('pair-code-error')).toHaveText(
    'Kode pasangan tidak memakai “O” (tanda ke-8). Kode hanya berisi angka 2–9 dan huruf A–Z, tanpa 0, O, 1, I, dan L.',
  );
  await expect(page.getByTestId('error-message')).toHaveCount(0);
  await page.getByTestId('pair-code').fill('K7MX-4PQ');
  await page.getByTestId('pair-submit').click();
  await expect(page.getByTestId('pair-code-error')).toHaveText(
    'Kode pasangan berisi 8 huruf/angka, yang diketik 7. Periksa lagi kode dari pemilik.',
  );
  await expect(page.getByTestId('sync-badge')).toHaveAttribute('data-state', 'unpaired');
});

test('the receipt code takes up to 8 letters or digits, as laris-core does', async ({ page }) => {
  await open(page);
  await page.getByTestId('nav-pengaturan').click();
  const till = page.getByTestId('pair-device-code');
  await expect(till).toHaveAttribute('maxlength', '8');
  await till.fill('KASIR 1');
  await pair(page, PAIRING_CODE, false);
  await expect(page.getByTestId('pair-device-code-error')).toContainText('1 sampai 8 huruf atau angka');
  await till.fill('kasir2b');
  await page.getByTestId('pair-submit').click();
  await expect(page.getByTestId('paired-store')).toContainText('Warung Laris Manis');
  await page.getByTestId('nav-kasir').click();
  await scan(page, '2000000000015');
  await payCash(page, 'exact');
  await expect(page.getByTestId('receipt-view')).toContainText(/KASIR2B-\d{8}-0001/);
});
