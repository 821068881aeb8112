// The receipt as a picture for the mock (laris-app's receipt_image draws laris-receipt's
// layout as a PNG): the sale's receipt text, monospace, black on white, 16 px a column, as
// many columns as the paper has (32 on 58 mm, 48 on 80 mm).
import type { ReceiptImageView } from './types.gen';

/** Pixels a column of the receipt takes, and a line. */
export const COLUMN_PX = 16;
export const LINE_PX = 32;
const MARGIN_PX = 16;

/** Columns of a receipt on `paperMm` paper (laris-receipt's Paper). */
export function receiptColumns(paperMm: number): number {
  return paperMm === 80 ? 48 : 32;
}

/** Draws `lines` `columns` wide and returns the PNG as a data URL. */
export type DrawReceipt = (lines: string[], columns: number) => string;

/** The browser's canvas: each character in its own column cell, so the layout's columns stay
 * straight whatever the monospace font's width. */
export const drawOnCanvas: DrawReceipt = (lines, columns) => {
  const canvas = document.createElement('canvas');
  canvas.width = columns * COLUMN_PX + 2 * MARGIN_PX;
  canvas.height = Math.max(1, lines.length) * LINE_PX + 2 * MARGIN_PX;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d canvas');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#000';
  ctx.font = `${Math.round(COLUMN_PX * 1.6)}px monospace`;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'center';
  lines.forEach((line, row) => {
    [...line].slice(0, columns).forEach((ch, col) => {
      if (ch !== ' ') ctx.fillText(ch, MARGIN_PX + col * COLUMN_PX + COLUMN_PX / 2, MARGIN_PX + row * LINE_PX + 2, COLUMN_PX);
    });
  });
  return canvas.toDataURL('image/png');
};

/** The picture of a receipt and the file name to save it under. */
export function receiptImage(receiptNo: string, receiptText: string, paperMm: number, draw: DrawReceipt = drawOnCanvas): ReceiptImageView {
  const lines = receiptText.replace(/\n+$/, '').split('\n');
  return { dataUrl: draw(lines, receiptColumns(paperMm)), fileName: `struk-${receiptNo}.png` };
}
