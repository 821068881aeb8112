import { expect, test } from '@playwright/test';
import qrcode from 'qrcode-generator';
import { open } from './helpers';
import { buildStaticQris } from '../src/lib/qris';

// The owner has only a photo of the shop's QRIS sticker: a picture of the code, read in the
// window, fills the payload and checks it. A picture with no code in it says so.
const STATIC = buildStaticQris({ merchantName: 'Warung Laris Manis', merchantCity: 'Jakarta', nmid: 'ID1020021234567' });

/** The QR code of `text` as a GIF, as a photo editor would save a crop of the sticker. */
function qrPicture(text: string): Buffer {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const url = qr.createDataURL(8, 32);
  return Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
}

test('QRIS from a picture of the sticker: read, filled in and checked', async ({ page }) => {
  const errors = await open(page);
  await page.getByTestId('nav-pengaturan').click();
  await page.getByTestId('settings-qris-image').setInputFiles({ name: 'stiker-qris.gif', mimeType: 'image/gif', buffer: qrPicture(STATIC) });
  await expect(page.getByTestId('settings-qris')).toHaveValue(STATIC);
  await expect(page.getByTestId('settings-qris-merchant')).toHaveText('QRIS atas nama Warung Laris Manis, Jakarta (NMID ID1020021234567)');

  // A picture with no code in it: one white pixel.
  const blank = Buffer.from('R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=', 'base64');
  await page.getByTestId('settings-qris-image').setInputFiles({ name: 'kosong.gif', mimeType: 'image/gif', buffer: blank });
  await expect(page.getByTestId('settings-qris-error')).toHaveText(
    'Tidak ada kode QR yang terbaca di gambar ini: coba foto yang lebih dekat dan terang.',
  );
  expect(errors).toEqual([]);
});
