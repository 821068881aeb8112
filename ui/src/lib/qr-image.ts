// Reading a QR code out of a picture (a photo or screenshot of the shop's QRIS sticker), in
// the window: the browser decodes the image, jsQR finds the code in its pixels. Nothing leaves
// the till.
import jsQR from 'jsqr';

/** The text of the QR code in `file`, or null when none can be read. Large photos are scaled
 * down first: a phone photo has far more pixels than a QR code needs. */
export async function readQrImage(file: Blob, maxSide = 1600): Promise<string | null> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  // A white ground, so a transparent PNG's code is dark on light.
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const pixels = ctx.getImageData(0, 0, width, height);
  const code = jsQR(pixels.data, width, height, { inversionAttempts: 'attemptBoth' });
  return code ? code.data : null;
}
