import { expect, test, type Page } from '@playwright/test';
import { open, scan } from './helpers';

/** Sells `count` × Indomie (Rp 3.500) by QRIS "Cek nanti"; returns the receipt number and its
 * shop-local time as the receipt prints it (`2026-11-27 14:05`), checking the receipt picture. */
async function qrisLater(page: Page, count: number): Promise<{ no: string; at: string }> {
  for (let i = 0; i < count; i++) await scan(page, '2000000000015');
  await page.getByTestId('pay-button').click();
  await page.getByTestId('method-qris').click();
  await page.getByTestId('qris-later').click();
  await expect(page.getByTestId('receipt-view')).toBeVisible();
  const no = (await page.getByTestId('receipt-no').textContent()) ?? '';
  const at = /(\d{4}-\d{2}-\d{2} \d{2}:\d{2}) WIB/.exec((await page.getByTestId('receipt-text').textContent()) ?? '')?.[1] ?? '';
  expect(at).not.toBe('');
  // The receipt as a picture, to save: named after the receipt, a PNG, shown small.
  const image = page.getByTestId('receipt-image');
  await expect(image).toHaveText('Simpan gambar struk');
  await expect(image).toHaveAttribute('download', `struk-${no}.png`);
  expect((await image.getAttribute('href')) ?? '').toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
  await expect(page.getByTestId('receipt-image-preview')).toBeVisible();
  await page.getByTestId('new-sale').click();
  return { no, at };
}

/** `2026-11-27 14:05` plus `minutes`, as `27/11/2026;14:07:00` (the bank's own format). */
function bankTime(at: string, minutes: number): string {
  const [y, mo, d, h, mi] = at.split(/[- :]/).map(Number);
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi + minutes));
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(t.getUTCDate())}/${p(t.getUTCMonth() + 1)}/${t.getUTCFullYear()};${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:00`;
}

test('QRIS settlement: the bank\'s list matched to "Cek nanti" sales; the matched ones confirmed at once', async ({ page }) => {
  const errors = await open(page);
  const a = await qrisLater(page, 2); // Rp 7.000
  const b = await qrisLater(page, 1); // Rp 3.500: its money is not on the list

  await page.getByTestId('nav-laporan').click();
  await expect(page.getByTestId('unverified-qris-row')).toHaveCount(2);
  const section = page.getByTestId('settlement');
  await expect(section.getByRole('heading')).toHaveText('Cocokkan mutasi QRIS');

  // A list without the columns is refused, with the field in Bahasa Indonesia.
  await page.getByTestId('settlement-text').fill('Nama,Keterangan\nBudi,x\n');
  await page.getByTestId('settlement-match').click();
  await expect(page.getByTestId('settlement-error')).toContainText('Isian tidak valid: daftar mutasi');

  // A's money in the minute of the sale; a credit no sale accounts for, after B's sale (so B is
  // in the list's period); a line the bank wrote wrong.
  const list = [
    'Tanggal;Jam;Nominal;RRN',
    `${bankTime(a.at, 0)};7.000,00;RRN001`,
    `${bankTime(b.at, 2)};Rp 25.000;RRN002`,
    '27/11/2026;25:61:00;5.000;RRN003',
  ].join('\n');
  await page.getByTestId('settlement-text').fill(list);
  await page.getByTestId('settlement-match').click();
  await expect(page.getByTestId('settlement-error')).toHaveCount(0);
  await expect(page.getByTestId('settlement-summary')).toHaveText(
    '1 cocok · 1 uang masuk tanpa penjualan · 1 penjualan tanpa uang masuk · 1 baris tak terbaca',
  );
  const matched = page.getByTestId('settlement-matched-row');
  await expect(matched).toHaveCount(1);
  await expect(matched).toHaveAttribute('data-receipt', a.no);
  await expect(matched).toContainText('Rp 7.000');
  await expect(matched).toContainText('RRN001');
  await expect(section).toContainText('Uang masuk tanpa penjualan');
  await expect(page.getByTestId('settlement-unmatched-row')).toContainText('Rp 25.000');
  await expect(page.getByTestId('settlement-unmatched-row')).toContainText('RRN002');
  await expect(section).toContainText('Penjualan QRIS tanpa uang masuk');
  await expect(page.getByTestId('settlement-unmatched-sale')).toHaveAttribute('data-receipt', b.no);
  await expect(page.getByTestId('settlement-unmatched-sale')).toContainText('Rp 3.500');
  await expect(page.getByTestId('settlement-unreadable')).toHaveText('baris 4: "27/11/2026 25:61:00" is not a time like 2026-11-27 14:05');

  // One tap confirms every matched unverified sale: A leaves the unverified list, B stays.
  await page.getByTestId('settlement-confirm-all').click();
  await expect(page.getByTestId('notice')).toHaveText(`QRIS ${a.no} sudah masuk`);
  const unverified = page.getByTestId('unverified-qris');
  await expect(unverified.getByTestId('unverified-qris-row')).toHaveCount(1);
  await expect(unverified.locator(`[data-receipt="${b.no}"]`)).toHaveCount(1);
  await expect(matched).toContainText('sudah dikonfirmasi');
  await expect(page.getByTestId('settlement-confirm-all')).toHaveCount(0);
  expect(errors).toEqual([]);
});
