import { expect, test, type Page } from '@playwright/test';
import { logInByTaps, open, scan } from './helpers';

/** Four Indomie Goreng (W0001, Rp 3.500): Rp 14.000 in the cart, the pay dialog open on Kasbon. */
async function kasbonFor14000(page: Page): Promise<void> {
  for (let i = 0; i < 4; i++) await scan(page, '2000000000015');
  await expect(page.getByTestId('cart-total')).toHaveText('Rp 14.000');
  await page.getByTestId('pay-button').click();
  await page.getByTestId('method-kasbon').click();
  await expect(page.getByTestId('kasbon-picker')).toBeVisible();
}

test('kasbon sale with a down payment, a partial repayment, the book and the WhatsApp reminder', async ({ page }) => {
  const errors = await open(page);
  await kasbonFor14000(page);
  // No customer yet: add one from the pay dialog, with the name typed.
  await expect(page.getByTestId('confirm-pay')).toBeDisabled();
  await page.getByTestId('kasbon-customer-search').fill('Pak Budi');
  await page.getByTestId('kasbon-customer-new').click();
  await expect(page.getByTestId('customer-name')).toHaveValue('Pak Budi');
  await page.getByTestId('customer-phone').fill('0812 3456 7890');
  await page.getByTestId('customer-save').click();
  await expect(page.getByTestId('customer-form')).toHaveCount(0);
  await expect(page.getByTestId('kasbon-customer')).toHaveAttribute('data-name', 'Pak Budi');
  await expect(page.getByTestId('kasbon-charge')).toHaveText('Rp 14.000');
  // A down payment that covers the total is refused inline.
  await page.getByTestId('kasbon-dp').fill('14.000');
  await expect(page.getByTestId('kasbon-dp-error')).toBeVisible();
  await expect(page.getByTestId('confirm-pay')).toBeDisabled();
  await page.getByTestId('kasbon-dp').fill('5.000');
  await expect(page.getByTestId('kasbon-charge')).toHaveText('Rp 9.000');
  // The due date is typed day first, as an Indonesian cashier writes it (not a browser's
  // date picker, which WebKit draws month first).
  const due = page.getByTestId('kasbon-due');
  await due.fill('31/12/2026');
  await due.press('Tab');
  await expect(due).toHaveAttribute('data-day', '2026-12-31');
  await expect(due).toHaveValue('31 Des 2026');
  await page.getByTestId('confirm-pay').click();

  await expect(page.getByTestId('receipt-view')).toBeVisible();
  await expect(page.getByTestId('receipt-kasbon')).toContainText('Pak Budi');
  await expect(page.getByTestId('receipt-kasbon')).toContainText('Rp 9.000');
  await expect(page.getByTestId('receipt-text')).toContainText(/Kasbon\s+Rp 9\.000/);
  await expect(page.getByTestId('receipt-text')).toContainText(/Tunai\s+Rp 5\.000/);
  await expect(page.getByTestId('receipt-change')).toHaveCount(0);
  await page.getByTestId('new-sale').click();

  await page.getByTestId('nav-kasbon').click();
  await expect(page.getByTestId('kasbon-total')).toHaveText('Rp 9.000');
  const row = page.locator('[data-testid=customer-row][data-name="Pak Budi"]');
  await expect(row.getByTestId('customer-balance')).toHaveText('Rp 9.000');
  await expect(row).toContainText(/sejak \d{1,2} \w{3} \d{4} \(0 hari\)/);
  await row.click();
  const account = page.getByTestId('customer-account');
  await expect(page.getByTestId('account-balance')).toHaveText('Rp 9.000');
  await expect(page.getByTestId('account-due')).toContainText('31 Des 2026');
  await expect(account.getByTestId('ledger-row')).toHaveCount(1);

  // A partial repayment in cash.
  await page.getByTestId('account-repay').click();
  await expect(page.getByTestId('repay-owed')).toHaveText('Rp 9.000');
  await page.getByTestId('repay-amount').fill('10.000');
  await expect(page.getByTestId('repay-amount-error')).toHaveText('Lebih dari sisa kasbon (Rp 9.000)');
  await page.getByTestId('repay-amount').fill('4.000');
  await expect(page.getByTestId('repay-rest')).toHaveText('Rp 5.000');
  await page.getByTestId('repay-submit').click();
  await expect(page.getByTestId('repay-dialog')).toHaveCount(0);
  await expect(page.getByTestId('notice')).toHaveText('Pembayaran Rp 4.000 dicatat. Sisa kasbon Rp 5.000.');
  await expect(page.getByTestId('account-balance')).toHaveText('Rp 5.000');
  const rows = account.getByTestId('ledger-row');
  await expect(rows).toHaveCount(2);
  // Newest first: the repayment, then the charge, each with the balance after it.
  await expect(rows.nth(0)).toHaveAttribute('data-kind', 'repayment');
  await expect(rows.nth(0).getByTestId('ledger-after')).toHaveText('Rp 5.000');
  await expect(rows.nth(1).getByTestId('ledger-after')).toHaveText('Rp 9.000');

  // The reminder: wa.me with the phone as 62…, the text in Bahasa Indonesia.
  const remind = page.getByTestId('account-remind');
  await expect(remind).toHaveText('Kirim pengingat WhatsApp');
  const href = (await remind.getAttribute('href'))!;
  expect(href.startsWith('https://wa.me/6281234567890?text=')).toBe(true);
  const text = decodeURIComponent(href.split('?text=')[1]);
  expect(text).toMatch(/^Halo Pak Budi, kami dari Warung Laris Manis mengingatkan kasbon Anda sebesar Rp 5\.000 sejak \d{1,2} \w+ \d{4}\. Terima kasih\.$/);
  await expect(remind).toHaveAttribute('target', '_blank');

  await page.getByTestId('account-statement').click();
  await expect(page.getByTestId('statement-text')).toContainText('Pelanggan: Pak Budi');
  await expect(page.getByTestId('statement-text')).toContainText('Sisa kasbon: Rp 5.000');
  await page.screenshot({ path: '../docs/screenshots/kasbon.png' });
  await page.getByTestId('dialog-close').click();
  await expect(page.getByTestId('kasbon-total')).toHaveText('Rp 5.000');
  await expect(page.getByTestId('kasbon-count')).toHaveText('1 pelanggan berutang');
  expect(errors).toEqual([]);
});

test('with people: a credit limit and a sale over it each ask the owner PIN; a kasbon sale refunds to kasbon', async ({ page }) => {
  const errors = await open(page, '/?people');
  await logInByTaps(page, 'Dewi', '1357');
  const pin = page.getByTestId('owner-pin-dialog');
  const approve = async (summary: string) => {
    await expect(pin).toBeVisible();
    await expect(page.getByTestId('owner-pin-summary')).toHaveText(summary);
    await page.getByTestId('owner-pin-input').fill('4821');
    await page.getByTestId('owner-pin-submit').click();
    await expect(pin).toHaveCount(0);
  };

  await page.getByTestId('nav-kasbon').click();
  await page.getByTestId('customer-add').click();
  await page.getByTestId('customer-name').fill('Bu Ani');
  await page.getByTestId('customer-limit').fill('10.000');
  await page.getByTestId('customer-save').click();
  await approve('Batas kasbon Bu Ani: Rp 10.000');
  await expect(page.getByTestId('customer-form')).toHaveCount(0);
  await expect(page.locator('[data-testid=customer-row][data-name="Bu Ani"]')).toBeVisible();

  await page.getByTestId('nav-kasir').click();
  await kasbonFor14000(page);
  await page.getByTestId('kasbon-customer-search').fill('ani');
  await page.locator('[data-testid=kasbon-customer-option][data-name="Bu Ani"]').click();
  await expect(page.getByTestId('kasbon-over-limit')).toBeVisible();
  await page.getByTestId('confirm-pay').click();
  await approve('Kasbon Bu Ani melebihi batas Rp 10.000');
  await expect(page.getByTestId('receipt-kasbon')).toContainText('Rp 14.000');

  // The refund dialog offers Kasbon for this sale; it goes back on Bu Ani's account.
  await page.getByTestId('sale-refund').click();
  await page.getByTestId('refund-qty-1').fill('1');
  await page.getByTestId('refund-method').selectOption('kasbon');
  await page.getByTestId('refund-reason').fill('rusak');
  await page.getByTestId('refund-submit').click();
  await approve('Retur barang dari ' + (await page.getByTestId('receipt-no').textContent())!.trim());
  await expect(page.getByTestId('sale-return-row')).toContainText('Kasbon');
  await page.getByTestId('new-sale').click();

  await page.getByTestId('nav-kasbon').click();
  await expect(page.getByTestId('kasbon-total')).toHaveText('Rp 10.500');
  await page.getByTestId('nav-orang').click();
  const log = page.getByTestId('audit-log');
  await expect(log.locator('[data-action=credit_limit_set]')).toContainText('Mengatur batas kasbon');
  await expect(log.locator('[data-action=credit_limit_exceeded]')).toContainText('Kasbon melebihi batas');
  expect(errors).toEqual([]);
});
