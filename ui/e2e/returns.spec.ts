import { expect, test, type Page } from '@playwright/test';
import { logInByTaps, open, payCash, scan } from './helpers';

// Indomie Goreng (W0001, Rp 3.500, stock 24) three times and Indomie Soto (W0002, Rp 3.300):
// line 1 is 3 × 3.500 = 10.500, line 2 is 3.300, the sale Rp 13.800.
async function sellFour(page: Page): Promise<void> {
  for (let i = 0; i < 3; i++) await scan(page, '2000000000015');
  await scan(page, '2000000000022');
  await expect(page.getByTestId('cart-line')).toHaveCount(2);
  await payCash(page, 'exact');
  await page.getByTestId('new-sale').click();
  await expect(page.getByTestId('receipt-view')).toHaveCount(0);
}

/** Opens the newest sale from Laporan's recent sales. */
async function openLastSale(page: Page): Promise<void> {
  await page.getByTestId('nav-laporan').click();
  await page.getByTestId('sale-row').first().click();
  await expect(page.getByTestId('receipt-view')).toBeVisible();
}

const stockOf = (page: Page, sku: string) => page.locator(`[data-testid=product-row][data-sku=${sku}]`).getByTestId('product-stock');

test('refund one of line 1: a return row, stock back, Laporan nets it', async ({ page }) => {
  const errors = await open(page);
  await sellFour(page);
  await page.getByTestId('nav-produk').click();
  await expect(stockOf(page, 'W0001')).toHaveText('21 pcs');

  await openLastSale(page);
  await expect(page.getByTestId('sale-return-row')).toHaveCount(0);
  await expect(page.getByTestId('sale-void')).toBeVisible();
  await page.getByTestId('sale-refund').click();
  const dialog = page.getByTestId('refund-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('refund-line')).toHaveCount(2);
  await expect(page.locator('[data-testid=refund-line][data-line="1"]')).toContainText('Indomie Goreng');
  await expect(page.getByTestId('refund-qty-1')).toBeFocused();
  await page.getByTestId('refund-qty-1').fill('1');
  await expect(page.getByTestId('refund-estimate')).toHaveText('Rp 3.500');
  await expect(page.getByTestId('refund-method')).toHaveValue('cash');
  await page.getByTestId('refund-reason').fill('Kemasan rusak');
  await page.getByTestId('refund-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('notice')).toHaveText('Retur dicatat: Rp 3.500 dikembalikan.');

  const row = page.getByTestId('sale-return-row');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-kind', 'refund');
  await expect(row).toContainText('Retur');
  await expect(row).toContainText('Rp 3.500');
  await expect(row).toContainText('Kemasan rusak');
  await expect(row).toContainText(/\d{1,2} \w{3} \d{4} \d{2}\.\d{2}/);
  // Partly returned: no void any more, a refund of the rest still.
  await expect(page.getByTestId('sale-void')).toHaveCount(0);
  await expect(page.getByTestId('sale-refund')).toBeVisible();
  await page.getByTestId('dialog-close').click();

  await expect(page.getByTestId('report-total')).toHaveText('Rp 13.800');
  await expect(page.getByTestId('report-returned')).toContainText('Retur/batal');
  await expect(page.getByTestId('report-returned')).toContainText('1 kali');
  await expect(page.getByTestId('report-returned-amount')).toHaveText('Rp 3.500');
  await expect(page.getByTestId('report-net-total')).toHaveText('Rp 10.300');
  await expect(page.getByText('Uang bersih')).toBeVisible();
  await expect(page.getByTestId('over-refunds')).toHaveCount(0);

  await page.getByTestId('nav-produk').click();
  await expect(stockOf(page, 'W0001')).toHaveText('22 pcs');
  await expect(stockOf(page, 'W0002')).toHaveText('23 pcs');
  expect(errors).toEqual([]);
});

test('refund form: more than is left and no reason are refused inline', async ({ page }) => {
  const errors = await open(page);
  await sellFour(page);
  await openLastSale(page);
  await page.getByTestId('sale-refund').click();

  // Nothing chosen.
  await page.getByTestId('refund-reason').fill('salah barang');
  await page.getByTestId('refund-submit').click();
  await expect(page.getByTestId('refund-lines-error')).toBeVisible();

  // Not a quantity: read by parseQty, refused before asking the backend.
  await page.getByTestId('refund-qty-2').fill('abc');
  await page.getByTestId('refund-submit').click();
  await expect(page.getByTestId('refund-qty-2-error')).toBeVisible();
  await page.getByTestId('refund-qty-2').fill('');

  // More than was sold: the backend's field `qty`, shown under the line.
  await page.getByTestId('refund-qty-1').fill('4');
  await page.getByTestId('refund-submit').click();
  await expect(page.getByTestId('refund-qty-1-error')).toHaveText('Paling banyak 3 pcs lagi yang bisa diretur.');
  await expect(page.getByTestId('refund-dialog')).toBeVisible();

  // "Semua" fills what is left; no reason is refused.
  await page.getByTestId('refund-all-1').click();
  await expect(page.getByTestId('refund-qty-1')).toHaveValue('3');
  await expect(page.getByTestId('refund-qty-1-error')).toHaveCount(0);
  await page.getByTestId('refund-reason').fill('   ');
  await page.getByTestId('refund-submit').click();
  await expect(page.getByTestId('refund-reason-error')).toHaveText('Tulis alasan retur.');
  await page.getByTestId('refund-reason').fill('kedaluwarsa');
  await page.getByTestId('refund-method').selectOption('qris');
  await page.getByTestId('refund-submit').click();
  await expect(page.getByTestId('refund-dialog')).toHaveCount(0);
  await expect(page.getByTestId('sale-return-row')).toContainText('QRIS');
  await expect(page.getByTestId('sale-return-row')).toContainText('Rp 10.500');

  // Line 1 is all back now: a second refund has it disabled, and asking more is refused.
  await page.getByTestId('sale-refund').click();
  await expect(page.getByTestId('refund-qty-1')).toBeDisabled();
  await expect(page.getByTestId('refund-qty-2')).toBeFocused();
  await page.getByTestId('refund-qty-2').fill('2');
  await page.getByTestId('refund-reason').fill('x');
  await page.getByTestId('refund-submit').click();
  await expect(page.getByTestId('refund-qty-2-error')).toHaveText('Paling banyak 1 pcs lagi yang bisa diretur.');
  expect(errors).toEqual([]);
});

test("void today's sale: everything back, the day nets to zero, no second void", async ({ page }) => {
  const errors = await open(page);
  await sellFour(page);
  await openLastSale(page);
  await page.getByTestId('sale-void').click();
  const dialog = page.getByTestId('void-dialog');
  await expect(dialog).toContainText('Rp 13.800');
  await expect(dialog).toContainText('Tunai');
  await page.getByTestId('void-submit').click();
  await expect(page.getByTestId('void-reason-error')).toHaveText('Tulis alasan retur.');
  await page.getByTestId('void-reason').fill('Salah input');
  await page.getByTestId('void-submit').click();
  await expect(dialog).toHaveCount(0);

  const row = page.getByTestId('sale-return-row');
  await expect(row).toHaveAttribute('data-kind', 'void');
  await expect(row).toContainText('Batal');
  await expect(row).toContainText('Rp 13.800');
  await expect(row).toContainText('Salah input');
  await expect(page.getByTestId('sale-void')).toHaveCount(0);
  await expect(page.getByTestId('sale-refund')).toHaveCount(0);
  await page.getByTestId('dialog-close').click();

  await expect(page.getByTestId('report-total')).toHaveText('Rp 13.800');
  await expect(page.getByTestId('report-returned-amount')).toHaveText('Rp 13.800');
  await expect(page.getByTestId('report-net-total')).toHaveText('Rp 0');
  await expect(page.getByTestId('report-profit-after-returns')).toHaveText('Rp 0');

  await page.getByTestId('nav-produk').click();
  await expect(stockOf(page, 'W0001')).toHaveText('24 pcs');
  expect(errors).toEqual([]);
});

test('with people, a refund asks the owner PIN; the audit log shows it', async ({ page }) => {
  const errors = await open(page, '/?people');
  await logInByTaps(page, 'Dewi', '1357');
  await expect(page.getByTestId('on-duty-name')).toHaveText('Dewi');
  await sellFour(page);
  await openLastSale(page);
  await page.getByTestId('sale-refund').click();
  await page.getByTestId('refund-qty-2').fill('1');
  await page.getByTestId('refund-reason').fill('Basi');
  await page.getByTestId('refund-submit').click();

  const pin = page.getByTestId('owner-pin-dialog');
  await expect(pin).toBeVisible();
  await expect(page.getByTestId('owner-pin-summary')).toContainText('Retur barang dari A-');
  await page.getByTestId('owner-pin-input').fill('1111');
  await page.getByTestId('owner-pin-submit').click();
  await expect(page.getByTestId('owner-pin-error')).toHaveText('PIN salah.');
  await expect(page.getByTestId('sale-return-row')).toHaveCount(0);
  await page.getByTestId('owner-pin-input').fill('4821');
  await page.getByTestId('owner-pin-submit').click();
  await expect(pin).toHaveCount(0);
  await expect(page.getByTestId('refund-dialog')).toHaveCount(0);
  const row = page.getByTestId('sale-return-row');
  await expect(row).toContainText('Rp 3.300');
  await expect(row).toContainText(' · oleh Dewi');
  await expect(row).not.toContainText(/\S· oleh/);
  await page.getByTestId('dialog-close').click();

  await page.getByTestId('nav-orang').click();
  const entry = page.getByTestId('audit-log').locator('[data-action=sale_refunded]');
  await expect(entry).toContainText('Retur barang');
  await expect(entry).toContainText('Basi');
  await expect(entry).toContainText('PIN pemilik');
  await expect(entry).toContainText('Bu Sri');
  expect(errors).toEqual([]);
});

test('with people, cancelling the owner PIN leaves the sale as it was', async ({ page }) => {
  await open(page, '/?people');
  await logInByTaps(page, 'Dewi', '1357');
  await sellFour(page);
  await openLastSale(page);
  await page.getByTestId('sale-void').click();
  await page.getByTestId('void-reason').fill('salah');
  await page.getByTestId('void-submit').click();
  await expect(page.getByTestId('owner-pin-summary')).toContainText('Batalkan transaksi');
  await page.getByTestId('owner-pin-cancel').click();
  await expect(page.getByTestId('owner-pin-dialog')).toHaveCount(0);
  await expect(page.getByTestId('void-dialog')).toBeVisible();
  await expect(page.getByTestId('void-submit')).toBeEnabled();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('void-dialog')).toHaveCount(0);
  await expect(page.getByTestId('sale-return-row')).toHaveCount(0);
  await expect(page.getByTestId('sale-void')).toBeVisible();
});

test('with people, stock adjustment, product delete and settings each ask the owner PIN', async ({ page }) => {
  const errors = await open(page, '/?people');
  await logInByTaps(page, 'Dewi', '1357');
  const pin = page.getByTestId('owner-pin-dialog');
  const approve = async (summary: string | RegExp) => {
    await expect(pin).toBeVisible();
    await expect(page.getByTestId('owner-pin-summary')).toContainText(summary);
    await page.getByTestId('owner-pin-input').fill('4821');
    await page.getByTestId('owner-pin-submit').click();
    await expect(pin).toHaveCount(0);
  };

  await page.getByTestId('nav-produk').click();
  // A restock needs no PIN.
  await page.locator('[data-testid=product-row][data-sku=W0002]').getByTestId('product-restock').click();
  await page.getByTestId('movement-qty').fill('1');
  await page.getByTestId('movement-save').click();
  await expect(page.getByTestId('movement-dialog')).toHaveCount(0);
  await expect(pin).toHaveCount(0);
  await expect(stockOf(page, 'W0002')).toHaveText('25 pcs');

  await page.locator('[data-testid=product-row][data-sku=W0001]').getByTestId('product-adjust').click();
  await page.getByTestId('movement-qty').fill('-2');
  await page.getByTestId('movement-reason').fill('rusak');
  await page.getByTestId('movement-save').click();
  await approve('Koreksi stok Indomie Goreng 85g: -2 pcs');
  await expect(page.getByTestId('movement-dialog')).toHaveCount(0);
  await expect(stockOf(page, 'W0001')).toHaveText('22 pcs');

  await page.locator('[data-testid=product-row][data-sku=W0003]').getByTestId('product-delete').click();
  await page.getByTestId('confirm-yes').click();
  await approve('Hapus barang Indomie Ayam Bawang 69g');
  await expect(page.locator('[data-testid=product-row][data-sku=W0003]')).toHaveCount(0);

  await page.getByTestId('nav-pengaturan').click();
  await page.getByTestId('settings-footer').fill('Sampai jumpa');
  await page.getByTestId('settings-save').click();
  // A wrong PIN first: refused inline, nothing saved yet.
  await expect(pin).toBeVisible();
  await page.getByTestId('owner-pin-input').fill('0000');
  await page.getByTestId('owner-pin-submit').click();
  await expect(page.getByTestId('owner-pin-error')).toHaveText('PIN salah.');
  await approve('Simpan pengaturan toko');
  await expect(page.getByTestId('notice')).toBeVisible();

  await page.getByTestId('nav-orang').click();
  const log = page.getByTestId('audit-log');
  await expect(log.locator('[data-action=stock_adjusted]')).toContainText('Koreksi stok');
  await expect(log.locator('[data-action=product_deleted]')).toContainText('Menghapus barang');
  await expect(log.locator('[data-action=settings_changed]')).toContainText('Mengubah pengaturan');
  expect(errors).toEqual([]);
});

test("another till's refund of the same line shows as an over-refund in Laporan", async ({ page }) => {
  const errors = await open(page);
  await sellFour(page);
  await openLastSale(page);
  const receipt = (await page.getByTestId('receipt-no').textContent())!.trim();
  await page.getByTestId('sale-refund').click();
  await page.getByTestId('refund-all-2').click();
  await page.getByTestId('refund-reason').fill('rusak');
  await page.getByTestId('refund-submit').click();
  await expect(page.getByTestId('sale-return-row')).toHaveCount(1);
  await page.getByTestId('dialog-close').click();
  await expect(page.getByTestId('over-refunds')).toHaveCount(0);

  // Till B, offline, took the same Indomie Soto back; sync brings its refund here.
  await page.evaluate(
    (no) => (window as unknown as { __larisMock: { pullForeignRefund(r: string, l: number, q: number): void } }).__larisMock.pullForeignRefund(no, 2, 1000),
    receipt,
  );
  // Any reload of Laporan picks it up (here: switching to the whole shop and back).
  await page.getByTestId('report-scope-shop').click();
  const warn = page.getByTestId('over-refunds');
  await expect(warn).toContainText('Retur melebihi yang terjual: cek dengan kasir lain');
  await expect(warn.getByTestId('over-refund-row')).toHaveCount(1);
  await expect(warn.getByTestId('over-refund-row')).toContainText(`${receipt} baris 2: terjual 1, diretur 2 (2 retur)`);
  // The whole shop counts both refunds.
  await expect(page.getByTestId('report-returned')).toContainText('2 kali');
  expect(errors).toEqual([]);
});
